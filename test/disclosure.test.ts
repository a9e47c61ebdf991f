import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { withTx } from '../src/server/platform/tx.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/audit.ts';
import {
  insertProblems,
  problemIs,
  withProblemStats,
  type NewProblem,
} from '../src/server/modules/ledger/ledger.repository.ts';
import { maskNumbers, namesIn, redactText } from '../src/server/modules/disclosure/redact.ts';
import { DisclosureService } from '../src/server/modules/disclosure/disclosure.service.ts';
import type {
  ConvertResult,
  DisclosureBatchDetailView,
  DisclosureBatchPage,
  OpinionDetailView,
  ReceiptView,
} from '../src/shared/opinions.ts';

describe('redaction', () => {
  it('masks ID-card, mobile and landline numbers', () => {
    expect(maskNumbers('身份证号110101199003071234，另一个11010119900307123X。')).toBe(
      '身份证号110***********1234，另一个110***********123X。',
    );
    expect(maskNumbers('手机13812345678、+86 139-1234-5678，订单号2024123456789012345不动')).toBe(
      '手机138****5678、+86 139****5678，订单号2024123456789012345不动',
    );
    expect(maskNumbers('座机0571-87654321、(010)12345678、电话：8765432')).toBe(
      '座机0571-****4321、(010)****5678、电话：****5432',
    );
    expect(maskNumbers('2014年5月31日前完成，投入资金120000元')).toBe('2014年5月31日前完成，投入资金120000元');
  });
  it('finds names in name fields and masks them wherever they appear', () => {
    expect(namesIn('张三、李四', '党委书记王小明', '赵六同志', '党委书记', '办公室', '王')).toEqual([
      '张三',
      '李四',
      '王小明',
      '赵六',
    ]);
    expect(redactText('王小明、王小负责，联系王小明13812345678', ['王小', '王小明'])).toBe(
      '王某某、王某负责，联系王某某138****5678',
    );
    expect(redactText('Contact Smith', ['Smith'])).toBe('Contact S.');
  });
});

/**
 *  city
 *  ├─ countyA ── brA1 (members 赵六, 钱七)
 *  └─ countyB ── brB1
 */
describe('public disclosure (公示): batches, redacted snapshots, publishing, withdrawal, public pages', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  const p: Record<string, number> = {};
  let officeA: Client; // office @ countyA
  let cityOffice: Client; // office @ city
  let secA1: Client; // unit_admin @ brA1
  let officeB: Client; // office @ countyB
  let batch: DisclosureBatchDetailView;

  const problem = async (orgId: number, fields: Partial<NewProblem>, status: string) =>
    withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
      const [id] = await insertProblems(trx, orgId, [
        {
          org_id: orgId,
          source: 'self_inspection',
          category: 'service',
          kind: 'phased',
          description: '问题',
          created_by: null,
          ...fields,
        },
      ]);
      if (status !== 'draft')
        await withProblemStats(trx, problemIs(id), () =>
          trx
            .updateTable('problems')
            .set({ status, closed_at: status === 'closed' ? new Date() : null })
            .where('id', '=', id)
            .execute(),
        );
      return id;
    });
  const page = (url: string) => h.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共公示市委员会')).id;
    o.countyA = (await buildOrg(h, o.city, 'county', '甲县委')).id;
    o.countyB = (await buildOrg(h, o.city, 'county', '乙县委')).id;
    o.brA1 = (await buildOrg(h, o.countyA, 'branch', '甲一村党支部')).id;
    o.brB1 = (await buildOrg(h, o.countyB, 'branch', '乙一村党支部')).id;
    await h.db.db
      .insertInto('members')
      .values([
        { org_id: o.brA1, name: '赵六', gender: 'male', category: 'ordinary' },
        { org_id: o.brA1, name: '钱七', gender: 'female', category: 'ordinary' },
      ])
      .execute();
    await buildUser(h, 'officeA', [{ role: 'office', orgId: o.countyA }]);
    await buildUser(h, 'cityOffice', [{ role: 'office', orgId: o.city }]);
    await buildUser(h, 'secA1', [{ role: 'unit_admin', orgId: o.brA1 }]);
    await buildUser(h, 'officeB', [{ role: 'office', orgId: o.countyB }]);
    [officeA, cityOffice, secA1, officeB] = await Promise.all(
      ['officeA', 'cityOffice', 'secA1', 'officeB'].map((u) => login(h, u)),
    );

    p.confirmed = await problem(
      o.brA1,
      {
        subject: 'leader',
        subject_name: '王小明',
        responsible_leader: '党委书记孙大海',
        responsible_person: '李四',
        description:
          '王小明同志接待群众态度生硬，群众反映可拨打13812345678或0571-87654321，涉及身份证号110101199003071234的低保户。党员赵六反映情况属实。',
        measures: [
          { content: '由李四负责每周公开接待日，孙大海督办。' },
          { content: '建立回访制度，电话回访满意率。' },
        ],
        deadline: '2026-06-30',
      },
      'pending',
    );
    p.closed = await problem(
      o.brA1,
      {
        category: 'formalism',
        kind: 'immediate',
        description: '会议文件过多，钱七等党员负担重。',
        responsible_person: '周八',
      },
      'closed',
    );
    await h.db.db
      .updateTable('problems')
      .set({ effect: '会议文件减少一半，周八已向党员通报。' })
      .where('id', '=', p.closed)
      .execute();
    p.draft = await problem(o.brA1, { description: '草稿问题' }, 'draft');
    p.countyB = await problem(o.brB1, { description: '乙县的问题' }, 'pending');
  });
  afterAll(async () => h?.close());

  it('creates numbered batches for offices over the org only', async () => {
    const res = await officeA.post(`/api/orgs/${o.countyA}/disclosures`, {
      title: '第一批整改问题公示',
      startsOn: '2026-05-01',
      endsOn: '2026-05-07',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      seq: 1,
      status: 'draft',
      orgId: o.countyA,
      itemCount: 0,
      items: [],
      publicUrl: expect.stringMatching(/^\/p\/disclosures\/\d+$/),
    });
    const second = await officeA.post(`/api/orgs/${o.countyA}/disclosures`, {
      title: '第二批整改问题公示',
      startsOn: '2026-06-01',
      endsOn: '2026-06-07',
    });
    batch = second.json();
    expect(batch.seq).toBe(2);
    const bad = await officeA.post(`/api/orgs/${o.countyA}/disclosures`, {
      title: '日期颠倒',
      startsOn: '2026-06-07',
      endsOn: '2026-06-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'endsOn', message: '公示结束日期不能早于开始日期' }]);
    expect(
      (
        await secA1.post(`/api/orgs/${o.brA1}/disclosures`, {
          title: 't',
          startsOn: '2026-06-01',
          endsOn: '2026-06-07',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await officeB.post(`/api/orgs/${o.countyA}/disclosures`, {
          title: 't',
          startsOn: '2026-06-01',
          endsOn: '2026-06-07',
        })
      ).statusCode,
    ).toBe(404);
    const list = (await officeA.get(`/api/orgs/${o.countyA}/disclosures`)).json() as DisclosureBatchPage;
    expect(list.items.map((b) => b.seq)).toEqual([2, 1]);
    expect(list).toMatchObject({ next: null, total: 2, abilities: { create: true } });
    // Keyset paging (?after=&limit=) walks the same list; a key this server did not hand out is a field error.
    const first = (await officeA.get(`/api/orgs/${o.countyA}/disclosures?limit=1`)).json() as DisclosureBatchPage;
    expect(first.items.map((b) => b.seq)).toEqual([2]);
    expect(first.total).toBe(2);
    const rest = (
      await officeA.get(`/api/orgs/${o.countyA}/disclosures?limit=1&after=${first.next}`)
    ).json() as DisclosureBatchPage;
    expect(rest.items.map((b) => b.seq)).toEqual([1]);
    expect(rest.next).toBeNull();
    expect((await officeA.get(`/api/orgs/${o.countyA}/disclosures?after=nonsense`)).statusCode).toBe(400);
    expect(list.items[0].abilities).toMatchObject({ manage: true, addItems: true, withdrawItem: true });
    expect((await secA1.get(`/api/orgs/${o.countyA}/disclosures`)).statusCode).toBe(404);
  });

  it('adds problems as redacted snapshots: names, phones and ID numbers masked; refuses drafts, open rectifications and problems elsewhere', async () => {
    const res = await officeA.post(`/api/disclosures/${batch.id}/items`, {
      kind: 'problem',
      problemIds: [p.confirmed],
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as DisclosureBatchDetailView;
    expect(d.items).toHaveLength(1);
    const text = d.items[0].text;
    expect(text).toMatchObject({
      orgName: '甲一村党支部',
      category: 'service',
      kind: 'phased',
      status: 'pending',
      deadline: '2026-06-30',
    });
    const all = JSON.stringify(text);
    for (const secret of ['王小明', '李四', '孙大海', '赵六', '13812345678', '87654321', '110101199003071234'])
      expect(all, secret).not.toContain(secret);
    expect(text.description).toBe(
      '王某某同志接待群众态度生硬，群众反映可拨打138****5678或0571-****4321，涉及身份证号110***********1234的低保户。党员赵某反映情况属实。',
    );
    expect(text.measures).toEqual(['由李某负责每周公开接待日，孙某某督办。', '建立回访制度，电话回访满意率。']);
    const rect = await officeA.post(`/api/disclosures/${batch.id}/items`, {
      kind: 'rectification',
      problemIds: [p.closed],
    });
    expect(rect.statusCode, rect.body).toBe(200);
    const closedText = (rect.json() as DisclosureBatchDetailView).items.find((i) => i.kind === 'rectification')!.text;
    expect(closedText).toMatchObject({
      description: '会议文件过多，钱某等党员负担重。',
      effect: '会议文件减少一半，周某已向党员通报。',
      status: 'closed',
    });

    const draft = await officeA.post(`/api/disclosures/${batch.id}/items`, { kind: 'problem', problemIds: [p.draft] });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error.code).toBe('DISCLOSURE_PROBLEM_DRAFT');
    const open = await officeA.post(`/api/disclosures/${batch.id}/items`, {
      kind: 'rectification',
      problemIds: [p.confirmed],
    });
    expect(open.statusCode).toBe(409);
    expect(open.json().error).toMatchObject({
      code: 'DISCLOSURE_NOT_CLOSED',
      message: expect.stringContaining('尚未验收销号'),
    });
    // Another county's problem: out of the office's scope → 404; in the city office's scope but outside the batch org → 409.
    expect(
      (await officeA.post(`/api/disclosures/${batch.id}/items`, { kind: 'problem', problemIds: [p.countyB] }))
        .statusCode,
    ).toBe(404);
    const outside = await cityOffice.post(`/api/disclosures/${batch.id}/items`, {
      kind: 'problem',
      problemIds: [p.countyB],
    });
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error.code).toBe('DISCLOSURE_OUTSIDE');
    expect(
      (await secA1.post(`/api/disclosures/${batch.id}/items`, { kind: 'problem', problemIds: [p.confirmed] }))
        .statusCode,
    ).toBe(404);
    expect(
      await h.db.db.selectFrom('disclosure_items').select('id').where('batch_id', '=', batch.id).execute(),
    ).toHaveLength(2);
  });

  it('shows nothing publicly before publishing; publishes once; an empty batch cannot be published', async () => {
    expect((await page(`/p/disclosures/${batch.id}`)).statusCode).toBe(404);
    expect((await page(`/p/disclosures?org=${o.countyA}`)).body).toContain('暂无公示内容');
    const empty = (
      await officeA.post(`/api/orgs/${o.countyA}/disclosures`, {
        title: '空的一批',
        startsOn: '2026-07-01',
        endsOn: '2026-07-07',
      })
    ).json();
    // Abilities follow DISCLOSURE_TRANSITIONS: an empty draft takes items but cannot be published yet.
    expect(empty.abilities).toEqual({ manage: true, addItems: true, publish: false, withdrawItem: true });
    expect(((await officeA.get(`/api/disclosures/${batch.id}`)).json() as DisclosureBatchDetailView).abilities).toEqual(
      { manage: true, addItems: true, publish: true, withdrawItem: true },
    );
    const refused = await officeA.post(`/api/disclosures/${empty.id}/publish`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('DISCLOSURE_EMPTY');
    expect((await secA1.post(`/api/disclosures/${batch.id}/publish`)).statusCode).toBe(404);
    const res = await officeA.post(`/api/disclosures/${batch.id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'published', itemCount: 2 });
    expect(res.json().publishedAt).not.toBeNull();
    expect(res.json().abilities).toEqual({ manage: true, addItems: false, publish: false, withdrawItem: true });
    expect((await officeA.post(`/api/disclosures/${batch.id}/publish`)).json().error.code).toBe('DISCLOSURE_PUBLISHED');
    const late = await officeA.post(`/api/disclosures/${batch.id}/items`, { kind: 'problem', problemIds: [p.closed] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('DISCLOSURE_PUBLISHED');
  });

  it('public pages list published batches of the subtree and show the items redacted, without a session', async () => {
    const list = await page(`/p/disclosures?org=${o.city}`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('text/html');
    expect(list.body).toContain('第二批整改问题公示');
    expect(list.body).toContain('公示期：2026年6月1日至2026年6月7日');
    expect(list.body).not.toContain('第一批整改问题公示'); // never published
    expect((await page(`/p/disclosures?org=${o.countyB}`)).body).not.toContain('第二批整改问题公示');
    expect((await page('/p/disclosures?org=abc')).statusCode).toBe(400);
    expect((await page('/p/disclosures?org=999999')).statusCode).toBe(404);

    const res = await page(`/p/disclosures/${batch.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(res.body).not.toContain('<script');
    expect(res.body).toContain('问题清单（1 项）');
    expect(res.body).toContain('整改完成情况（1 项）');
    expect(res.body).toContain('王某某同志接待群众态度生硬');
    expect(res.body).toContain('由李某负责每周公开接待日');
    expect(res.body).toContain('会议文件减少一半');
    for (const secret of [
      '王小明',
      '李四',
      '孙大海',
      '赵六',
      '钱七',
      '周八',
      '13812345678',
      '87654321',
      '110101199003071234',
    ])
      expect(res.body, secret).not.toContain(secret);
    expect(res.body).toContain(`/p/opinions/new?org=${o.countyA}`);
    const en = await page(`/p/disclosures/${batch.id}?lang=en`);
    expect(en.body).toContain('Problems (1)');
    expect(en.body).toContain('Serving the masses');
    const json = await h.app.inject({ method: 'GET', url: `/api/public/disclosures/${batch.id}` });
    expect(json.statusCode).toBe(200);
    expect(json.json().items).toHaveLength(2);
    // The same list in the one paging contract (for the public JSON API): only published batches of the subtree.
    const service = new DisclosureService(h.db.db);
    const pageOne = await service.publicBatchPage(o.city, { org: o.city, limit: 1 });
    expect(pageOne).toMatchObject({ org: { id: o.city }, next: null });
    expect(pageOne!.items.map((b) => b.id)).toEqual([batch.id]);
    expect((await service.publicBatchPage(o.countyB, { org: o.countyB, limit: 5 }))!.items).toEqual([]);
    expect(await service.publicBatchPage(999999, { org: 999999, limit: 5 })).toBeUndefined();
  });

  it('withdraws an item only with a reason: audited, gone from the public pages', async () => {
    const item = (await officeA.get(`/api/disclosures/${batch.id}`))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'problem');
    const noReason = await officeA.post(`/api/disclosures/${batch.id}/items/${item.id}/withdraw`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([{ path: 'reason', message: '撤回公示事项须填写理由' }]);
    expect(
      (await officeB.post(`/api/disclosures/${batch.id}/items/${item.id}/withdraw`, { reason: '越权' })).statusCode,
    ).toBe(404);
    const res = await officeA.post(`/api/disclosures/${batch.id}/items/${item.id}/withdraw`, {
      reason: '涉及个人隐私，经核实后重新公示',
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as DisclosureBatchDetailView;
    expect(d.itemCount).toBe(1);
    expect(d.items.find((i) => i.id === item.id)).toMatchObject({
      withdrawnReason: '涉及个人隐私，经核实后重新公示',
      withdrawnAt: expect.any(String),
    });
    const pub = await page(`/p/disclosures/${batch.id}`);
    expect(pub.body).not.toContain('接待群众态度生硬');
    expect(pub.body).not.toContain('问题清单');
    expect(pub.body).toContain('会议文件减少一半');
    expect((await page(`/p/disclosures?org=${o.countyA}`)).body).toContain('1 项');
    expect(
      (await officeA.post(`/api/disclosures/${batch.id}/items/${item.id}/withdraw`, { reason: '再次' })).json().error
        .code,
    ).toBe('DISCLOSURE_WITHDRAWN');

    const events = await h.db.db
      .selectFrom('audit_events')
      .select(['action', 'entity_type', 'entity_id', 'after', 'actor_name'])
      .where('action', 'like', 'disclosure.%')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'disclosure.create',
      'disclosure.create',
      'disclosure.add',
      'disclosure.add',
      'disclosure.create',
      'disclosure.publish',
      'disclosure.withdraw',
    ]);
    const withdraw = events[events.length - 1];
    expect(withdraw).toMatchObject({
      entity_type: 'disclosure_item',
      entity_id: String(item.id),
      actor_name: 'officeA',
    });
    expect(withdraw.after).toMatchObject({
      reason: '涉及个人隐私，经核实后重新公示',
      problemId: p.confirmed,
      batchId: batch.id,
    });
    expect(events.find((e) => e.action === 'disclosure.publish')!.after).toMatchObject({ status: 'published', seq: 2 });
  });

  it('an opinion that became a disclosed problem shows the public text on its receipt', async () => {
    const op = (
      await secA1.post('/api/opinions', {
        orgId: o.brA1,
        channel: 'visit',
        group: 'masses',
        name: '吴九',
        content: '吴九反映：村里垃圾清运不及时。',
      })
    ).json() as OpinionDetailView;
    const conv = (
      await secA1.post('/api/opinions/convert', { ids: [op.id], category: 'service', kind: 'immediate' })
    ).json() as ConvertResult;
    await withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
      await withProblemStats(trx, problemIs(conv.problemId), () =>
        trx
          .updateTable('problems')
          .set({ status: 'closed', effect: '已安排每日清运，吴九表示满意。' })
          .where('id', '=', conv.problemId)
          .execute(),
      );
    });
    const b = (
      await officeA.post(`/api/orgs/${o.countyA}/disclosures`, {
        title: '第三批整改问题公示',
        startsOn: '2026-08-01',
        endsOn: '2026-08-07',
      })
    ).json();
    const added = (
      await officeA.post(`/api/disclosures/${b.id}/items`, { kind: 'rectification', problemIds: [conv.problemId] })
    ).json() as DisclosureBatchDetailView;
    // The submitter's own name, written into the text, is masked too.
    expect(added.items[0].text).toMatchObject({
      description: '吴某反映：村里垃圾清运不及时。',
      effect: '已安排每日清运，吴某表示满意。',
    });
    await officeA.post(`/api/disclosures/${b.id}/publish`);
    const receipt = (
      await h.app.inject({ method: 'GET', url: `/api/public/receipts/${op.receiptCode}` })
    ).json() as ReceiptView;
    expect(receipt).toMatchObject({
      status: 'converted',
      problems: [
        { status: 'closed', disclosures: [{ batchId: b.id, batchTitle: '第三批整改问题公示', kind: 'rectification' }] },
      ],
    });
    const html = await h.app.inject({ method: 'GET', url: `/p/receipt?code=${op.receiptCode}` });
    expect(html.body).toContain('已公示：第三批整改问题公示');
    expect(html.body).toContain('已安排每日清运，吴某表示满意。');
    expect(html.body).not.toContain('吴九');
    // Two batches are published now: the keyset pages walk them newest first, each once.
    const service = new DisclosureService(h.db.db);
    const seen: number[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const pg = (await service.publicBatchPage(o.city, { org: o.city, after, limit: 1 }))!;
      seen.push(...pg.items.map((x) => x.id));
      if (!pg.next) break;
      after = pg.next;
    }
    const all = (await service.publicBatches(o.city, 1))!.batches.map((x) => x.id);
    expect(all).toHaveLength(2);
    expect(seen).toEqual(all);
  });
});
