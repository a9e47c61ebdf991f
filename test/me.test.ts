import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import type { MeProfileView } from '../src/shared/api.ts';

/** 我的 (GET/PATCH /api/me/profile): the account's own member only, the phone the only correction, audited. */
describe('my own page', () => {
  let h: Harness;
  let branch: number;
  let other: number;
  let office: Client;
  let mine: Client;
  let plain: Client;
  let own: number;
  let stranger: number;

  const addMember = async (orgId: number, name: string, phone: string) => {
    const r = await office.post('/api/members', {
      orgId,
      name,
      gender: 'female',
      birthDate: '1980-03-01',
      category: 'ordinary',
      joinDate: '2005-07-01',
      phone,
      position: '村妇联主席',
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const phoneOf = async (id: number) =>
    (await h.db.db.selectFrom('members').select('phone').where('id', '=', id).executeTakeFirstOrThrow()).phone;
  const selfAudits = () =>
    h.db.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'member.update')
      .where('actor_name', '=', 'mine')
      .execute();

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    const district = (await buildOrg(h, root.id, 'county', '中共城关区委员会')).id;
    const township = (await buildOrg(h, district, 'township', '中共城关街道工作委员会')).id;
    branch = (await buildOrg(h, township, 'branch', '中共柳河村支部委员会')).id;
    other = (await buildOrg(h, township, 'branch', '中共李家庄村支部委员会')).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: district }]);
    const mineId = await buildUser(h, 'mine', [{ role: 'member', orgId: branch }]);
    await buildUser(h, 'plain', [{ role: 'unit_admin', orgId: other }]);
    office = await login(h, 'office');
    own = await addMember(branch, '王秀兰', '13800000001');
    stranger = await addMember(other, '李红梅', '13900000002');
    await h.db.db.updateTable('users').set({ member_id: own }).where('id', '=', mineId).execute();
    // A past post (ended) and a current one.
    const past = await office.post('/api/posts', {
      orgId: branch,
      post: 'propaganda_member',
      memberId: own,
      term: '第九届',
      startDate: '2018-01-01',
    });
    expect(past.statusCode, past.body).toBe(201);
    expect(
      (await office.post(`/api/posts/${past.json().id}/end`, { endDate: '2020-12-31', reason: '换届' })).statusCode,
    ).toBe(200);
    const now = await office.post('/api/posts', {
      orgId: branch,
      post: 'secretary',
      memberId: own,
      term: '第十届',
      startDate: '2021-01-01',
    });
    expect(now.statusCode, now.body).toBe(201);
    mine = await login(h, 'mine');
    plain = await login(h, 'plain');
  });
  afterAll(async () => h?.close());

  it("answers the linked member's record unmasked, their posts current and past, and their history", async () => {
    const r = await mine.get('/api/me/profile');
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json() as MeProfileView;
    expect(p.account).toMatchObject({ username: 'mine', isAdmin: false });
    expect(p.account.grants).toEqual([expect.objectContaining({ role: 'member', orgId: branch })]);
    expect(p.member).toMatchObject({
      id: own,
      name: '王秀兰',
      orgId: branch,
      orgName: '中共柳河村支部委员会',
      category: 'ordinary',
      joinDate: '2005-07-01',
      phone: '13800000001',
      position: '村妇联主席',
      status: 'active',
    });
    const posts = p.member!.posts;
    expect(posts.map((x) => [x.post, x.current, x.endDate])).toEqual([
      ['secretary', true, null],
      ['propaganda_member', false, '2020-12-31'],
    ]);
    expect(posts[0]).toMatchObject({ orgId: branch, orgName: '中共柳河村支部委员会', term: '第十届' });
    expect(p.member!.events.map((e) => e.kind)).toEqual(['created']);
    expect(p.abilities).toEqual({ correct: true });
  });

  it('an account without a member gets member: null and may correct nothing', async () => {
    const r = await plain.get('/api/me/profile');
    expect(r.statusCode).toBe(200);
    const p = r.json() as MeProfileView;
    expect(p.member).toBeNull();
    expect(p.abilities.correct).toBe(false);
    expect(p.account.grants.map((g) => g.role)).toEqual(['unit_admin']);
    const w = await plain.patch('/api/me/profile', { phone: '13700000003' });
    expect(w.statusCode).toBe(404);
    expect(await phoneOf(stranger)).toBe('13900000002');
  });

  it("changes only the own member's phone, in one audited write", async () => {
    const before = await selfAudits();
    const r = await mine.patch('/api/me/profile', { phone: '13811112222' });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as MeProfileView).member!.phone).toBe('13811112222');
    expect(await phoneOf(own)).toBe('13811112222');
    expect(await phoneOf(stranger)).toBe('13900000002');
    const after = await selfAudits();
    expect(after).toHaveLength(before.length + 1);
    const ev = after[after.length - 1];
    expect(ev.entity_type).toBe('member');
    expect(Number(ev.entity_id)).toBe(own);
    // The audit keeps the phone masked, as the members module does.
    expect(JSON.stringify(ev.after)).toContain('138****2222');
    expect(JSON.stringify(ev.before)).toContain('138****0001');
    // The same phone again changes nothing and writes nothing.
    expect((await mine.patch('/api/me/profile', { phone: '13811112222' })).statusCode).toBe(200);
    expect(await selfAudits()).toHaveLength(after.length);
    // Clearing is allowed ('' → none).
    expect((await mine.patch('/api/me/profile', { phone: '' })).statusCode).toBe(200);
    expect(await phoneOf(own)).toBeNull();
    expect((await mine.patch('/api/me/profile', { phone: '13800000001' })).statusCode).toBe(200);
  });

  it('refuses a bad phone with a translated field error, in both languages', async () => {
    const zh = await mine.patch('/api/me/profile', { phone: '12345' });
    expect(zh.statusCode).toBe(400);
    const issue = zh.json().error.details[0];
    expect(issue.path).toBe('phone');
    expect(issue.message).toMatch(/手机/);
    expect((await mine.patch('/api/me', { locale: 'en' })).statusCode).toBe(200);
    const en = await mine.patch('/api/me/profile', { phone: 'abc' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.details[0].message).toMatch(/mobile number/);
    expect((await mine.patch('/api/me', { locale: 'zh-CN' })).statusCode).toBe(200);
    expect((await mine.patch('/api/me/profile', {})).statusCode).toBe(400);
    expect(await phoneOf(own)).toBe('13800000001');
  });

  it("cannot reach another member's record: no id is taken, other fields are refused", async () => {
    for (const body of [
      { phone: '13700000009', memberId: stranger },
      { phone: '13700000009', id: stranger },
      { phone: '13700000009', name: '改名' },
    ]) {
      const r = await mine.patch('/api/me/profile', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await mine.patch(`/api/me/profile?member=${stranger}`, { phone: '13700000009' })).statusCode).toBe(200);
    expect(await phoneOf(stranger)).toBe('13900000002');
    expect(await phoneOf(own)).toBe('13700000009');
    expect((await mine.get(`/api/me/profile?member=${stranger}`)).json().member.id).toBe(own);
    // A member who has left (transferred out) sees the record but may no longer correct it.
    expect(
      (await office.post(`/api/members/${own}/status`, { status: 'transferred_out', note: '迁出' })).statusCode,
    ).toBe(200);
    const p = (await mine.get('/api/me/profile')).json() as MeProfileView;
    expect(p.abilities.correct).toBe(false);
    // Leaving ends the posts (today is their last day).
    expect(p.member!.posts.every((x) => x.endDate !== null)).toBe(true);
    expect(p.member!.events.map((e) => e.kind)).toEqual(['status', 'created']);
    expect((await mine.patch('/api/me/profile', { phone: '13700000010' })).statusCode).toBe(403);
    expect(await phoneOf(own)).toBe('13700000009');
  });
});
