import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './html.ts';
import { isExternalHref } from '../../shared/richtext.ts';

const REL = 'rel="noopener noreferrer" target="_blank"';

/** What must never come out, whatever went in. */
function expectHarmless(out: string) {
  expect(out).not.toMatch(/<img/i);
  expect(out).not.toMatch(/<form/i);
  expect(out).not.toMatch(/<input/i);
  expect(out).not.toMatch(/<script/i);
  expect(out).not.toMatch(/<svg/i);
  expect(out).not.toMatch(/<iframe/i);
  expect(out).not.toMatch(/<style/i);
  expect(out).not.toMatch(/javascript:/i);
  expect(out).not.toMatch(/data:/i);
  // No attribute other than the link's own: no on…= handler, no style, no src.
  for (const tag of out.matchAll(/<([a-z0-9]+)(\s[^>]*)?>/gi)) {
    const attrs = [...(tag[2] ?? '').matchAll(/([^\s=/]+)\s*=/g)].map((m) => m[1].toLowerCase());
    if (tag[1].toLowerCase() === 'a')
      expect(
        attrs.every((a) => ['href', 'rel', 'target', 'class'].includes(a)),
        tag[0],
      ).toBe(true);
    else expect(attrs, tag[0]).toEqual([]);
  }
}

describe('sanitizeHtml: injection payloads come out harmless', () => {
  const cases: Array<[string, string, string]> = [
    ['nested tag in a tag', '<<img src=x onerror=alert(1)>img>', '&lt;img&gt;'],
    ['img with slashes for spaces', '<img/src=x/onerror=alert(1)>', ''],
    ['img inside a paragraph', '<p>甲<img src=x onerror=alert(1)>乙</p>', '<p>甲乙</p>'],
    ['javascript: link', '<a href="javascript:alert(1)">点此</a>', `<a ${REL}>点此</a>`],
    ['javascript: link, spaces and mixed case', '<a href="  JaVaScRiPt:alert(1)">点此</a>', `<a ${REL}>点此</a>`],
    ['javascript: link, entity-encoded', '<a href="&#106;avascript&#58;alert(1)">点此</a>', `<a ${REL}>点此</a>`],
    ['javascript: link, tab inside', '<a href="java&#x09;script:alert(1)">点此</a>', `<a ${REL}>点此</a>`],
    [
      'data: link',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点此</a>',
      `<a ${REL}>点此</a>`,
    ],
    ['vbscript: link', '<a href="vbscript:msgbox(1)">点此</a>', `<a ${REL}>点此</a>`],
    [
      'phishing form with a password field',
      '<form action="https://evil.example/"><p>请重新登录</p><input type="password" name="p"><button>确定</button></form>正文',
      '正文',
    ],
    [
      'bare inputs and buttons',
      '<input type="password" name="p"><button formaction="https://evil.example/">提交</button>',
      '提交',
    ],
    [
      'textarea and select with their contents',
      '<textarea><img src=x onerror=alert(1)></textarea><select><option>&lt;script&gt;</option></select>末',
      '末',
    ],
    ['script inside svg', '<svg><script>alert(1)</script></svg>', ''],
    [
      'textarea inside svg (GHSA fixed in sanitize-html 2.17.6)',
      '<svg><textarea><img src=x onerror=alert(1)></textarea></svg>后',
      '后',
    ],
    ['xmp inside math', '<math><xmp><img src=x onerror=alert(1)></xmp></math>后', '后'],
    ['xmp passthrough (GHSA-rpr9-rxv7-x643)', '<xmp><img src=x onerror=alert(1)></xmp>后', '后'],
    ['svg onload', '<svg onload=alert(1)><circle r="1"/></svg>文', '文'],
    ['math mutation', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
    [
      'script, style, iframe, object, embed',
      '<script>alert(1)</script><style>*{}</style><iframe src="https://evil.example/"></iframe><object data="x"></object><embed src="x">',
      '',
    ],
    ['split script tag', '<scr<script>ipt>alert(1)</script>', 'ipt&gt;alert(1)'],
    [
      'noscript with a closing tag in an attribute',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
      '',
    ],
    ['event handler on an allowed tag', '<p onclick="alert(1)" style="color:red" class="x" id="y">文</p>', '<p>文</p>'],
    [
      'event handler on a link',
      '<a href="https://example.org/" onmouseover="alert(1)" style="position:fixed">链</a>',
      `<a href="https://example.org/" ${REL} class="external">链</a>`,
    ],
    ['encoded markup stays text', '&lt;img src=x onerror=alert(1)&gt;', '&lt;img src=x onerror=alert(1)&gt;'],
    ['comment', '前<!--<img src=x onerror=alert(1)>-->后', '前后'],
    ['CDATA', '前<![CDATA[<img src=x onerror=alert(1)>]]>后', '前后'],
    [
      'meta refresh and base',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="https://evil.example/">文',
      '文',
    ],
    ['title with markup', '<title><img src=x onerror=alert(1)></title>文', '文'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const out = sanitizeHtml(input);
      expect(out).toBe(expected);
      expectHarmless(out);
      // Idempotent: sanitizing the output again (render after write) changes nothing.
      expect(sanitizeHtml(out)).toBe(out);
    });
  }
});

describe('sanitizeHtml: links', () => {
  it('marks a link to another site as external and opens every link without an opener', () => {
    expect(sanitizeHtml('<a href="https://evil.example/login" rel="opener" target="_self" class="btn">登录</a>')).toBe(
      `<a href="https://evil.example/login" ${REL} class="external">登录</a>`,
    );
    expect(sanitizeHtml('<a href="http://example.org/a?b=1&c=2">x</a>')).toBe(
      `<a href="http://example.org/a?b=1&amp;c=2" ${REL} class="external">x</a>`,
    );
    expect(sanitizeHtml('<a href="//evil.example/">x</a>')).toBe(
      `<a href="//evil.example/" ${REL} class="external">x</a>`,
    );
    expect(sanitizeHtml('<a href="/\\evil.example/">x</a>')).toBe(
      `<a href="/\\evil.example/" ${REL} class="external">x</a>`,
    );
  });
  it('keeps links within this site and mail links unmarked', () => {
    expect(sanitizeHtml('<a href="/notices/12">通知</a>')).toBe(`<a href="/notices/12" ${REL}>通知</a>`);
    expect(sanitizeHtml('<a href="mailto:office@example.org">邮件</a>')).toBe(
      `<a href="mailto:office@example.org" ${REL}>邮件</a>`,
    );
  });
  it('tells external hrefs as a browser reads them', () => {
    for (const h of [
      'https://a.example',
      'HTTP://a.example',
      ' \thttps://a.example',
      'ht\ntps://a.example',
      '//a.example',
      '\\\\a.example',
      '/\\a.example',
      'https:a.example',
    ])
      expect(isExternalHref(h), h).toBe(true);
    for (const h of ['/notices/1', 'notices/1', '#top', '?q=1', 'mailto:a@example.org', '/'])
      expect(isExternalHref(h), h).toBe(false);
  });
});

describe('sanitizeHtml: ordinary editor output survives', () => {
  it('keeps paragraphs, lists, emphasis, headings, quotes and a plain https link intact', () => {
    const html = [
      '<h3>一、学习安排</h3>',
      '<p>请各支部于<strong>本月底前</strong>完成<b>专题学习</b>，<em>认真</em><i>撰写</i><u>体会</u>。</p>',
      '<ul><li>集中学习</li><li>个人自学</li></ul>',
      '<ol><li>第一步</li><li>第二步</li></ol>',
      '<h4>附：参考材料</h4>',
      '<blockquote>引文</blockquote>',
      `<p>详见<a href="https://www.example.org/doc/1" ${REL} class="external">文件原文</a>。</p>`,
    ].join('');
    expect(sanitizeHtml(html)).toBe(html);
  });
  it('turns the editor’s div lines into paragraphs and keeps line breaks', () => {
    expect(sanitizeHtml('一、学习安排<div>二、学习内容</div><div><b onclick="x()">三</b></div>')).toBe(
      '一、学习安排<p>二、学习内容</p><p><b>三</b></p>',
    );
    expect(sanitizeHtml('<p>甲<br>乙</p>')).toBe('<p>甲<br />乙</p>');
    expect(sanitizeHtml('')).toBe('');
    expect(sanitizeHtml('纯文本 & <符号>')).toBe('纯文本 &amp; &lt;符号&gt;');
  });
});
