import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { buildProblem } from './support/factories.ts';
import type { PlanDetailView, PlanOverview } from '../src/shared/ledger.ts';
import { PLAN_ACTIONS } from '../src/shared/ledger.ts';

/**
 *  county ─┬─ town ─┬─ br1
 *          │        └─ br2
 *  other ── brX
 */
describe('rectification plans (整改方案): one per unit, problems of its own ledger, submitted and reviewed', () => {
  let h: Harness;
  const o: Record<string, number> = {};
  let office: Client; // office @ county
  let sec: Client; // unit_admin @ br1
  let outsider: Client; // unit_admin @ brX
  let problemId: number;
  let otherProblemId: number;
  const count = async (table: 'rectification_plans' | 'plan_problems' | 'plan_events') =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await createHarness();
    const root = (await buildRoot(h, '中共方案市委员会')).id;
    o.county = (await buildOrg(h, root, 'county', '方案县委')).id;
    o.other = (await buildOrg(h, root, 'county', '别县委')).id;
    o.town = (await buildOrg(h, o.county, 'township', '方案镇党委')).id;
    o.br1 = (await buildOrg(h, o.town, 'branch', '一村党支部')).id;
    o.br2 = (await buildOrg(h, o.town, 'branch', '二村党支部')).id;
    o.brX = (await buildOrg(h, o.other, 'branch', '外村党支部')).id;
    await buildUser(h, 'p-office', [{ role: 'office', orgId: o.county }]);
    await buildUser(h, 'p-sec', [{ role: 'unit_admin', orgId: o.br1 }]);
    await buildUser(h, 'p-out', [{ role: 'unit_admin', orgId: o.brX }]);
    [office, sec, outsider] = await Promise.all(['p-office', 'p-sec', 'p-out'].map((u) => login(h, u)));
    // Drafts (only what the original rows held; undefined fields are not sent): a plan links problems whatever their stage.
    const draft = {
      standard: undefined,
      responsibleLeader: undefined,
      responsibleDept: undefined,
      responsiblePerson: undefined,
      deadline: undefined,
      measures: undefined,
      milestones: undefined,
    };
    problemId = (await buildProblem(sec, o.br1, 'phased', { ...draft, description: '会议多' })).id;
    otherProblemId = (
      await buildProblem(office, o.br2, 'immediate', {
        ...draft,
        source: 'meeting',
        category: 'service',
        description: '服务差',
      })
    ).id;
  });
  afterAll(() => h?.close());

  it('creates one plan per unit, linking only its own problems, and refuses a second', async () => {
    // A problem of another unit's ledger is refused and nothing is written.
    let r = await sec.post('/api/rectification-plans', {
      orgId: o.br1,
      title: '一村党支部整改方案',
      problemIds: [problemId, otherProblemId],
    });
    expect(r.statusCode).toBe(400);
    expect(await count('rectification_plans')).toBe(0);
    r = await sec.post('/api/rectification-plans', {
      orgId: o.br1,
      title: '一村党支部整改方案',
      principles: '边学边改、立行立改',
      problemIds: [problemId],
    });
    expect(r.statusCode, r.body).toBe(201);
    const p = r.json() as PlanDetailView;
    expect(p.status).toBe('draft');
    expect(p.problems.map((x) => x.id)).toEqual([problemId]);
    expect(PLAN_ACTIONS.filter((a) => p.abilities[a])).toEqual(['submit']);
    r = await sec.post('/api/rectification-plans', { orgId: o.br1, title: '又一个' });
    expect(r.statusCode).toBe(409);
    expect(await count('rectification_plans')).toBe(1);
    // Outside scope: 404, nothing written.
    expect((await outsider.post('/api/rectification-plans', { orgId: o.br1, title: 'x' })).statusCode).toBe(404);
    expect((await outsider.get(`/api/rectification-plans/${p.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/rectification-plans?org=${o.town}`)).statusCode).toBe(404);
    expect(await count('rectification_plans')).toBe(1);
  });

  it('is submitted by the unit (with measures) and approved or returned by the level above, along the table', async () => {
    const ov = (await office.get(`/api/rectification-plans?org=${o.town}`)).json() as PlanOverview;
    expect(ov.own).toBeNull();
    expect(ov.children.map((c) => [c.org.id, c.plan?.status ?? null])).toEqual([
      [o.br1, 'draft'],
      [o.br2, null],
    ]);
    const planId = ov.children[0].plan!.id;
    // No measures yet: submitting is refused.
    let r = await sec.post(`/api/rectification-plans/${planId}/transition`, { action: 'submit' });
    expect(r.statusCode).toBe(400);
    expect(
      (
        await sec.patch(`/api/rectification-plans/${planId}`, {
          measures: '一、严格控制会议数量；二、推行合并发文。',
          timeLimits: '2026年12月底前',
        })
      ).statusCode,
    ).toBe(200);
    // Nobody approves a draft; the unit does not approve its own plan.
    expect((await office.post(`/api/rectification-plans/${planId}/transition`, { action: 'approve' })).statusCode).toBe(
      409,
    );
    expect((await sec.post(`/api/rectification-plans/${planId}/transition`, { action: 'submit' })).json().status).toBe(
      'submitted',
    );
    expect((await sec.post(`/api/rectification-plans/${planId}/transition`, { action: 'approve' })).statusCode).toBe(
      403,
    );
    // Submitted: the unit can no longer edit.
    expect((await sec.patch(`/api/rectification-plans/${planId}`, { measures: '改' })).statusCode).toBe(409);
    expect(
      (await office.post(`/api/rectification-plans/${planId}/transition`, { action: 'return' })).json().error.code,
    ).toBe('COMMENT_REQUIRED');
    r = await office.post(`/api/rectification-plans/${planId}/transition`, {
      action: 'return',
      comment: '整改措施不够具体，请细化到人到时',
    });
    expect(r.json().status).toBe('returned');
    expect(r.json().lastComment).toBe('整改措施不够具体，请细化到人到时');
    expect(
      (
        await sec.patch(`/api/rectification-plans/${planId}`, {
          measures: '一、每月会议不超过4次，由党支部书记负责；二、12月底前完成。',
        })
      ).statusCode,
    ).toBe(200);
    expect((await sec.post(`/api/rectification-plans/${planId}/transition`, { action: 'submit' })).json().status).toBe(
      'submitted',
    );
    const done = (
      await office.post(`/api/rectification-plans/${planId}/transition`, { action: 'approve' })
    ).json() as PlanDetailView;
    expect(done.status).toBe('approved');
    expect(done.events.map((e) => e.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve']);
    const audits = await h.db.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'rectification_plan')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'plan.create',
      'plan.update',
      'plan.submit',
      'plan.return',
      'plan.update',
      'plan.submit',
      'plan.approve',
    ]);
  });
});
