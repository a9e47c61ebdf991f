import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { LightMyRequestResponse } from 'fastify';
import { buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildSmallCity } from './support/factories.ts';
import { ZPublicOpinion } from '../src/shared/schemas/opinions.ts';
import { verifyAuditChain } from '../src/server/platform/audit.ts';
import { databaseInputError } from '../src/server/platform/validation.ts';
import { localizeError, localizeParams } from '../src/server/platform/errors.ts';
import { sql } from 'kysely';

/**
 * Hostile input against every route of the OpenAPI document (plus the public HTML pages, which it
 * hides): NUL and lone surrogates in every text, numbers past int4 and past any sane bound, ids
 * that do not exist, malformed path values, empty and array bodies, multipart fields and file
 * names — as anonymous, a branch secretary and a district office. Nothing may answer 5xx, and no
 * database error may reach the error handler (its safety net would hide a missing check): every
 * failure is collected and named in one assertion.
 *
 *  city ─┬─ district ─── town ─┬─ br1
 *        │                     └─ br2
 *        └─ other ── brX
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  nullable?: boolean;
}
interface Param {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: JsonSchema;
}
interface Op {
  method: string;
  /** OpenAPI template, e.g. /api/orgs/{id}/move */
  path: string;
  summary: string;
  params: Param[];
  body?: JsonSchema;
  /** Body sent as application/x-www-form-urlencoded (the public form). */
  form?: boolean;
  /** An HTML page: errors must answer as pages, not JSON. */
  html?: boolean;
}
type Who = 'anonymous' | 'secretary' | 'office';

const UNKNOWN_ID = 987654;
const HOSTILE_PATH = ['0', '2147483648', '99999999999999999999', '-1', 'abc', '%00', '%ED%A0%80', String(UNKNOWN_ID)];
const HOSTILE_QUERY_NUM = ['0', '2147483648', '99999999999999999999', '-1', 'abc', '1e300'];
/** Query strings as sent on the wire: NUL, a lone surrogate (CESU-8 bytes, and the raw UTF-16 unit). */
const HOSTILE_QUERY_TEXT = ['a%00b', 'a%ED%A0%80b', 'a\ud800b', '2147483648'];
const NUL = 'a\u0000b';
const SURROGATE = 'a\ud800b';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// The error handler's safety net turns database refusals into 4xx; one firing here means a route
// lacks its own check, so it counts as a failure like a 500. The wrapper records each one.
const dbRefusals = vi.hoisted(() => [] as string[]);
vi.mock('../src/server/platform/validation.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../src/server/platform/validation.ts')>();
  return {
    ...mod,
    databaseInputError: (err: unknown, locale: Parameters<typeof mod.databaseInputError>[1]) => {
      const mapped = mod.databaseInputError(err, locale);
      if (mapped) dbRefusals.push(`database error ${(err as { code?: string }).code}: ${(err as Error).message}`);
      return mapped;
    },
  };
});

/** Which harvested ids a body field refers to (by the collection segment that created them). */
const ORG_FIELDS =
  /^(org|orgId|parentId|toOrgId|ownerOrgId|issuerOrgId|subjectOrgId|recipientOrgId|root|parent|child|orgIds|unitIds)$/;
const REF_FIELDS: Record<string, string> = {
  templateId: 'campaign-templates',
  campaignId: 'campaigns',
  campaign: 'campaigns',
  memberId: 'members',
  checklistId: 'checklists',
  teamId: 'teams',
  leaderId: 'users',
  memberIds: 'users',
  problemIds: 'problems',
  reopenProblemId: 'problems',
  into: 'opinions',
  ids: 'opinions',
  milestoneId: 'milestones',
};
/** Path tails that act on the item before them (the answer is that item). */
const ACTIONS = new Set([
  'transition',
  'progress',
  'read',
  'password',
  'unlock',
  'publish',
  'withdraw',
  'send',
  'submit',
  'circulate',
  'move',
  'dissolve',
  'status',
  'transfer',
  'draft',
  'answer',
  'decline',
  'grants',
  'evidence',
  'attachments',
  'reviews',
  'visits',
  'answers',
  'assessments',
  'deadlines',
  'optional-tasks',
]);
const isIdField = (name: string) => ORG_FIELDS.test(name) || name in REF_FIELDS || /Ids?$/.test(name) || name === 'id';

describe('fuzz: hostile input on every route answers 4xx, never 5xx', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  const clients: Partial<Record<Who, Client>> = {};
  const scopeOrg: Record<Who, number> = { anonymous: 0, secretary: 0, office: 0 };
  /** Ids seen in answers, by the path segment of their collection ("problems", "teams", …). */
  const harvested: Record<string, number[]> = {};
  const failures: string[] = [];
  let sent = 0;
  let seq = 0;

  beforeAll(async () => {
    h = await createHarness();
    Object.assign(o, await buildSmallCity(h, '模糊测试'));
    await buildUser(h, 'fz-office', [{ role: 'office', orgId: o.district }]);
    await buildUser(h, 'fz-sec', [{ role: 'unit_admin', orgId: o.br1 }]);
    clients.office = await login(h, 'fz-office');
    clients.secretary = await login(h, 'fz-sec');
    scopeOrg.office = o.district;
    scopeOrg.secretary = o.br1;
    scopeOrg.anonymous = o.br1;
    harvested.orgs = [o.district, o.town, o.br1, o.br2];
    // A running campaign (tasks, progress, exports get real ids) and a draft notice (attachments).
    const templates = (await clients.office.get('/api/campaign-templates')).json() as Array<{
      id: number;
      code: string;
    }>;
    const started = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const dep = await clients.office.post('/api/campaigns', {
      templateId: templates.find((x) => x.code === 'mass_line')!.id,
      orgId: o.district,
      batches: [{ name: '第一批', levels: ['township', 'branch'], startDate: started }],
    });
    expect(dep.statusCode, dep.body).toBe(201);
    harvested.campaigns = [dep.json().id];
    const draft = await clients.office.post('/api/notices', {
      orgId: o.district,
      kind: 'notice',
      title: '模糊测试草稿',
      body: '<p>草稿</p>',
      audience: 'subtree',
      draft: true,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    harvested.notices = [draft.json().id];
  }, 180_000);
  afterAll(async () => h?.close());

  // ---------- requests ----------

  function record(label: string, res: LightMyRequestResponse, html = false): void {
    sent++;
    for (const d of dbRefusals.splice(0)) failures.push(`${label} → ${res.statusCode}, ${d}`);
    if (res.statusCode >= 500) failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    else if (html && res.statusCode >= 400 && !(res.headers['content-type'] ?? '').toString().includes('text/html')) {
      failures.push(`${label} → ${res.statusCode} answered ${res.headers['content-type']} instead of an HTML page`);
    }
    if (res.statusCode < 300 && (res.headers['content-type'] ?? '').toString().includes('json')) harvest(label, res);
  }

  /** Remembers ids from a successful answer under the collection segment of its path. */
  function harvest(label: string, res: LightMyRequestResponse): void {
    const m = label.match(/^\w+ \S+ (\S+)/);
    if (!m) return;
    // The collection an answer belongs to: the last segment, unless it names an action on the item before it.
    const all = m[1].split('?')[0].split('/').filter(Boolean);
    const last = all[all.length - 1];
    const segs = (ACTIONS.has(last) && /^\d+$/.test(all[all.length - 2] ?? '') ? all.slice(0, -2) : all).filter(
      (s) => !/^\d+$/.test(s) && !s.includes('%'),
    );
    const key = segs[segs.length - 1];
    if (!key) return;
    let body: unknown;
    try {
      body = res.json();
    } catch {
      return;
    }
    const ids: number[] = [];
    const take = (x: unknown) => {
      const id = (x as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id > 0) ids.push(id);
    };
    take(body);
    if (Array.isArray(body)) body.slice(0, 3).forEach(take);
    const items = (body as { items?: unknown } | null)?.items;
    if (Array.isArray(items)) items.slice(0, 3).forEach(take);
    const ms = (body as { milestones?: unknown } | null)?.milestones;
    if (Array.isArray(ms))
      ms.slice(0, 2).forEach((x) => {
        const id = (x as { id?: unknown }).id;
        if (typeof id === 'number') (harvested.milestones ??= []).push(id);
      });
    if (ids.length) harvested[key] = [...new Set([...(harvested[key] ?? []), ...ids])].slice(-6);
  }

  async function send(
    who: Who,
    op: Op,
    url: string,
    body: { json?: unknown; raw?: string; form?: Record<string, string>; multipart?: Buffer; boundary?: string } | null,
    note: string,
  ): Promise<void> {
    const c = clients[who];
    const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (c) {
      headers.cookie = c.cookie;
      headers['x-csrf-token'] = c.csrf;
    }
    let payload: string | Buffer | undefined;
    if (body?.raw !== undefined) {
      payload = body.raw;
      headers['content-type'] = 'application/json';
    } else if (body?.json !== undefined) {
      payload = JSON.stringify(body.json);
      headers['content-type'] = 'application/json';
    } else if (body?.form) {
      payload = Object.entries(body.form)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeText(v)}`)
        .join('&');
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (body?.multipart) {
      payload = body.multipart;
      headers['content-type'] = `multipart/form-data; boundary=${body.boundary}`;
    }
    const label = `${who} ${op.method} ${url} ${note}`;
    let res: LightMyRequestResponse;
    try {
      res = await h.app.inject({
        method: op.method as 'GET',
        url,
        headers,
        payload,
        remoteAddress: `198.51.100.${(seq++ % 200) + 1}`,
      });
    } catch (e) {
      failures.push(`${label} → inject threw ${(e as Error).message}`);
      return;
    }
    record(label, res, op.html);
  }

  /** Percent-encoding that lets a lone surrogate through as its CESU-8 bytes (encodeURIComponent throws on it). */
  function encodeText(s: string): string {
    let out = '';
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0xd800 && cp <= 0xdfff)
        out +=
          `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`.toUpperCase();
      else out += encodeURIComponent(ch);
    }
    return out;
  }

  // ---------- values from schemas ----------

  const types = (s: JsonSchema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

  /** A plausible (mostly valid) value: hostile variants then change one dimension of it. */
  function plausible(s: JsonSchema, name: string, who: Who): unknown {
    if (s.enum?.length) return s.enum.includes('branch') ? 'branch' : (s.enum.find((v) => v !== null) ?? s.enum[0]);
    const t = types(s);
    if (t.includes('object') || s.properties) {
      // Required fields, and optional ones that can be valid: an optional reference with no real id
      // to give stays out (the one-at-a-time variants below send it unknown).
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const optional = !(s.required ?? []).includes(k);
        if (optional && isIdField(k) && !ORG_FIELDS.test(k) && idFor(k, who) === UNKNOWN_ID) continue;
        out[k] = plausible(v, k, who);
      }
      return out;
    }
    if (t.includes('array')) {
      const n = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: n }, () =>
        plausible(s.items ?? { type: 'string' }, name.replace(/s$/, ''), who),
      ).slice(0, s.maxItems ?? n);
    }
    if (t.includes('integer') || t.includes('number')) {
      if (isIdField(name)) return idFor(name, who);
      if (s.minimum !== undefined) return Math.max(s.minimum, 1 <= (s.maximum ?? Infinity) ? 1 : s.minimum);
      if (s.exclusiveMinimum !== undefined) return s.exclusiveMinimum + 1;
      return 1;
    }
    if (t.includes('boolean')) return false;
    if (t.includes('string')) {
      if (s.pattern?.includes('\\d{4}-')) return '2026-06-30';
      if (s.pattern?.startsWith('^1[3-9]')) return '13800138000';
      if (s.pattern) return `fz${(seq++).toString(36)}`;
      if (name === 'code' || name === 'username') return `fz${(seq++).toString(36)}`;
      if (name === 'idNumber') return '11010519491231002X';
      if (/password/i.test(name)) return 'fuzz-pass-2026x';
      const base = `模糊测试${(seq++).toString(36)}内容`;
      return base.padEnd(s.minLength ?? 0, '字').slice(0, s.maxLength ?? 1000);
    }
    return null;
  }

  function idFor(name: string, who: Who): number {
    if (ORG_FIELDS.test(name.replace(/s$/, '')) || ORG_FIELDS.test(name)) return scopeOrg[who] || o.br1;
    const key = REF_FIELDS[name] ?? REF_FIELDS[`${name}s`];
    const pool = key ? harvested[key] : undefined;
    return pool?.length ? pool[pool.length - 1] : UNKNOWN_ID;
  }

  /** Rewrites every leaf of a value: strings by `str`, numbers by `num(name)`. */
  function mapLeaves(
    v: unknown,
    name: string,
    str: (s: string) => unknown,
    num: (n: number, name: string) => unknown,
  ): unknown {
    if (typeof v === 'string') return str(v);
    if (typeof v === 'number') return num(v, name);
    if (Array.isArray(v)) return v.map((x) => mapLeaves(x, name, str, num));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapLeaves(x, k, str, num)]));
    return v;
  }

  /** Id-like fields found in a body, as dotted paths to numbers. */
  function idPaths(v: unknown, path: string[] = [], name = ''): string[][] {
    if (typeof v === 'number') return isIdField(name) ? [path] : [];
    if (Array.isArray(v)) return v.length ? idPaths(v[0], [...path, '0'], name) : [];
    if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => idPaths(x, [...path, k], k));
    return [];
  }
  function setAt(v: unknown, path: string[], value: unknown): unknown {
    const copy = structuredClone(v) as Record<string, unknown>;
    let cur = copy as Record<string, unknown>;
    for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string, unknown>;
    cur[path[path.length - 1]] = value;
    return copy;
  }

  /** Every property, references included (unknown where no real id is known). */
  function complete(s: JsonSchema, name: string, who: Who): unknown {
    if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, complete(v, k, who)]));
    if (types(s).includes('array') && s.items?.properties) return [complete(s.items, name, who)];
    return plausible(s, name, who);
  }

  function bodyVariants(op: Op, who: Who): Array<{ note: string; json?: unknown; raw?: string }> {
    if (!op.body) return [];
    const base = plausible(op.body, '', who);
    const full = complete(op.body, '', who);
    const out: Array<{ note: string; json?: unknown; raw?: string }> = [
      { note: 'body plausible', json: base },
      {
        note: 'body strings NUL',
        json: mapLeaves(
          base,
          '',
          () => NUL,
          (n) => n,
        ),
      },
      {
        note: 'body strings lone surrogate (raw escape)',
        raw: JSON.stringify(
          mapLeaves(
            base,
            '',
            () => 'SURROGATE',
            (n) => n,
          ),
        ).replaceAll('SURROGATE', 'a\\ud800b'),
      },
      {
        note: 'body strings lone low surrogate',
        json: mapLeaves(
          base,
          '',
          () => 'x\udc00',
          (n) => n,
        ),
      },
      { note: 'body keys NUL', json: { ...(base as object), 'k\u0000': 1 } },
      {
        note: 'body numbers 2^31',
        json: mapLeaves(
          base,
          '',
          (s) => s,
          () => 2147483648,
        ),
      },
      {
        note: 'body numbers 1e300',
        json: mapLeaves(
          base,
          '',
          (s) => s,
          () => 1e300,
        ),
      },
      {
        note: 'body numbers 2^31-1',
        json: mapLeaves(
          base,
          '',
          (s) => s,
          () => 2147483647,
        ),
      },
      {
        note: 'body ids unknown',
        json: mapLeaves(
          base,
          '',
          (s) => s,
          (n, name) => (isIdField(name) ? UNKNOWN_ID : n),
        ),
      },
      { note: 'body empty', json: {} },
      { note: 'body array', json: [] },
      { note: 'body deep', raw: '['.repeat(5000) + ']'.repeat(5000) },
    ];
    // One reference at a time unknown (the others real), then past int4: a missing check on one
    // reference, or one id schema without its bound, is not hidden behind the others' errors.
    for (const p of idPaths(full).slice(0, 6)) {
      out.push({ note: `body ${p.join('.')} unknown`, json: setAt(full, p, UNKNOWN_ID) });
      if (who === 'office') out.push({ note: `body ${p.join('.')} 2^31`, json: setAt(full, p, 2147483648) });
    }
    if (who !== 'office') return out.filter((v) => !/1e300|2\^31-1|keys NUL|low surrogate|deep/.test(v.note));
    return out;
  }

  function queryString(op: Op, who: Who, value?: (p: Param) => string): string {
    // Plausible: the required parameters and the subtree switch (optional filters would only narrow
    // the answer to nothing); hostile: every parameter.
    const qs = op.params.filter((p) => p.in === 'query' && (value || p.required || p.name === 'subtree'));
    if (!qs.length) return '';
    const parts = qs.map((p) => {
      const v = value ? value(p) : p.name === 'subtree' ? 'true' : encodeText(String(plausible(p.schema, p.name, who)));
      return `${encodeURIComponent(p.name)}=${v}`;
    });
    return '?' + parts.join('&');
  }

  function fillPath(op: Op, who: Who, pathValue: (name: string, seg: string) => string): string {
    return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const before = op.path
        .slice(0, op.path.indexOf(`{${name}}`))
        .split('/')
        .filter((s) => s && !s.startsWith('{'));
      return pathValue(name, before[before.length - 1] ?? '');
    });
  }
  const realId = (who: Who, name: string, seg: string): string => {
    if (seg === 'orgs' || name === 'orgId') return String(scopeOrg[who] || o.br1);
    const key =
      name === 'id'
        ? seg
        : name === 'sub'
          ? seg === 'milestones'
            ? 'milestones'
            : 'evidence'
          : name === 'itemId'
            ? 'items'
            : name;
    const pool = harvested[key];
    return String(pool?.length ? pool[pool.length - 1] : UNKNOWN_ID);
  };

  async function multipartBody(
    fields: Record<string, string>,
    filename: string,
    content: Buffer,
    star = false,
  ): Promise<{ multipart: Buffer; boundary: string }> {
    const boundary = '----fz' + (seq++).toString(16);
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    const disp = star ? `filename="x.xlsx"; filename*=UTF-8''${filename}` : `filename="${filename}"`;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disp}\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return { multipart: Buffer.concat(parts), boundary };
  }

  // ---------- the route list ----------

  async function routes(): Promise<Op[]> {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; parameters?: Param[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
        >
      >;
    };
    const ops: Op[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, d] of Object.entries(methods)) {
        ops.push({
          method: method.toUpperCase(),
          path,
          summary: d.summary ?? '',
          params: d.parameters ?? [],
          body: d.requestBody?.content['application/json']?.schema,
        });
      }
    }
    // The public JSON twins document no schema (the plugin is hand-written): their inputs, from the code.
    const publicOpinion = z.toJSONSchema(ZPublicOpinion, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const orgPage: Param[] = [
      { name: 'org', in: 'query', required: true, schema: { type: 'integer', exclusiveMinimum: 0 } },
      { name: 'after', in: 'query', schema: { type: 'string', maxLength: 200 } },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50 } },
    ];
    for (const op of ops) {
      if (op.path === '/api/public/opinions') op.body = publicOpinion;
      if (op.path === '/api/public/disclosures') op.params = orgPage;
    }
    // The HTML pages are hidden from the document.
    ops.push(
      {
        method: 'GET',
        path: '/p/opinions/new',
        summary: 'page',
        html: true,
        params: [
          { name: 'org', in: 'query', required: true, schema: { type: 'integer', exclusiveMinimum: 0 } },
          { name: 'campaign', in: 'query', schema: { type: 'integer', exclusiveMinimum: 0 } },
        ],
      },
      { method: 'POST', path: '/p/opinions', summary: 'page', html: true, form: true, params: [], body: publicOpinion },
      {
        method: 'GET',
        path: '/p/receipt',
        summary: 'page',
        html: true,
        params: [{ name: 'code', in: 'query', required: true, schema: { type: 'string', maxLength: 40 } }],
      },
      { method: 'GET', path: '/p/disclosures', summary: 'page', html: true, params: orgPage },
      {
        method: 'GET',
        path: '/p/disclosures/{id}',
        summary: 'page',
        html: true,
        params: [{ name: 'id', in: 'path', schema: { type: 'integer' } }],
      },
    );
    // Logging out ends the session the rest of the run needs: it goes last.
    return [...ops.filter((x) => x.path !== '/api/auth/logout'), ...ops.filter((x) => x.path === '/api/auth/logout')];
  }

  const isPublic = (op: Op) =>
    op.path.startsWith('/p/') ||
    op.path.startsWith('/api/public/') ||
    op.path === '/api/auth/login' ||
    op.path === '/api/health';
  const hasPathParams = (op: Op) => op.path.includes('{');
  /** Upload routes: POSTs without a JSON body whose summary speaks of a file. */
  const isUpload = (op: Op) => op.method === 'POST' && !op.body && /file|upload|\.xlsx|multipart/i.test(op.summary);

  async function templateFor(op: Op, who: Who): Promise<Buffer> {
    const url = op.path.includes('/members/')
      ? '/api/members/import-template'
      : op.path.includes('/orgs/import')
        ? '/api/orgs/import-template'
        : op.path.includes('/opinions/')
          ? '/api/opinions/import-template.xlsx'
          : op.path.includes('/ledger/')
            ? '/api/ledger/import-template.xlsx'
            : '';
    const c = clients[who];
    if (url && c) {
      const r = await c.get(url);
      if (r.statusCode === 200) return r.rawPayload;
    }
    return Buffer.from('%PDF-1.4 fuzz');
  }

  async function fuzzRoute(op: Op, who: Who): Promise<void> {
    // The office gets every variant; the secretary the ones where a role or scope could change the
    // outcome; anonymous the public routes in full and one of each kind elsewhere (401 before parsing).
    const full = who === 'office' || (who === 'anonymous' && isPublic(op));
    const some = full || who === 'secretary';
    const plausibleQuery = queryString(op, who);
    const realPath = fillPath(op, who, (name, seg) => realId(who, name, seg));
    // Path values.
    if (hasPathParams(op)) {
      const values = full
        ? HOSTILE_PATH
        : some
          ? ['2147483648', '%00', '%ED%A0%80', String(UNKNOWN_ID)]
          : ['2147483648', '%00'];
      for (const v of values) {
        for (const name of op.path.match(/\{(\w+)\}/g)!.map((x) => x.slice(1, -1))) {
          const url = fillPath(op, who, (n, seg) => (n === name ? v : realId(who, n, seg)));
          await send(
            who,
            op,
            url + plausibleQuery,
            op.body ? { json: plausible(op.body, '', who) } : null,
            `path ${name}=${v}`,
          );
        }
      }
    }
    // Query values: every parameter at once.
    if (op.params.some((p) => p.in === 'query')) {
      await send(who, op, realPath + plausibleQuery, null, 'query plausible');
      const numeric = (p: Param) => types(p.schema).some((t) => t === 'integer' || t === 'number');
      const values = full ? HOSTILE_QUERY_NUM : some ? ['2147483648', '99999999999999999999'] : ['2147483648'];
      for (const v of values)
        await send(
          who,
          op,
          realPath +
            queryString(op, who, (p) => (numeric(p) ? v : encodeText(String(plausible(p.schema, p.name, who))))),
          null,
          `query numbers=${v}`,
        );
      for (const v of some ? HOSTILE_QUERY_TEXT : ['a%00b'])
        await send(who, op, realPath + queryString(op, who, () => v), null, `query all=${v}`);
      // Keyset cursors: plain ids past int4, and encoded (value|id) cursors whose value is no date or id.
      const cursor = op.params.find((p) => p.in === 'query' && (p.name === 'cursor' || p.name === 'after'));
      if (cursor && some) {
        const sorts = (op.params.find((p) => p.name === 'sort')?.schema.enum as string[] | undefined) ?? [undefined];
        const b64 = (x: string) => Buffer.from(x).toString('base64url');
        for (const sort of sorts) {
          for (const v of [
            '2147483648',
            '99999999999999999999',
            b64('9999-99-99|1'),
            b64('|2147483648'),
            b64('99999999999|1'),
            b64('--|1'),
            b64(`${NUL}|1`),
          ]) {
            const extra = `${cursor.name}=${encodeURIComponent(v)}${sort ? `&sort=${sort}` : ''}`;
            await send(
              who,
              op,
              realPath + (plausibleQuery ? `${plausibleQuery}&${extra}` : `?${extra}`),
              null,
              `query ${cursor.name}=${v} sort=${sort}`,
            );
          }
        }
      }
      // One reference at a time unknown.
      for (const p of op.params.filter((x) => x.in === 'query' && numeric(x) && isIdField(x.name)).slice(0, 3)) {
        await send(
          who,
          op,
          realPath +
            queryString(op, who, (x) =>
              x === p ? String(UNKNOWN_ID) : encodeText(String(plausible(x.schema, x.name, who))),
            ),
          null,
          `query ${p.name} unknown`,
        );
      }
    } else {
      if (op.method === 'GET') await send(who, op, realPath, null, 'plausible');
      if (full) await send(who, op, realPath + '?x=a%00b', null, 'query extra NUL');
    }
    // Bodies.
    if (op.body) {
      const variants = some
        ? bodyVariants(op, who)
        : bodyVariants(op, who).filter((v) => /strings NUL|surrogate \(raw/.test(v.note));
      for (const v of variants) {
        if (op.form) {
          const flat = (x: unknown) =>
            Object.fromEntries(Object.entries((x ?? {}) as object).map(([k, y]) => [k, String(y)]));
          if (v.raw !== undefined)
            await send(
              who,
              op,
              realPath,
              {
                form: flat(
                  mapLeaves(
                    plausible(op.body, '', who),
                    '',
                    () => SURROGATE,
                    (n) => n,
                  ),
                ),
              },
              v.note,
            );
          else if (v.json && !Array.isArray(v.json)) await send(who, op, realPath, { form: flat(v.json) }, v.note);
        } else {
          await send(
            who,
            op,
            realPath + plausibleQuery,
            v.raw !== undefined ? { raw: v.raw } : { json: v.json },
            v.note,
          );
        }
      }
    } else if (op.method !== 'GET' && some && !isUpload(op)) {
      await send(who, op, realPath + plausibleQuery, { raw: '{"x":"a\\u0000b"}' }, 'body NUL on a bodiless route');
    }
    // Uploads: hostile fields and file names.
    if (isUpload(op) && some) {
      const file = await templateFor(op, who);
      const fieldSets: Array<[string, Record<string, string>]> = [
        ['fields NUL', { campaignId: NUL, milestoneId: NUL, note: NUL, mapping: NUL, category: NUL, source: NUL }],
        ['fields 2^31', { campaignId: '2147483648', milestoneId: '2147483648' }],
        ['fields unknown ids', { campaignId: String(UNKNOWN_ID), milestoneId: String(UNKNOWN_ID) }],
        ['fields huge', { campaignId: '99999999999999999999', milestoneId: '1e300' }],
      ];
      for (const [note, fields] of fieldSets)
        await send(
          who,
          op,
          realPath + plausibleQuery,
          await multipartBody(fields, 'fz.xlsx', file),
          `multipart ${note}`,
        );
      await send(
        who,
        op,
        realPath + plausibleQuery,
        await multipartBody({}, 'a\u0000b.xlsx', file),
        'multipart filename NUL',
      );
      await send(
        who,
        op,
        realPath + plausibleQuery,
        await multipartBody({}, 'a%00b.pdf', Buffer.from('%PDF-1.4 fuzz'), true),
        'multipart filename* %00',
      );
      await send(
        who,
        op,
        realPath + plausibleQuery,
        await multipartBody({}, 'a%ED%A0%80b.pdf', Buffer.from('%PDF-1.4 fuzz'), true),
        'multipart filename* surrogate',
      );
      await send(
        who,
        op,
        realPath + plausibleQuery,
        await multipartBody({}, 'ok.pdf', Buffer.from('%PDF-1.4 fuzz')),
        'multipart plausible pdf',
      );
    }
  }

  it('sends NUL, lone surrogates, huge numbers and unknown ids to every route; nothing answers 5xx', async () => {
    failures.length = 0;
    const started = Date.now();
    const ops = await routes();
    expect(ops.length).toBeGreaterThan(100);
    // In document order: a collection's POST comes before its item routes, so the id pools fill as it goes.
    for (const who of ['office', 'secretary', 'anonymous'] as Who[]) {
      for (const op of ops) await fuzzRoute(op, who);
    }
    // A second round over the routes with path parameters, now that the pools hold real ids.
    for (const who of ['office', 'secretary'] as Who[]) {
      for (const op of ops.filter((x) => hasPathParams(x) && x.path !== '/api/auth/logout')) {
        const realPath = fillPath(op, who, (name, seg) => realId(who, name, seg));
        if (realPath.includes(String(UNKNOWN_ID))) continue; // round 1 sent exactly this
        if (!op.body) {
          await send(who, op, realPath + queryString(op, who), null, 'round 2 plausible');
          continue;
        }
        for (const v of bodyVariants(op, who).filter((x) => /plausible|unknown|numbers 2\^31$/.test(x.note))) {
          await send(
            who,
            op,
            realPath + queryString(op, who),
            v.raw !== undefined ? { raw: v.raw } : { json: v.json },
            `round 2 ${v.note}`,
          );
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz: ${ops.length} routes, ${sent} requests in ${seconds.toFixed(1)} s; pools: ${Object.entries(harvested)
        .map(([k, v]) => `${k}:${v.length}`)
        .join(' ')}`,
    );
    expect(failures, failures.join('\n')).toEqual([]);
    expect(sent).toBeLessThan(6000);
    // Nothing hostile got into the chain unnoticed.
    const chain = await verifyAuditChain(h.db.db);
    expect(chain, JSON.stringify(chain)).toMatchObject({ ok: true });
  }, 300_000);

  it('refuses NUL and lone surrogates with a translated field error; the public pages answer an HTML page', async () => {
    const office = clients.office!;
    const r = await office.patch(`/api/orgs/${o.town}`, { name: '镇\u0000党委' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({
      code: 'VALIDATION',
      details: [{ path: 'name', message: '含有无法保存的字符（空字符或残缺的 Unicode 字符），请删除后重试' }],
    });
    const nested = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"username":"a\\ud800b","password":"x"}',
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details).toEqual([
      {
        path: 'username',
        message:
          'Contains characters that cannot be saved (a NUL character or a broken Unicode character); remove them and try again',
      },
    ]);
    const q = await office.get(`/api/members?org=${o.br1}&q=a%00b`);
    expect(q.statusCode).toBe(400);
    expect(q.json().error.details[0].path).toBe('q');
    const big = await office.get('/api/orgs/2147483648');
    expect(big.statusCode).toBe(400);
    expect(big.json().error.details).toEqual([{ path: 'id', message: '不能大于 2147483647' }]);
    const page = await h.app.inject({ method: 'GET', url: `/p/disclosures?org=${o.br1}&lang=a%00b` });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('提交的内容有误');
    const badUrl = await h.app.inject({ method: 'GET', url: '/p/disclosures/%ED%A0%80' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toContain('text/html');
    const badApiUrl = await office.get('/api/orgs/%ED%A0%80');
    expect(badApiUrl.statusCode).toBe(400);
    expect(badApiUrl.json().error.code).toBe('VALIDATION');
    const form = await h.app.inject({
      method: 'POST',
      url: '/p/opinions',
      remoteAddress: '203.0.113.250',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `org=${o.br1}&group=masses&content=${encodeURIComponent('村里的路灯\u0000坏了三个月')}`,
    });
    expect(form.statusCode).toBe(400);
    expect(form.headers['content-type']).toContain('text/html');
  });

  it('the safety net maps what the database refuses (real errors of this engine) to 4xx, and nothing else', async () => {
    const refusal = async (q: ReturnType<typeof sql>) => {
      try {
        await q.execute(h.db.db);
      } catch (e) {
        const mapped = databaseInputError(e, 'zh-CN');
        // Its messages and params are catalogue keys; compare them as the error handler answers them.
        return (
          mapped && {
            code: mapped.code,
            status: mapped.status,
            details: localizeError(mapped, 'zh-CN').details,
            params: localizeParams('zh-CN', mapped.params),
          }
        );
      }
      throw new Error('the statement did not fail');
    };
    const overflow = await refusal(sql`SELECT ${'2147483648'}::int AS n`);
    expect(overflow).toMatchObject({
      code: 'VALIDATION',
      status: 400,
      details: [{ path: '', message: '数值超出允许范围' }],
    });
    expect(await refusal(sql`SELECT 'abc'::int AS n`)).toMatchObject({ code: 'VALIDATION', status: 400 });
    expect(await refusal(sql`SELECT ${'9999-99-99'}::date AS d`)).toMatchObject({ code: 'VALIDATION', status: 400 });
    expect(await refusal(sql`SELECT ${'{"a":"\\u0000"}'}::jsonb AS j`)).toMatchObject({
      code: 'VALIDATION',
      details: [{ message: '含有无法保存的字符（空字符或残缺的 Unicode 字符），请删除后重试' }],
    });
    const fk = await refusal(
      sql`INSERT INTO grants (user_id, role, org_id) VALUES (${UNKNOWN_ID}, 'office', ${o.br1})`,
    );
    expect(fk).toMatchObject({
      code: 'CONFLICT',
      status: 409,
      params: { what: '所引用的记录不存在，或仍被其他记录引用' },
    });
    const dup = await refusal(
      sql`INSERT INTO users (username, display_name, password_hash) VALUES ('fz-office', 'x', 'x')`,
    );
    expect(dup).toMatchObject({ code: 'CONFLICT', params: { what: '已存在相同的记录' } });
    expect(await refusal(sql`SELECT * FROM no_such_table`)).toBeNull();
    expect(databaseInputError(new Error('plain'), 'en')).toBeNull();
    dbRefusals.length = 0;
  });

  it('imports refuse hostile text in cells without a database error', async () => {
    failures.length = 0;
    const office = clients.office!;
    const upload = async (url: string, header: string[], rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(header);
      for (const row of rows) ws.addRow(row);
      const res = await office.upload(url, 'fz.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      record(`office POST ${url} xlsx cells`, res);
      return res;
    };
    for (const bad of [NUL, SURROGATE, 'x_x0000_y']) {
      await upload(
        `/api/members/import?org=${o.district}`,
        ['序号', '姓名', '性别', '出生日期', '身份证号', '手机号', '党员类别', '特殊类型', '入党日期', '所属支部'],
        [[1, `周${bad}明`, '男', '1975-04-01', '', '13700001111', '普通党员', '', '1999-07-01', '一村党支部']],
      );
      await upload(
        `/api/orgs/import?root=${o.district}`,
        ['序号', '组织名称', '组织代码', '组织层级', '组织类别', '上级组织'],
        [[1, `中共${bad}社区支部委员会`, `F${seq++}`, '党支部', '社区', '模糊镇党委']],
      );
      await upload(
        `/api/opinions/import?org=${o.br1}`,
        ['序号', '征求渠道', '提出人类别', '姓名', '联系方式', '意见建议内容'],
        [[1, '来信', '群众', `王${bad}`, '', `村里的路灯${bad}坏了三个月没人修`]],
      );
      await upload(
        `/api/orgs/${o.br1}/ledger/import`,
        ['序号', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '完成情况'],
        [[1, `调研${bad}不深入`, '每月调研', '刘局长', '王五', '2026年5月底前', '']],
      );
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect((await verifyAuditChain(h.db.db)).ok).toBe(true);
  });
});
