import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { addDays, dateIn } from '../src/server/platform/dates.ts';
import { FIVE_NOT_PASSED, type MaterialDetailView, type MaterialPage } from '../src/shared/supervision.ts';

/**
 * The leader review follows the post (issue 11): a material's leader review is given by the member
 * holding the 书记 post of its org today — for that secretary's own material, by the 书记 of the
 * level above — and by nobody else: not another unit admin, not an administrator.
 *
 *  city ── county ── town ─┬─ br1 (书记 A; B another unit admin; W a member who writes; N, A's successor)
 *                          └─ br2 (T, the town's 书记; Y, no account)
 */
describe('materials: the leader review follows the 书记 post', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  const mem: Record<string, number> = {};
  const uid: Record<string, number> = {};
  let office: Client; // office @ county: keeps members and posts
  let secA: Client; // unit_admin @ br1, member A, 书记 of br1
  let adminB: Client; // unit_admin @ br1, member B, no post
  let townT: Client; // unit_admin @ town, member T, 书记 of the town
  let writer: Client; // member @ br1, member W
  let admin: Client; // administrator
  let newN: Client; // unit_admin @ br1, member N (br2), br1's next 书记
  let br1Post: number;
  const pass = FIVE_NOT_PASSED.map((key) => ({ key, pass: true, comment: '' }));

  const count = async (table: 'materials' | 'material_reviews' | 'audit_events' | 'notifications') =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const materialAudits = async () =>
    Number(
      (
        await h.db.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', 'like', 'material.%')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const member = async (orgId: number, name: string) => {
    const r = await office.post('/api/members', {
      orgId,
      name,
      gender: 'male',
      birthDate: '1970-01-01',
      category: 'ordinary',
      joinDate: '1995-07-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const link = (user: number, memberId: number | null) =>
    h.db.db.updateTable('users').set({ member_id: memberId }).where('id', '=', user).execute();
  const secretaryPost = async (orgId: number, memberId: number, startDate = '2020-01-01') => {
    const r = await office.post('/api/posts', { orgId, post: 'secretary', memberId, startDate });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const create = async (c: Client, orgId: number, extra: Record<string, unknown> = {}) => {
    const r = await c.post('/api/supervision/materials', {
      orgId,
      kind: 'analysis_report',
      title: '个人对照检查材料',
      body: '一、存在的问题：联系群众不够经常，今年只走访了三户困难党员。',
      needsLeader: true,
      needsTeam: false,
      ...extra,
    });
    expect(r.statusCode, r.body).toBe(201);
    const m = r.json() as MaterialDetailView;
    const s = await c.post(`/api/supervision/materials/${m.id}/submit`);
    expect(s.statusCode, s.body).toBe(200);
    return s.json() as MaterialDetailView;
  };
  const detail = async (c: Client, id: number) => {
    const r = await c.get(`/api/supervision/materials/${id}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as MaterialDetailView;
  };
  const review = (c: Client, m: MaterialDetailView, results = pass, comment = '') =>
    c.post(`/api/supervision/materials/${m.id}/reviews`, {
      as: 'leader',
      version: m.submittedVersion,
      results,
      comment,
    });
  const toReview = async (c: Client, orgId: number) => {
    const r = await c.get(`/api/supervision/materials?org=${orgId}&toReview=true`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as MaterialPage).items.map((x) => x.id);
  };

  beforeAll(async () => {
    h = await createHarness();
    o.city = (await buildRoot(h, '中共审核市委员会')).id;
    o.county = (await buildOrg(h, o.city, 'county', '中共审核县委员会')).id;
    o.town = (await buildOrg(h, o.county, 'township', '中共审核镇委员会')).id;
    o.br1 = (await buildOrg(h, o.town, 'branch', '一村党支部')).id;
    o.br2 = (await buildOrg(h, o.town, 'branch', '二村党支部')).id;
    await buildUser(h, 'l-office', [{ role: 'office', orgId: o.county }]);
    office = await login(h, 'l-office');
    mem.A = await member(o.br1, '王书记');
    mem.B = await member(o.br1, '李委员');
    mem.W = await member(o.br1, '赵党员');
    mem.T = await member(o.br2, '陈镇书记');
    mem.N = await member(o.br1, '周新书记');
    mem.Y = await member(o.br2, '孙外支部');
    uid.A = await buildUser(h, 'l-secA', [{ role: 'unit_admin', orgId: o.br1 }]);
    uid.B = await buildUser(h, 'l-adminB', [{ role: 'unit_admin', orgId: o.br1 }]);
    uid.T = await buildUser(h, 'l-townT', [{ role: 'unit_admin', orgId: o.town }]);
    uid.W = await buildUser(h, 'l-writer', [{ role: 'member', orgId: o.br1 }]);
    uid.N = await buildUser(h, 'l-newN', [{ role: 'unit_admin', orgId: o.br1 }]);
    await buildUser(h, 'l-admin', [], { admin: true });
    for (const k of ['A', 'B', 'T', 'W', 'N']) await link(uid[k], mem[k]);
    br1Post = await secretaryPost(o.br1, mem.A);
    await secretaryPost(o.town, mem.T);
    [secA, adminB, townT, writer, admin, newN] = await Promise.all(
      ['l-secA', 'l-adminB', 'l-townT', 'l-writer', 'l-admin', 'l-newN'].map((u) => login(h, u)),
    );
  });
  afterAll(() => h?.close());

  it('the 书记 post holder reviews as leader; another unit admin and an administrator may not', async () => {
    const m = await create(writer, o.br1, { title: '赵党员个人对照检查材料' });
    expect(m.leaderReviewer).toEqual({ memberId: mem.A, name: '王书记', outside: false });
    expect(m.leaderReviewerOrg).toEqual({ id: o.br1, name: '一村党支部' });
    // The author's own view: no leader review for the author.
    expect(m.abilities.reviewAsLeader).toBe(false);
    expect((await detail(secA, m.id)).abilities.reviewAsLeader).toBe(true);
    for (const c of [adminB, admin, townT, newN]) {
      const seen = await detail(c, m.id);
      expect(seen.abilities.reviewAsLeader).toBe(false);
      expect(seen.can.review).toEqual([]);
    }
    // The list agrees: only the holder is asked, and only the holder's rows say so.
    expect(await toReview(secA, o.br1)).toEqual([m.id]);
    for (const c of [adminB, admin, townT]) expect(await toReview(c, o.br1)).toEqual([]);
    const row = async (c: Client) =>
      ((await c.get(`/api/supervision/materials?org=${o.town}`)).json() as MaterialPage).items.find(
        (x) => x.id === m.id,
      )!;
    expect((await row(secA)).abilities.reviewAsLeader).toBe(true);
    expect((await row(adminB)).abilities.reviewAsLeader).toBe(false);
    expect((await row(admin)).abilities.reviewAsLeader).toBe(false);

    const before = [await count('material_reviews'), await count('notifications')];
    for (const c of [adminB, admin, townT]) {
      const r = await review(c, m);
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect([await count('material_reviews'), await count('notifications')]).toEqual(before);
    const done = await review(secA, m);
    expect(done.statusCode, done.body).toBe(200);
    expect((done.json() as MaterialDetailView).status).toBe('passed');
    expect(await toReview(secA, o.br1)).toEqual([]);
  });

  it('outside scope the leader review is a 404, as anything else is', async () => {
    const far = (await buildOrg(h, o.city, 'county', '中共别县委员会')).id;
    const stranger = await buildUser(h, 'l-stranger', [{ role: 'unit_admin', orgId: far }]);
    // Even linked to the holder's member, an account that cannot read the material does not review it.
    await link(uid.A, null);
    await link(stranger, mem.A);
    const c = await login(h, 'l-stranger');
    const m = await create(writer, o.br1, { title: '范围外' });
    expect((await c.get(`/api/supervision/materials/${m.id}`)).statusCode).toBe(404);
    expect((await review(c, m)).statusCode).toBe(404);
    await link(stranger, null);
    await link(uid.A, mem.A);
    // The holder still may.
    expect((await review(secA, m)).statusCode).toBe(200);
  });

  it('the 书记’s own material goes to the 书记 of the level above', async () => {
    // Written by the secretary (no subject member: the author's member is the subject).
    const own = await create(secA, o.br1, { title: '王书记个人对照检查材料' });
    expect(own.leaderReviewer).toEqual({ memberId: mem.T, name: '陈镇书记', outside: false });
    expect(own.leaderReviewerOrg?.id).toBe(o.town);
    expect((await review(secA, own)).statusCode).toBe(403);
    expect((await detail(townT, own.id)).abilities.reviewAsLeader).toBe(true);
    expect(await toReview(townT, o.town)).toEqual([own.id]);
    expect(await toReview(secA, o.br1)).not.toContain(own.id);
    // Written for the secretary by somebody else: the subject member decides, not the author.
    const forA = await create(adminB, o.br1, { title: '王书记对照检查材料（代拟）', subjectMemberId: mem.A });
    expect(forA.subjectName).toBe('王书记');
    expect(forA.subject).toEqual({ memberId: mem.A, name: '王书记', outside: false });
    expect(forA.leaderReviewer?.memberId).toBe(mem.T);
    expect((await detail(secA, forA.id)).abilities.reviewAsLeader).toBe(false);
    expect((await review(secA, forA)).statusCode).toBe(403);
    expect(new Set(await toReview(townT, o.town))).toEqual(new Set([own.id, forA.id]));
    for (const m of [own, forA]) expect((await review(townT, m)).json().status).toBe('passed');
  });

  it('when the post changes hands the new holder reviews and the old one does not', async () => {
    const m = await create(writer, o.br1, { title: '换届前提交的材料' });
    expect((await detail(secA, m.id)).abilities.reviewAsLeader).toBe(true);
    const today = dateIn();
    const ended = await office.post(`/api/posts/${br1Post}/end`, { endDate: addDays(today, -1), reason: '换届' });
    expect(ended.statusCode, ended.body).toBe(200);
    br1Post = await secretaryPost(o.br1, mem.N, today);
    const seen = await detail(newN, m.id);
    expect(seen.leaderReviewer).toEqual({ memberId: mem.N, name: '周新书记', outside: false });
    expect(seen.abilities.reviewAsLeader).toBe(true);
    expect((await detail(secA, m.id)).abilities.reviewAsLeader).toBe(false);
    expect(await toReview(secA, o.br1)).toEqual([]);
    expect(await toReview(newN, o.br1)).toEqual([m.id]);
    expect((await review(secA, m)).statusCode).toBe(403);
    expect((await review(newN, m)).json().status).toBe('passed');
    // A's own material is now an ordinary member's: reviewed by the new 书记, not the town's.
    const mine = await create(secA, o.br1, { title: '王同志个人对照检查材料' });
    expect(mine.leaderReviewer?.memberId).toBe(mem.N);
  });

  it('asks for a leader review only when somebody can give it (field.noLeader), and writes nothing then', async () => {
    const before = [await count('materials'), await count('audit_events')];
    const noLeader = async (c: Client, orgId: number, extra: Record<string, unknown> = {}) => {
      const r = await c.post('/api/supervision/materials', {
        orgId,
        kind: 'analysis_report',
        title: 'x',
        body: 'x',
        needsLeader: true,
        needsTeam: false,
        ...extra,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details[0].path).toBe('needsLeader');
      expect(r.json().error.details[0].message).toContain('督导组');
    };
    // br2 has no 书记.
    await noLeader(office, o.br2);
    // The 书记's material is reviewed above: the county has no 书记, so the town secretary's own has none.
    await noLeader(townT, o.town);
    // The 书记 writing about a member of the unit would review their own writing.
    await noLeader(newN, o.br1, { subjectMemberId: mem.W });
    expect([await count('materials'), await count('audit_events')]).toEqual(before);
    // A holder without an account cannot review either.
    await secretaryPost(o.br2, mem.Y);
    const after = [await count('materials'), await count('audit_events')];
    await noLeader(office, o.br2);
    expect([await count('materials'), await count('audit_events')]).toEqual(after);
  });

  it('the subject is a person: a member of the org or below, else 422 and nothing written', async () => {
    const before = [await count('materials'), await materialAudits()];
    // Y is a member of br2, not of br1: outside the br1 writer's scope, a 404 like any unseen record.
    const r = await writer.post('/api/supervision/materials', {
      orgId: o.br1,
      kind: 'analysis_report',
      title: 'x',
      subjectName: '随便写的名字',
      subjectMemberId: mem.Y,
      needsLeader: false,
      needsTeam: true,
    });
    expect(r.statusCode, r.body).toBe(404);
    // The town sees Y, but Y is not of br1: 422, named, in the user's language.
    const zh = await townT.post('/api/supervision/materials', {
      orgId: o.br1,
      kind: 'analysis_report',
      title: 'x',
      subjectMemberId: mem.Y,
      needsLeader: false,
      needsTeam: true,
    });
    expect(zh.statusCode, zh.body).toBe(422);
    expect(zh.json().error.code).toBe('PERSON_OUTSIDE_UNIT');
    expect(zh.json().error.message).toContain('党员');
    expect((await townT.patch('/api/me', { locale: 'en' })).statusCode).toBe(200);
    const en = await townT.post('/api/supervision/materials', {
      orgId: o.br1,
      kind: 'analysis_report',
      title: 'x',
      subjectMemberId: mem.Y,
      needsLeader: false,
      needsTeam: true,
    });
    expect((await townT.patch('/api/me', { locale: 'zh-CN' })).statusCode).toBe(200);
    expect(en.statusCode, en.body).toBe(422);
    expect(en.json().error.message).toMatch(/not an active member of .* so cannot be the subject of the material/);
    expect([await count('materials'), await materialAudits()]).toEqual(before);
    // A town's material may name a member of a branch below it; the name is the member's.
    const ok = await townT.post('/api/supervision/materials', {
      orgId: o.town,
      kind: 'analysis_report',
      title: '发言提纲',
      subjectName: '别的名字',
      subjectMemberId: mem.Y,
      needsLeader: false,
      needsTeam: true,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((ok.json() as MaterialDetailView).subject).toEqual({ memberId: mem.Y, name: '孙外支部', outside: false });
    // Text only: a person outside the tree (or a leading body).
    const text = await townT.post('/api/supervision/materials', {
      orgId: o.town,
      kind: 'analysis_report',
      title: '班子对照检查材料',
      subjectName: '镇党委班子',
      needsLeader: false,
      needsTeam: true,
    });
    expect((text.json() as MaterialDetailView).subject).toEqual({
      memberId: null,
      name: '镇党委班子',
      outside: true,
    });
    // Editing changes the subject the same way, checked the same way.
    const m = text.json() as MaterialDetailView;
    const bad = await townT.post(`/api/supervision/materials/${m.id}/draft`, {
      baseVersion: m.version,
      body: '第二稿',
      subjectMemberId: 999999,
    });
    expect(bad.statusCode).toBe(404); // no such member: answered as any record one cannot see
    const edited = await townT.post(`/api/supervision/materials/${m.id}/draft`, {
      baseVersion: m.version,
      body: '第二稿',
      subjectMemberId: mem.W,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((edited.json() as MaterialDetailView).subject).toEqual({ memberId: mem.W, name: '赵党员', outside: false });
  });

  it('a review outcome reaches the author’s member personally, besides the unit’s inbox', async () => {
    const json = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as { materialId: number };
    const personal = (memberId: number, kind: string) =>
      h.db.db
        .selectFrom('notifications')
        .select(['org_id', 'params'])
        .where('member_id', '=', memberId)
        .where('kind', '=', kind)
        .orderBy('id')
        .execute();
    const returnedBefore = (await personal(mem.W, 'material_returned')).length;
    const m = await create(writer, o.br1, { title: '待退回的材料' });
    const r = await review(
      newN,
      m,
      pass.map((x) => (x.key === 'no_examples' ? { ...x, pass: false, comment: '请补充具体事例' } : x)),
    );
    expect(r.json().status).toBe('returned');
    const rows = await personal(mem.W, 'material_returned');
    expect(rows).toHaveLength(returnedBefore + 1);
    expect(rows.at(-1)!.org_id).toBe(o.br1);
    expect(json(rows.at(-1)!.params).materialId).toBe(m.id);
    // The unit's row is there too, and nobody else got a personal one.
    const all = (
      await h.db.db
        .selectFrom('notifications')
        .select(['member_id', 'org_id', 'params'])
        .where('kind', '=', 'material_returned')
        .execute()
    ).filter((x) => json(x.params).materialId === m.id);
    expect(all.map((x) => [x.org_id, x.member_id])).toEqual(
      expect.arrayContaining([
        [o.br1, null],
        [o.br1, mem.W],
      ]),
    );
    expect(all).toHaveLength(2);
    // No author member (an account without one): the subject member is told.
    const forY = await create(office, o.br2, {
      title: '孙外支部发言提纲',
      subjectMemberId: mem.Y,
      needsLeader: false,
      needsTeam: true,
    });
    await buildUser(h, 'l-sup', [{ role: 'supervisor', orgId: o.town }]);
    const sup = await login(h, 'l-sup');
    const passed = await sup.post(`/api/supervision/materials/${forY.id}/reviews`, {
      as: 'team',
      version: forY.submittedVersion,
      results: pass,
      comment: '',
    });
    expect(passed.json().status).toBe('passed');
    expect((await personal(mem.Y, 'material_passed')).length).toBe(1);
  });
});
