import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { ZCreatePlan, ZUpdatePlan } from '../../../shared/schemas/ledger.ts';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { ENUM_LABELS } from '../../platform/i18n.ts';
import { TASK_TRANSITIONS } from '../../../shared/campaigns.ts';
import type { PlanAction, PlanDetailView, PlanOverview } from '../../../shared/ledger.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { planAbilities, problemPolicy, problemSubject } from './ledger.policy.ts';
import { presentPlan, presentPlanDetail } from './ledger.presenter.ts';
import * as repo from './plans.repository.ts';

type TCreatePlan = z.infer<typeof ZCreatePlan>;
type TUpdatePlan = z.infer<typeof ZUpdatePlan>;

/**
 * Rectification plans (整改方案): one per unit and campaign (or none), with principles,
 * objectives, measures, time limits and the problems of its ledger it covers; submitted by the
 * unit and approved or returned by the level above, along the campaign deliverable's table.
 */
export class PlanService {
  constructor(private db: Kysely<DB>) {}

  /** The org's own plan and its children's, for a campaign (or the plans without one). */
  async overview(actor: Actor, orgId: number, campaignId?: number): Promise<PlanOverview> {
    const org = await findOrg(this.db, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    const subject = problemSubject({ id: null, org_path: org.path });
    authorize(actor, problemPolicy, 'read', subject);
    const children = await repo.activeChildOrgs(this.db, orgId);
    const plans = (await repo.plansOfOrgs(this.db, [orgId, ...children.map((c) => c.id)], campaignId)).map(presentPlan);
    const byOrg = new Map(plans.map((p) => [p.orgId, p]));
    return {
      own: byOrg.get(orgId) ?? null,
      children: children.map((c) => ({ org: c, plan: byOrg.get(c.id) ?? null })),
      abilities: { create: can(actor, problemPolicy, 'edit', subject) && org.status === 'active' },
    };
  }

  async detail(actor: Actor, planId: number): Promise<PlanDetailView> {
    const r = await repo.findPlan(this.db, planId);
    if (!r) throw new AppError('NOT_FOUND');
    authorize(actor, problemPolicy, 'read', problemSubject({ id: planId, org_path: r.org_path }));
    const [row, problems, events] = await Promise.all([
      repo.planRow(this.db, planId),
      repo.planProblems(this.db, planId),
      repo.planEvents(this.db, planId),
    ]);
    return presentPlanDetail(presentPlan(row!), r, problems, events, planAbilities(actor, r));
  }

  /** Problems must belong to the plan's own ledger. */
  private async linkProblems(trx: Transaction<DB>, planId: number, orgId: number, problemIds: number[]) {
    const unique = [...new Set(problemIds)];
    if ((await repo.countOwnProblems(trx, orgId, unique)) !== unique.length)
      throw new AppError('VALIDATION', {}, [{ path: 'problemIds', message: 'field.invalid' }]);
    await repo.replacePlanProblems(trx, planId, unique);
  }

  async create(actor: Actor, input: TCreatePlan): Promise<PlanDetailView> {
    const planId = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await findOrg(trx, input.orgId);
      if (!org) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject({ id: null, org_path: org.path }));
      if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      if (await repo.planExists(trx, org.id, input.campaignId)) throw new AppError('CONFLICT', { what: 'plan.exists' });
      const id = await repo.insertPlan(trx, {
        org_id: org.id,
        campaign_id: input.campaignId ?? null,
        title: input.title,
        principles: input.principles ?? '',
        objectives: input.objectives ?? '',
        measures: input.measures ?? '',
        time_limits: input.timeLimits ?? '',
        created_by: actor.id,
      });
      if (input.problemIds) await this.linkProblems(trx, id, org.id, input.problemIds);
      await repo.insertPlanEvent(trx, {
        plan_id: id,
        action: 'create',
        to_status: 'draft',
        actor_id: actor.id,
        actor_name: actor.displayName,
      });
      await audit({
        action: 'plan.create',
        entityType: 'rectification_plan',
        entityId: id,
        orgId: org.id,
        after: input,
      });
      return id;
    });
    return this.detail(actor, planId);
  }

  async update(actor: Actor, planId: number, input: TUpdatePlan): Promise<PlanDetailView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await repo.findPlan(trx, planId, true);
      if (!r) throw new AppError('NOT_FOUND');
      authorize(actor, problemPolicy, 'edit', problemSubject({ id: planId, org_path: r.org_path }));
      if (r.status !== 'draft' && r.status !== 'returned') {
        const L = ENUM_LABELS[actor.locale];
        throw new AppError('TASK_TRANSITION', {
          from: L.taskStatus[r.status],
          action: 'plan.action.edit',
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
      await repo.updatePlan(trx, planId, { ...set, updated_at: new Date() });
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
      const r = await repo.findPlan(trx, planId, true);
      if (!r) throw new AppError('NOT_FOUND');
      const tr = TASK_TRANSITIONS.find((x) => x.action === action && x.from === r.status);
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
        const n = await repo.countPlanProblems(trx, planId);
        if (!r.measures.trim() || n === 0)
          throw new AppError('VALIDATION', {}, [
            { path: !r.measures.trim() ? 'measures' : 'problemIds', message: 'field.required' },
          ]);
      }
      await repo.updatePlan(trx, planId, {
        status: tr.to,
        updated_at: new Date(),
        ...(reviewer ? { last_comment: comment ?? null } : {}),
      });
      await repo.insertPlanEvent(trx, {
        plan_id: planId,
        action,
        from_status: r.status,
        to_status: tr.to,
        comment: comment ?? null,
        actor_id: actor.id,
        actor_name: actor.displayName,
      });
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
