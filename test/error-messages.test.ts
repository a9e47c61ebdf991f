import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildSmallCity } from './support/factories.ts';
import { i18nProblems, messageKeys } from '../src/server/platform/i18n.ts';
import { AppError, localizeError } from '../src/server/platform/errors.ts';
import { ERROR_CODES } from '../src/shared/enums.ts';

/**
 * Localisation at the edge, checked on every answer a client can get wrong: each route of the
 * OpenAPI document is called with its documented error paths — no session, missing fields, bad
 * enum values, bad ids (malformed, unknown, out of scope), a bad `after`, forbidden roles — plus
 * targeted ones (wrong transitions, bad JSON, wrong content type, bad credentials, CSRF), each in
 * zh-CN and in en. No `message`, field message or row message may be a catalogue key (server or
 * web), look like one, or keep a `{param}`; a zh-CN text has CJK, and en answers differ from zh-CN.
 * The server's guard (platform/i18n.ts reportI18nProblem) must have recorded nothing.
 *
 *  city ─┬─ district ─── town ─┬─ br1
 *        │                     └─ br2
 *        └─ other ── brX
 */

type Who = 'anonymous' | 'secretary' | 'office';
type Lang = 'zh-CN' | 'en';
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
}
interface Op {
  method: string;
  path: string;
  summary: string;
  params: Array<{ name: string; in: 'path' | 'query'; required?: boolean; schema: Schema }>;
  body?: Schema;
}

const UNKNOWN_ID = 987654;
const KEY_LIKE = /^[a-z]+(\.[A-Za-z0-9_]+)+$/;
const PLACEHOLDER = /\{\w+\}/;
const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
const webZh = JSON.parse(fs.readFileSync(new URL('../src/web/i18n/zh-CN.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;
const KEYS = new Set<string>([...messageKeys(), ...Object.keys(webZh)]);

/** An answer's texts: the error's message and every field or row message. */
function texts(res: LightMyRequestResponse): { message: string; details: string[] } | null {
  if (!(res.headers['content-type'] ?? '').toString().includes('json')) return null;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return null;
  }
  const error = (body as { error?: { message?: unknown; details?: Array<{ message?: unknown }> } } | null)?.error;
  if (!error) return null;
  return {
    message: String(error.message),
    details: (error.details ?? []).map((d) => String(d.message)),
  };
}

/** What is wrong with one text shown to a client (empty: nothing). */
function faults(text: string, lang: Lang): string[] {
  const out: string[] = [];
  if (KEYS.has(text)) out.push('is a catalogue key');
  if (KEY_LIKE.test(text) || /^[a-z][A-Za-z0-9_]*$/.test(text)) out.push('looks like a key');
  if (PLACEHOLDER.test(text)) out.push('keeps a {param}');
  if (lang === 'zh-CN' && !CJK.test(text)) out.push('zh-CN text without CJK');
  return out;
}

describe('error messages: every error answer is translated, in zh-CN and in en', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  /** Each user twice: an account whose language is zh-CN and one whose language is en (the account's language wins over Accept-Language). */
  const clients: Record<Lang, Partial<Record<Who, Client>>> = { 'zh-CN': {}, en: {} };
  const scopeOrg: Record<Who, number> = { anonymous: 0, secretary: 0, office: 0 };
  const ids: Record<string, number> = {};
  const failures: string[] = [];
  let answers = 0;
  let seq = 0;

  beforeAll(async () => {
    h = await createHarness();
    Object.assign(o, await buildSmallCity(h, '消息测试'));
    for (const lang of ['zh-CN', 'en'] as const) {
      await buildUser(h, `em-office-${lang}`, [{ role: 'office', orgId: o.district }]);
      await buildUser(h, `em-sec-${lang}`, [{ role: 'unit_admin', orgId: o.br1 }]);
      clients[lang].office = await login(h, `em-office-${lang}`);
      clients[lang].secretary = await login(h, `em-sec-${lang}`);
    }
    for (const who of ['office', 'secretary'] as const) {
      const r = await clients.en[who]!.patch('/api/me', { locale: 'en' });
      expect(r.statusCode, r.body).toBe(200);
    }
    scopeOrg.office = o.district;
    scopeOrg.secretary = o.br1;
    scopeOrg.anonymous = o.br1;
    ids.orgs = o.br2;
    const office = clients['zh-CN'].office!;
    const templates = (await office.get('/api/campaign-templates')).json() as Array<{ id: number; code: string }>;
    ids['campaign-templates'] = templates[0].id;
    const started = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const dep = await office.post('/api/campaigns', {
      templateId: templates.find((x) => x.code === 'mass_line')!.id,
      orgId: o.district,
      batches: [{ name: '第一批', levels: ['township', 'branch'], startDate: started }],
    });
    expect(dep.statusCode, dep.body).toBe(201);
    ids.campaigns = dep.json().id;
    const tasks = await clients['zh-CN'].secretary!.get(`/api/campaigns/${ids.campaigns}/tasks?org=${o.br1}`);
    const task = (tasks.json() as { items?: Array<{ id: number }> }).items?.[0];
    if (task) ids.tasks = task.id;
    i18nProblems.length = 0;
  }, 120_000);
  afterAll(async () => h?.close());

  async function send(
    who: Who,
    method: string,
    url: string,
    payload: { json?: unknown; raw?: string; type?: string } | null,
    note: string,
  ): Promise<void> {
    const answer: Partial<Record<Lang, LightMyRequestResponse>> = {};
    for (const lang of ['zh-CN', 'en'] as const) {
      const c = clients[lang][who];
      const headers: Record<string, string> = {
        'accept-language': lang === 'en' ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9',
      };
      if (c) {
        headers.cookie = c.cookie;
        headers['x-csrf-token'] = c.csrf;
      }
      let body: string | undefined;
      if (payload?.raw !== undefined || payload?.json !== undefined) {
        body = payload.raw ?? JSON.stringify(payload.json);
        headers['content-type'] = payload.type ?? 'application/json';
      }
      answer[lang] = await h.app.inject({
        method: method as 'GET',
        url,
        headers,
        payload: body,
        remoteAddress: `203.0.113.${(seq++ % 200) + 1}`,
      });
    }
    const label = `${who} ${method} ${url} ${note}`;
    const zh = texts(answer['zh-CN']!);
    const en = texts(answer.en!);
    if (answer['zh-CN']!.statusCode >= 500) failures.push(`${label} → ${answer['zh-CN']!.statusCode}`);
    if (!zh || !en) return;
    answers++;
    for (const [lang, x] of [
      ['zh-CN', zh],
      ['en', en],
    ] as const) {
      for (const f of faults(x.message, lang)) failures.push(`${label} [${lang}] message "${x.message}" ${f}`);
      x.details.forEach((d, i) => {
        for (const f of faults(d, lang)) failures.push(`${label} [${lang}] details[${i}] "${d}" ${f}`);
      });
    }
    if (zh.message === en.message) failures.push(`${label}: en message equals zh-CN "${zh.message}"`);
    zh.details.forEach((d, i) => {
      if (en.details[i] === d && CJK.test(d)) failures.push(`${label}: en details[${i}] equals zh-CN "${d}"`);
    });
  }

  async function routes(): Promise<Op[]> {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; parameters?: Op['params']; requestBody?: { content: Record<string, { schema: Schema }> } }
        >
      >;
    };
    const ops: Op[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, d] of Object.entries(methods))
        ops.push({
          method: method.toUpperCase(),
          path,
          summary: d.summary ?? '',
          params: d.parameters ?? [],
          body: d.requestBody?.content['application/json']?.schema,
        });
    // Signing out would end the sessions the rest needs.
    return ops.filter((x) => x.path !== '/api/auth/logout');
  }

  const types = (s: Schema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
  /** Every leaf replaced: enums by a value they do not hold, numbers by text, strings by a number. */
  function wrong(s: Schema | undefined): unknown {
    if (!s) return undefined;
    if (s.enum?.length) return 'zzz-not-a-value';
    if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, wrong(v)]));
    const t = types(s);
    if (t.includes('array')) return [wrong(s.items ?? { type: 'string' })];
    if (t.includes('integer') || t.includes('number')) return 'abc';
    if (t.includes('boolean')) return 'maybe';
    if (t.includes('string')) return 12345;
    return null;
  }
  function fillPath(op: Op, who: Who, kind: 'real' | 'unknown' | 'malformed' | 'outside'): string {
    return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (kind === 'malformed') return 'abc';
      if (kind === 'unknown') return String(UNKNOWN_ID);
      const segs = op.path
        .slice(0, op.path.indexOf(`{${name}}`))
        .split('/')
        .filter((x) => x && !x.startsWith('{'));
      const seg = segs[segs.length - 1] ?? '';
      if (kind === 'outside') return String(seg === 'orgs' || name === 'orgId' ? o.brX : UNKNOWN_ID);
      if (seg === 'orgs' || name === 'orgId') return String(scopeOrg[who] || o.br1);
      return String(ids[seg] ?? UNKNOWN_ID);
    });
  }
  function query(op: Op, value: (name: string, s: Schema) => string | null): string {
    const parts = op.params
      .filter((p) => p.in === 'query')
      .map((p) => {
        const v = value(p.name, p.schema);
        return v === null ? null : `${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`;
      })
      .filter((x): x is string => x !== null);
    return parts.length ? `?${parts.join('&')}` : '';
  }

  it('every route: no session, missing fields, bad enums and types, bad ids, bad after, forbidden roles', async () => {
    const started = Date.now();
    const ops = await routes();
    expect(ops.length).toBeGreaterThan(50);
    for (const op of ops) {
      const mutating = op.method !== 'GET';
      const hasPath = op.path.includes('{');
      const isPublic = op.path.startsWith('/api/public/') || op.path === '/api/auth/login' || op.path === '/api/health';
      // No session.
      if (!isPublic) await send('anonymous', op.method, fillPath(op, 'anonymous', 'real'), null, 'no session');
      for (const who of ['secretary', 'office'] as const) {
        if (hasPath) {
          await send(who, op.method, fillPath(op, who, 'malformed'), null, 'malformed id');
          await send(who, op.method, fillPath(op, who, 'unknown'), mutating ? { json: {} } : null, 'unknown id');
          await send(who, op.method, fillPath(op, who, 'outside'), mutating ? { json: {} } : null, 'outside scope');
        }
        const base = fillPath(op, who, hasPath ? 'real' : 'unknown');
        // Missing fields and wrong values (a real id with an empty body could do the action: only
        // where the route has a body to refuse).
        if (mutating && op.body && !/\/api\/auth\/login/.test(op.path)) {
          await send(who, op.method, base, { json: {} }, 'body empty');
          await send(who, op.method, base, { json: wrong(op.body) }, 'body wrong values');
        }
        // Uploads and bodiless actions without an id: sent without their file (not multipart).
        if (mutating && !op.body && (!hasPath || /multipart|upload/i.test(op.summary)))
          await send(who, op.method, base, null, 'no file / no body');
        if (!mutating && op.params.some((p) => p.in === 'query')) {
          await send(
            who,
            op.method,
            base + query(op, (n, s) => (s.enum ? 'zzz' : n === 'after' ? 'not-a-key' : 'abc')),
            null,
            'query wrong values',
          );
          await send(who, op.method, base + query(op, () => null), null, 'query missing');
        }
      }
    }
    console.log(`error-messages: ${ops.length} routes, ${answers} error answers checked in zh-CN and en`);
    expect(answers).toBeGreaterThan(300);
    expect(failures, failures.slice(0, 60).join('\n')).toEqual([]);
    expect(i18nProblems, i18nProblems.join('\n')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('targeted: transitions, after, bad JSON, content type, credentials, CSRF, unknown route', async () => {
    const sec = clients['zh-CN'].secretary!;
    // A wrong transition: a draft task cannot be approved.
    if (ids.tasks)
      await send(
        'secretary',
        'POST',
        `/api/campaign-tasks/${ids.tasks}/transition`,
        { json: { action: 'approve' } },
        'approve a draft',
      );
    if (ids.tasks)
      await send(
        'secretary',
        'POST',
        `/api/campaign-tasks/${ids.tasks}/transition`,
        { json: { action: 'zzz' } },
        'bad action',
      );
    // A bad `after` on every list that pages.
    for (const url of [
      `/api/audit?entityType=org&entityId=${o.br1}&after=bm90LWEta2V5`,
      `/api/members?org=${o.br1}&after=%%%`,
      `/api/notifications?after=xyz`,
      `/api/notices?after=WzEsIjEiXQ`,
    ])
      await send('secretary', 'GET', url, null, 'bad after');
    await send('office', 'POST', '/api/orgs', { raw: '{"name": ', type: 'application/json' }, 'broken JSON');
    await send('office', 'POST', '/api/orgs', { raw: 'name=x', type: 'text/x-unknown' }, 'unknown content type');
    await send(
      'anonymous',
      'POST',
      '/api/auth/login',
      { json: { username: 'em-sec', password: 'wrong-password-1' } },
      'bad credentials',
    );
    await send('anonymous', 'POST', '/api/auth/login', { json: {} }, 'login empty');
    await send('anonymous', 'GET', '/api/no-such-route', null, 'unknown route');
    await send('anonymous', 'GET', `/api/public/disclosures?org=abc`, null, 'public bad org');
    // CSRF: a mutation without the header.
    for (const lang of ['zh-CN', 'en'] as const) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: { cookie: sec.cookie, 'accept-language': lang, 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(r.statusCode).toBe(403);
      for (const f of faults(r.json().error.message, 'zh-CN')) failures.push(`CSRF ${lang}: ${f}`);
    }
    expect(failures, failures.slice(0, 60).join('\n')).toEqual([]);
    expect(i18nProblems, i18nProblems.join('\n')).toEqual([]);
  }, 60_000);

  it('the handler translates keys with params, reports raw keys and unfilled params, and every code has a text', () => {
    const loud = vi.spyOn(console, 'error').mockImplementation(() => {});
    i18nProblems.length = 0;
    const e = localizeError(
      new AppError('VALIDATION', {}, [
        { path: 'name', message: 'field.tooLong', params: { max: 20 } },
        { path: 'file', message: 'file' },
        { path: 'x', message: 'field.noSuchKey' },
        { sheet: '表', row: 3, message: 'import.duplicateInFile', params: { row: 2 } },
        { path: 'y', message: '已翻译的文字' },
      ]),
      'en',
    );
    expect(e.details).toEqual([
      { path: 'name', message: 'At most 20 characters' },
      { path: 'file', message: 'Invalid format' },
      { path: 'x', message: 'Invalid format' },
      { sheet: '表', row: 3, message: expect.stringContaining('2') },
      { path: 'y', message: '已翻译的文字' },
    ]);
    for (const d of e.details!) expect(KEY_LIKE.test(d.message) || d.message === 'file').toBe(false);
    expect(i18nProblems.some((p) => p.includes('"file"'))).toBe(true);
    expect(i18nProblems.some((p) => p.includes('field.noSuchKey'))).toBe(true);
    i18nProblems.length = 0;
    // A missing param is reported and never shown.
    const c = localizeError(new AppError('CONFLICT'), 'zh-CN');
    expect(c.message).not.toMatch(PLACEHOLDER);
    expect(i18nProblems.some((p) => p.includes('{what}'))).toBe(true);
    i18nProblems.length = 0;
    // A param that is a catalogue key is translated.
    const f = localizeError(new AppError('IMPORT_FILE', { reason: 'import.notXlsx' }), 'en');
    expect(f.message).toContain('.xlsx');
    expect(f.message).not.toContain('import.notXlsx');
    // Every error code has its text in both languages.
    for (const code of ERROR_CODES) {
      const zh = localizeError(new AppError(code), 'zh-CN').message;
      const en = localizeError(new AppError(code), 'en').message;
      expect(CJK.test(zh), code).toBe(true);
      expect(en, code).not.toBe(zh);
    }
    // Codes' missing params were reported above; those are the services' to fill.
    i18nProblems.length = 0;
    expect(loud).toHaveBeenCalled();
    loud.mockRestore();
  });
});
