import { sql, type RawBuilder } from 'kysely';
import type { Q } from '../../db/database.ts';

/** A workbench row of a problem or a measure (the measure's org and status are its problem's). */
export interface ProblemWorkRow {
  id: number;
  problem_id: number;
  org_id: number;
  org_name: string;
  seq: number;
  text: string;
  due: string | null;
  status: string;
  mine: boolean;
}

const WORKING = sql`p.status IN ('pending','in_progress')`;

/** Open problems the member is 责任人 or 责任领导 of, or of the unit orgs. */
function mineWhere(memberId: number | null, unitOrgIds: number[]): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (memberId !== null)
    parts.push(sql`p.responsible_person_member_id = ${memberId}`, sql`p.responsible_leader_member_id = ${memberId}`);
  if (unitOrgIds.length > 0) parts.push(sql`p.org_id IN (${sql.join(unitOrgIds)})`);
  if (parts.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${WORKING} AND (${sql.join(parts, sql` OR `)})`;
}
const mineFlag = (memberId: number | null) =>
  memberId === null
    ? sql<boolean>`false`
    : sql<boolean>`(p.responsible_person_member_id IS NOT DISTINCT FROM ${memberId} OR p.responsible_leader_member_id IS NOT DISTINCT FROM ${memberId})`;

/**
 * Finished problems (待验收) one or two levels below an org the user verifies for: the level above
 * verifies (上级验收), and where that level has no office of its own (a township kept by its
 * secretary, a general branch) the verification falls to the one above it. Deeper units are their
 * own levels' desks; the ledger lists every problem of the subtree.
 */
function verifyWhere(orgIds: number[]): RawBuilder<boolean> {
  // By parent_id, not the closure: the planner knows how few children an org has (the closure's
  // depth filter was misjudged into a scan of every awaiting problem at a province's root).
  const ids = sql.join(orgIds);
  return sql<boolean>`p.status = 'awaiting' AND p.org_id IN (
    SELECT c.id FROM orgs c WHERE c.parent_id IN (${ids})
    UNION ALL SELECT g.id FROM orgs g JOIN orgs c ON g.parent_id = c.id WHERE c.parent_id IN (${ids}))`;
}

export async function countProblems(
  q: Q,
  f: { kind: 'mine'; memberId: number | null; unitOrgIds: number[] } | { kind: 'verify'; orgIds: number[] },
): Promise<number> {
  if (f.kind === 'verify' && f.orgIds.length === 0) return 0;
  const w = f.kind === 'mine' ? mineWhere(f.memberId, f.unitOrgIds) : verifyWhere(f.orgIds);
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM problems p WHERE ${w}`.execute(q);
  return r.rows[0].n;
}

export async function listProblems(
  q: Q,
  f: { kind: 'mine'; memberId: number | null; unitOrgIds: number[] } | { kind: 'verify'; orgIds: number[] },
  limit: number,
): Promise<ProblemWorkRow[]> {
  if ((f.kind === 'verify' && f.orgIds.length === 0) || limit <= 0) return [];
  const w = f.kind === 'mine' ? mineWhere(f.memberId, f.unitOrgIds) : verifyWhere(f.orgIds);
  const mine = f.kind === 'mine' ? mineFlag(f.memberId) : sql<boolean>`false`;
  const r = await sql<ProblemWorkRow>`
    SELECT p.id, p.id AS problem_id, p.org_id, o.name AS org_name, p.seq, p.description AS text,
           to_char(p.deadline, 'YYYY-MM-DD') AS due, p.status, ${mine} AS mine
    FROM problems p JOIN orgs o ON o.id = p.org_id
    WHERE ${w}
    ORDER BY p.deadline NULLS LAST, p.id
    LIMIT ${limit}`.execute(q);
  return r.rows;
}

/** Measures the member owns whose problem is still being rectified. */
export async function countMeasures(q: Q, memberId: number): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM problem_measures m JOIN problems p ON p.id = m.problem_id
    WHERE m.owner_member_id = ${memberId} AND ${WORKING}`.execute(q);
  return r.rows[0].n;
}

export async function listMeasures(q: Q, memberId: number, limit: number): Promise<ProblemWorkRow[]> {
  if (limit <= 0) return [];
  const r = await sql<ProblemWorkRow>`
    SELECT m.id, p.id AS problem_id, p.org_id, o.name AS org_name, p.seq, m.content AS text,
           to_char(coalesce(m.deadline, p.deadline), 'YYYY-MM-DD') AS due, p.status, true AS mine
    FROM problem_measures m JOIN problems p ON p.id = m.problem_id JOIN orgs o ON o.id = p.org_id
    WHERE m.owner_member_id = ${memberId} AND ${WORKING}
    ORDER BY coalesce(m.deadline, p.deadline) NULLS LAST, m.id
    LIMIT ${limit}`.execute(q);
  return r.rows;
}
