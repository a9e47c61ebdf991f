import { sql, type RawBuilder } from 'kysely';
import type { Q } from '../../../db/database.ts';
import { leaderReviewerSql } from './materials.repository.ts';

export interface MaterialWorkRow {
  id: number;
  org_id: number;
  org_name: string;
  title: string;
  subject_name: string;
  kind: string;
  status: string;
  due: null;
  mine: boolean;
}

/** Drafts and returned materials the user writes (author) or that are about them (subject). */
function writeWhere(userId: number, memberId: number | null): RawBuilder<boolean> {
  const who =
    memberId === null
      ? sql`m.author_id = ${userId}`
      : sql`(m.author_id = ${userId} OR m.subject_member_id = ${memberId})`;
  return sql<boolean>`m.status IN ('draft','returned') AND o.status = 'active' AND ${who}`;
}

const unjudged = (reviewer: string) =>
  sql`NOT EXISTS (SELECT 1 FROM material_reviews r WHERE r.material_id = m.id AND r.version = m.submitted_version AND r.reviewer = ${reviewer})`;

/** Materials under review waiting for the user: as the post holder (leader) or as the team. */
function reviewWhere(f: { userId: number; memberId: number | null; today: string; teamOrgIds: number[] }) {
  const parts: RawBuilder<unknown>[] = [];
  if (f.memberId !== null) {
    const held = sql`(SELECT h.org_id FROM org_posts h WHERE h.member_id = ${f.memberId} AND h.post = 'secretary'
      AND h.start_date <= ${f.today}::date AND (h.end_date IS NULL OR h.end_date >= ${f.today}::date))`;
    parts.push(
      sql`(m.needs_leader AND ${unjudged('leader')} AND (m.org_id IN ${held} OR o.parent_id IN ${held})
        AND ${leaderReviewerSql(f.today)} = ${f.memberId}::int)`,
    );
  }
  if (f.teamOrgIds.length > 0)
    parts.push(
      sql`(m.needs_team AND ${unjudged('team')} AND m.org_id IN (
        SELECT descendant_id FROM org_closure WHERE ancestor_id IN (${sql.join(f.teamOrgIds)})))`,
    );
  if (parts.length === 0) return sql<boolean>`false`;
  return sql<boolean>`m.status = 'in_review' AND o.status = 'active' AND m.author_id IS DISTINCT FROM ${f.userId}
    AND (${sql.join(parts, sql` OR `)})`;
}

export type MaterialFilter =
  | { kind: 'write'; userId: number; memberId: number | null }
  | { kind: 'review'; userId: number; memberId: number | null; today: string; teamOrgIds: number[] };

const whereOf = (f: MaterialFilter) => (f.kind === 'write' ? writeWhere(f.userId, f.memberId) : reviewWhere(f));
const FROM = sql`FROM materials m JOIN orgs o ON o.id = m.org_id LEFT JOIN users au ON au.id = m.author_id`;

export async function countMaterials(q: Q, f: MaterialFilter): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n ${FROM} WHERE ${whereOf(f)}`.execute(q);
  return r.rows[0].n;
}

export async function listMaterials(q: Q, f: MaterialFilter, limit: number): Promise<MaterialWorkRow[]> {
  if (limit <= 0) return [];
  const mine =
    f.memberId === null
      ? sql`m.author_id = ${f.userId}`
      : sql`(m.author_id = ${f.userId} OR m.subject_member_id IS NOT DISTINCT FROM ${f.memberId})`;
  const r = await sql<MaterialWorkRow>`
    SELECT m.id, m.org_id, o.name AS org_name, m.title, m.subject_name, m.kind, m.status, NULL AS due, ${mine} AS mine
    ${FROM} WHERE ${whereOf(f)}
    ORDER BY m.updated_at, m.id
    LIMIT ${limit}`.execute(q);
  return r.rows;
}
