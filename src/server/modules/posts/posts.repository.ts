import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { OrgPostTable } from '../../db/types.ts';

export type PostRow = {
  id: number;
  org_id: number;
  post: string;
  title: string;
  member_id: number | null;
  member_name: string | null;
  member_org_id: number | null;
  outside_name: string;
  outside_unit: string;
  term: string;
  document: string;
  start_date: string;
  end_date: string | null;
  end_reason: string;
};

const cols = [
  'p.id',
  'p.org_id',
  'p.post',
  'p.title',
  'p.member_id',
  'm.name as member_name',
  'm.org_id as member_org_id',
  'p.outside_name',
  'p.outside_unit',
  'p.term',
  'p.document',
  sql<string>`to_char(p.start_date, 'YYYY-MM-DD')`.as('start_date'),
  sql<string | null>`to_char(p.end_date, 'YYYY-MM-DD')`.as('end_date'),
  'p.end_reason',
] as const;

const base = (q: Q) => q.selectFrom('org_posts as p').leftJoin('members as m', 'm.id', 'p.member_id').select(cols);

/** The posts of an org held on `on` (start ≤ on, no end or end ≥ on); all of them, ever, when `on` is null. */
export async function listPosts(q: Q, orgId: number, on: string | null): Promise<PostRow[]> {
  let query = base(q).where('p.org_id', '=', orgId);
  if (on)
    query = query
      .where('p.start_date', '<=', on as never)
      .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', on as never)]));
  const order = sql`array_position(ARRAY['secretary','deputy_secretary','organization_member','propaganda_member','discipline_member','committee_member','other']::text[], p.post)`;
  return (await query.orderBy(order).orderBy('p.start_date', 'desc').orderBy('p.id').execute()) as PostRow[];
}

export async function findPost(q: Q, id: number): Promise<PostRow | undefined> {
  return (await base(q).where('p.id', '=', id).executeTakeFirst()) as PostRow | undefined;
}

/** Holders of `post` at `orgId` whose term overlaps [start, end] (end null = open). */
export async function overlapping(
  q: Q,
  orgId: number,
  post: string,
  start: string,
  end: string | null,
  exceptId: number | null,
): Promise<PostRow[]> {
  let query = base(q)
    .where('p.org_id', '=', orgId)
    .where('p.post', '=', post)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', start as never)]));
  if (end) query = query.where('p.start_date', '<=', end as never);
  if (exceptId) query = query.where('p.id', '<>', exceptId);
  return (await query.orderBy('p.start_date').execute()) as PostRow[];
}

export async function insertPost(q: Q, row: Insertable<OrgPostTable>): Promise<number> {
  const r = await q.insertInto('org_posts').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function endPost(q: Q, id: number, endDate: string, reason: string): Promise<void> {
  await q
    .updateTable('org_posts')
    .set({ end_date: endDate, end_reason: reason, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * Ends the open posts of a member (at `orgId` only, or everywhere when null) on `endDate`;
 * a post that starts after that date is ended on its own start. Returns the posts ended.
 */
export async function endPostsOfMember(
  q: Q,
  memberId: number,
  orgId: number | null,
  endDate: string,
  reason: string,
): Promise<Array<{ id: number; org_id: number; post: string }>> {
  let query = q
    .updateTable('org_posts')
    .set({
      end_date: sql`GREATEST(start_date, ${endDate}::date)`,
      end_reason: reason,
      updated_at: new Date(),
    })
    .where('member_id', '=', memberId)
    .where('end_date', 'is', null);
  if (orgId) query = query.where('org_id', '=', orgId);
  return query.returning(['id', 'org_id', 'post']).execute();
}

/** The member holding `post` at `orgId` on `on`, if one does (the newest start wins). */
export async function holderOn(q: Q, orgId: number, post: string, on: string): Promise<PostRow | undefined> {
  return (await base(q)
    .where('p.org_id', '=', orgId)
    .where('p.post', '=', post)
    .where('p.start_date', '<=', on as never)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', on as never)]))
    .orderBy('p.start_date', 'desc')
    .executeTakeFirst()) as PostRow | undefined;
}

/** The member's posts, open and ended, with their org's name. */
export async function postsOfMember(q: Q, memberId: number): Promise<Array<PostRow & { org_name: string }>> {
  return (await base(q)
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select('o.name as org_name')
    .where('p.member_id', '=', memberId)
    .orderBy('p.start_date', 'desc')
    .execute()) as Array<PostRow & { org_name: string }>;
}

/** Whether `memberId` is an active member of `orgId` or of an org below it. */
export async function memberWithin(q: Q, memberId: number, orgId: number): Promise<boolean> {
  const r = await q
    .selectFrom('members as m')
    .innerJoin('org_closure as c', 'c.descendant_id', 'm.org_id')
    .select('m.id')
    .where('m.id', '=', memberId)
    .where('m.status', '=', 'active')
    .where('c.ancestor_id', '=', orgId)
    .executeTakeFirst();
  return !!r;
}

/**
 * The posts each of `memberIds` holds on `on` in their own branch or committee (the post's org is
 * the member's org), in the body's order: the 职务 column of the members export.
 */
export async function currentPostsInOwnOrg(
  q: Q,
  memberIds: number[],
  on: string,
): Promise<Array<{ member_id: number; post: string }>> {
  if (memberIds.length === 0) return [];
  const order = sql`array_position(ARRAY['secretary','deputy_secretary','organization_member','propaganda_member','discipline_member','committee_member','other']::text[], p.post)`;
  const rows = await q
    .selectFrom('org_posts as p')
    .innerJoin('members as m', (j) => j.onRef('m.id', '=', 'p.member_id').onRef('m.org_id', '=', 'p.org_id'))
    .select(['p.member_id', 'p.post'])
    .where('p.member_id', 'in', memberIds)
    .where('p.start_date', '<=', on as never)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', on as never)]))
    .orderBy('p.member_id')
    .orderBy(order)
    .orderBy('p.start_date')
    .execute();
  return rows as Array<{ member_id: number; post: string }>;
}

/** Inserts several posts at once (the members import), returning their ids in order. */
export async function insertPosts(q: Q, rows: Array<Insertable<OrgPostTable>>): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const r = await q
      .insertInto('org_posts')
      .values(rows.slice(i, i + 1000))
      .returning('id')
      .execute();
    ids.push(...r.map((x) => x.id));
  }
  return ids;
}
