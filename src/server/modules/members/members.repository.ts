import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB, MemberRow } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import type { AfterKey } from '../../platform/paging.ts';
import { isUnstorableText } from '../../platform/canonical.ts';
import { isRowId } from '../../platform/validation.ts';
import type { StatsDelta } from '../orgs/orgs.repository.ts';
import type { TListMembers } from '../../../shared/schemas/members.ts';
export type MemberWithOrg = MemberRow & { org_name: string; org_path: string; org_level: string; org_status: string };

export async function findMember(q: Q, id: number): Promise<MemberWithOrg | undefined> {
  return q
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .selectAll('m')
    .select(['o.name as org_name', 'o.path as org_path', 'o.level as org_level', 'o.status as org_status'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function lockMember(trx: Transaction<DB>, id: number): Promise<MemberRow | undefined> {
  return trx.selectFrom('members').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

const SORT_EXPR: Record<TListMembers['sort'], RawBuilder<unknown>> = {
  name: sql`m.name`,
  joinDate: sql`coalesce(m.join_date, '1900-01-01'::date)`,
  birthDate: sql`coalesce(m.birth_date, '1900-01-01'::date)`,
  id: sql`m.id`,
};

function filters(f: TListMembers): RawBuilder<unknown>[] {
  const w: RawBuilder<unknown>[] = [];
  w.push(
    f.subtree
      ? sql`m.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${f.org})`
      : sql`m.org_id = ${f.org}`,
  );
  if (f.status !== 'all') w.push(sql`m.status = ${f.status}`);
  if (f.category) w.push(sql`m.category = ${f.category}`);
  if (f.specialType) w.push(sql`${f.specialType} = ANY(m.special_types)`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    if (/^\d{3,11}$/.test(f.q)) {
      // Digits: a phone number, typed from its start or its last digits.
      w.push(sql`(m.phone LIKE ${f.q + '%'} OR m.phone LIKE ${'%' + f.q})`);
    } else {
      // Every character of the query must be in the name (GIN), then the exact substring.
      const chars = [...new Set([...f.q.toLowerCase()].filter((c) => c.trim()))];
      w.push(sql`m.name_chars @> ${chars}::text[] AND m.name ILIKE ${like}`);
    }
  }
  return w;
}

/**
 * One keyset page of members after `cursor` (the last row's sort value and id, see
 * platform/paging.ts; `f.after` is not read); the org was authorized by the caller, the subtree
 * comes from the closure. `limit + 1` rows are read: the caller pages them with pageOf.
 */
export async function listMembers(
  q: Q,
  f: TListMembers,
  cursor: AfterKey | null,
): Promise<Array<MemberWithOrg & { sort_value: string | null }>> {
  const where = filters(f);
  const sortExpr = SORT_EXPR[f.sort];
  const dir = f.dir === 'desc' ? sql`DESC` : sql`ASC`;
  if (cursor) {
    const cmp = f.dir === 'desc' ? sql`<` : sql`>`;
    const cv =
      f.sort === 'id'
        ? sql`${Number(cursor[0])}::int`
        : f.sort === 'name'
          ? sql`${String(cursor[0])}::text`
          : sql`${String(cursor[0])}::date`;
    w(where, sql`(${sortExpr}, m.id) ${cmp} (${cv}, ${cursor[1]}::int)`);
  }
  const { rows } = await sql<MemberWithOrg & { sort_value: string | null }>`
    SELECT m.id, m.org_id, m.name, m.gender, m.birth_date, m.ethnicity, m.education, m.id_number, m.phone, m.category,
           m.special_types, m.join_date, m.position, m.status, m.status_note, m.created_at, m.updated_at,
           o.name AS org_name, o.path::text AS org_path, o.level AS org_level, o.status AS org_status,
           ${sortExpr}::text AS sort_value
    FROM members m JOIN orgs o ON o.id = m.org_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${sortExpr} ${dir}, m.id ${dir}
    LIMIT ${f.limit + 1}`.execute(q);
  return rows;
}

/** A page's key for a member row: ids sort as numbers, names and dates as their text. */
export function memberKey(sort: TListMembers['sort'], m: { id: number; sort_value: string | null }): AfterKey {
  return [sort === 'id' ? m.id : m.sort_value, m.id];
}

/** Whether a decoded key's sort value is one the sort's column holds. */
export function memberKeyFits(sort: TListMembers['sort']): (v: string | number | null) => boolean {
  if (sort === 'id') return (v) => typeof v === 'number' && isRowId(v);
  if (sort === 'name') return (v) => typeof v === 'string' && !isUnstorableText(v);
  // A date the column holds: YYYY-MM-DD that names a real day (2026-02-30 would fail in SQL).
  return (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

function w(list: RawBuilder<unknown>[], item: RawBuilder<unknown>) {
  list.push(item);
}

/** Count for a filtered list, capped so a province-wide search never counts millions. */
export async function countMembers(q: Q, f: TListMembers, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM members m WHERE ${sql.join(filters(f), sql` AND `)} LIMIT ${cap + 1}
    ) x`.execute(q);
  return rows[0].n;
}

export async function insertMember(
  trx: Transaction<DB>,
  v: Omit<MemberRow, 'id' | 'created_at' | 'updated_at' | 'status' | 'status_note' | 'name_chars'> & {
    status?: string;
  },
): Promise<number> {
  const r = await trx.insertInto('members').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateMember(
  trx: Transaction<DB>,
  id: number,
  set: Partial<Omit<MemberRow, 'name_chars' | 'id'>>,
): Promise<void> {
  await trx
    .updateTable('members')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Inserts members in chunks of 1000 rows; answers their ids in the order given. */
export async function insertMembers(
  trx: Transaction<DB>,
  rows: Array<Parameters<typeof insertMember>[1]>,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await trx
      .insertInto('members')
      .values(rows.slice(i, i + 1000))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** Inserts history events in chunks of 1000 rows. */
export async function insertEvents(trx: Transaction<DB>, events: Array<Parameters<typeof insertEvent>[1]>) {
  for (let i = 0; i < events.length; i += 1000)
    await trx
      .insertInto('member_events')
      .values(events.slice(i, i + 1000))
      .execute();
}

export async function insertEvent(
  trx: Transaction<DB>,
  e: {
    member_id: number;
    kind: string;
    from_org_id?: number | null;
    to_org_id?: number | null;
    from_status?: string | null;
    to_status?: string | null;
    note?: string | null;
    actor_id: number | null;
  },
) {
  await trx.insertInto('member_events').values(e).execute();
}

export async function eventsOf(q: Q, memberId: number) {
  return q
    .selectFrom('member_events as e')
    .leftJoin('orgs as f', 'f.id', 'e.from_org_id')
    .leftJoin('orgs as t', 't.id', 'e.to_org_id')
    .select([
      'e.id',
      'e.kind',
      'e.from_org_id',
      'f.name as from_name',
      'e.to_org_id',
      't.name as to_name',
      'e.from_status',
      'e.to_status',
      'e.note',
      'e.at',
    ])
    .where('e.member_id', '=', memberId)
    .orderBy('e.id', 'desc')
    .execute();
}

/** The counters one active member contributes to its branch and every ancestor. */
export function memberDelta(m: { category: string; special_types: string[] }, sign: 1 | -1): StatsDelta {
  const d: StatsDelta = { members: sign, members_own: sign };
  (d as Record<string, number>)[m.category] = sign;
  for (const s of m.special_types) (d as Record<string, number>)[s] = ((d as Record<string, number>)[s] ?? 0) + sign;
  return d;
}

export interface MemberSearchRow {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
}

/**
 * Active members for a person picker: with a text, those of the org's subtree whose name holds it
 * (exact names first, then shorter ones); without one, the org's own members by name.
 */
export async function searchMembers(q: Q, orgId: number, text: string, limit: number): Promise<MemberSearchRow[]> {
  const where: RawBuilder<unknown>[] = [sql`m.status = 'active'`];
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const chars = [...new Set([...text.toLowerCase()].filter((c) => c.trim()))];
    where.push(sql`m.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${orgId})`);
    if (chars.length) where.push(sql`m.name_chars @> ${chars}::text[]`);
    where.push(sql`m.name ILIKE ${like}`);
  } else {
    where.push(sql`m.org_id = ${orgId}`);
  }
  const { rows } = await sql<MemberSearchRow>`
    SELECT m.id, m.name, m.org_id, o.name AS org_name
    FROM members m JOIN orgs o ON o.id = m.org_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY (m.name = ${text}) DESC, length(m.name), m.name, m.id
    LIMIT ${limit}`.execute(q);
  return rows;
}

/** Members by id with their status and branch path (for checking person links). */
export async function membersByIds(
  q: Q,
  ids: number[],
): Promise<Array<{ id: number; name: string; status: string; org_id: number; org_path: string }>> {
  if (!ids.length) return [];
  const { rows } = await sql<{ id: number; name: string; status: string; org_id: number; org_path: string }>`
    SELECT m.id, m.name, m.status, m.org_id, o.path::text AS org_path
    FROM members m JOIN orgs o ON o.id = m.org_id
    WHERE m.id = ANY(${ids}::int[])`.execute(q);
  return rows;
}

/**
 * The active members of one unit (its own members, as the person-link migration matched) whose
 * name is one of `names`: every row, so the caller can tell one match from two people of one name.
 */
export async function activeMembersNamed(
  q: Q,
  orgId: number,
  names: string[],
): Promise<Array<{ id: number; name: string }>> {
  if (!names.length) return [];
  const { rows } = await sql<{ id: number; name: string }>`
    SELECT m.id, m.name FROM members m
    WHERE m.org_id = ${orgId} AND m.status = 'active' AND m.name = ANY(${names}::text[])`.execute(q);
  return rows;
}
