import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { requireVisibleCampaign } from '../campaigns/campaigns.policy.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import {
  drawSample,
  LOOKBACK_STAGES,
  type AssessmentView,
  type ItemScore,
  type LookbackDetailView,
  type LookbackStage,
  type LookbackView,
} from '../../../shared/supervision.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { TAssessment, TCreateLookback } from './supervision.schema.ts';
import {
  inSubtree,
  iso,
  seenBelow,
  orgSubject,
  requireOrg,
  requireSee,
  requireSeeOrgs,
  supervisionPolicy,
  type Q,
} from './supervision.policy.ts';
import type { TeamService } from './teams.service.ts';

const STAGE_ACTION = { self: 'selfCheck', spot: 'spotCheck', office: 'assessAsOffice' } as const;
/** Most participants one round takes (a district's branches; a city goes level by level). */
export const LOOKBACK_MAX_PARTICIPANTS = 5000;

/**
 * Look back (回头看): an office runs a checklist (the six checks and six looks by default) over
 * its units at three levels — each unit checks itself, the supervision team spot-checks a sample
 * the system draws from a recorded seed (so anyone can draw it again and get the same units), and
 * the office assesses. Findings become problems in the unit's ledger (source "look back"), or
 * re-open problems closed earlier.
 */
export class LookbackService {
  constructor(
    private db: Kysely<DB>,
    private teams: TeamService,
    private ledger: LedgerService,
  ) {}

  private base(q: Q) {
    return q
      .selectFrom('lookback_rounds as r')
      .innerJoin('orgs as o', 'o.id', 'r.org_id')
      .selectAll('r')
      .select([
        'o.name as org_name',
        'o.path as org_path',
        sql<number>`(SELECT count(*) FROM lookback_participants p WHERE p.round_id = r.id)`.as('participant_count'),
      ]);
  }

  private view(r: Awaited<ReturnType<ReturnType<LookbackService['base']>['executeTakeFirstOrThrow']>>): LookbackView {
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      campaignId: r.campaign_id,
      title: r.title,
      checklistId: r.checklist_id,
      participantCount: Number(r.participant_count),
      sampleSize: r.sample_size,
      seed: r.seed,
      createdAt: iso(r.created_at)!,
    };
  }

  /** Rounds opened in the org's subtree, and rounds above it that the org takes part in. */
  async list(actor: Actor, orgId: number): Promise<LookbackView[]> {
    const org = await requireOrg(this.db, orgId);
    requireSee(actor, 'org', org.id, org.path);
    const rows = await this.base(this.db)
      .where((eb) =>
        eb.or([
          seenBelow(actor, org.id, 'r.org_id'),
          sql<boolean>`r.id IN (SELECT p.round_id FROM lookback_participants p WHERE ${seenBelow(actor, org.id, 'p.org_id')})`,
        ]),
      )
      .orderBy('r.id', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => this.view(r));
  }

  async detail(actor: Actor, id: number): Promise<LookbackDetailView> {
    const r = await this.base(this.db).where('r.id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND');
    const participants = await this.db
      .selectFrom('lookback_participants as p')
      .innerJoin('orgs as o', 'o.id', 'p.org_id')
      .select(['o.id', 'o.name', 'o.path'])
      .where('p.round_id', '=', id)
      .orderBy('o.path')
      .execute();
    // The round's office and those over it see every unit; a unit sees its own row.
    const seesRound = can(actor, supervisionPolicy, 'read', orgSubject('lookback', id, r.org_path));
    const shown = seesRound
      ? participants
      : participants.filter((p) => can(actor, supervisionPolicy, 'read', orgSubject('org', p.id, p.path)));
    if (!shown.length) throw new AppError('NOT_FOUND');
    const assessments = await this.db
      .selectFrom('lookback_assessments')
      .selectAll()
      .where('round_id', '=', id)
      .orderBy('id')
      .execute();
    const byOrg = new Map<number, AssessmentView[]>();
    for (const a of assessments) {
      const list = byOrg.get(a.org_id) ?? [];
      list.push({
        id: a.id,
        orgId: a.org_id,
        stage: a.stage as LookbackStage,
        scores: (typeof a.scores === 'string' ? JSON.parse(a.scores) : a.scores) as ItemScore[],
        total: Number(a.total),
        summary: a.summary,
        authorName: a.author_name,
        createdAt: iso(a.created_at)!,
        problemIds: a.problem_ids,
      });
      byOrg.set(a.org_id, list);
    }
    const sample = new Set(r.sample);
    const redrawn = drawSample(
      participants.map((p) => p.id),
      r.sample_size,
      r.seed,
    );
    const canAssess = (p: (typeof shown)[number]) =>
      LOOKBACK_STAGES.filter(
        (stage) =>
          this.mayAssess(actor, stage, p.path, sample.has(p.id)) &&
          !(byOrg.get(p.id) ?? []).some((a) => a.stage === stage),
      );
    const assess = LOOKBACK_STAGES.filter((stage) =>
      shown.some((p) => this.mayAssess(actor, stage, p.path, sample.has(p.id))),
    );
    return {
      ...this.view(r),
      checklist: await this.teams.checklist(this.db, actor, r.checklist_id),
      sample: r.sample,
      sampleReproduces: redrawn.length === r.sample.length && redrawn.every((x, i) => x === r.sample[i]),
      participants: shown.map((p) => ({
        orgId: p.id,
        name: p.name,
        sampled: sample.has(p.id),
        assessments: byOrg.get(p.id) ?? [],
        canAssess: canAssess(p),
      })),
      can: { assess },
    };
  }

  private mayAssess(actor: Actor, stage: LookbackStage, path: string, sampled: boolean): boolean {
    if (stage === 'spot' && !sampled) return false;
    return can(actor, supervisionPolicy, STAGE_ACTION[stage], orgSubject('org', null, path));
  }

  async create(actor: Actor, input: TCreateLookback): Promise<LookbackDetailView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'openLookback', orgSubject('org', org.id, org.path));
      if (input.campaignId) await requireVisibleCampaign(trx, actor, input.campaignId);
      const checklistId = await this.teams.resolveChecklist(trx, org.id, 'lookback', input.checklistId);
      let qb = trx.selectFrom('orgs as o').select('o.id').where('o.status', '=', 'active');
      qb = input.levels?.length
        ? qb.where(inSubtree(org.id, 'o.id')).where('o.id', '!=', org.id).where('o.level', 'in', input.levels)
        : qb.where('o.parent_id', '=', org.id);
      const ids = (
        await qb
          .orderBy('o.id')
          .limit(LOOKBACK_MAX_PARTICIPANTS + 1)
          .execute()
      ).map((o) => o.id);
      if (ids.length === 0) throw new AppError('NO_PARTICIPANTS');
      if (ids.length > LOOKBACK_MAX_PARTICIPANTS)
        throw new AppError('VALIDATION', {}, [{ path: 'levels', message: 'field.invalid' }]);
      const seed = input.seed ?? randomBytes(8).toString('hex');
      const sample = drawSample(ids, input.sampleSize, seed);
      const r = await trx
        .insertInto('lookback_rounds')
        .values({
          org_id: org.id,
          campaign_id: input.campaignId ?? null,
          title: input.title,
          checklist_id: checklistId,
          sample_size: input.sampleSize,
          seed,
          sample,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('lookback_participants')
        .values(ids.map((o) => ({ round_id: r.id, org_id: o })))
        .execute();
      await audit({
        action: 'lookback.create',
        entityType: 'lookback_round',
        entityId: r.id,
        orgId: org.id,
        after: { ...input, seed, sample, participants: ids.length },
      });
      return r.id;
    });
    return this.detail(actor, id);
  }

  /** One unit's scores at one stage, once; findings go to the unit's ledger in the same transaction. */
  async assess(actor: Actor, id: number, input: TAssessment): Promise<LookbackDetailView> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      const { trx, audit } = ctx;
      const r = await trx.selectFrom('lookback_rounds').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) throw new AppError('NOT_FOUND');
      const unit = await requireOrg(trx, input.orgId);
      requireSeeOrgs(actor, 'assess', [unit]);
      const participant = await trx
        .selectFrom('lookback_participants')
        .select('org_id')
        .where('round_id', '=', id)
        .where('org_id', '=', unit.id)
        .executeTakeFirst();
      if (!participant) throw new AppError('NOT_FOUND');
      authorize(actor, supervisionPolicy, STAGE_ACTION[input.stage], orgSubject('org', unit.id, unit.path));
      if (input.stage === 'spot' && !r.sample.includes(unit.id))
        throw new AppError('LOOKBACK_NOT_SAMPLED', { name: unit.name });
      const checklist = await this.teams.checklist(trx, actor, r.checklist_id);
      const scores = checklist.items.map((item) => {
        const s = input.scores.find((x) => x.key === item.key);
        if (!s || s.score > (item.maxScore ?? 10))
          throw new AppError('VALIDATION', {}, [
            { path: `scores.${item.key}`, message: s ? 'field.invalid' : 'field.required' },
          ]);
        return { key: item.key, score: s.score, note: s.note };
      });
      const done = await trx
        .selectFrom('lookback_assessments')
        .select('id')
        .where('round_id', '=', id)
        .where('org_id', '=', unit.id)
        .where('stage', '=', input.stage)
        .executeTakeFirst();
      if (done)
        throw new AppError('CONFLICT', {
          what: actor.locale === 'en' ? 'this stage has been scored already' : '该环节已评分',
        });
      const problemIds: number[] = [];
      for (const f of input.findings) {
        if (f.reopenProblemId) {
          const p = await trx
            .selectFrom('problems')
            .select(['id', 'status'])
            .where('id', '=', f.reopenProblemId)
            .where(inSubtree(unit.id, 'org_id'))
            .executeTakeFirst();
          if (!p)
            throw new AppError('VALIDATION', {}, [{ path: 'findings.reopenProblemId', message: 'field.invalid' }]);
          await this.ledger.transitionIn(
            ctx,
            actor,
            p.id,
            'reopen',
            `${actor.locale === 'en' ? 'Look back' : '回头看'}：${f.description}`,
          );
          problemIds.push(p.id);
        } else {
          problemIds.push(
            await this.ledger.createIn(ctx, actor, {
              orgId: unit.id,
              campaignId: r.campaign_id,
              source: 'look_back',
              category: f.category,
              kind: f.kind,
              description: f.description,
            }),
          );
        }
      }
      const total = scores.reduce((s, x) => s + x.score, 0);
      const a = await trx
        .insertInto('lookback_assessments')
        .values({
          round_id: id,
          org_id: unit.id,
          stage: input.stage,
          scores: JSON.stringify(scores),
          total,
          summary: input.summary,
          problem_ids: problemIds,
          author_id: actor.id,
          author_name: actor.displayName,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit({
        action: 'lookback.assess',
        entityType: 'lookback_assessment',
        entityId: a.id,
        orgId: unit.id,
        after: { round: id, stage: input.stage, total, scores, problemIds },
      });
    });
    return this.detail(actor, id);
  }
}
