import { sql, type Transaction } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import type { Actor } from '../../../platform/actor.ts';
import type { AfterKey } from '../../../platform/paging.ts';
import { inRoleScope, inSubtree } from '../../../platform/scope-sql.repository.ts';
import type { MaterialKind, MaterialStatus, ReviewerKind } from '../../../../shared/supervision.ts';

/** Materials, their versions and reviews: the only SQL of the sub-module. */

function base(q: Q) {
  return q
    .selectFrom('materials as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .leftJoin('users as ua', 'ua.id', 'm.author_id')
    .selectAll('m')
    .select([
      'o.name as org_name',
      'o.path as org_path',
      'o.status as org_status',
      'o.parent_id as org_parent_id',
      'ua.member_id as author_member_id',
    ]);
}
export type MaterialRow = NonNullable<Awaited<ReturnType<typeof loadMaterial>>>;

export function loadMaterial(q: Q, id: number, lock = false) {
  let qb = base(q).where('m.id', '=', id);
  if (lock) qb = qb.forUpdate('m');
  return qb.executeTakeFirst();
}

/** The holder of a post on `on` of one of the page's orgs (posts.repository's holderOn, for many orgs at once). */
export interface PostHolder {
  org_id: number;
  org_name: string;
  member_id: number | null;
  /** The member's name, or the outside person's. */
  name: string;
}

/** The 书记 (secretary) of each of `orgIds` on `on`, where the post is held: one query for a page. */
export async function secretariesOn(q: Q, orgIds: readonly number[], on: string): Promise<Map<number, PostHolder>> {
  const ids = [...new Set(orgIds)];
  if (ids.length === 0) return new Map();
  const rows = await q
    .selectFrom('org_posts as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .leftJoin('members as mb', 'mb.id', 'p.member_id')
    .distinctOn('p.org_id')
    .select([
      'p.org_id',
      'o.name as org_name',
      'p.member_id',
      sql<string>`COALESCE(mb.name, p.outside_name)`.as('name'),
    ])
    .where('p.org_id', 'in', ids)
    .where('p.post', '=', 'secretary')
    .where('p.start_date', '<=', on as never)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', on as never)]))
    .orderBy('p.org_id')
    .orderBy('p.start_date', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.org_id, r as PostHolder]));
}

/**
 * The member id of a material's leader reviewer on `today`, in SQL (the list's toReview filter;
 * the same rule as MaterialService.leaderReviewer): the 书记 of the material's org, or — when the
 * material is that secretary's own (its subject member, else its author's member) — the 书记 of the
 * parent org, unless that is the same person. Needs `m` (materials) and `o` (its org) in scope.
 */
export function leaderReviewerSql(today: string) {
  return sql<number | null>`(
    SELECT CASE WHEN h.member_id = s.subj THEN NULLIF(hp.member_id, s.subj) ELSE h.member_id END
      FROM (SELECT COALESCE(m.subject_member_id, (SELECT u.member_id FROM users u WHERE u.id = m.author_id)) AS subj) s
      CROSS JOIN LATERAL (
        SELECT p.member_id FROM org_posts p
         WHERE p.org_id = m.org_id AND p.post = 'secretary' AND p.start_date <= ${today}::date
           AND (p.end_date IS NULL OR p.end_date >= ${today}::date)
         ORDER BY p.start_date DESC, p.id DESC LIMIT 1) h
      LEFT JOIN LATERAL (
        SELECT p.member_id FROM org_posts p
         WHERE p.org_id = o.parent_id AND p.post = 'secretary' AND p.start_date <= ${today}::date
           AND (p.end_date IS NULL OR p.end_date >= ${today}::date)
         ORDER BY p.start_date DESC, p.id DESC LIMIT 1) hp ON true)`;
}

/** Materials of an org's subtree the actor reads (or wrote), filtered; newest first, keyset on id. */
export function listMaterials(
  q: Q,
  actor: Actor,
  f: {
    orgId: number;
    status?: MaterialStatus;
    kind?: MaterialKind;
    campaignId?: number;
    toReview?: boolean;
    /** "Today" (dateIn()): whose 书记 post decides the leader review. */
    today: string;
    after: AfterKey | null;
    limit: number;
  },
) {
  let qb = base(q)
    .where(inSubtree(f.orgId, 'm.org_id'))
    .where(
      sql<boolean>`(${inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 'm.org_id')} OR m.author_id = ${actor.id})`,
    );
  if (f.status) qb = qb.where('m.status', '=', f.status);
  if (f.kind) qb = qb.where('m.kind', '=', f.kind);
  if (f.campaignId) qb = qb.where('m.campaign_id', '=', f.campaignId);
  if (f.toReview) {
    const pending = (kind: ReviewerKind) =>
      sql<boolean>`NOT EXISTS (SELECT 1 FROM material_reviews r WHERE r.material_id = m.id AND r.version = m.submitted_version AND r.reviewer = ${kind})`;
    // The leader review is the 书记 post holder's only (actor.memberId), whatever the actor's roles.
    const leader =
      actor.memberId === null
        ? sql<boolean>`false`
        : sql<boolean>`(m.needs_leader AND ${pending('leader')} AND ${leaderReviewerSql(f.today)} = ${actor.memberId}::int)`;
    qb = qb
      .where('m.status', '=', 'in_review')
      .where((eb) => eb('m.author_id', 'is', null).or('m.author_id', '!=', actor.id))
      .where(
        sql<boolean>`(${leader} OR (m.needs_team AND ${pending('team')} AND ${inRoleScope(actor, ['supervisor'], 'm.org_id')}))`,
      );
  }
  if (f.after) qb = qb.where('m.id', '<', f.after[1]);
  return qb
    .orderBy('m.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function findVersion(q: Q, materialId: number, version: number) {
  return q
    .selectFrom('material_versions')
    .selectAll()
    .where('material_id', '=', materialId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function versionsOf(q: Q, materialId: number) {
  return q
    .selectFrom('material_versions')
    .select(['version', 'author_name', 'created_at', 'submitted'])
    .where('material_id', '=', materialId)
    .orderBy('version', 'desc')
    .execute();
}

export function reviewsOf(q: Q, materialId: number) {
  return q
    .selectFrom('material_reviews')
    .selectAll()
    .where('material_id', '=', materialId)
    .orderBy('id', 'desc')
    .execute();
}
export type ReviewRow = Awaited<ReturnType<typeof reviewsOf>>[number];

export async function parentOf(q: Q, orgId: number): Promise<number | null> {
  const r = await q.selectFrom('orgs').select(['parent_id']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return r.parent_id;
}

/** The latest text of recent materials of a kind in a subtree that the actor reads, the material itself left out. */
export function nearCopyCandidates(
  q: Q,
  actor: Actor,
  f: { kind: string; excludeId: number; subtreeOf: number; limit: number },
) {
  return q
    .selectFrom('materials as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .innerJoin('material_versions as v', (j) =>
      j.onRef('v.material_id', '=', 'c.id').onRef('v.version', '=', 'c.version'),
    )
    .select(['c.id', 'c.title', 'c.author_name', 'o.name as org_name', 'v.body'])
    .where('c.kind', '=', f.kind)
    .where('c.id', '!=', f.excludeId)
    .where(inSubtree(f.subtreeOf, 'c.org_id'))
    .where(inRoleScope(actor, ['office', 'supervisor', 'unit_admin'], 'c.org_id'))
    .orderBy('c.id', 'desc')
    .limit(f.limit)
    .execute();
}

/** Whether an active account is linked to the member (somebody can sign in and review as them). */
export async function memberHasAccount(q: Q, memberId: number): Promise<boolean> {
  return !!(await q
    .selectFrom('users')
    .select('id')
    .where('member_id', '=', memberId)
    .where('status', '=', 'active')
    .executeTakeFirst());
}

export async function insertMaterial(
  trx: Transaction<DB>,
  v: {
    orgId: number;
    campaignId: number | null;
    kind: MaterialKind;
    title: string;
    subjectName: string;
    subjectMemberId: number | null;
    checklistId: number;
    needsLeader: boolean;
    needsTeam: boolean;
    authorId: number;
    authorName: string;
  },
): Promise<number> {
  const m = await trx
    .insertInto('materials')
    .values({
      org_id: v.orgId,
      campaign_id: v.campaignId,
      kind: v.kind,
      title: v.title,
      subject_name: v.subjectName,
      subject_member_id: v.subjectMemberId,
      checklist_id: v.checklistId,
      needs_leader: v.needsLeader,
      needs_team: v.needsTeam,
      author_id: v.authorId,
      author_name: v.authorName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return m.id;
}

export async function insertVersion(
  trx: Transaction<DB>,
  v: { materialId: number; version: number; body: string; authorId: number; authorName: string },
): Promise<void> {
  await trx
    .insertInto('material_versions')
    .values({
      material_id: v.materialId,
      version: v.version,
      body: v.body,
      author_id: v.authorId,
      author_name: v.authorName,
    })
    .execute();
}

export async function updateMaterial(
  trx: Transaction<DB>,
  id: number,
  set: {
    version?: number;
    title?: string;
    status?: MaterialStatus;
    submitted_version?: number;
    round?: number;
    subject_name?: string;
    subject_member_id?: number | null;
  },
): Promise<void> {
  await trx
    .updateTable('materials')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function markSubmitted(trx: Transaction<DB>, materialId: number, version: number): Promise<void> {
  await trx
    .updateTable('material_versions')
    .set({ submitted: true })
    .where('material_id', '=', materialId)
    .where('version', '=', version)
    .execute();
}

export async function reviewExists(
  q: Q,
  materialId: number,
  version: number,
  reviewer: ReviewerKind,
): Promise<boolean> {
  return !!(await q
    .selectFrom('material_reviews')
    .select('id')
    .where('material_id', '=', materialId)
    .where('version', '=', version)
    .where('reviewer', '=', reviewer)
    .executeTakeFirst());
}

export async function insertReview(
  trx: Transaction<DB>,
  v: {
    materialId: number;
    version: number;
    reviewer: ReviewerKind;
    reviewerId: number;
    reviewerName: string;
    pass: boolean;
    results: unknown;
    comment: string;
  },
): Promise<void> {
  await trx
    .insertInto('material_reviews')
    .values({
      material_id: v.materialId,
      version: v.version,
      reviewer: v.reviewer,
      reviewer_id: v.reviewerId,
      reviewer_name: v.reviewerName,
      pass: v.pass,
      results: JSON.stringify(v.results),
      comment: v.comment,
    })
    .execute();
}

/** The reviewer kinds that passed a version. */
export async function passedReviewers(q: Q, materialId: number, version: number): Promise<Set<string>> {
  const rows = await q
    .selectFrom('material_reviews')
    .select('reviewer')
    .where('material_id', '=', materialId)
    .where('version', '=', version)
    .where('pass', '=', true)
    .execute();
  return new Set(rows.map((p) => p.reviewer));
}

/** A notification to the unit's inbox (member_id null) and, with `memberId`, a personal one to that member. */
export async function notifyOrg(
  trx: Transaction<DB>,
  orgId: number,
  kind: string,
  params: unknown,
  memberId: number | null = null,
): Promise<void> {
  const json = JSON.stringify(params);
  await trx
    .insertInto('notifications')
    .values([
      { org_id: orgId, kind, params: json },
      ...(memberId === null ? [] : [{ org_id: orgId, kind, params: json, member_id: memberId }]),
    ])
    .execute();
}
