import { sql, type Transaction } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { AfterKey } from '../../../platform/paging.ts';
import { inAncestors, inRoleScope, inSubtree, seenBelow } from '../../../platform/scope-sql.repository.ts';
import type { FormKind, FormStatus } from '../../../../shared/supervision.ts';

/** The five forms, their problems and events, and the escalation ladder: the only SQL of the sub-module. */

function base(q: Q) {
  return q
    .selectFrom('supervision_forms as f')
    .innerJoin('orgs as io', 'io.id', 'f.issuer_org_id')
    .innerJoin('orgs as so', 'so.id', 'f.subject_org_id')
    .leftJoin('orgs as ro', 'ro.id', 'f.recipient_org_id')
    .leftJoin('supervision_teams as tm', 'tm.id', 'f.team_id')
    .leftJoin('supervision_forms as ef', 'ef.id', 'f.escalated_from_id')
    .leftJoin('members as rm', 'rm.id', 'f.recipient_member_id')
    .selectAll('f')
    .select([
      'ef.number as escalated_from_number',
      'ef.title as escalated_from_title',
      'io.name as issuer_name',
      'io.path as issuer_path',
      'so.name as subject_name',
      'so.path as subject_path',
      'ro.name as recipient_org_name',
      'ro.path as recipient_path',
      'tm.name as team_name',
      'rm.name as recipient_member_name',
    ]);
}
export type FormRow = NonNullable<Awaited<ReturnType<typeof loadForm>>>;

export function loadForm(q: Q, id: number, lock = false) {
  let qb = base(q).where('f.id', '=', id);
  if (lock) qb = qb.forUpdate('f');
  return qb.executeTakeFirst();
}

/**
 * Forms issued in or about the org's subtree (under the actor's grants) and criticisms circulated
 * to a subtree above it; drafts and proposals only on the issuing side's desk. Newest first.
 */
export function listForms(
  q: Q,
  actor: Actor,
  f: { orgId: number; kind?: FormKind; status?: FormStatus; after: AfterKey | null; limit: number },
) {
  let qb = base(q).where((eb) =>
    eb.or([
      seenBelow(actor, f.orgId, 'f.issuer_org_id'),
      seenBelow(actor, f.orgId, 'f.subject_org_id'),
      eb.and([
        eb('f.kind', '=', 'criticism'),
        eb('f.status', '=', 'issued'),
        inAncestors(f.orgId, 'f.recipient_org_id'),
      ]),
    ]),
  );
  // A team's drafts are on its members' desk too (as the detail shows them), not only the office's.
  const teams = [...new Set(actor.grants.flatMap((g) => (g.teamId === undefined ? [] : [g.teamId])))];
  const teamDesk = teams.length ? sql<boolean>` OR f.team_id IN (${sql.join(teams)})` : sql<boolean>``;
  qb = qb.where(
    sql<boolean>`(f.status NOT IN ('draft','proposed') OR ${inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 'f.issuer_org_id')}${teamDesk})`,
  );
  if (f.kind) qb = qb.where('f.kind', '=', f.kind);
  if (f.status) qb = qb.where('f.status', '=', f.status);
  if (f.after) qb = qb.where('f.id', '<', f.after[1]);
  return qb
    .orderBy('f.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function formProblems(q: Q, formId: number) {
  return q
    .selectFrom('supervision_form_problems as fp')
    .innerJoin('problems as p', 'p.id', 'fp.problem_id')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.seq', 'o.name as org_name', 'p.description', 'p.status'])
    .where('fp.form_id', '=', formId)
    .orderBy('p.org_id')
    .orderBy('p.seq')
    .execute();
}

export function formEvents(q: Q, formId: number) {
  return q.selectFrom('supervision_form_events').selectAll().where('form_id', '=', formId).orderBy('id').execute();
}
export type FormEventRow = Awaited<ReturnType<typeof formEvents>>[number];

/** True when the user is on the team and the team is active. */
export async function isActiveTeamMember(q: Q, teamId: number, userId: number): Promise<boolean> {
  return !!(await q
    .selectFrom('supervision_team_members as m')
    .innerJoin('supervision_teams as t', 't.id', 'm.team_id')
    .select('m.user_id')
    .where('m.team_id', '=', teamId)
    .where('m.user_id', '=', userId)
    .where('t.status', '=', 'active')
    .executeTakeFirst());
}

/** Which of the teams the user is on and are active (one query for a page of forms). */
export async function activeTeamsOf(q: Q, userId: number, teamIds: number[]): Promise<number[]> {
  const ids = [...new Set(teamIds)];
  if (ids.length === 0) return [];
  const rows = await q
    .selectFrom('supervision_team_members as m')
    .innerJoin('supervision_teams as t', 't.id', 'm.team_id')
    .select('m.team_id')
    .where('m.team_id', 'in', ids)
    .where('m.user_id', '=', userId)
    .where('t.status', '=', 'active')
    .execute();
  return rows.map((r) => r.team_id);
}

export function activeTeam(q: Q, teamId: number) {
  return q
    .selectFrom('supervision_teams')
    .select(['id', 'org_id'])
    .where('id', '=', teamId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** How many of the problems belong to the org's subtree. */
export async function countProblemsInSubtree(q: Q, ids: number[], orgId: number): Promise<number> {
  const rows = await q
    .selectFrom('problems')
    .select('id')
    .where('id', 'in', ids)
    .where(inSubtree(orgId, 'org_id'))
    .execute();
  return rows.length;
}

export async function replaceFormProblems(trx: Transaction<DB>, formId: number, ids: number[]): Promise<void> {
  await trx.deleteFrom('supervision_form_problems').where('form_id', '=', formId).execute();
  if (ids.length)
    await trx
      .insertInto('supervision_form_problems')
      .values(ids.map((p) => ({ form_id: formId, problem_id: p })))
      .execute();
}

export async function insertForm(
  trx: Transaction<DB>,
  v: {
    kind: FormKind;
    status: FormStatus;
    issuerOrgId: number;
    teamId?: number | null;
    subjectOrgId: number;
    recipientOrgId: number | null;
    recipientName: string;
    recipientMemberId?: number | null;
    title: string;
    content: string;
    deadline: string | null;
    createdBy?: number;
    escalatedFromId?: number;
    escalationLevel?: number;
  },
): Promise<number> {
  const f = await trx
    .insertInto('supervision_forms')
    .values({
      kind: v.kind,
      status: v.status,
      issuer_org_id: v.issuerOrgId,
      ...(v.teamId !== undefined ? { team_id: v.teamId } : {}),
      subject_org_id: v.subjectOrgId,
      recipient_org_id: v.recipientOrgId,
      recipient_name: v.recipientName,
      ...(v.recipientMemberId ? { recipient_member_id: v.recipientMemberId } : {}),
      title: v.title,
      content: v.content,
      deadline: v.deadline,
      ...(v.createdBy !== undefined ? { created_by: v.createdBy } : {}),
      ...(v.escalatedFromId !== undefined ? { escalated_from_id: v.escalatedFromId } : {}),
      ...(v.escalationLevel !== undefined ? { escalation_level: v.escalationLevel } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return f.id;
}

export async function insertFormEvent(
  trx: Transaction<DB>,
  v: {
    formId: number;
    action: string;
    fromStatus?: string | null;
    toStatus: string;
    comment?: string | null;
    actorId?: number | null;
    actorName: string;
  },
): Promise<void> {
  await trx
    .insertInto('supervision_form_events')
    .values({
      form_id: v.formId,
      action: v.action,
      ...(v.fromStatus !== undefined ? { from_status: v.fromStatus } : {}),
      to_status: v.toStatus,
      ...(v.comment !== undefined ? { comment: v.comment } : {}),
      ...(v.actorId !== undefined ? { actor_id: v.actorId } : {}),
      actor_name: v.actorName,
    })
    .execute();
}

export async function updateForm(trx: Transaction<DB>, id: number, set: Record<string, unknown>): Promise<void> {
  await trx
    .updateTable('supervision_forms')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The next sequence number of an issuer, kind and year, serialized per (issuer, kind, year) by an advisory lock. */
export async function nextFormSeq(trx: Transaction<DB>, issuerOrgId: number, kind: string, year: number) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`form:${issuerOrgId}:${kind}:${year}`}))`.execute(trx);
  const last = await trx
    .selectFrom('supervision_forms')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('issuer_org_id', '=', issuerOrgId)
    .where('kind', '=', kind)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(last?.seq ?? 0) + 1;
}

export async function notifyOrg(
  trx: Transaction<DB>,
  orgId: number,
  kind: string,
  params: unknown,
  dedupeKey?: string,
): Promise<void> {
  await trx
    .insertInto('notifications')
    .values({
      org_id: orgId,
      kind,
      params: JSON.stringify(params),
      ...(dedupeKey !== undefined ? { dedupe_key: dedupeKey } : {}),
    })
    .execute();
}

/** Rung 1: orders still unanswered (issued) or failed (rejected) after their deadline, not yet escalated. */
export function overdueOrders(trx: Transaction<DB>, today: string) {
  return trx
    .selectFrom('supervision_forms as f')
    .innerJoin('orgs as s', 's.id', 'f.subject_org_id')
    .select([
      'f.id',
      'f.issuer_org_id',
      'f.subject_org_id',
      'f.team_id',
      'f.number',
      'f.title',
      'f.deadline',
      's.name as unit',
    ])
    .where('f.kind', '=', 'order')
    .where('f.status', 'in', ['issued', 'rejected'])
    .where('f.deadline', '<', today)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM supervision_forms e WHERE e.escalated_from_id = f.id AND e.escalation_level = 1)`,
    )
    .orderBy('f.id')
    .execute();
}

/** Rung 2: such orders whose issued criticism's own deadline has passed too, not yet escalated again. */
export function overdueCriticisedOrders(trx: Transaction<DB>, today: string) {
  return trx
    .selectFrom('supervision_forms as f')
    .innerJoin('orgs as s', 's.id', 'f.subject_org_id')
    .innerJoin('supervision_forms as c', (j) =>
      j.onRef('c.escalated_from_id', '=', 'f.id').on('c.escalation_level', '=', 1),
    )
    .select([
      'f.id',
      'f.issuer_org_id',
      'f.subject_org_id',
      'f.team_id',
      'f.number',
      'f.title',
      'f.deadline',
      's.name as unit',
      'c.number as criticism_number',
    ])
    .where('f.kind', '=', 'order')
    .where('f.status', 'in', ['issued', 'rejected'])
    .where('c.status', '=', 'issued')
    .where('c.deadline', '<', today)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM supervision_forms e WHERE e.escalated_from_id = f.id AND e.escalation_level = 2)`,
    )
    .orderBy('f.id')
    .execute();
}

/** Links a new form to every problem of another. */
export async function copyFormProblems(trx: Transaction<DB>, toFormId: number, fromFormId: number): Promise<void> {
  await sql`INSERT INTO supervision_form_problems (form_id, problem_id) SELECT ${toFormId}, problem_id FROM supervision_form_problems WHERE form_id = ${fromFormId}`.execute(
    trx,
  );
}
