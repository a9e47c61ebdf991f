import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { auditActor, type Actor } from '../../../platform/actor.ts';
import { AppError } from '../../../platform/errors.ts';
import { t } from '../../../platform/i18n.ts';
import { decodeAfter, pageOf } from '../../../platform/paging.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { withTx } from '../../../platform/tx.ts';
import { requireVisibleCampaign } from '../../campaigns/campaigns.policy.ts';
import type { LedgerService } from '../../ledger/ledger.service.ts';
import {
  drawSample,
  LOOKBACK_STAGES,
  type AssessmentView,
  type LookbackDetailView,
  type LookbackPage,
  type LookbackStage,
} from '../../../../shared/supervision.ts';
import type { ChecklistService } from '../checklists/checklists.service.ts';
import { orgSubject, requireOrg, requireSee, requireSeeOrgs, supervisionPolicy } from '../supervision.policy.ts';
import { presentAssessment, presentRound, stageAbilities } from './lookback.presenter.ts';
import * as R from './lookback.repository.ts';
import type { TAssessment, TCreateLookback, TLookbackQuery } from '../../../../shared/schemas/supervision/lookback.ts';

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
  private checklists: ChecklistService;

  /** `teams`: whatever holds the checklist service (the team service does). */
  constructor(
    private db: Kysely<DB>,
    teams: { checklists: ChecklistService },
    private ledger: LedgerService,
  ) {
    this.checklists = teams.checklists;
  }

  /** Rounds opened in the org's subtree, and rounds above it that the org takes part in. */
  async list(actor: Actor, query: TLookbackQuery): Promise<LookbackPage> {
    const org = await requireOrg(this.db, query.org);
    requireSee(actor, 'org', org.id, org.path);
    const after = decodeAfter(query.after);
    const rows = await R.listRounds(this.db, actor, { orgId: org.id, after, limit: query.limit });
    return pageOf(rows, query.limit, (r) => [null, r.id], presentRound);
  }

  async detail(actor: Actor, id: number): Promise<LookbackDetailView> {
    const r = await R.findRound(this.db, id);
    if (!r) throw new AppError('NOT_FOUND');
    const participants = await R.participantsOf(this.db, id);
    // The round's office and those over it see every unit; a unit sees its own row.
    const seesRound = can(actor, supervisionPolicy, 'read', orgSubject('lookback', id, r.org_path));
    const shown = seesRound
      ? participants
      : participants.filter((p) => can(actor, supervisionPolicy, 'read', orgSubject('org', p.id, p.path)));
    if (!shown.length) throw new AppError('NOT_FOUND');
    const byOrg = new Map<number, AssessmentView[]>();
    for (const a of await R.assessmentsOf(this.db, id)) {
      const list = byOrg.get(a.org_id) ?? [];
      list.push(presentAssessment(a));
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
      ...presentRound(r),
      checklist: await this.checklists.get(this.db, actor, r.checklist_id),
      sample: r.sample,
      sampleReproduces: redrawn.length === r.sample.length && redrawn.every((x, i) => x === r.sample[i]),
      participants: shown.map((p) => {
        const stages = canAssess(p);
        return {
          orgId: p.id,
          name: p.name,
          sampled: sample.has(p.id),
          assessments: byOrg.get(p.id) ?? [],
          canAssess: stages,
          abilities: stageAbilities(stages),
        };
      }),
      can: { assess },
      abilities: stageAbilities(assess),
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
      const checklistId = await this.checklists.resolve(trx, org.id, 'lookback', input.checklistId);
      const ids = await R.participantIds(trx, org.id, input.levels, LOOKBACK_MAX_PARTICIPANTS + 1);
      if (ids.length === 0) throw new AppError('NO_PARTICIPANTS');
      if (ids.length > LOOKBACK_MAX_PARTICIPANTS)
        throw new AppError('VALIDATION', {}, [{ path: 'levels', message: 'field.invalid' }]);
      const seed = input.seed ?? randomBytes(8).toString('hex');
      const sample = drawSample(ids, input.sampleSize, seed);
      const id = await R.insertRound(
        trx,
        {
          orgId: org.id,
          campaignId: input.campaignId ?? null,
          title: input.title,
          checklistId,
          sampleSize: input.sampleSize,
          seed,
          sample,
          createdBy: actor.id,
        },
        ids,
      );
      await audit({
        action: 'lookback.create',
        entityType: 'lookback_round',
        entityId: id,
        orgId: org.id,
        after: { ...input, seed, sample, participants: ids.length },
      });
      return id;
    });
    return this.detail(actor, id);
  }

  /** One unit's scores at one stage, once; findings go to the unit's ledger in the same transaction. */
  async assess(actor: Actor, id: number, input: TAssessment): Promise<LookbackDetailView> {
    await withTx(this.db, auditActor(actor), async (ctx) => {
      const { trx, audit } = ctx;
      const r = await R.roundForWrite(trx, id);
      if (!r) throw new AppError('NOT_FOUND');
      const unit = await requireOrg(trx, input.orgId);
      requireSeeOrgs(actor, 'assess', [unit]);
      if (!(await R.isParticipant(trx, id, unit.id))) throw new AppError('NOT_FOUND');
      authorize(actor, supervisionPolicy, STAGE_ACTION[input.stage], orgSubject('org', unit.id, unit.path));
      if (input.stage === 'spot' && !r.sample.includes(unit.id))
        throw new AppError('LOOKBACK_NOT_SAMPLED', { name: unit.name });
      const checklist = await this.checklists.get(trx, actor, r.checklist_id);
      const scores = checklist.items.map((item) => {
        const s = input.scores.find((x) => x.key === item.key);
        if (!s || s.score > (item.maxScore ?? 10))
          throw new AppError('VALIDATION', {}, [
            { path: `scores.${item.key}`, message: s ? 'field.invalid' : 'field.required' },
          ]);
        return { key: item.key, score: s.score, note: s.note };
      });
      if (await R.assessed(trx, id, unit.id, input.stage))
        throw new AppError('CONFLICT', { what: 'sv.conflict.scored' });
      const problemIds: number[] = [];
      for (const f of input.findings) {
        if (f.reopenProblemId) {
          const p = await R.problemInSubtree(trx, f.reopenProblemId, unit.id);
          if (!p)
            throw new AppError('VALIDATION', {}, [{ path: 'findings.reopenProblemId', message: 'field.invalid' }]);
          await this.ledger.transitionIn(
            ctx,
            actor,
            p.id,
            'reopen',
            t(actor.locale, 'sv.lookback.reopen', { description: f.description }),
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
      const aid = await R.insertAssessment(trx, {
        roundId: id,
        orgId: unit.id,
        stage: input.stage,
        scores,
        total,
        summary: input.summary,
        problemIds,
        authorId: actor.id,
        authorName: actor.displayName,
      });
      await audit({
        action: 'lookback.assess',
        entityType: 'lookback_assessment',
        entityId: aid,
        orgId: unit.id,
        after: { round: id, stage: input.stage, total, scores, problemIds },
      });
    });
    return this.detail(actor, id);
  }
}
