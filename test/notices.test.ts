import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import type { NoticeDetailView, NoticePage, NoticeReceiptsView } from '../src/shared/notices.ts';

/**
 *  city
 *  ├─ countyA ─┬─ townA1 ─┬─ brA1a
 *  │           │          └─ brA1b
 *  │           └─ townA2 ─┬─ gbA2 ── brA2x
 *  │                      └─ brA2b
 *  └─ countyB ── townB1 ── brB1a
 */
describe('notices: sending, scope, inbox, attachments, read receipts', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let officeA: Client; // office @ countyA: sends
  let cityOffice: Client; // office @ city: above the sender
  let secA1a: Client; // unit_admin @ brA1a
  let memA1a: Client; // member @ brA1a: a second reader of the same org
  let townUser: Client; // supervisor @ townA1 and unit_admin @ brA1b: two recipient orgs
  let memberA: Client; // member @ countyA: sending side, not an office
  let outsider: Client; // unit_admin @ brB1a
  let subtreeNotice: number;
  const A_SUBTREE = () => [o.townA1, o.brA1a, o.brA1b, o.townA2, o.gbA2, o.brA2x, o.brA2b];

  const count = async (table: 'notices' | 'notice_recipients' | 'attachments') =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const recipientsOf = async (id: number) =>
    await h.db.db
      .selectFrom('notice_recipients')
      .select(['org_id', 'child_org_id', 'read_at', 'read_by'])
      .where('notice_id', '=', id)
      .orderBy('org_id')
      .execute();
  const send = (c: Client, body: Record<string, unknown>) =>
    c.post('/api/notices', {
      kind: 'notice',
      title: '关于开展专题学习的通知',
      body: '<p>请各单位按时完成。</p>',
      ...body,
    });

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共通知市委员会')).id;
    o.countyA = (await buildOrg(h, o.city, 'county', '甲县委')).id;
    o.countyB = (await buildOrg(h, o.city, 'county', '乙县委')).id;
    o.townA1 = (await buildOrg(h, o.countyA, 'township', '甲一镇党委')).id;
    o.townA2 = (await buildOrg(h, o.countyA, 'township', '甲二镇党委')).id;
    o.brA1a = (await buildOrg(h, o.townA1, 'branch', '甲一村党支部')).id;
    o.brA1b = (await buildOrg(h, o.townA1, 'branch', '甲二村党支部')).id;
    o.gbA2 = (await buildOrg(h, o.townA2, 'general_branch', '甲二镇机关党总支')).id;
    o.brA2x = (await buildOrg(h, o.gbA2, 'branch', '机关第一党支部')).id;
    o.brA2b = (await buildOrg(h, o.townA2, 'branch', '甲三村党支部')).id;
    o.townB1 = (await buildOrg(h, o.countyB, 'township', '乙一镇党委')).id;
    o.brB1a = (await buildOrg(h, o.townB1, 'branch', '乙一村党支部')).id;
    await buildUser(h, 'officeA', [{ role: 'office', orgId: o.countyA }]);
    await buildUser(h, 'cityOffice', [{ role: 'office', orgId: o.city }]);
    await buildUser(h, 'secA1a', [{ role: 'unit_admin', orgId: o.brA1a }]);
    await buildUser(h, 'memA1a', [{ role: 'member', orgId: o.brA1a }]);
    await buildUser(h, 'townUser', [
      { role: 'supervisor', orgId: o.townA1 },
      { role: 'unit_admin', orgId: o.brA1b },
    ]);
    await buildUser(h, 'memberA', [{ role: 'member', orgId: o.countyA }]);
    await buildUser(h, 'outsider', [{ role: 'unit_admin', orgId: o.brB1a }]);
    [officeA, cityOffice, secA1a, memA1a, townUser, memberA, outsider] = await Promise.all(
      ['officeA', 'cityOffice', 'secA1a', 'memA1a', 'townUser', 'memberA', 'outsider'].map((u) => login(h, u)),
    );
  });
  afterAll(async () => h?.close());

  it('sends to the whole subtree: one recipient row per active org below the sending org', async () => {
    const res = await send(officeA, {
      orgId: o.countyA,
      docNumber: '甲组通〔2026〕5号',
      audience: 'subtree',
      body: '<p onclick="x()">请认真学习<script>alert(1)</script></p>',
    });
    expect(res.statusCode, res.body).toBe(201);
    const n = res.json() as NoticeDetailView;
    subtreeNotice = n.id;
    expect(n).toMatchObject({
      status: 'sent',
      audience: 'subtree',
      orgId: o.countyA,
      docNumber: '甲组通〔2026〕5号',
      recipientCount: 7,
      readCount: 0,
      body: '<p>请认真学习</p>',
    });
    const rows = await recipientsOf(n.id);
    expect(rows.map((r) => r.org_id)).toEqual(A_SUBTREE().sort((a, b) => a - b));
    // Each row remembers which child of the sending org it lies under.
    const childOf = (id: number) => ([o.townA1, o.brA1a, o.brA1b].includes(id) ? o.townA1 : o.townA2);
    for (const r of rows) expect(r.child_org_id, `org ${r.org_id}`).toBe(childOf(r.org_id));
    const ev = await h.db.db
      .selectFrom('audit_events')
      .select(['after'])
      .where('action', '=', 'notice.send')
      .where('entity_id', '=', String(n.id))
      .executeTakeFirstOrThrow();
    expect(ev.after).toMatchObject({ recipients: 7, audience: 'subtree', docNumber: '甲组通〔2026〕5号' });

    // The branch sees it in its inbox, unread, addressed to its own org.
    const inbox = (await secA1a.get('/api/notices')).json() as NoticePage;
    expect(inbox.items.map((i) => i.id)).toEqual([n.id]);
    expect(inbox.items[0]).toMatchObject({ unread: true, recipients: [{ orgId: o.brA1a, readAt: null }] });
    expect(inbox.unread).toBe(1);
    // Above the sender, the city office reads it (sending side); the neighbouring county cannot.
    expect((await cityOffice.get(`/api/notices/${n.id}`)).statusCode).toBe(200);
    expect((await memberA.get(`/api/notices/${n.id}`)).statusCode).toBe(200);
    const denied = await outsider.get(`/api/notices/${n.id}`);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.code).toBe('NOT_FOUND');
    expect((await outsider.get('/api/notices')).json().items).toEqual([]);
    const audited = await h.db.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'access.denied')
      .where('entity_type', '=', 'notice')
      .where('entity_id', '=', String(n.id))
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('sends to a selection: exactly the orgs picked; others of the subtree cannot read it', async () => {
    const res = await send(officeA, {
      orgId: o.countyA,
      kind: 'tip',
      title: '工作提示',
      audience: 'selection',
      orgIds: [o.townA2, o.brA1b, o.brA1b],
    });
    expect(res.statusCode, res.body).toBe(201);
    const n = res.json() as NoticeDetailView;
    expect(n).toMatchObject({ kind: 'tip', recipientCount: 2 });
    expect(n.selectedOrgs.map((s) => s.id).sort()).toEqual([o.brA1b, o.townA2].sort());
    expect((await recipientsOf(n.id)).map((r) => r.org_id)).toEqual([o.brA1b, o.townA2].sort((a, b) => a - b));
    expect((await townUser.get(`/api/notices/${n.id}`)).statusCode).toBe(200);
    // brA1a was not picked and is not above a recipient: 404.
    expect((await secA1a.get(`/api/notices/${n.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/notices/${n.id}`)).statusCode).toBe(404);
  });

  it('refuses recipients outside the sender’s scope (404, audited, nothing changed) and other bad sends', async () => {
    const before = { notices: await count('notices'), recipients: await count('notice_recipients') };
    const res = await send(officeA, { orgId: o.countyA, audience: 'selection', orgIds: [o.brA1a, o.brB1a] });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect({ notices: await count('notices'), recipients: await count('notice_recipients') }).toEqual(before);
    const audited = await h.db.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'access.denied')
      .where('entity_type', '=', 'org')
      .where('entity_id', '=', String(o.brB1a))
      .execute();
    expect(audited.length).toBe(1);
    // Sending from an org out of scope: 404 too.
    expect((await send(officeA, { orgId: o.countyB, audience: 'subtree' })).statusCode).toBe(404);
    // In the city office's scope but not below the sending org: refused, with a translated reason.
    const outside = await send(cityOffice, { orgId: o.countyA, audience: 'selection', orgIds: [o.brB1a] });
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error).toMatchObject({
      code: 'NOTICE_RECIPIENT_OUTSIDE',
      message: '“乙一村党支部”不是发文单位“甲县委”的下级组织，不能作为接收单位。',
    });
    const self = await h.app.inject({
      method: 'POST',
      url: '/api/notices',
      headers: { cookie: cityOffice.cookie, 'x-csrf-token': cityOffice.csrf },
      payload: { orgId: o.countyA, kind: 'notice', title: 't', audience: 'selection', orgIds: [o.countyA] },
    });
    expect(self.json().error.code).toBe('NOTICE_RECIPIENT_OUTSIDE'); // the sending org itself is not a recipient
    // Only an office sends.
    expect((await send(secA1a, { orgId: o.brA1a, audience: 'subtree' })).statusCode).toBe(403);
    // A branch has nobody below it.
    const empty = await send(officeA, { orgId: o.brA1a, audience: 'subtree' });
    expect(empty.json().error.code).toBe('NOTICE_NO_RECIPIENTS');
    // A selection needs orgs; an unknown campaign is not found.
    expect((await send(officeA, { orgId: o.countyA, audience: 'selection', orgIds: [] })).statusCode).toBe(400);
    expect((await send(officeA, { orgId: o.countyA, audience: 'subtree', campaignId: 999999 })).statusCode).toBe(404);
    expect({ notices: await count('notices'), recipients: await count('notice_recipients') }).toEqual(before);
  });

  it('drafts take edits and attachments, then are sent; recipients and the sender download, outsiders cannot', async () => {
    const res = await send(officeA, {
      orgId: o.countyA,
      audience: 'subtree',
      kind: 'bulletin',
      title: '通报（草稿）',
      draft: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json() as NoticeDetailView;
    expect(draft).toMatchObject({
      status: 'draft',
      recipientCount: 0,
      abilities: { edit: true, send: true, receipts: false },
    });
    expect(await recipientsOf(draft.id)).toEqual([]);
    // A draft is the office's own: recipients-to-be and non-office colleagues do not see it.
    expect((await secA1a.get(`/api/notices/${draft.id}`)).statusCode).toBe(404);
    expect((await memberA.get(`/api/notices/${draft.id}`)).statusCode).toBe(404);
    expect((await memberA.get('/api/notices?box=sent')).json().items.map((i: { id: number }) => i.id)).not.toContain(
      draft.id,
    );
    expect((await officeA.get('/api/notices?box=sent')).json().items.map((i: { id: number }) => i.id)).toContain(
      draft.id,
    );

    const up = await officeA.upload(
      `/api/notices/${draft.id}/attachments`,
      '通报全文.pdf',
      Buffer.from('%PDF-1.4 bulletin'),
    );
    expect(up.statusCode, up.body).toBe(200);
    const att = (up.json() as NoticeDetailView).attachmentList[0];
    expect(att).toMatchObject({ filename: '通报全文.pdf', size: 17 });
    expect(
      (await officeA.upload(`/api/notices/${draft.id}/attachments`, 'x.exe', Buffer.from('MZ'))).json().error.code,
    ).toBe('FILE_TYPE');
    expect(
      (await outsider.upload(`/api/notices/${draft.id}/attachments`, 'x.pdf', Buffer.from('%PDF'))).statusCode,
    ).toBe(404);
    // Before sending, only the sending side may download.
    expect((await secA1a.get(`/api/attachments/${att.id}`)).statusCode).toBe(404);
    const edited = await officeA.patch(`/api/notices/${draft.id}`, {
      title: '关于甲一镇工作情况的通报',
      docNumber: '甲组〔2026〕9号',
    });
    expect(edited.json()).toMatchObject({
      title: '关于甲一镇工作情况的通报',
      docNumber: '甲组〔2026〕9号',
      status: 'draft',
    });

    const sent = await officeA.post(`/api/notices/${draft.id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({
      status: 'sent',
      recipientCount: 7,
      attachmentCount: 1,
      abilities: { edit: false, send: false, receipts: true },
    });
    const ev = await h.db.db
      .selectFrom('audit_events')
      .select(['after'])
      .where('action', '=', 'notice.send')
      .where('entity_id', '=', String(draft.id))
      .executeTakeFirstOrThrow();
    expect((ev.after as { attachments: unknown[] }).attachments).toHaveLength(1);
    // A sent notice is final.
    expect((await officeA.post(`/api/notices/${draft.id}/send`)).json().error.code).toBe('NOTICE_SENT');
    expect((await officeA.patch(`/api/notices/${draft.id}`, { title: '改' })).json().error.code).toBe('NOTICE_SENT');
    expect(
      (await officeA.upload(`/api/notices/${draft.id}/attachments`, 'y.pdf', Buffer.from('%PDF y'))).json().error.code,
    ).toBe('NOTICE_SENT');

    const got = await secA1a.get(`/api/attachments/${att.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe('%PDF-1.4 bulletin');
    expect(got.headers['content-type']).toBe('application/pdf');
    expect((await officeA.get(`/api/attachments/${att.id}`)).statusCode).toBe(200);
    expect((await cityOffice.get(`/api/attachments/${att.id}`)).statusCode).toBe(200);
    expect((await outsider.get(`/api/attachments/${att.id}`)).statusCode).toBe(404);
  });

  it('records the first reader per recipient org; receipts roll up by child and equal the unread list', async () => {
    const id = subtreeNotice;
    const first = await secA1a.post(`/api/notices/${id}/read`);
    expect(first.statusCode, first.body).toBe(200);
    expect((first.json() as NoticeDetailView).recipients).toMatchObject([{ orgId: o.brA1a, readByName: 'secA1a' }]);
    const readAt = (first.json() as NoticeDetailView).recipients[0].readAt;
    expect(readAt).not.toBeNull();
    // A second reader of the same org changes nothing: the receipt keeps its first reader.
    const again = (await memA1a.post(`/api/notices/${id}/read`)).json() as NoticeDetailView;
    expect(again.recipients).toEqual([{ orgId: o.brA1a, orgName: '甲一村党支部', readAt, readByName: 'secA1a' }]);
    // Two recipient orgs: the deepest unread one first, then the other.
    expect(
      ((await townUser.post(`/api/notices/${id}/read`)).json() as NoticeDetailView).recipients.map((r) => [
        r.orgId,
        r.readAt !== null,
      ]),
    ).toEqual([
      [o.brA1b, true],
      [o.townA1, false],
    ]);
    expect(
      ((await townUser.post(`/api/notices/${id}/read`)).json() as NoticeDetailView).recipients.every(
        (r) => r.readAt !== null,
      ),
    ).toBe(true);
    // Reading for an org means being granted there: not merely above it, nor outside.
    const city = await cityOffice.post(`/api/notices/${id}/read`);
    expect(city.json().error.code).toBe('NOTICE_NOT_RECIPIENT');
    expect((await cityOffice.post(`/api/notices/${id}/read`, { orgId: o.brA2b })).statusCode).toBe(403);
    expect((await secA1a.post(`/api/notices/${id}/read`, { orgId: o.townA1 })).statusCode).toBe(404);
    expect((await outsider.post(`/api/notices/${id}/read`)).statusCode).toBe(404);
    const reads = await h.db.db
      .selectFrom('audit_events')
      .select('org_id')
      .where('action', '=', 'notice.read')
      .where('entity_id', '=', String(id))
      .execute();
    expect(reads.map((r) => r.org_id).sort()).toEqual([o.brA1a, o.brA1b, o.townA1].sort());

    const rec = (await officeA.get(`/api/notices/${id}/receipts`)).json() as NoticeReceiptsView;
    const rows = await recipientsOf(id);
    const unreadIds = rows.filter((r) => r.read_at === null).map((r) => r.org_id);
    expect(rec).toMatchObject({ total: 7, read: 3, unread: 4, unreadTotal: 4, org: { id: o.countyA, name: '甲县委' } });
    expect(rec.children).toEqual([
      { orgId: o.townA1, name: '甲一镇党委', total: 3, read: 3, unread: 0 },
      { orgId: o.townA2, name: '甲二镇党委', total: 4, read: 0, unread: 4 },
    ]);
    expect(rec.unreadOrgs.map((u) => u.orgId)).toEqual(unreadIds);
    expect(rec.children.reduce((s, c) => s + c.unread, 0)).toBe(rec.unreadOrgs.length);
    for (const c of rec.children) expect(rec.unreadOrgs.filter((u) => u.childId === c.orgId)).toHaveLength(c.unread);
    expect(((await officeA.get(`/api/notices/${id}`)).json() as NoticeDetailView).readCount).toBe(rec.read);
    // Paged by org id, per child.
    const seen: number[] = [];
    let after: string | null = '';
    while (after !== null) {
      const page = (
        await officeA.get(`/api/notices/${id}/receipts?child=${o.townA2}&limit=3${after ? `&after=${after}` : ''}`)
      ).json() as NoticeReceiptsView;
      expect(page.unreadTotal).toBe(4);
      seen.push(...page.unreadOrgs.map((u) => u.orgId));
      after = page.next;
    }
    expect(seen).toEqual(unreadIds);
    expect(
      ((await officeA.get(`/api/notices/${id}/receipts?child=${o.townA1}`)).json() as NoticeReceiptsView).unreadOrgs,
    ).toEqual([]);
    // Receipts are the sending office's: a recipient or a non-office colleague may not, an outsider gets 404.
    expect((await secA1a.get(`/api/notices/${id}/receipts`)).statusCode).toBe(403);
    expect((await memberA.get(`/api/notices/${id}/receipts`)).statusCode).toBe(403);
    expect((await outsider.get(`/api/notices/${id}/receipts`)).statusCode).toBe(404);
    expect((await cityOffice.get(`/api/notices/${id}/receipts`)).statusCode).toBe(200);
  });

  it('inbox and sent box: scoped to the orgs acted for, newest first, keyset-paged', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await send(officeA, { orgId: o.countyA, title: `第${i + 1}号通知`, audience: 'subtree' })).statusCode,
      ).toBe(201);
    const addressed = await h.db.db
      .selectFrom('notice_recipients')
      .select(['notice_id', 'read_at'])
      .where('org_id', '=', o.brA1a)
      .orderBy('notice_id', 'desc')
      .execute();
    const ids: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = (await secA1a.get(`/api/notices?limit=2${after ? `&after=${after}` : ''}`)).json() as NoticePage;
      expect(page.unread).toBe(addressed.filter((a) => a.read_at === null).length);
      ids.push(...page.items.map((i) => i.id));
      after = page.next;
      pages++;
    } while (after !== null && pages < 20);
    expect(ids).toEqual(addressed.map((a) => a.notice_id));
    const unreadOnly = (await secA1a.get('/api/notices?unread=true&limit=100')).json() as NoticePage;
    expect(unreadOnly.items.map((i) => i.id)).toEqual(
      addressed.filter((a) => a.read_at === null).map((a) => a.notice_id),
    );
    expect(unreadOnly.items.every((i) => i.unread)).toBe(true);
    // Another org's inbox: only at or above it.
    expect((await secA1a.get(`/api/notices?org=${o.brB1a}`)).statusCode).toBe(404);
    expect((await secA1a.get(`/api/notices?org=${o.townA1}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/notices?org=${o.brA1a}`)).statusCode).toBe(404);
    // The city office's own inbox holds what was addressed to the city, not every branch's mail…
    expect(((await cityOffice.get('/api/notices')).json() as NoticePage).items).toEqual([]);
    // …but it may open a branch's inbox below it.
    expect(
      ((await cityOffice.get(`/api/notices?org=${o.brA1a}&limit=100`)).json() as NoticePage).items.map((i) => i.id),
    ).toEqual(ids);
    // Sent box: the county's notices, newest first; the member of the county sees the sent ones only.
    const sent = (await officeA.get('/api/notices?box=sent&limit=100')).json() as NoticePage;
    const all = await h.db.db
      .selectFrom('notices')
      .select(['id', 'status'])
      .where('org_id', '=', o.countyA)
      .orderBy('id', 'desc')
      .execute();
    expect(sent.items.map((i) => i.id)).toEqual(all.map((n) => n.id));
    const memberSent = (await memberA.get('/api/notices?box=sent&limit=100')).json() as NoticePage;
    expect(memberSent.items.map((i) => i.id)).toEqual(all.filter((n) => n.status === 'sent').map((n) => n.id));
    expect((await outsider.get(`/api/notices?box=sent&org=${o.countyA}`)).statusCode).toBe(404);
    expect(
      ((await cityOffice.get(`/api/notices?box=sent&org=${o.countyA}&limit=100`)).json() as NoticePage).items.map(
        (i) => i.id,
      ),
    ).toEqual(all.map((n) => n.id));
  });

  it('says at list level who may send (from which orgs) and follow the sent box', async () => {
    type ListAnswer = {
      items: unknown[];
      abilities: { send: boolean; sentBox: boolean };
      sendOrgs: Array<{ id: number; name: string }>;
    };
    for (const box of ['inbox', 'sent']) {
      const office = (await officeA.get(`/api/notices?box=${box}`)).json() as ListAnswer;
      expect(office.abilities).toEqual({ send: true, sentBox: true });
      expect(office.sendOrgs).toEqual([{ id: o.countyA, name: '甲县委' }]);
    }
    const city = (await cityOffice.get('/api/notices')).json() as ListAnswer;
    expect(city.sendOrgs.map((x) => x.id)).toEqual([o.city]);
    // A branch secretary, a member, a supervisor: read what they receive, send nothing.
    for (const c of [secA1a, memA1a, memberA, townUser]) {
      const answer = (await c.get('/api/notices')).json() as ListAnswer;
      expect(answer.abilities).toEqual({ send: false, sentBox: false });
      expect(answer.sendOrgs).toEqual([]);
    }
  });

  it('documents the endpoints in OpenAPI', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const p of [
      '/api/notices',
      '/api/notices/{id}',
      '/api/notices/{id}/read',
      '/api/notices/{id}/receipts',
      '/api/notices/{id}/attachments',
      '/api/notices/{id}/send',
      '/api/notifications',
      '/api/notifications/{id}/read',
      '/api/notifications/read-all',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
