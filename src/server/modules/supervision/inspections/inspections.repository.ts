import { sql, type Transaction } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { AfterKey } from '../../../platform/paging.ts';
import { inAncestors, inSubtree, seenBelow } from '../../../platform/scope-sql.repository.ts';
import type { InspectionKind, InspectionStatus } from '../../../../shared/supervision.ts';

/** Inspection reports and their named units: the only SQL of the sub-module. */

function base(q: Q) {
  return q
    .selectFrom('inspection_reports as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .leftJoin('supervision_teams as t', 't.id', 'r.team_id')
    .selectAll('r')
    .select([
      'o.name as org_name',
      'o.path as org_path',
      't.name as team_name',
      sql<number>`(SELECT count(*) FROM inspection_named_units n WHERE n.report_id = r.id)`.as('named_count'),
      sql<number>`(SELECT count(*) FROM inspection_named_units n WHERE n.report_id = r.id AND n.answered_at IS NOT NULL)`.as(
        'answered_count',
      ),
    ]);
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

export function findReport(q: Q, id: number) {
  return base(q).where('r.id', '=', id).executeTakeFirst();
}

/**
 * Reports written in the org's subtree, and circulated reports from the offices above it; newest
 * first; of one kind and one status when given.
 */
export function listReports(
  q: Q,
  actor: Actor,
  f: { orgId: number; kind?: InspectionKind; status?: InspectionStatus; after: AfterKey | null; limit: number },
) {
  let qb = base(q).where((eb) =>
    eb.or([
      seenBelow(actor, f.orgId, 'r.org_id'),
      eb.and([eb('r.status', '=', 'circulated'), inAncestors(f.orgId, 'r.org_id')]),
    ]),
  );
  if (f.kind) qb = qb.where('r.kind', '=', f.kind);
  if (f.status) qb = qb.where('r.status', '=', f.status);
  if (f.after) qb = qb.where('r.id', '<', f.after[1]);
  return qb
    .orderBy('r.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function namedUnits(q: Q, reportId: number) {
  return q
    .selectFrom('inspection_named_units as n')
    .innerJoin('orgs as o', 'o.id', 'n.org_id')
    .select([
      'n.org_id',
      'o.name',
      'o.path',
      'n.finding',
      'n.problem_ids',
      'n.answer',
      'n.answered_at',
      'n.answered_by',
    ])
    .where('n.report_id', '=', reportId)
    .orderBy('o.path')
    .execute();
}
export type NamedRow = Awaited<ReturnType<typeof namedUnits>>[number];

export function orgsByIds(q: Q, ids: number[]) {
  return q.selectFrom('orgs').select(['id', 'name', 'path']).where('id', 'in', ids).execute();
}

export async function countProblemsInSubtree(q: Q, ids: number[], orgId: number): Promise<number> {
  const rows = await q
    .selectFrom('problems')
    .select('id')
    .where('id', 'in', ids)
    .where(inSubtree(orgId, 'org_id'))
    .execute();
  return rows.length;
}

export async function replaceNamed(
  trx: Transaction<DB>,
  reportId: number,
  named: Array<{ orgId: number; finding: string; problemIds: number[] }>,
): Promise<void> {
  await trx.deleteFrom('inspection_named_units').where('report_id', '=', reportId).execute();
  if (named.length)
    await trx
      .insertInto('inspection_named_units')
      .values(
        named.map((n) => ({ report_id: reportId, org_id: n.orgId, finding: n.finding, problem_ids: n.problemIds })),
      )
      .execute();
}

export function teamOrg(q: Q, teamId: number) {
  return q.selectFrom('supervision_teams').select('org_id').where('id', '=', teamId).executeTakeFirst();
}

export async function insertReport(
  trx: Transaction<DB>,
  v: {
    orgId: number;
    teamId: number | null;
    kind: InspectionKind;
    title: string;
    body: string;
    inspectedOn: string;
    createdBy: number;
  },
): Promise<number> {
  const r = await trx
    .insertInto('inspection_reports')
    .values({
      org_id: v.orgId,
      team_id: v.teamId,
      kind: v.kind,
      title: v.title,
      body: v.body,
      inspected_on: v.inspectedOn,
      created_by: v.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function reportForWrite(trx: Transaction<DB>, id: number) {
  return trx
    .selectFrom('inspection_reports as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .selectAll('r')
    .select(['o.path as org_path', 'o.name as org_name'])
    .where('r.id', '=', id)
    .forUpdate('r')
    .executeTakeFirst();
}

export async function updateReport(trx: Transaction<DB>, id: number, set: Record<string, unknown>): Promise<void> {
  await trx
    .updateTable('inspection_reports')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function namedOrgIds(q: Q, reportId: number): Promise<number[]> {
  const rows = await q
    .selectFrom('inspection_named_units')
    .select('org_id')
    .where('report_id', '=', reportId)
    .execute();
  return rows.map((n) => n.org_id);
}

export async function notifyNamed(trx: Transaction<DB>, orgIds: number[], reportId: number, title: string) {
  if (!orgIds.length) return;
  await trx
    .insertInto('notifications')
    .values(orgIds.map((o) => ({ org_id: o, kind: 'inspection_named', params: JSON.stringify({ reportId, title }) })))
    .execute();
}

export function namedUnit(q: Q, reportId: number, orgId: number) {
  return q
    .selectFrom('inspection_named_units as n')
    .innerJoin('orgs as o', 'o.id', 'n.org_id')
    .select(['n.org_id', 'n.answer', 'o.path'])
    .where('n.report_id', '=', reportId)
    .where('n.org_id', '=', orgId)
    .executeTakeFirst();
}

export async function saveAnswer(
  trx: Transaction<DB>,
  reportId: number,
  orgId: number,
  answer: string,
  by: string,
): Promise<void> {
  await trx
    .updateTable('inspection_named_units')
    .set({ answer, answered_at: new Date(), answered_by: by })
    .where('report_id', '=', reportId)
    .where('org_id', '=', orgId)
    .execute();
}
