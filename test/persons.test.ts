import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { problemBody } from './support/factories.ts';
import type { MemberSearchItem } from '../src/shared/api.ts';
import type { ProblemDetailView } from '../src/shared/ledger.ts';
import type { LedgerImportPreview, LedgerImportResult } from '../src/shared/ledger-excel.ts';
import type { FormDetailView } from '../src/shared/supervision.ts';

/** Persons on ledger items and forms: the member search, the links and their checks, the import matching. */
describe('persons on items', () => {
  let h: Harness;
  let district: number;
  let township: number;
  let branchA: number;
  let branchB: number;
  let otherTownBranch: number;
  let farBranch: number;
  let admin: Client;
  let office: Client;
  let town: Client;
  const ids: Record<string, number> = {};

  const member = async (orgId: number, name: string) => {
    const r = await admin.post('/api/members', {
      orgId,
      name,
      gender: 'male',
      birthDate: '1975-03-01',
      category: 'ordinary',
      joinDate: '2000-07-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const lastAuditId = async () =>
    Number(
      (await sql<{ n: number }>`SELECT coalesce(max(id), 0)::int AS n FROM audit_events`.execute(h.db.db)).rows[0].n,
    );
  const problemRow = (id: number) =>
    h.db.db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const multipart = (c: Client, url: string, file: Buffer) => {
    const boundary = '----ps' + Math.random().toString(16).slice(2);
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ledger.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
    return h.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: {
        cookie: c.cookie,
        'x-csrf-token': c.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
  };
  const evidence = (c: Client, id: number) => {
    const boundary = '----ev' + Math.random().toString(16).slice(2);
    return h.app.inject({
      method: 'POST',
      url: `/api/problems/${id}/evidence`,
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="报告.txt"\r\nContent-Type: text/plain\r\n\r\nreport ${id}\r\n--${boundary}--\r\n`,
      ),
      headers: {
        cookie: c.cookie,
        'x-csrf-token': c.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
  };

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    district = (await buildOrg(h, root.id, 'county', '中共城关区委员会')).id;
    township = (await buildOrg(h, district, 'township', '中共城关街道工作委员会')).id;
    branchA = (await buildOrg(h, township, 'branch', '中共柳河村支部委员会')).id;
    branchB = (await buildOrg(h, township, 'branch', '中共李家庄村支部委员会')).id;
    const otherTown = (await buildOrg(h, district, 'township', '中共东关街道工作委员会')).id;
    otherTownBranch = (await buildOrg(h, otherTown, 'branch', '中共东关社区支部委员会')).id;
    const farDistrict = (await buildOrg(h, root.id, 'county', '中共七里河区委员会')).id;
    farBranch = (await buildOrg(h, farDistrict, 'branch', '中共西站社区支部委员会')).id;
    await buildUser(h, 'admin', [], { admin: true });
    await buildUser(h, 'office', [{ role: 'office', orgId: district }]);
    await buildUser(h, 'town', [{ role: 'unit_admin', orgId: township }]);
    admin = await login(h, 'admin');
    office = await login(h, 'office');
    town = await login(h, 'town');
    ids.wang = await member(branchA, '王建国');
    ids.li = await member(branchA, '李红梅');
    ids.zhang1 = await member(branchA, '张伟');
    ids.zhang2 = await member(branchA, '张伟');
    ids.zhao = await member(branchA, '赵王强');
    ids.chen = await member(branchB, '陈明');
    ids.liu = await member(otherTownBranch, '刘王洋');
    ids.sun = await member(farBranch, '孙丽');
    const out = await admin.post(`/api/members/${ids.zhao}/status`, { status: 'transferred_out', note: '转出' });
    expect(out.statusCode, out.body).toBe(200);
  });
  afterAll(async () => h?.close());

  it('searches only active members of the org and below that the actor may see', async () => {
    const search = async (c: Client, org: number, q: string) => {
      const r = await c.get(`/api/members/search?org=${org}&q=${encodeURIComponent(q)}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { items: MemberSearchItem[] }).items;
    };
    // 王 is in 王建国 (branch A), 赵王强 (transferred out) and 刘王洋 (another township).
    const wang = await search(town, township, '王');
    expect(wang).toEqual([{ memberId: ids.wang, name: '王建国', orgId: branchA, orgName: '中共柳河村支部委员会' }]);
    // Below the township: branch B's member is found too; with no text, only the org's own members.
    expect((await search(town, township, '陈')).map((m) => m.memberId)).toEqual([ids.chen]);
    expect(await search(town, township, '')).toEqual([]);
    expect((await search(town, branchA, '')).map((m) => m.name).sort()).toEqual(['张伟', '张伟', '李红梅', '王建国']);
    // The office over the district sees 刘王洋 too, never the member of another district.
    expect((await search(office, district, '王')).map((m) => m.memberId).sort()).toEqual([ids.wang, ids.liu].sort());
    expect(await search(office, district, '孙丽')).toEqual([]);
    // An org out of the actor's scope: 404, as an unknown id.
    expect((await town.get(`/api/members/search?org=${otherTownBranch}&q=刘`)).statusCode).toBe(404);
    expect((await office.get(`/api/members/search?org=${farBranch}&q=孙`)).statusCode).toBe(404);
  });

  it('links 责任人, 责任领导 and a measure owner to members of the unit, outside persons as text', async () => {
    const r = await town.post(
      '/api/problems',
      problemBody(branchA, 'phased', {
        responsibleLeader: '刘书记',
        responsiblePerson: '随便写的',
        responsiblePersonMemberId: ids.wang,
        measures: [
          { content: '严格控制会议数量', owner: '', ownerMemberId: ids.li },
          { content: '精简文件', owner: '党政办' },
        ],
      }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json() as ProblemDetailView;
    expect(p.responsiblePerson).toEqual({ memberId: ids.wang, name: '王建国', outside: false });
    expect(p.responsibleLeader).toEqual({ memberId: null, name: '刘书记', outside: true });
    expect(p.measures.map((m) => m.owner)).toEqual([
      { memberId: ids.li, name: '李红梅', outside: false },
      { memberId: null, name: '党政办', outside: true },
    ]);
    const row = await problemRow(p.id);
    expect([row.responsible_person, row.responsible_person_member_id]).toEqual(['王建国', ids.wang]);
    expect(row.responsible_leader_member_id).toBeNull();

    // Editing: a new name without a link unlinks; a member of branch B linked to branch A's problem: 422.
    const relinked = await town.patch(`/api/problems/${p.id}`, { responsibleLeaderMemberId: ids.li });
    expect(relinked.statusCode, relinked.body).toBe(200);
    expect((relinked.json() as ProblemDetailView).responsibleLeader).toEqual({
      memberId: ids.li,
      name: '李红梅',
      outside: false,
    });
    const renamed = await town.patch(`/api/problems/${p.id}`, { responsibleLeader: '外单位的老刘' });
    expect((renamed.json() as ProblemDetailView).responsibleLeader).toEqual({
      memberId: null,
      name: '外单位的老刘',
      outside: true,
    });
  });

  it('refuses a member outside the unit (422) or inactive (422), and out of scope (404), changing nothing', async () => {
    const p = (await town.post('/api/problems', problemBody(branchA))).json() as ProblemDetailView;
    const before = await problemRow(p.id);
    const audits = await lastAuditId();
    const outside = await town.patch(`/api/problems/${p.id}`, {
      responsiblePerson: '陈明',
      responsiblePersonMemberId: ids.chen,
      description: '改过的描述',
    });
    expect(outside.statusCode, outside.body).toBe(422);
    expect(outside.json().error.code).toBe('PERSON_OUTSIDE_UNIT');
    expect(outside.json().error.message).toContain('陈明');
    expect(outside.json().error.message).toContain('中共柳河村支部委员会');
    expect(outside.json().error.message).toContain('责任人');
    const inactive = await town.patch(`/api/problems/${p.id}`, {
      measures: [{ content: '措施', owner: '', ownerMemberId: ids.zhao }],
    });
    expect(inactive.statusCode, inactive.body).toBe(422);
    expect(inactive.json().error.message).toContain('整改措施责任人');
    // 刘王洋 is in another township: the township cannot see them, so the id is unknown to it.
    const hidden = await town.patch(`/api/problems/${p.id}`, { responsibleLeaderMemberId: ids.liu });
    expect(hidden.statusCode, hidden.body).toBe(404);
    expect(await problemRow(p.id)).toEqual(before);
    const measures = await h.db.db.selectFrom('problem_measures').selectAll().where('problem_id', '=', p.id).execute();
    expect(measures.map((m) => m.content)).toEqual(['严格控制会议数量和规模']);
    // The 422s wrote nothing; the refusal out of scope is at most recorded as a denial.
    const added = await h.db.db.selectFrom('audit_events').select('action').where('id', '>', audits).execute();
    expect(added.filter((a) => a.action.startsWith('problem.'))).toEqual([]);
    expect(added.length).toBeLessThanOrEqual(1);

    // A create naming an outside member writes no problem.
    const count = async () =>
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM problems WHERE org_id = ${branchA}`.execute(h.db.db))
          .rows[0].n,
      );
    const n = await count();
    const created = await town.post(
      '/api/problems',
      problemBody(branchA, 'phased', { responsiblePersonMemberId: ids.chen }),
    );
    expect(created.statusCode).toBe(422);
    expect(await count()).toBe(n);
  });

  it('writes a personal notification to the linked responsible person on a decision', async () => {
    const r = await town.post(
      '/api/problems',
      problemBody(branchA, 'immediate', { responsiblePersonMemberId: ids.wang }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json() as ProblemDetailView;
    const act = (c: Client, action: string, comment?: string) =>
      c.post(`/api/problems/${p.id}/transition`, { action, comment });
    const confirmed = await act(town, 'confirm');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await evidence(town, p.id)).statusCode).toBe(200);
    expect((await town.patch(`/api/problems/${p.id}/progress`, { effect: '已整改' })).statusCode).toBe(200);
    const fin = await act(town, 'finish');
    expect(fin.statusCode, fin.body).toBe(200);
    const ret = await act(office, 'return', '佐证不足');
    expect(ret.statusCode, ret.body).toBe(200);
    const rows = await h.db.db
      .selectFrom('notifications')
      .select(['org_id', 'member_id', 'kind'])
      .where('kind', '=', 'problem_return')
      .where(sql<boolean>`(params::jsonb ->> 'problemId')::int = ${p.id}`)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { org_id: branchA, member_id: null, kind: 'problem_return' },
      { org_id: branchA, member_id: ids.wang, kind: 'problem_return' },
    ]);
    // No linked person, no personal row.
    const plain = (await town.post('/api/problems', problemBody(branchA, 'immediate'))).json();
    await town.post(`/api/problems/${plain.id}/transition`, { action: 'confirm' });
    await evidence(town, plain.id);
    await town.patch(`/api/problems/${plain.id}/progress`, { effect: '已整改' });
    await town.post(`/api/problems/${plain.id}/transition`, { action: 'finish' });
    const verified = await office.post(`/api/problems/${plain.id}/transition`, { action: 'verify' });
    expect(verified.statusCode, verified.body).toBe(200);
    const personal = await h.db.db
      .selectFrom('notifications')
      .select('member_id')
      .where(sql<boolean>`(params::jsonb ->> 'problemId')::int = ${plain.id}`)
      .where('member_id', 'is not', null)
      .execute();
    expect(personal).toEqual([]);
  });

  it('imports names matching exactly one active member of the unit as links and lists the others', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '完成情况']);
    ws.addRow([1, '调研不深入', '每月调研', '王建国', '李红梅', '2026-12-31', '']); // row 2: both linked
    ws.addRow([2, '会风不正', '严肃会风', ' 王建国 ', '张伟', '2026-12-31', '']); // row 3: 张伟 twice in the unit
    ws.addRow([3, '文山会海', '精简文件', '陈明', '赵王强', '长期坚持', '']); // row 4: other branch; transferred out
    ws.addRow([4, '接待超标', '严格标准', '', '王某', '立行立改', '']); // row 5: nobody
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const pr = await multipart(town, `/api/orgs/${branchA}/ledger/import/preview`, file);
    expect(pr.statusCode, pr.body).toBe(200);
    const preview = pr.json() as LedgerImportPreview;
    expect(preview.errorCount).toBe(0);
    expect(preview.unmatched.map((u) => [u.row, u.column, u.name])).toEqual([
      [3, 'responsible_person', '张伟'],
      [4, 'responsible_leader', '陈明'],
      [4, 'responsible_person', '赵王强'],
      [5, 'responsible_person', '王某'],
    ]);
    expect(preview.unmatchedCount).toBe(4);
    expect(preview.unmatched[3].message).toBe('第5行 责任人“王某”未匹配到本单位党员，将作为外部人员保存');

    const res = await multipart(town, `/api/orgs/${branchA}/ledger/import`, file);
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as LedgerImportResult;
    expect([result.imported, result.linked, result.unlinked]).toEqual([4, 3, 4]);
    const rows = await h.db.db
      .selectFrom('problems')
      .select([
        'responsible_leader',
        'responsible_leader_member_id',
        'responsible_person',
        'responsible_person_member_id',
      ])
      .where('org_id', '=', branchA)
      .where('seq', '>=', result.firstSeq)
      .orderBy('seq')
      .execute();
    expect(
      rows.map((r) => [r.responsible_leader_member_id, r.responsible_person, r.responsible_person_member_id]),
    ).toEqual([
      [ids.wang, '李红梅', ids.li],
      [ids.wang, '张伟', null],
      [null, '赵王强', null],
      [null, '王某', null],
    ]);
    expect(rows[2].responsible_leader).toBe('陈明');
  });

  it('names a form’s addressee among the subject unit’s members', async () => {
    const body = (extra: Record<string, unknown>) => ({
      kind: 'order',
      issuerOrgId: district,
      subjectOrgId: branchA,
      title: '关于整改会议过多问题的督办',
      content: '请于期限内整改并书面回复。',
      deadline: '2026-12-31',
      ...extra,
    });
    const ok = await office.post('/api/supervision/forms', body({ recipientMemberId: ids.wang }));
    expect(ok.statusCode, ok.body).toBe(201);
    const f = ok.json() as FormDetailView;
    expect(f.recipientPerson).toEqual({ memberId: ids.wang, name: '王建国', outside: false });
    expect((await office.get(`/api/supervision/forms/${f.id}`)).json().recipientPerson.memberId).toBe(ids.wang);
    const none = (await office.post('/api/supervision/forms', body({}))).json() as FormDetailView;
    expect(none.recipientPerson).toBeNull();

    const count = async () =>
      Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM supervision_forms`.execute(h.db.db)).rows[0].n);
    const n = await count();
    const wrong = await office.post('/api/supervision/forms', body({ recipientMemberId: ids.chen }));
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect(wrong.json().error.message).toContain('受文对象');
    expect((await office.post('/api/supervision/forms', body({ recipientMemberId: ids.sun }))).statusCode).toBe(404);
    expect(await count()).toBe(n);
    // A draft's addressee can be changed, within the subject unit only.
    const edited = await office.patch(`/api/supervision/forms/${none.id}`, { recipientMemberId: ids.li });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((edited.json() as FormDetailView).recipientPerson?.name).toBe('李红梅');
    expect((await office.patch(`/api/supervision/forms/${none.id}`, { recipientMemberId: ids.chen })).statusCode).toBe(
      422,
    );
  });
});
