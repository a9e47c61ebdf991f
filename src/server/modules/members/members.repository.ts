import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB, MemberRow } from '../../db/types.ts';
import type { StatsDelta } from '../orgs/orgs.repository.ts';
import type { TListMembers } from './members.schema.ts';

type Q = Kysely<DB> | Transaction<DB>;
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

/** Cursor = the last row's sort value and id, so the next page starts strictly after it. */
export function encodeCursor(sortValue: unknown, id: number): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}
export function decodeCursor(c: string): [string | number, number] | null {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      Number.isInteger(v[1]) &&
      (typeof v[0] === 'string' || typeof v[0] === 'number')
    )
      return v as [string, number];
  } catch {
    /* fall through */
  }
  return null;
}

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

/** One keyset page of members; the org was authorized by the caller, the subtree comes from the closure. */
export async function listMembers(
  q: Q,
  f: TListMembers,
): Promise<{ rows: Array<MemberWithOrg & { sort_value: unknown }>; hasMore: boolean }> {
  const where = filters(f);
  const sortExpr = SORT_EXPR[f.sort];
  const dir = f.dir === 'desc' ? sql`DESC` : sql`ASC`;
  const cursor = f.after ? decodeCursor(f.after) : null;
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
  const { rows } = await sql<MemberWithOrg & { sort_value: unknown }>`
    SELECT m.id, m.org_id, m.name, m.gender, m.birth_date, m.ethnicity, m.education, m.id_number, m.phone, m.category,
           m.special_types, m.join_date, m.position, m.status, m.status_note, m.created_at, m.updated_at,
           o.name AS org_name, o.path::text AS org_path, o.level AS org_level, o.status AS org_status,
           ${sortExpr}::text AS sort_value
    FROM members m JOIN orgs o ON o.id = m.org_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${sortExpr} ${dir}, m.id ${dir}
    LIMIT ${f.limit + 1}`.execute(q);
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
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
