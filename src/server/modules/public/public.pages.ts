import type { Locale } from '../../../shared/enums.ts';
import { formatDeadline } from '../../../shared/ledger.ts';
import {
  PUBLIC_OPINION_GROUPS,
  formatReceiptCode,
  type DisclosureBatchView,
  type DisclosureItemView,
  type ReceiptView,
} from '../../../shared/opinions.ts';
import { formatDate, dateIn } from '../../platform/dates.ts';
import { ENUM_LABELS, t, type MessageKey } from '../../platform/i18n.ts';

/**
 * The public pages: server-rendered HTML, a few hundred bytes of inline CSS, no JavaScript, one
 * column that reads on a 390 px phone. Every value is escaped; Chinese first, English on ?lang=en.
 */

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

const CSS = [
  '*{box-sizing:border-box}',
  'body{margin:0;background:#f3f4f6;color:#1f2328;font:16px/1.65 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;-webkit-text-size-adjust:100%}',
  '.w{max-width:760px;margin:0 auto;padding:0 14px}',
  'header{background:#c81e1e;color:#fff}header .w{display:flex;justify-content:space-between;align-items:center;min-height:48px;gap:8px}',
  'header a{color:#fff}.brand{font-weight:600}.lang{font-size:14px;white-space:nowrap}',
  'main{padding:14px 0 8px}h1{font-size:21px;line-height:1.35;margin:6px 0 10px}h2{font-size:18px;margin:20px 0 8px}',
  '.card{background:#fff;border-radius:6px;padding:14px;margin:0 0 12px;border:1px solid #e5e7eb}',
  'label{display:block;margin:14px 0 4px;font-weight:600}label.check{display:flex;gap:8px;align-items:center;font-weight:600}',
  'input[type=text],select,textarea{width:100%;font:inherit;padding:9px 10px;border:1px solid #b8bcc2;border-radius:6px;background:#fff}',
  'textarea{min-height:170px;resize:vertical}input[type=checkbox]{width:20px;height:20px}',
  'button{font:inherit;font-weight:600;background:#c81e1e;color:#fff;border:0;border-radius:6px;padding:11px 18px;margin-top:16px;width:100%}',
  '.hint,.muted{color:#5f6670;font-size:14px;margin:4px 0}.err{color:#b42318;font-size:14px;margin:4px 0}',
  '.alert{background:#fef3f2;border:1px solid #fecdca;color:#b42318;border-radius:6px;padding:10px 12px;margin:0 0 12px}',
  '.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}',
  '.code{font:700 28px/1.3 ui-monospace,Menlo,Consolas,monospace;letter-spacing:2px;word-break:break-all}',
  'dl{margin:8px 0}dt{color:#5f6670;font-size:14px}dd{margin:0 0 8px}.pre{white-space:pre-wrap;word-break:break-word}',
  'ol.items{list-style:none;padding:0;margin:0}ul.list{list-style:none;padding:0;margin:0}ul.list li{margin:0 0 10px}',
  '.tag{display:inline-block;font-size:13px;border:1px solid #d0d5dd;border-radius:4px;padding:0 6px;margin:0 6px 6px 0;color:#344054}',
  'footer{padding:8px 14px 28px}a{color:#175cd3}',
].join('');

export interface PageCtx {
  locale: Locale;
  /** The current path and query without lang, for the language links; null: no links. */
  path: string | null;
}

/** The BCP 47 tag of a locale, for lang= links and the page's lang attribute (zh-CN for anything unknown). */
const LANG_TAG: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en' };
const langTag = (locale: Locale) => LANG_TAG[locale] ?? 'zh-CN';

/** Appends lang= to an internal link, so a chosen language sticks while browsing. */
export function withLang(url: string, locale: Locale): string {
  return `${url}${url.includes('?') ? '&' : '?'}lang=${langTag(locale)}`;
}

function layout(ctx: PageCtx, title: string, body: string): string {
  const T = (k: MessageKey) => esc(t(ctx.locale, k));
  return `<!doctype html><html lang="${langTag(ctx.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CSS}</style></head><body><header><div class="w"><span class="brand">${T('pub.brand')}</span>${ctx.path ? `<nav class="lang"><a href="${esc(withLang(ctx.path, 'zh-CN'))}" lang="zh-CN">中文</a> | <a href="${esc(withLang(ctx.path, 'en'))}" lang="en">English</a></nav>` : ''}</div></header><main class="w">${body}</main><footer class="w muted">${T('pub.footer')}</footer></body></html>`;
}

const chars = (s: string) => [...s].length;

// ---------- opinions ----------

export interface FormState {
  org: { id: number; name: string };
  campaign?: number;
  values: { group?: string; content?: string; anonymous?: boolean; name?: string; contact?: string };
  errors: Record<string, string>;
}

export function opinionFormPage(ctx: PageCtx, s: FormState): string {
  const L = ENUM_LABELS[ctx.locale];
  const T = (k: MessageKey, p: Record<string, string | number> = {}) => esc(t(ctx.locale, k, p));
  const v = s.values;
  const err = (field: string) =>
    s.errors[field] ? `<p class="err" id="${field}-err">${esc(s.errors[field])}</p>` : '';
  const described = (field: string) => (s.errors[field] ? ` aria-invalid="true" aria-describedby="${field}-err"` : '');
  const group = v.group ?? 'masses';
  const options = PUBLIC_OPINION_GROUPS.map(
    (g) => `<option value="${g}"${g === group ? ' selected' : ''}>${esc(L.opinionGroup[g])}</option>`,
  ).join('');
  const body = `<h1>${T('pub.form.title', { org: s.org.name })}</h1>
<p class="muted">${T('pub.form.intro')}</p>
${Object.keys(s.errors).length ? `<div class="alert" role="alert">${T('pub.form.errors')}${s.errors[''] ? `<br>${esc(s.errors[''])}` : ''}</div>` : ''}
<form class="card" method="post" action="/p/opinions" accept-charset="utf-8">
<input type="hidden" name="org" value="${s.org.id}"><input type="hidden" name="lang" value="${ctx.locale}">${s.campaign ? `<input type="hidden" name="campaign" value="${s.campaign}">` : ''}
<label for="group">${T('pub.form.group')}</label><select id="group" name="group"${described('group')}>${options}</select>${err('group')}
<label for="content">${T('pub.form.content')}</label><textarea id="content" name="content" rows="8" required${described('content')}>${esc(v.content ?? '')}</textarea>${err('content')}
<p class="hint">${T('pub.form.contentHint')}</p>
<label class="check"><input type="checkbox" name="anonymous" value="1"${v.anonymous ? ' checked' : ''}> ${T('pub.form.anonymous')}</label>
<p class="hint">${T('pub.form.anonymousHint')}</p>
<label for="name">${T('pub.form.name')}</label><input type="text" id="name" name="name" maxlength="50" autocomplete="name" value="${esc(v.name ?? '')}"${described('name')}>${err('name')}
<label for="contact">${T('pub.form.contact')}</label><input type="text" id="contact" name="contact" maxlength="100" autocomplete="tel" value="${esc(v.contact ?? '')}"${described('contact')}>${err('contact')}
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value=""></div>
<button type="submit">${T('pub.form.submit')}</button>
</form>
<p><a href="${esc(withLang('/p/receipt', ctx.locale))}">${T('pub.form.lookup')}</a></p>`;
  return layout(ctx, t(ctx.locale, 'pub.form.pageTitle'), body);
}

/** The message shown under the content field, with the count when it is the length that is wrong. */
export function contentError(locale: Locale, message: string, content: string): string {
  const n = chars(content.trim());
  return n > 0 ? message + t(locale, 'pub.form.contentCount', { count: n }) : message;
}

export function submittedPage(ctx: PageCtx, org: { name: string }, code: string): string {
  const T = (k: MessageKey, p: Record<string, string | number> = {}) => esc(t(ctx.locale, k, p));
  const body = `<h1>${T('pub.done.title')}</h1>
<p>${T('pub.done.thanks', { org: org.name })}</p>
<div class="card"><div class="muted">${T('pub.receipt.code')}</div><div class="code">${esc(formatReceiptCode(code))}</div></div>
<p>${T('pub.done.keep')}</p>
<p><a href="${esc(withLang(`/p/receipt?code=${encodeURIComponent(code)}`, ctx.locale))}">${T('pub.done.check')}</a></p>`;
  return layout(ctx, t(ctx.locale, 'pub.done.title'), body);
}

function outcome(ctx: PageCtx, o: { status: string; answer: string | null; answeredOn: string | null }): string {
  const T = (k: MessageKey) => esc(t(ctx.locale, k));
  if (o.status === 'answered' || o.status === 'declined') {
    return `<dl><dt>${T(o.status === 'answered' ? 'pub.receipt.answer' : 'pub.receipt.declineReason')}</dt><dd class="pre">${esc(o.answer)}</dd>${o.answeredOn ? `<dt>${T('pub.receipt.answeredOn')}</dt><dd>${esc(formatDate(o.answeredOn, ctx.locale))}</dd>` : ''}</dl>`;
  }
  if (o.status === 'new') return `<p class="muted">${T('pub.receipt.new')}</p>`;
  return '';
}

export function receiptPage(ctx: PageCtx, code: string, r: ReceiptView | undefined | null): string {
  const L = ENUM_LABELS[ctx.locale];
  const T = (k: MessageKey, p: Record<string, string | number> = {}) => esc(t(ctx.locale, k, p));
  const form = `<form class="card" method="get" action="/p/receipt"><input type="hidden" name="lang" value="${ctx.locale}"><label for="code">${T('pub.receipt.code')}</label><input type="text" id="code" name="code" value="${esc(r ? formatReceiptCode(r.code) : code)}" maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false"><p class="hint">${T('pub.receipt.codeHint')}</p><button type="submit">${T('pub.receipt.submit')}</button></form>`;
  let result = '';
  if (r) {
    const problems = r.problems
      .map((p) => {
        const disclosed = p.disclosures
          .map((d) => {
            const effect =
              d.kind === 'rectification' && d.text.effect ? `<p class="pre">${esc(d.text.effect)}</p>` : '';
            return `<li><a href="${esc(withLang(`/p/disclosures/${d.batchId}`, ctx.locale))}">${T('pub.receipt.disclosed', { title: d.batchTitle })}</a> <span class="tag">${esc(L.disclosureKind[d.kind])}</span>${effect}</li>`;
          })
          .join('');
        return `<div class="card"><strong>${T('pub.receipt.problems')}</strong><dl><dt>${T('pub.receipt.problemKind')}</dt><dd>${esc(L.problemKind?.[p.kind] ?? p.kind)}</dd><dt>${T('pub.receipt.problemDeadline')}</dt><dd>${esc(formatDeadline(p.deadline, p.kind, ctx.locale) || '—')}</dd><dt>${T('pub.receipt.problemStatus')}</dt><dd>${esc(L.problemStatus?.[p.status] ?? p.status)}</dd></dl>${disclosed ? `<ul class="list">${disclosed}</ul>` : ''}</div>`;
      })
      .join('');
    const merged = r.mergedInto
      ? `<p>${T('pub.receipt.merged')}</p><p><strong>${esc(L.opinionPublicStatus[r.mergedInto.status])}</strong></p>${outcome(ctx, r.mergedInto)}`
      : '';
    result = `<div class="card"><dl><dt>${T('pub.receipt.code')}</dt><dd><strong>${esc(formatReceiptCode(r.code))}</strong></dd><dt>${T('pub.receipt.org')}</dt><dd>${esc(r.orgName)}</dd><dt>${T('pub.receipt.submittedOn')}</dt><dd>${esc(formatDate(r.submittedOn, ctx.locale))}</dd><dt>${T('pub.receipt.status')}</dt><dd><strong>${esc(L.opinionPublicStatus[r.status])}</strong></dd></dl>${outcome(ctx, r)}${merged}</div>${problems}`;
  } else if (code) {
    result = `<div class="alert" role="alert">${T('pub.receipt.notFound', { code })}</div>`;
  }
  return layout(ctx, t(ctx.locale, 'pub.receipt.pageTitle'), `<h1>${T('pub.receipt.pageTitle')}</h1>${result}${form}`);
}

export function errorPage(ctx: PageCtx, message: string, back?: string): string {
  const T = (k: MessageKey) => esc(t(ctx.locale, k));
  return layout(
    ctx,
    t(ctx.locale, 'pub.err.title'),
    `<h1>${T('pub.err.title')}</h1><div class="alert" role="alert">${esc(message)}</div>${back ? `<p><a href="${esc(back)}">${T('pub.back')}</a></p>` : ''}`,
  );
}

// ---------- disclosure ----------

function period(ctx: PageCtx, b: DisclosureBatchView): string {
  return t(ctx.locale, 'pub.disc.period', {
    start: formatDate(b.startsOn, ctx.locale),
    end: formatDate(b.endsOn, ctx.locale),
  });
}

export function disclosureListPage(
  ctx: PageCtx,
  org: { id: number; name: string },
  batches: DisclosureBatchView[],
  page: number,
  hasMore: boolean,
): string {
  const T = (k: MessageKey, p: Record<string, string | number> = {}) => esc(t(ctx.locale, k, p));
  const items = batches
    .map((b) => {
      const published = b.publishedAt
        ? ` · ${T('pub.disc.publishedOn', { date: formatDate(dateIn(new Date(b.publishedAt)), ctx.locale) })}`
        : '';
      return `<li class="card"><a href="${esc(withLang(`/p/disclosures/${b.id}`, ctx.locale))}"><strong>${esc(b.title)}</strong></a><p class="muted">${esc(b.orgName)} · ${T('pub.disc.count', { count: b.itemCount })}</p><p class="muted">${esc(period(ctx, b))}${published}</p></li>`;
    })
    .join('');
  const nav = [
    page > 1
      ? `<a href="${esc(withLang(`/p/disclosures?org=${org.id}&page=${page - 1}`, ctx.locale))}">${T('pub.disc.newer')}</a>`
      : '',
    hasMore
      ? `<a href="${esc(withLang(`/p/disclosures?org=${org.id}&page=${page + 1}`, ctx.locale))}">${T('pub.disc.more')}</a>`
      : '',
  ].filter(Boolean);
  const body = `<h1>${T('pub.disc.title', { org: org.name })}</h1>${items ? `<ul class="list">${items}</ul>` : `<p class="card muted">${T('pub.disc.none')}</p>`}${nav.length ? `<p>${nav.join(' · ')}</p>` : ''}`;
  return layout(ctx, t(ctx.locale, 'pub.disc.title', { org: org.name }), body);
}

function itemCard(ctx: PageCtx, i: DisclosureItemView): string {
  const L = ENUM_LABELS[ctx.locale];
  const T = (k: MessageKey, p: Record<string, string | number> = {}) => esc(t(ctx.locale, k, p));
  const x = i.text;
  const deadline = formatDeadline(x.deadline, x.kind, ctx.locale) || x.deadlineText;
  const measures = x.measures.length
    ? `<dt>${T('pub.disc.measures')}</dt><dd><ol>${x.measures.map((m) => `<li class="pre">${esc(m)}</li>`).join('')}</ol></dd>`
    : '';
  const effect = x.effect ? `<dt>${T('pub.disc.effect')}</dt><dd class="pre">${esc(x.effect)}</dd>` : '';
  return `<li class="card"><div><span class="tag">${esc(L.problemCategory?.[x.category] ?? x.category)}</span><span class="tag">${esc(L.problemKind?.[x.kind] ?? x.kind)}</span></div><p class="pre">${esc(x.description)}</p><dl>${measures}${deadline ? `<dt>${T('pub.disc.deadline')}</dt><dd>${esc(deadline)}</dd>` : ''}<dt>${T('pub.disc.status')}</dt><dd>${esc(L.problemStatus?.[x.status] ?? x.status)}</dd>${effect}</dl><p class="muted">${T('pub.disc.seq', { org: x.orgName, seq: x.seq })}</p></li>`;
}

export function disclosureBatchPage(ctx: PageCtx, b: DisclosureBatchView, items: DisclosureItemView[]): string {
  const T = (k: MessageKey, p: Record<string, string | number> = {}) => esc(t(ctx.locale, k, p));
  const problems = items.filter((i) => i.kind === 'problem');
  const done = items.filter((i) => i.kind === 'rectification');
  const section = (key: 'pub.disc.problems' | 'pub.disc.rectifications', list: DisclosureItemView[]) =>
    list.length
      ? `<h2>${T(key, { count: list.length })}</h2><ol class="items">${list.map((i) => itemCard(ctx, i)).join('')}</ol>`
      : '';
  const published = b.publishedAt
    ? `<br>${T('pub.disc.publishedOn', { date: formatDate(dateIn(new Date(b.publishedAt)), ctx.locale) })}`
    : '';
  const body = `<p><a href="${esc(withLang(`/p/disclosures?org=${b.orgId}`, ctx.locale))}">← ${T('pub.disc.list')}</a></p>
<h1>${esc(b.title)}</h1>
<p class="muted">${esc(b.orgName)}<br>${esc(period(ctx, b))}${published}</p>
<p>${T('pub.disc.intro')}</p>
${section('pub.disc.problems', problems)}${section('pub.disc.rectifications', done)}
<p><a href="${esc(withLang(`/p/opinions/new?org=${b.orgId}`, ctx.locale))}">${T('pub.disc.feedback')}</a></p>`;
  return layout(ctx, b.title, body);
}
