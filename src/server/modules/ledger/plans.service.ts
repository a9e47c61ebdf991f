import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { zId } from '../../platform/validation.ts';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { ENUM_LABELS } from '../../platform/i18n.ts';
import { TASK_TRANSITIONS } from '../../../shared/campaigns.ts';
import {
  PLAN_ACTIONS,
  type PlanAction,
  type PlanDetailView,
  type PlanOverview,
  type PlanStatus,
  type PlanView,
} from '../../../shared/ledger.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { problemPolicy, problemSubject } from './ledger.policy.ts';

type Q = Kysely<DB> | Transaction<DB>;

const id = zId;
const text = (max: number) => z.string().trim().max(max);
const fields = {
  title: text(200).min(1).optional(),
  principles: text(8000).optional(),
  objectives: text(8000).optional(),
  measures: text(20000).optional(),
  timeLimits: text(8000).optional(),
  /** The problems of the unit's ledger the plan covers (replaces the list when given). */
  problemIds: z.array(id).max(2000).optional(),
};
export const ZCreatePlan = z.object({
  ...fields,
  orgId: id,
  campaignId: id.nullable().optional(),
  title: text(200).min(1),
});
export const ZUpdatePlan = z.object(fields);
export const ZPlanTransition = z.object({ action: z.enum(PLAN_ACTIONS), comment: text(2000).optional() });
export const ZPlanQuery = z.object({ org: id, campaignId: id.optional() });
type TCreatePlan = z.infer<typeof ZCreatePlan>;
type TUpdatePlan = z.infer<typeof ZUpdatePlan>;

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : String(d));

/**
 * Rectification plans (整改方案): one per unit and campaign (or none), with principles,
 * objectives, measures, time limits and the problems of its ledger it covers; submitted by the
 * unit and approved or returned by the level above, along the campaign deliverable's table.
 */
export class PlanService {
  constructor(private db: Kysely<DB>) {}

  private async load(q: Q, planId: number, lock = false) {
    let sel = q
      .selectFrom('rectification_plans as r')
      .innerJoin('orgs as o', 'o.id', 'r.org_id')
      .selectAll('r')
      .select(['o.path as org_path', 'o.name as org_name'])
      .where('r.id', '=', planId);
    if (lock) sel = sel.forUpdate('r');
    return sel.executeTakeFirst();
  }

  private async views(
    q: Q,
    where: (qb: ReturnType<PlanService['base']>) => ReturnType<PlanService['base']>,
  ): Promise<PlanView[]> {
    const rows = await where(this.base(q)).execute();
    return rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      campaignId: r.campaign_id,
      title: r.title,
      status: r.status as PlanStatus,
      problemCount: Number(r.problem_count),
      lastComment: r.last_comment,
      updatedAt: iso(r.updated_at),
    }));
  }

  private base(q: Q) {
    return q
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
  }

  /** The org's own plan and its children's, for a campaign (or the plans without one). */
  async overview(actor: Actor, orgId: number, campaignId?: number): Promise<PlanOverview> {
    const org = await findOrg(this.db, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, 'read', problemSubject({ id: null, org_path: org.path }));
    const children = await this.db
      .selectFrom('orgs')
      .select(['id', 'name'])
      .where('parent_id', '=', orgId)
      .where('status', '=', 'active')
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    const ids = [orgId, ...children.map((c) => c.id)];
    const plans = await this.views(this.db, (qb) =>
      qb
        .where('r.org_id', 'in', ids)
        .where(campaignId ? sql<boolean>`r.campaign_id = ${campaignId}` : sql<boolean>`r.campaign_id IS NULL`),
    );
    const byOrg = new Map(plans.map((p) => [p.orgId, p]));
    return {
      own: byOrg.get(orgId) ?? null,
      children: children.map((c) => ({ org: c, plan: byOrg.get(c.id) ?? null })),
      canCreate:
        can(actor, problemPolicy, 'edit', problemSubject({ id: null, org_path: org.path })) && org.status === 'active',
    };
  }

  async detail(actor: Actor, planId: number): Promise<PlanDetailView> {
    const r = await this.load(this.db, planId);
    if (!r) throw new AppError('NOT_FOUND');
    const subject = problemSubject({ id: planId, org_path: r.org_path });
    authorize(actor, problemPolicy, 'read', subject);
    const [view] = await this.views(this.db, (qb) => qb.where('r.id', '=', planId));
    const problems = await this.db
      .selectFrom('plan_problems as pp')
      .innerJoin('problems as p', 'p.id', 'pp.problem_id')
      .select(['p.id', 'p.seq', 'p.description', 'p.status', 'p.kind', 'p.deadline'])
      .where('pp.plan_id', '=', planId)
      .orderBy('p.seq')
      .execute();
    const events = await this.db
      .selectFrom('plan_events')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('id')
      .execute();
    const mayEdit = can(actor, problemPolicy, 'edit', subject);
    const mayReview = can(actor, problemPolicy, 'verify', subject);
    const actions = TASK_TRANSITIONS.filter((t) => t.from === r.status && (t.by === 'unit' ? mayEdit : mayReview)).map(
      (t) => t.action,
    );
    return {
      ...view,
      principles: r.principles,
      objectives: r.objectives,
      measures: r.measures,
      timeLimits: r.time_limits,
      problems: problems.map((p) => ({
        id: p.id,
        seq: p.seq,
        description: p.description,
        status: p.status as never,
        kind: p.kind as never,
        deadline: p.deadline,
      })),
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        comment: e.comment,
        actorName: e.actor_name,
        at: iso(e.at),
      })),
      can: { edit: mayEdit && (r.status === 'draft' || r.status === 'returned'), actions },
    };
  }

  /** Problems must belong to the plan's own ledger. */
  private async linkProblems(trx: Transaction<DB>, planId: number, orgId: number, problemIds: number[]) {
    const unique = [...new Set(problemIds)];
    if (unique.length) {
      const found = await trx
        .selectFrom('problems')
        .select('id')
        .where('id', 'in', unique)
        .where('org_id', '=', orgId)
        .execute();
      if (found.length !== unique.length)
        throw new AppError('VALIDATION', {}, [{ path: 'problemIds', message: 'field.invalid' }]);
    }
    await trx.deleteFrom('plan_problems').where('plan_id', '=', planId).execute();
    if (unique.length)
      await trx
        .insertInto('plan_problems')
        .values(unique.map((p) => ({ plan_id: planId, problem_id: p })))
        .execute();
  }

  async create(actor: Actor, input: TCreatePlan): Promise<PlanDetailView> {
    const planId = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await findOrg(trx, input.orgId);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject({ id: null, org_path: org.path }));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const existing = await trx
        .selectFrom('rectification_plans')
        .select('id')
        .where('org_id', '=', org.id)
        .where(input.campaignId ? sql<boolean>`campaign_id = ${input.campaignId}` : sql<boolean>`campaign_id IS NULL`)
        .executeTakeFirst();
      if (existing)
        throw new AppError('CONFLICT', {
          what: actor.locale === 'en' ? 'this unit already has a rectification plan for it' : '本单位已有该整改方案',
        });
      const r = await trx
        .insertInto('rectification_plans')
        .values({
          org_id: org.id,
          campaign_id: input.campaignId ?? null,
          title: input.title,
          principles: input.principles ?? '',
          objectives: input.objectives ?? '',
          measures: input.measures ?? '',
          time_limits: input.timeLimits ?? '',
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.problemIds) await this.linkProblems(trx, r.id, org.id, input.problemIds);
      await trx
        .insertInto('plan_events')
        .values({
          plan_id: r.id,
          action: 'create',
          to_status: 'draft',
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      await audit({
        action: 'plan.create',
        entityType: 'rectification_plan',
        entityId: r.id,
        orgId: org.id,
        after: input,
      });
      return r.id;
    });
    return this.detail(actor, planId);
  }

  async update(actor: Actor, planId: number, input: TUpdatePlan): Promise<PlanDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.load(trx, planId, true);
      if (!r) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject({ id: planId, org_path: r.org_path }));
      if (r.status !== 'draft' && r.status !== 'returned') {
        const L = ENUM_LABELS[actor.locale];
        throw new AppError('TASK_TRANSITION', {
          from: L.taskStatus[r.status],
          action: actor.locale === 'en' ? 'Edit' : '修改',
        });
      }
      const set = Object.fromEntries(
        Object.entries({
          title: input.title,
          principles: input.principles,
          objectives: input.objectives,
          measures: input.measures,
          time_limits: input.timeLimits,
        }).filter(([, v]) => v !== undefined),
      );
      await trx
        .updateTable('rectification_plans')
        .set({ ...set, updated_at: new Date() })
        .where('id', '=', planId)
        .execute();
      if (input.problemIds) await this.linkProblems(trx, planId, r.org_id, input.problemIds);
      await audit({
        action: 'plan.update',
        entityType: 'rectification_plan',
        entityId: planId,
        orgId: r.org_id,
        before: { title: r.title },
        after: input,
      });
    });
    return this.detail(actor, planId);
  }

  /** submit (unit) / approve / return / reopen (level above), along the deliverable's table. */
  async transition(
    actor: Actor,
    planId: number,
    action: PlanAction,
    comment: string | undefined,
  ): Promise<PlanDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await this.load(trx, planId, true);
      if (!r) throw new AppError('NOT_FOUND');
      const tr = TASK_TRANSITIONS.find((t) => t.action === action && t.from === r.status);
      const reviewer = tr ? tr.by === 'reviewer' : action !== 'submit';
      authorize(
        actor,
        problemPolicy,
        reviewer ? 'verify' : 'edit',
        problemSubject({ id: planId, org_path: r.org_path }),
      );
      const L = ENUM_LABELS[actor.locale];
      if (!tr) throw new AppError('TASK_TRANSITION', { from: L.taskStatus[r.status], action: L.taskAction[action] });
      if (tr.commentRequired && !comment) throw new AppError('COMMENT_REQUIRED');
      if (action === 'submit') {
        const n = await trx
          .selectFrom('plan_problems')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('plan_id', '=', planId)
          .executeTakeFirstOrThrow();
        if (!r.measures.trim() || Number(n.n) === 0)
          throw new AppError('VALIDATION', {}, [
            { path: !r.measures.trim() ? 'measures' : 'problemIds', message: 'field.required' },
          ]);
      }
      await trx
        .updateTable('rectification_plans')
        .set({ status: tr.to, updated_at: new Date(), ...(reviewer ? { last_comment: comment ?? null } : {}) })
        .where('id', '=', planId)
        .execute();
      await trx
        .insertInto('plan_events')
        .values({
          plan_id: planId,
          action,
          from_status: r.status,
          to_status: tr.to,
          comment: comment ?? null,
          actor_id: actor.id,
          actor_name: actor.displayName,
        })
        .execute();
      await audit({
        action: `plan.${action}`,
        entityType: 'rectification_plan',
        entityId: planId,
        orgId: r.org_id,
        before: { status: r.status },
        after: { status: tr.to, comment: comment ?? null },
      });
    });
    return this.detail(actor, planId);
  }
}
