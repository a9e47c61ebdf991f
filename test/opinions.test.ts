import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import type { ConvertResult, OpinionDetailView, OpinionPage, ReceiptView } from '../src/shared/opinions.ts';
import { RECEIPT_ALPHABET } from '../src/shared/opinions.ts';

/**
 *  city
 *  ├─ countyA ── townA1 ─┬─ brA1a
 *  │                     └─ brA1b
 *  └─ countyB ── brB1
 */
describe('opinions: public form, receipts, anonymity, rate limit, staff entry and triage', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let secA1a: Client; // unit_admin @ brA1a
  let officeA: Client; // office @ countyA
  let supA: Client; // supervisor @ countyA
  let memA1a: Client; // member @ brA1a
  let outsider: Client; // unit_admin @ brB1
  let ipSeq = 10;
  /** Each test posts from an address of its own, so the rate limit only bites where it is meant to. */
  const freshIp = () => `203.0.113.${ipSeq++}`;

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const postForm = (fields: Record<string, string>, ip: string, headers: Record<string, string> = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/p/opinions',
      remoteAddress: ip,
      payload: form(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  const postJson = (body: unknown, ip: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: '/api/public/opinions', remoteAddress: ip, payload: body as object, headers });
  const count = async (table: 'opinions' | 'audit_events' | 'problems' | 'opinion_problems') =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const codeIn = (html: string) => {
    const m = html.match(new RegExp(`class="code">([${RECEIPT_ALPHABET}]{5})-([${RECEIPT_ALPHABET}]{5})<`));
    if (!m) throw new Error(`no receipt code in page: ${html.slice(0, 300)}`);
    return m[1] + m[2];
  };
  const row = (code: string) =>
    h.db.db.selectFrom('opinions').selectAll().where('receipt_code', '=', code).executeTakeFirstOrThrow();
  const enter = (c: Client, body: Record<string, unknown>) =>
    c.post('/api/opinions', { channel: 'letter', group: 'masses', content: '村里的路灯坏了三个月没人修。', ...body });

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共意见市委员会')).id;
    o.countyA = (await buildOrg(h, o.city, 'county', '甲县委')).id;
    o.countyB = (await buildOrg(h, o.city, 'county', '乙县委')).id;
    o.townA1 = (await buildOrg(h, o.countyA, 'township', '甲一镇党委')).id;
    o.brA1a = (await buildOrg(h, o.townA1, 'branch', '甲一村党支部')).id;
    o.brA1b = (await buildOrg(h, o.townA1, 'branch', '甲二村党支部')).id;
    o.brB1 = (await buildOrg(h, o.countyB, 'branch', '乙一村党支部')).id;
    await buildUser(h, 'secA1a', [{ role: 'unit_admin', orgId: o.brA1a }]);
    await buildUser(h, 'officeA', [{ role: 'office', orgId: o.countyA }]);
    await buildUser(h, 'supA', [{ role: 'supervisor', orgId: o.countyA }]);
    await buildUser(h, 'memA1a', [{ role: 'member', orgId: o.brA1a }]);
    await buildUser(h, 'outsider', [{ role: 'unit_admin', orgId: o.brB1 }]);
    [secA1a, officeA, supA, memA1a, outsider] = await Promise.all(
      ['secA1a', 'officeA', 'supA', 'memA1a', 'outsider'].map((u) => login(h, u)),
    );
  });
  afterAll(async () => h?.close());

  it('shows the public form without a session: org name, groups, honeypot, no script; Chinese first, English on request', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/p/opinions/new?org=${o.brA1a}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('向“甲一村党支部”提意见建议');
    expect(res.body).toContain('name="website"');
    expect(res.body).toContain('<option value="deputies">两代表一委员</option>');
    expect(res.body).not.toContain('<script');
    expect(res.body.length).toBeLessThan(12_000);
    const en = await h.app.inject({ method: 'GET', url: `/p/opinions/new?org=${o.brA1a}&lang=en` });
    expect(en.body).toContain('Opinions and suggestions to &quot;甲一村党支部&quot;');
    const accept = await h.app.inject({
      method: 'GET',
      url: `/p/opinions/new?org=${o.brA1a}`,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(accept.body).toContain('<html lang="en">');
    expect((await h.app.inject({ method: 'GET', url: '/p/opinions/new?org=abc' })).statusCode).toBe(400);
    const missing = await h.app.inject({ method: 'GET', url: '/p/opinions/new?org=999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('没有找到该组织');
  });

  it('takes a submission, answers a receipt code, and the code shows the status — never the name or contact', async () => {
    const before = await count('opinions');
    const res = await postForm(
      {
        org: String(o.brA1a),
        group: 'masses',
        content: '希望村务公开栏及时更新，现在还是去年的内容。',
        name: '王群众',
        contact: '13900001111',
      },
      freshIp(),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('提交成功');
    const code = codeIn(res.body);
    expect(code).toHaveLength(10);
    expect(await count('opinions')).toBe(before + 1);
    const r = await row(code);
    expect(r).toMatchObject({
      org_id: o.brA1a,
      channel: 'online',
      submitter_group: 'masses',
      anonymous: false,
      submitter_name: '王群众',
      submitter_contact: '13900001111',
      created_by: null,
      status: 'new',
    });

    // Looked up in lower case with a dash, as people type it.
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    const page = await h.app.inject({ method: 'GET', url: `/p/receipt?code=${encodeURIComponent(typed)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('已受理，正在办理');
    expect(page.body).toContain('甲一村党支部');
    expect(page.body).not.toContain('王群众');
    expect(page.body).not.toContain('13900001111');
    expect(page.headers['cache-control']).toBe('no-store');
    const json = await h.app.inject({ method: 'GET', url: `/api/public/receipts/${code}` });
    expect(json.statusCode).toBe(200);
    const view = json.json() as ReceiptView;
    expect(view).toMatchObject({ code, orgName: '甲一村党支部', status: 'new', answer: null, problems: [] });
    expect(JSON.stringify(view)).not.toMatch(/王群众|13900001111/);
    // Unknown and malformed codes.
    const unknown = await h.app.inject({ method: 'GET', url: '/p/receipt?code=ABCDEFGHJK' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('没有找到回执码');
    expect((await h.app.inject({ method: 'GET', url: '/api/public/receipts/nonsense' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/p/receipt' })).statusCode).toBe(200);
  });

  it('anonymous: no name, contact, account or address stored — in the opinion or in the audit chain', async () => {
    const ip = '198.51.100.77';
    const res = await postForm(
      {
        org: String(o.brA1a),
        group: 'retired_cadres',
        content: '个别干部上班时间玩手机，群众办事要等很久。',
        anonymous: '1',
        name: '李实名',
        contact: '13712345678',
      },
      ip,
      { 'user-agent': 'TestPhone/1.0' },
    );
    expect(res.statusCode, res.body).toBe(200);
    const code = codeIn(res.body);
    const r = await row(code);
    expect(r).toMatchObject({
      anonymous: true,
      submitter_name: null,
      submitter_contact: null,
      created_by: null,
      submitter_group: 'retired_cadres',
    });
    const rowText = JSON.stringify(r);
    for (const s of [ip, '李实名', '13712345678', 'TestPhone']) expect(rowText).not.toContain(s);
    const events = await h.db.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'opinion')
      .where('entity_id', '=', String(r.id))
      .execute();
    expect(events.map((e) => e.action)).toEqual(['opinion.submit']);
    expect(events[0]).toMatchObject({ actor_id: null, actor_name: 'public' });
    expect(events[0].after).toMatchObject({ anonymous: true, hasName: false, hasContact: false });
    // Nowhere in the whole audit chain, nor in the JSON twin's submission.
    const json = await postJson(
      { org: o.brA1a, content: '建议增加便民服务时间。', anonymous: true, name: '张实名' },
      ip,
    );
    expect(json.statusCode, json.body).toBe(201);
    const jr = await row(json.json().code);
    expect(jr).toMatchObject({ anonymous: true, submitter_name: null, created_by: null });
    const all = JSON.stringify(await h.db.db.selectFrom('audit_events').selectAll().execute());
    for (const s of [ip, '李实名', '13712345678', '张实名']) expect(all).not.toContain(s);
    expect(JSON.stringify(await h.db.db.selectFrom('opinions').selectAll().execute())).not.toContain(ip);
  });

  it('rate-limits per address: the 6th quick submission is refused (429, translated), others are not affected', async () => {
    const ip = '192.0.2.66';
    const before = await count('opinions');
    for (let i = 1; i <= 5; i++) {
      const res = await postForm({ org: String(o.brA1b), content: `第${i}条意见：希望加强学习教育。` }, ip);
      expect(res.statusCode, `submission ${i}`).toBe(200);
    }
    const sixth = await postForm({ org: String(o.brA1b), content: '第6条意见：希望加强学习教育。' }, ip);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.body).toContain('提交过于频繁，请 10 分钟后再试。');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    const en = await postForm({ org: String(o.brA1b), content: 'Sixth opinion, in English.', lang: 'en' }, ip);
    expect(en.statusCode).toBe(429);
    expect(en.body).toContain('Too many submissions; please try again in 10 minutes.');
    const json = await postJson({ org: o.brA1b, content: '第7条意见：希望加强学习教育。' }, ip);
    expect(json.statusCode).toBe(429);
    expect(json.json().error.code).toBe('RATE_LIMITED');
    expect(await count('opinions')).toBe(before + 5);
    expect((await postForm({ org: String(o.brA1b), content: '另一位群众的意见建议。' }, freshIp())).statusCode).toBe(
      200,
    );
  });

  it('honeypot filled: pretends success, stores nothing', async () => {
    const before = { opinions: await count('opinions'), audit: await count('audit_events') };
    const res = await postForm(
      { org: String(o.brA1a), content: 'Buy cheap watches at our site!!!', website: 'http://spam.example' },
      freshIp(),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('提交成功');
    const code = codeIn(res.body);
    expect({ opinions: await count('opinions'), audit: await count('audit_events') }).toEqual(before);
    expect((await h.app.inject({ method: 'GET', url: `/api/public/receipts/${code}` })).statusCode).toBe(404);
    const json = await postJson({ org: o.brA1a, content: 'Buy cheap watches!!!', website: 'x' }, freshIp());
    expect(json.statusCode).toBe(201);
    expect(await count('opinions')).toBe(before.opinions);
  });

  it('refuses bad input with a clear error, keeps what was typed, and stores nothing', async () => {
    const before = await count('opinions');
    const ip = freshIp();
    const long = '长'.repeat(2001);
    const tooLong = await postForm({ org: String(o.brA1a), content: long, name: '赵某' }, ip);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('意见内容应为 5 至 2000 个字（现为 2001 个字）');
    expect(tooLong.body).toContain(long); // the typed text is kept in the form
    expect(tooLong.body).toContain('value="赵某"');
    const empty = await postForm({ org: String(o.brA1a), content: '   ' }, ip);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('意见内容应为 5 至 2000 个字');
    const short = await postForm({ org: String(o.brA1a), content: '<b>', lang: 'en' }, ip);
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('The opinion must be 5 to 2000 characters long');
    expect(short.body).toContain('>&lt;b&gt;</textarea>'); // escaped, not markup
    const badGroup = await postForm({ org: String(o.brA1a), content: '正常的意见内容。', group: 'admins' }, ip);
    expect(badGroup.statusCode).toBe(400);
    const badOrg = await postForm({ org: 'abc', content: '正常的意见内容。' }, ip);
    expect(badOrg.statusCode).toBe(400);
    expect(badOrg.body).toContain('缺少有效的组织编号');
    const noOrg = await postForm({ org: '999999', content: '正常的意见内容。' }, ip);
    expect(noOrg.statusCode).toBe(404);
    const asJson = await h.app.inject({
      method: 'POST',
      url: '/p/opinions',
      remoteAddress: ip,
      payload: { org: o.brA1a, content: '正常的意见内容。' },
    });
    expect(asJson.statusCode).toBe(415);
    expect(asJson.body).toContain('请通过页面上的表单提交');
    const asText = await h.app.inject({
      method: 'POST',
      url: '/p/opinions',
      remoteAddress: ip,
      payload: 'org=1&content=hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(asText.statusCode).toBe(415);
    const huge = await postForm({ org: String(o.brA1a), content: '大'.repeat(30_000) }, ip);
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('text/html');
    expect(huge.body).toContain('提交的内容过长（上限 64 KB）');
    // The JSON twin: translated field errors, 413 in the API's error shape.
    const jLong = await postJson({ org: o.brA1a, content: long }, ip);
    expect(jLong.statusCode).toBe(400);
    expect(jLong.json().error).toMatchObject({
      code: 'VALIDATION',
      details: [{ path: 'content', message: '意见内容应为 5 至 2000 个字' }],
    });
    const jHuge = await postJson({ org: o.brA1a, content: 'x'.repeat(70_000) }, ip);
    expect(jHuge.statusCode).toBe(413);
    expect(jHuge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const jBadOrg = await postJson({ org: 'abc', content: '正常的意见内容。' }, ip);
    expect(jBadOrg.statusCode).toBe(400);
    const jNoOrg = await postJson({ org: 999999, content: '正常的意见内容。' }, ip);
    expect(jNoOrg.statusCode).toBe(404);
    const jSyntax = await h.app.inject({
      method: 'POST',
      url: '/api/public/opinions',
      remoteAddress: ip,
      payload: '{"org":',
      headers: { 'content-type': 'application/json' },
    });
    expect(jSyntax.statusCode).toBe(400);
    expect(await count('opinions')).toBe(before);
    // NUL, which PostgreSQL cannot store, is refused at the edge with a translated field error;
    // other control characters are dropped.
    const nul = await postJson({ org: o.brA1a, content: '意见\u0000内容\u0007正常。' }, ip);
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().error.details).toEqual([
      { path: 'content', message: '含有无法保存的字符（空字符或残缺的 Unicode 字符），请删除后重试' },
    ]);
    const ctl = await postJson({ org: o.brA1a, content: '意见内容\u0007正常。' }, ip);
    expect(ctl.statusCode, ctl.body).toBe(201);
    expect((await row(ctl.json().code)).content).toBe('意见内容正常。');
  });

  it('public routes ask for no session or CSRF token, even when a staff cookie comes along', async () => {
    const res = await postJson({ org: o.brA1a, content: '干部带着会话 cookie 提交的意见。' }, freshIp(), {
      cookie: secA1a.cookie,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await row(res.json().code)).created_by).toBeNull();
    // …while the staff API still insists on the token.
    const noCsrf = await h.app.inject({
      method: 'POST',
      url: '/api/opinions',
      headers: { cookie: secA1a.cookie },
      payload: { orgId: o.brA1a, channel: 'letter', group: 'masses', content: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF');
  });

  it('staff enter opinions per channel and group for orgs in scope; anonymous entries keep no account', async () => {
    const res = await enter(secA1a, {
      orgId: o.brA1a,
      channel: 'symposium',
      group: 'deputies',
      name: '人大代表刘某',
      contact: '0571-88888888',
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as OpinionDetailView;
    expect(d).toMatchObject({
      orgId: o.brA1a,
      channel: 'symposium',
      group: 'deputies',
      anonymous: false,
      submitterName: '人大代表刘某',
      status: 'new',
      enteredBy: 'secA1a',
    });
    expect(d.receiptCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    const anon = await enter(officeA, { orgId: o.brA1a, channel: 'box', group: 'anonymous', name: '不该保存' });
    expect(anon.statusCode).toBe(201);
    const ar = await h.db.db
      .selectFrom('opinions')
      .selectAll()
      .where('id', '=', anon.json().id)
      .executeTakeFirstOrThrow();
    expect(ar).toMatchObject({
      anonymous: true,
      submitter_name: null,
      submitter_contact: null,
      created_by: null,
      channel: 'box',
    });
    // Out of scope: 404, nothing written, the attempt audited. In scope without the role: 403.
    const before = await count('opinions');
    const denied = await enter(secA1a, { orgId: o.brB1 });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.code).toBe('NOT_FOUND');
    expect((await enter(memA1a, { orgId: o.brA1a })).statusCode).toBe(403);
    expect((await enter(secA1a, { orgId: o.brA1a, channel: 'pigeon' })).statusCode).toBe(400);
    expect(await count('opinions')).toBe(before);
    const audited = await h.db.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'access.denied')
      .where('entity_type', '=', 'org')
      .where('entity_id', '=', String(o.brB1))
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('lists a subtree with filters and keyset paging; supervisors read without personal data; others see nothing', async () => {
    const all = (await officeA.get(`/api/opinions?org=${o.countyA}&limit=200`)).json() as OpinionPage;
    expect(all.items.length).toBeGreaterThan(5);
    expect(all.items.every((i) => [o.brA1a, o.brA1b].includes(i.orgId))).toBe(true);
    expect(all.items.map((i) => i.id)).toEqual([...all.items.map((i) => i.id)].sort((a, b) => b - a));
    // Keyset paging walks the same list.
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: OpinionPage = (
        await officeA.get(`/api/opinions?org=${o.countyA}&limit=3${after ? `&after=${after}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(all.items.map((i) => i.id));
    // A key this server did not hand out is a field error on `after`, not a page.
    const bad = await officeA.get(`/api/opinions?org=${o.countyA}&after=12`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'after', message: '翻页位置无效，请从第一页重新加载' }]);
    const sym = (
      await officeA.get(`/api/opinions?org=${o.countyA}&channel=symposium&group=deputies`)
    ).json() as OpinionPage;
    expect(sym.items.map((i) => i.submitterName)).toEqual(['人大代表刘某']);
    const q = (
      await officeA.get(`/api/opinions?org=${o.countyA}&q=${encodeURIComponent('村务公开')}`)
    ).json() as OpinionPage;
    expect(q.items).toHaveLength(1);
    expect(
      (await officeA.get(`/api/opinions?org=${o.countyA}&q=${q.items[0].receiptCode.toLowerCase()}`))
        .json()
        .items.map((i: { id: number }) => i.id),
    ).toEqual([q.items[0].id]);
    expect(
      (await officeA.get(`/api/opinions?org=${o.brA1b}&status=new`))
        .json()
        .items.every((i: { orgId: number }) => i.orgId === o.brA1b),
    ).toBe(true);
    expect((await officeA.get(`/api/opinions?org=${o.countyA}&q=${encodeURIComponent('100%_')}`)).json().items).toEqual(
      [],
    );
    // A supervisor reads, but not who said it.
    const sup = (await supA.get(`/api/opinions?org=${o.countyA}&channel=symposium`)).json() as OpinionPage;
    expect(sup.items[0]).toMatchObject({ submitterName: null, submitterContact: null });
    // What each may do at the org and with each row, from the server.
    expect(all.abilities).toEqual({ create: true, import: true, triage: true });
    expect(sup.abilities).toEqual({ create: false, import: false, triage: false });
    expect(sup.items[0].abilities).toMatchObject({ triage: false, answer: false, viewSubmitter: false });
    expect(sym.items[0].abilities).toMatchObject({ viewSubmitter: true });
    // Default scope: the actor's grants.
    expect(
      ((await secA1a.get('/api/opinions?limit=200')).json() as OpinionPage).items.every((i) => i.orgId === o.brA1a),
    ).toBe(true);
    expect(((await outsider.get('/api/opinions')).json() as OpinionPage).items).toEqual([]);
    expect((await outsider.get(`/api/opinions?org=${o.countyA}`)).statusCode).toBe(404);
    expect((await memA1a.get(`/api/opinions?org=${o.brA1a}`)).statusCode).toBe(403);
    expect((await outsider.get(`/api/opinions/${all.items[0].id}`)).statusCode).toBe(404);
  });

  const newOpinion = async (content: string, orgId = o.brA1a) => {
    const res = await enter(orgId === o.brA1a ? secA1a : officeA, { orgId, content, name: '提意见的人' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as OpinionDetailView;
  };

  it('merges duplicates: they point at the target, which lists them; a merged opinion cannot move again', async () => {
    const a = await newOpinion('食堂饭菜价格偏高。');
    const b = await newOpinion('食堂饭菜太贵了。');
    const c = await newOpinion('食堂价格高。');
    const res = await secA1a.post('/api/opinions/merge', { into: a.id, ids: [b.id] });
    expect(res.statusCode, res.body).toBe(200);
    // c merges into b (already merged) → refused; c merges into a → fine.
    const again = await secA1a.post('/api/opinions/merge', { into: c.id, ids: [b.id] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'OPINION_TRANSITION',
      message: `意见（编号 ${b.id}）当前状态为“已合并”，不能执行“合并”。`,
    });
    expect((await secA1a.post('/api/opinions/merge', { into: c.id, ids: [c.id] })).json().error.code).toBe(
      'OPINION_MERGE_SELF',
    );
    const d = (await secA1a.post('/api/opinions/merge', { into: a.id, ids: [c.id] })).json() as OpinionDetailView;
    expect(d.merged.map((m) => m.id)).toEqual([b.id, c.id]);
    // Abilities follow OPINION_TRANSITIONS: the target still moves and takes duplicates; a merged one does neither.
    expect(d.abilities).toEqual({
      triage: true,
      merge: true,
      mergeInto: true,
      convert: true,
      answer: true,
      decline: true,
      viewSubmitter: true,
    });
    const merged = (await secA1a.get(`/api/opinions/${b.id}`)).json() as OpinionDetailView;
    expect(merged.abilities).toEqual({
      triage: false,
      merge: false,
      mergeInto: false,
      convert: false,
      answer: false,
      decline: false,
      viewSubmitter: true,
    });
    const rows = await h.db.db
      .selectFrom('opinions')
      .select(['id', 'status', 'merged_into'])
      .where('id', 'in', [a.id, b.id, c.id])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: a.id, status: 'new', merged_into: null },
      { id: b.id, status: 'merged', merged_into: a.id },
      { id: c.id, status: 'merged', merged_into: a.id },
    ]);
    const other = await newOpinion('食堂饭菜太贵。', o.brA1b);
    const mismatch = await officeA.post('/api/opinions/merge', { into: a.id, ids: [other.id] });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().error.code).toBe('OPINION_ORG_MISMATCH');
    // The merged opinion's receipt follows the target: answered there, answered here.
    await secA1a.post(`/api/opinions/${a.id}/answer`, { answer: '已与食堂承包方协商，下月起价格下调一成。' });
    const receipt = (
      await h.app.inject({ method: 'GET', url: `/api/public/receipts/${b.receiptCode}` })
    ).json() as ReceiptView;
    expect(receipt).toMatchObject({
      status: 'merged',
      mergedInto: { status: 'answered', answer: '已与食堂承包方协商，下月起价格下调一成。' },
    });
    const page = await h.app.inject({ method: 'GET', url: `/p/receipt?code=${b.receiptCode}` });
    expect(page.body).toContain('合并办理');
    expect(page.body).toContain('下月起价格下调一成');
    const audits = await h.db.db
      .selectFrom('audit_events')
      .select(['entity_id'])
      .where('action', '=', 'opinion.merge')
      .execute();
    expect(audits.map((e) => e.entity_id)).toEqual(expect.arrayContaining([String(b.id), String(c.id)]));
  });

  it('converts two opinions into ONE draft problem (source opinion, linked, numbered, counted)', async () => {
    const a = await newOpinion('村委会办事要跑好几趟。');
    const b = await newOpinion('盖个章要等一个星期。');
    const before = { problems: await count('problems') };
    const res = await secA1a.post('/api/opinions/convert', {
      ids: [a.id, b.id],
      category: 'bureaucratism',
      kind: 'immediate',
    });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as ConvertResult;
    expect(out.opinionIds).toEqual([a.id, b.id]);
    expect(await count('problems')).toBe(before.problems + 1);
    const p = await h.db.db
      .selectFrom('problems')
      .selectAll()
      .where('id', '=', out.problemId)
      .executeTakeFirstOrThrow();
    expect(p).toMatchObject({
      org_id: o.brA1a,
      source: 'opinion',
      status: 'draft',
      category: 'bureaucratism',
      kind: 'immediate',
      seq: out.seq,
    });
    expect(p.description).toBe('1. 村委会办事要跑好几趟。\n2. 盖个章要等一个星期。');
    const links = await h.db.db
      .selectFrom('opinion_problems')
      .selectAll()
      .where('problem_id', '=', out.problemId)
      .orderBy('opinion_id')
      .execute();
    expect(links.map((l) => l.opinion_id)).toEqual([a.id, b.id]);
    const statuses = await h.db.db.selectFrom('opinions').select('status').where('id', 'in', [a.id, b.id]).execute();
    expect(statuses.every((s) => s.status === 'converted')).toBe(true);
    const events = await h.db.db
      .selectFrom('problem_events')
      .selectAll()
      .where('problem_id', '=', out.problemId)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', to_status: 'draft', actor_name: 'secA1a' });
    // Counters: the branch and every ancestor count one draft problem of that category and kind.
    const stats = await h.db.db
      .selectFrom('problem_stats')
      .select(['org_id', 'n'])
      .where('status', '=', 'draft')
      .where('category', '=', 'bureaucratism')
      .where('kind', '=', 'immediate')
      .execute();
    const byOrg = Object.fromEntries(stats.map((s) => [s.org_id, s.n]));
    for (const org of [o.brA1a, o.townA1, o.countyA, o.city]) expect(byOrg[org], `org ${org}`).toBe(1);
    expect(byOrg[o.brA1b] ?? 0).toBe(0);
    expect(
      await h.db.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'problem.create')
        .where('entity_id', '=', String(out.problemId))
        .execute(),
    ).toHaveLength(1);
    // Detail and receipt show the problem.
    const d = (await secA1a.get(`/api/opinions/${a.id}`)).json() as OpinionDetailView;
    expect(d.problems).toEqual([expect.objectContaining({ id: out.problemId, status: 'draft', seq: out.seq })]);
    const receipt = await h.app.inject({ method: 'GET', url: `/p/receipt?code=${a.receiptCode}` });
    expect(receipt.body).toContain('已列入问题整改清单');
    expect(receipt.body).toContain('立行立改');
    // Converting again, or opinions of two orgs together, is refused and changes nothing.
    const again = await secA1a.post('/api/opinions/convert', { ids: [a.id], category: 'other', kind: 'phased' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('OPINION_TRANSITION');
    const c = await newOpinion('另一个支部的意见。', o.brA1b);
    const e = await newOpinion('本支部的意见。');
    const mixed = await officeA.post('/api/opinions/convert', { ids: [c.id, e.id], category: 'other', kind: 'phased' });
    expect(mixed.statusCode).toBe(409);
    expect(mixed.json().error.code).toBe('OPINION_ORG_MISMATCH');
    expect(await count('problems')).toBe(before.problems + 1);
    // A description given replaces the default.
    const own = (
      await officeA.post('/api/opinions/convert', {
        ids: [e.id],
        category: 'service',
        kind: 'phased',
        description: '便民服务不到位',
      })
    ).json() as ConvertResult;
    expect(
      (
        await h.db.db
          .selectFrom('problems')
          .select('description')
          .where('id', '=', own.problemId)
          .executeTakeFirstOrThrow()
      ).description,
    ).toBe('便民服务不到位');
  });

  it('answers, and declines only with a reason; moves out of new are refused', async () => {
    const a = await newOpinion('建议开展党员志愿服务。');
    const res = await secA1a.post(`/api/opinions/${a.id}/answer`, { answer: '感谢建议，已纳入下月主题党日。' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'answered', answer: '感谢建议，已纳入下月主题党日。' });
    const twice = await secA1a.post(`/api/opinions/${a.id}/decline`, { reason: '重复' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe(`意见（编号 ${a.id}）当前状态为“已答复”，不能执行“不予采纳”。`);
    const page = await h.app.inject({ method: 'GET', url: `/p/receipt?code=${a.receiptCode}&lang=en` });
    expect(page.body).toContain('Answered');
    expect(page.body).toContain('感谢建议，已纳入下月主题党日。');

    const b = await newOpinion('建议把党员活动室改成麻将室。');
    const noReason = await secA1a.post(`/api/opinions/${b.id}/decline`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([{ path: 'reason', message: '不予采纳时须填写理由' }]);
    const blank = await secA1a.post(`/api/opinions/${b.id}/decline`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(
      (await h.db.db.selectFrom('opinions').select('status').where('id', '=', b.id).executeTakeFirstOrThrow()).status,
    ).toBe('new');
    const ok = await secA1a.post(`/api/opinions/${b.id}/decline`, { reason: '党员活动室须保持公益用途。' });
    expect(ok.json()).toMatchObject({ status: 'declined', answer: '党员活动室须保持公益用途。' });
    const receipt = (
      await h.app.inject({ method: 'GET', url: `/api/public/receipts/${b.receiptCode}` })
    ).json() as ReceiptView;
    expect(receipt).toMatchObject({ status: 'declined', answer: '党员活动室须保持公益用途。' });
    const events = await h.db.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('entity_type', '=', 'opinion')
      .where('entity_id', '=', String(b.id))
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['opinion.create', 'opinion.decline']);
    expect(events[1].after).toMatchObject({ status: 'declined', reason: '党员活动室须保持公益用途。' });
  });

  it('refuses triage out of scope (404, audited, nothing changed) and without the role (403)', async () => {
    const a = await newOpinion('范围之外的人不能处理这条意见。');
    const b = await newOpinion('同上。');
    const before = { problems: await count('problems'), links: await count('opinion_problems') };
    for (const [url, body] of [
      [`/api/opinions/${a.id}/answer`, { answer: 'x' }],
      [`/api/opinions/${a.id}/decline`, { reason: 'x' }],
      ['/api/opinions/convert', { ids: [a.id], category: 'other', kind: 'phased' }],
      ['/api/opinions/merge', { into: a.id, ids: [b.id] }],
    ] as const) {
      const res = await outsider.post(url, body);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await supA.post(`/api/opinions/${a.id}/answer`, { answer: 'x' })).statusCode).toBe(403);
    expect((await memA1a.post(`/api/opinions/${a.id}/answer`, { answer: 'x' })).statusCode).toBe(403);
    const rows = await h.db.db
      .selectFrom('opinions')
      .select(['status', 'answer', 'merged_into'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    expect(rows.every((r) => r.status === 'new' && r.answer === null && r.merged_into === null)).toBe(true);
    expect({ problems: await count('problems'), links: await count('opinion_problems') }).toEqual(before);
    const denied = await h.db.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'access.denied')
      .where('entity_type', '=', 'opinion')
      .where('entity_id', '=', String(a.id))
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(3);
    // An unknown id is the same 404.
    expect((await secA1a.post('/api/opinions/99999999/answer', { answer: 'x' })).statusCode).toBe(404);
  });
});
