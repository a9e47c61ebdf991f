import { sql, type Transaction } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { AfterKey } from '../../../platform/paging.ts';
import { inSubtree, seenBelow } from '../../../platform/scope-sql.repository.ts';
import type { OrgLevel } from '../../../../shared/enums.ts';
import type { LookbackStage } from '../../../../shared/supervision.ts';

/** Look-back rounds, participants and assessments: the only SQL of the sub-module. */

function base(q: Q) {
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
export type RoundRow = NonNullable<Awaited<ReturnType<typeof findRound>>>;

export function findRound(q: Q, id: number) {
  return base(q).where('r.id', '=', id).executeTakeFirst();
}

/** Rounds opened in the org's subtree, and rounds above it that the org takes part in; newest first. */
export function listRounds(q: Q, actor: Actor, f: { orgId: number; after: AfterKey | null; limit: number }) {
  let qb = base(q).where((eb) =>
    eb.or([
      seenBelow(actor, f.orgId, 'r.org_id'),
      sql<boolean>`r.id IN (SELECT p.round_id FROM lookback_participants p WHERE ${seenBelow(actor, f.orgId, 'p.org_id')})`,
    ]),
  );
  if (f.after) qb = qb.where('r.id', '<', f.after[1]);
  return qb
    .orderBy('r.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function participantsOf(q: Q, roundId: number) {
  return q
    .selectFrom('lookback_participants as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select(['o.id', 'o.name', 'o.path'])
    .where('p.round_id', '=', roundId)
    .orderBy('o.path')
    .execute();
}

export function assessmentsOf(q: Q, roundId: number) {
  return q.selectFrom('lookback_assessments').selectAll().where('round_id', '=', roundId).orderBy('id').execute();
}
export type AssessmentRow = Awaited<ReturnType<typeof assessmentsOf>>[number];

/** The active orgs of the levels in the subtree (the org itself left out), or its active children. */
export async function participantIds(
  q: Q,
  orgId: number,
  levels: readonly OrgLevel[] | undefined,
  limit: number,
): Promise<number[]> {
  let qb = q.selectFrom('orgs as o').select('o.id').where('o.status', '=', 'active');
  qb = levels?.length
    ? qb.where(inSubtree(orgId, 'o.id')).where('o.id', '!=', orgId).where('o.level', 'in', levels)
    : qb.where('o.parent_id', '=', orgId);
  return (await qb.orderBy('o.id').limit(limit).execute()).map((o) => o.id);
}

export async function insertRound(
  trx: Transaction<DB>,
  v: {
    orgId: number;
    campaignId: number | null;
    title: string;
    checklistId: number;
    sampleSize: number;
    seed: string;
    sample: number[];
    createdBy: number;
  },
  participants: number[],
): Promise<number> {
  const r = await trx
    .insertInto('lookback_rounds')
    .values({
      org_id: v.orgId,
      campaign_id: v.campaignId,
      title: v.title,
      checklist_id: v.checklistId,
      sample_size: v.sampleSize,
      seed: v.seed,
      sample: v.sample,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('lookback_participants')
    .values(participants.map((o) => ({ round_id: r.id, org_id: o })))
    .execute();
  return r.id;
}

export function roundForWrite(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('lookback_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function isParticipant(q: Q, roundId: number, orgId: number): Promise<boolean> {
  return !!(await q
    .selectFrom('lookback_participants')
    .select('org_id')
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .executeTakeFirst());
}

export async function assessed(q: Q, roundId: number, orgId: number, stage: LookbackStage): Promise<boolean> {
  return !!(await q
    .selectFrom('lookback_assessments')
    .select('id')
    .where('round_id', '=', roundId)
    .where('org_id', '=', orgId)
    .where('stage', '=', stage)
    .executeTakeFirst());
}

/** A problem of the unit's subtree, for a finding that re-opens it. */
export function problemInSubtree(q: Q, problemId: number, orgId: number) {
  return q
    .selectFrom('problems')
    .select(['id', 'status'])
    .where('id', '=', problemId)
    .where(inSubtree(orgId, 'org_id'))
    .executeTakeFirst();
}

export async function insertAssessment(
  trx: Transaction<DB>,
  v: {
    roundId: number;
    orgId: number;
    stage: LookbackStage;
    scores: unknown;
    total: number;
    summary: string;
    problemIds: number[];
    authorId: number;
    authorName: string;
  },
): Promise<number> {
  const a = await trx
    .insertInto('lookback_assessments')
    .values({
      round_id: v.roundId,
      org_id: v.orgId,
      stage: v.stage,
      scores: JSON.stringify(v.scores),
      total: v.total,
      summary: v.summary,
      problem_ids: v.problemIds,
      author_id: v.authorId,
      author_name: v.authorName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return a.id;
}
