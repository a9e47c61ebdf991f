import { sql, type RawBuilder } from 'kysely';
import type { Q } from '../../../db/database.ts';

export interface FormWorkRow {
  id: number;
  org_id: number;
  org_name: string;
  title: string;
  kind: string;
  status: string;
  due: string | null;
  mine: boolean;
}

/** Issued forms waiting for an answer from one of the unit orgs, or addressed to the member. */
function answerWhere(unitOrgIds: number[], memberId: number | null): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (unitOrgIds.length > 0) parts.push(sql`f.recipient_org_id IN (${sql.join(unitOrgIds)})`);
  if (memberId !== null) parts.push(sql`f.recipient_member_id = ${memberId}`);
  if (parts.length === 0) return sql<boolean>`false`;
  return sql<boolean>`f.status = 'issued' AND (${sql.join(parts, sql` OR `)})`;
}

export async function countFormsToAnswer(q: Q, unitOrgIds: number[], memberId: number | null): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM supervision_forms f WHERE ${answerWhere(unitOrgIds, memberId)}`.execute(q);
  return r.rows[0].n;
}

export async function listFormsToAnswer(
  q: Q,
  unitOrgIds: number[],
  memberId: number | null,
  limit: number,
): Promise<FormWorkRow[]> {
  if (limit <= 0) return [];
  const mine = memberId === null ? sql`false` : sql`f.recipient_member_id IS NOT DISTINCT FROM ${memberId}`;
  const r = await sql<FormWorkRow>`
    SELECT f.id, f.subject_org_id AS org_id, o.name AS org_name, f.title, f.kind, f.status,
           to_char(f.deadline, 'YYYY-MM-DD') AS due, ${mine} AS mine
    FROM supervision_forms f JOIN orgs o ON o.id = f.subject_org_id
    WHERE ${answerWhere(unitOrgIds, memberId)}
    ORDER BY f.deadline NULLS LAST, f.id
    LIMIT ${limit}`.execute(q);
  return r.rows;
}
