import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import type { OrgBodyView, OrgPostView } from '../src/shared/api.ts';

/** Leading bodies (领导班子): posts with date ranges, one holder of a single-holder post a day, history. */
describe('leading bodies', () => {
  let h: Harness;
  let township: number;
  let branch: number;
  let other: number;
  let office: Client;
  let secretary: Client;
  let stranger: Client;
  const member = async (c: Client, orgId: number, name: string) => {
    const r = await c.post('/api/members', {
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

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    const district = (await buildOrg(h, root.id, 'county', '中共城关区委员会')).id;
    township = (await buildOrg(h, district, 'township', '中共城关街道工作委员会')).id;
    branch = (await buildOrg(h, township, 'branch', '中共柳河村支部委员会')).id;
    other = (await buildOrg(h, township, 'branch', '中共李家庄村支部委员会')).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: district }]);
    await buildUser(h, 'secretary', [{ role: 'unit_admin', orgId: branch }]);
    await buildUser(h, 'stranger', [{ role: 'unit_admin', orgId: other }]);
    office = await login(h, 'office');
    secretary = await login(h, 'secretary');
    stranger = await login(h, 'stranger');
  });
  afterAll(async () => h?.close());

  it('keeps one holder of 书记 a day, answers who held it on any date, and keeps the history', async () => {
    const a = await member(secretary, branch, '王建国');
    const b = await member(secretary, branch, '李红梅');
    const first = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'secretary',
      memberId: a,
      term: '第十届',
      document: '城关工委〔2021〕12号',
      startDate: '2021-06-01',
    });
    expect(first.statusCode, first.body).toBe(201);
    const clash = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'secretary',
      memberId: b,
      startDate: '2024-03-01',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toContain('王建国');
    expect(clash.json().error.message).toContain('书记');

    const ended = await secretary.post(`/api/posts/${first.json().id}/end`, { endDate: '2024-02-29', reason: '换届' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((ended.json() as OrgPostView).endDate).toBe('2024-02-29');
    const second = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'secretary',
      memberId: b,
      term: '第十一届',
      startDate: '2024-03-01',
    });
    expect(second.statusCode, second.body).toBe(201);
    // Two deputies may serve at once; 委员 from outside the tree is named with their unit.
    const outside = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'committee_member',
      outsideName: '赵志刚',
      outsideUnit: '城关街道办事处',
      startDate: '2024-03-01',
    });
    expect(outside.statusCode, outside.body).toBe(201);
    expect((outside.json() as OrgPostView).holder).toMatchObject({ outside: true, unit: '城关街道办事处' });

    const on = async (date: string) =>
      ((await office.get(`/api/posts?org=${branch}&on=${date}`)).json() as OrgBodyView).items
        .filter((p) => p.post === 'secretary')
        .map((p) => p.holder.name);
    expect(await on('2022-01-01')).toEqual(['王建国']);
    expect(await on('2024-02-29')).toEqual(['王建国']);
    expect(await on('2024-03-01')).toEqual(['李红梅']);
    expect(await on('2020-01-01')).toEqual([]);
    const history = (await office.get(`/api/posts?org=${branch}&history=true`)).json() as OrgBodyView;
    expect(history.items.filter((p) => p.post === 'secretary').map((p) => p.holder.name)).toEqual(['李红梅', '王建国']);
  });

  it('refuses a holder from another unit, reversed dates, and anyone outside scope (404, nothing written)', async () => {
    const elsewhere = await member(stranger, other, '孙立');
    const outsider = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'deputy_secretary',
      memberId: elsewhere,
      startDate: '2024-01-01',
    });
    expect(outsider.statusCode).toBe(422);
    const dates = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'deputy_secretary',
      outsideName: '周某',
      startDate: '2024-01-01',
      endDate: '2023-01-01',
    });
    expect(dates.statusCode).toBe(422);
    const scope = await stranger.post('/api/posts', {
      orgId: branch,
      post: 'other',
      outsideName: '某人',
      startDate: '2024-01-01',
    });
    expect(scope.statusCode).toBe(404);
    expect((await stranger.get(`/api/posts?org=${branch}`)).statusCode).toBe(404);
    const body = (await secretary.get(`/api/posts?org=${branch}&history=true`)).json() as OrgBodyView;
    expect(body.items.some((p) => p.post === 'deputy_secretary' || p.post === 'other')).toBe(false);
    expect(body.abilities.create).toBe(true);
  });

  it('ends the posts of a member who leaves the branch or the tree, and not the others', async () => {
    const c = await member(secretary, branch, '陈立新');
    const d = await member(secretary, branch, '刘芳');
    const p1 = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'propaganda_member',
      memberId: c,
      startDate: '2023-01-01',
    });
    const p2 = await secretary.post('/api/posts', {
      orgId: branch,
      post: 'discipline_member',
      memberId: d,
      startDate: '2023-01-01',
    });
    // A township committee post held by a branch member survives the member's move between branches.
    const p3 = await office.post('/api/posts', {
      orgId: township,
      post: 'committee_member',
      memberId: c,
      startDate: '2023-01-01',
    });
    expect([p1.statusCode, p2.statusCode, p3.statusCode]).toEqual([201, 201, 201]);
    expect((await office.post(`/api/members/${c}/transfer`, { toOrgId: other, note: null })).statusCode).toBe(200);
    const body = (await office.get(`/api/posts?org=${branch}&history=true`)).json() as OrgBodyView;
    expect(body.items.find((p) => p.id === p1.json().id)!.endDate).not.toBeNull();
    expect(body.items.find((p) => p.id === p2.json().id)!.endDate).toBeNull();
    let town = (await office.get(`/api/posts?org=${township}`)).json() as OrgBodyView;
    expect(town.items.map((p) => p.holder.name)).toEqual(['陈立新']);
    expect(
      (await office.post(`/api/members/${c}/status`, { status: 'transferred_out', note: '转往外省' })).statusCode,
    ).toBe(200);
    town = (await office.get(`/api/posts?org=${township}&history=true`)).json() as OrgBodyView;
    expect(town.items[0]!.endDate).not.toBeNull();
    expect(town.items[0]!.abilities.end).toBe(false);
  });
});
