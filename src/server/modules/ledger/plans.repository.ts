import { sql, type Insertable, type Transaction, type Updateable } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { DB } from '../../db/types.ts';

/** A plan with its unit's path and name. */
export async function findPlan(q: Q, planId: number, lock = false) {
  let sel = q
    .selectFrom('rectification_plans as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .selectAll('r')
    .select(['o.path as org_path', 'o.name as org_name'])
    .where('r.id', '=', planId);
  if (lock) sel = sel.forUpdate('r');
  return sel.executeTakeFirst();
}

const base = (q: Q) =>
  q
    .selectFrom('rectification_plans as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .select([
      'r.id',
      'r.org_id',
      'o.name as org_name',
      'r.campaign_id',
      'r.title',
      'r.status',
      'r.last_comment',
      'r.updated_at',
      sql<number>`(SELECT count(*) FROM plan_problems pp WHERE pp.plan_id = r.id)`.as('problem_count'),
    ]);
export type PlanRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

/** The plans of some orgs for a campaign (or the plans without one). */
export async function plansOfOrgs(q: Q, orgIds: number[], campaignId: number | undefined): Promise<PlanRow[]> {
  return base(q)
    .where('r.org_id', 'in', orgIds)
    .where(campaignId ? sql<boolean>`r.campaign_id = ${campaignId}` : sql<boolean>`r.campaign_id IS NULL`)
    .execute();
}

export async function planRow(q: Q, planId: number): Promise<PlanRow | undefined> {
  return base(q).where('r.id', '=', planId).executeTakeFirst();
}

/** An org's active children, in order. */
export async function activeChildOrgs(q: Q, orgId: number): Promise<Array<{ id: number; name: string }>> {
  return q
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('parent_id', '=', orgId)
    .where('status', '=', 'active')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function planProblems(q: Q, planId: number) {
  return q
    .selectFrom('plan_problems as pp')
    .innerJoin('problems as p', 'p.id', 'pp.problem_id')
    .select(['p.id', 'p.seq', 'p.description', 'p.status', 'p.kind', 'p.deadline'])
    .where('pp.plan_id', '=', planId)
    .orderBy('p.seq')
    .execute();
}
export type PlanProblemRow = Awaited<ReturnType<typeof planProblems>>[number];

export async function planEvents(q: Q, planId: number) {
  return q.selectFrom('plan_events').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}
export type PlanEventRow = Awaited<ReturnType<typeof planEvents>>[number];

/** How many of the problems belong to the org's own ledger. */
export async function countOwnProblems(q: Q, orgId: number, problemIds: number[]): Promise<number> {
  if (problemIds.length === 0) return 0;
  const found = await q
    .selectFrom('problems')
    .select('id')
    .where('id', 'in', problemIds)
    .where('org_id', '=', orgId)
    .execute();
  return found.length;
}

/** Replaces the problems a plan covers. */
export async function replacePlanProblems(trx: Transaction<DB>, planId: number, problemIds: number[]): Promise<void> {
  await trx.deleteFrom('plan_problems').where('plan_id', '=', planId).execute();
  if (problemIds.length)
    await trx
      .insertInto('plan_problems')
      .values(problemIds.map((p) => ({ plan_id: planId, problem_id: p })))
      .execute();
}

export async function countPlanProblems(q: Q, planId: number): Promise<number> {
  const n = await q
    .selectFrom('plan_problems')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

/** Whether the org already has a plan for the campaign (or one without a campaign). */
export async function planExists(q: Q, orgId: number, campaignId: number | null | undefined): Promise<boolean> {
  const existing = await q
    .selectFrom('rectification_plans')
    .select('id')
    .where('org_id', '=', orgId)
    .where(campaignId ? sql<boolean>`campaign_id = ${campaignId}` : sql<boolean>`campaign_id IS NULL`)
    .executeTakeFirst();
  return !!existing;
}

export async function insertPlan(trx: Q, row: Insertable<DB['rectification_plans']>): Promise<number> {
  const r = await trx.insertInto('rectification_plans').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePlan(trx: Q, planId: number, set: Updateable<DB['rectification_plans']>): Promise<void> {
  await trx.updateTable('rectification_plans').set(set).where('id', '=', planId).execute();
}

export async function insertPlanEvent(trx: Q, row: Insertable<DB['plan_events']>): Promise<void> {
  await trx.insertInto('plan_events').values(row).execute();
}
