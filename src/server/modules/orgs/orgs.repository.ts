import { sql, type Transaction } from 'kysely';
import type { DB, OrgRow, OrgStatsRow } from '../../db/types.ts';
import type { Q } from '../../db/database.ts';
import type { Actor } from '../../platform/actor.ts';
import { inActorScope } from '../../platform/scope.ts';
import { STATS_COLUMNS, type StatsColumn } from '../stats/stats.repository.ts';

export type OrgWithStats = OrgRow & { stats: OrgStatsRow | null; child_count: number };

export type StatColumn = StatsColumn;
export type StatsDelta = Partial<Record<StatColumn, number>>;

function baseQuery(q: Q) {
  return q
    .selectFrom('orgs as o')
    .leftJoin('org_stats as s', 's.org_id', 'o.id')
    .selectAll('o')
    .select(sql<unknown>`to_jsonb(s)`.as('stats'))
    .select(
      sql<number>`(SELECT count(*) FROM orgs c WHERE c.parent_id = o.id AND c.status = 'active')::int`.as(
        'child_count',
      ),
    );
}

export async function findOrg(q: Q, id: number): Promise<OrgWithStats | undefined> {
  return (await baseQuery(q).where('o.id', '=', id).executeTakeFirst()) as OrgWithStats | undefined;
}

/** Locks the rows for the rest of the transaction (moves and dissolves take turns). */
export async function lockOrgs(trx: Transaction<DB>, ids: number[]): Promise<OrgRow[]> {
  return trx.selectFrom('orgs').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

export async function listChildren(q: Q, parentId: number, includeDissolved: boolean): Promise<OrgWithStats[]> {
  let query = baseQuery(q).where('o.parent_id', '=', parentId);
  if (!includeDissolved) query = query.where('o.status', '=', 'active');
  return (await query.orderBy('o.sort_order').orderBy('o.id').execute()) as OrgWithStats[];
}

export async function listByIds(q: Q, ids: number[]): Promise<OrgWithStats[]> {
  if (ids.length === 0) return [];
  return (await baseQuery(q).where('o.id', 'in', ids).orderBy('o.depth').orderBy('o.id').execute()) as OrgWithStats[];
}

export async function listTopLevel(q: Q): Promise<OrgWithStats[]> {
  return (await baseQuery(q)
    .where('o.parent_id', 'is', null)
    .where('o.status', '=', 'active')
    .orderBy('o.id')
    .execute()) as OrgWithStats[];
}

export async function searchOrgs(
  q: Q,
  actor: Actor,
  text: string,
  level: string | undefined,
  limit: number,
): Promise<OrgWithStats[]> {
  let query = baseQuery(q)
    .where('o.name', 'ilike', `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`)
    .where('o.status', '=', 'active')
    .where(inActorScope(actor, 'o.id'));
  if (level) query = query.where('o.level', '=', level);
  return (await query.orderBy('o.depth').orderBy('o.id').limit(limit).execute()) as OrgWithStats[];
}

export async function breadcrumbs(q: Q, id: number): Promise<Array<{ id: number; name: string }>> {
  return q
    .selectFrom('org_closure as c')
    .innerJoin('orgs as o', 'o.id', 'c.ancestor_id')
    .select(['o.id', 'o.name'])
    .where('c.descendant_id', '=', id)
    .orderBy('c.depth', 'desc')
    .execute();
}

export async function findByCode(q: Q, code: string) {
  return q.selectFrom('orgs').select(['id']).where('code', '=', code).executeTakeFirst();
}

export async function maxChildLevelRank(q: Q, id: number): Promise<string[]> {
  const rows = await q
    .selectFrom('orgs')
    .select('level')
    .distinct()
    .where('parent_id', '=', id)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.level);
}

export async function countActiveChildren(q: Q, id: number): Promise<number> {
  const r = await q
    .selectFrom('orgs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countActiveMembers(q: Q, id: number): Promise<number> {
  const r = await q
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Inserts an org under its parent and keeps path, closure and every ancestor's counters right, in
 * the caller's transaction. Returns the new id.
 */
export async function insertOrg(
  trx: Transaction<DB>,
  parent: OrgRow,
  v: { name: string; short_name: string | null; code: string | null; level: string; kind: string; sort_order?: number },
): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::int AS id`.execute(
    trx,
  );
  const id = rows[0].id;
  await trx
    .insertInto('orgs')
    .values({
      id,
      parent_id: parent.id,
      name: v.name,
      short_name: v.short_name,
      code: v.code,
      level: v.level,
      kind: v.kind,
      sort_order: v.sort_order ?? 0,
      path: `${parent.path}.${id}`,
      depth: parent.depth + 1,
    })
    .execute();
  await sql`
    INSERT INTO org_closure (ancestor_id, descendant_id, depth)
    SELECT ancestor_id, ${id}::int, depth + 1 FROM org_closure WHERE descendant_id = ${parent.id}
    UNION ALL SELECT ${id}::int, ${id}::int, 0`.execute(trx);
  await trx.insertInto('org_stats').values({ org_id: id }).execute();
  await applyStatsDelta(trx, id, { orgs: 1, branches: v.level === 'branch' ? 1 : 0 }, true);
  return id;
}

/** Inserts a top-level org (the tree root of an installation). */
export async function insertRoot(
  trx: Transaction<DB>,
  v: { name: string; level: string; kind: string; code?: string | null },
): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::int AS id`.execute(
    trx,
  );
  const id = rows[0].id;
  await trx
    .insertInto('orgs')
    .values({
      id,
      parent_id: null,
      name: v.name,
      short_name: null,
      code: v.code ?? null,
      level: v.level,
      kind: v.kind,
      path: String(id),
      depth: 0,
    })
    .execute();
  await trx.insertInto('org_closure').values({ ancestor_id: id, descendant_id: id, depth: 0 }).execute();
  await trx
    .insertInto('org_stats')
    .values({ org_id: id, orgs: 1, branches: v.level === 'branch' ? 1 : 0 })
    .execute();
  return id;
}

/**
 * Adds a delta to the counters of an org's ancestors (and the org itself when includeSelf).
 * members_own is applied to the org itself only.
 */
export async function applyStatsDelta(
  trx: Transaction<DB>,
  orgId: number,
  delta: StatsDelta,
  includeSelf: boolean,
): Promise<void> {
  const cols = STATS_COLUMNS.filter((c) => c !== 'members_own' && delta[c]);
  if (cols.length > 0) {
    const sets = sql.join(cols.map((c) => sql`${sql.ref(c)} = s.${sql.ref(c)} + ${delta[c]!}::int`));
    await sql`
      UPDATE org_stats s SET ${sets}
      FROM org_closure c
      WHERE c.descendant_id = ${orgId} AND s.org_id = c.ancestor_id ${includeSelf ? sql`` : sql`AND c.depth > 0`}`.execute(
      trx,
    );
  }
  if (delta.members_own && includeSelf) {
    await sql`UPDATE org_stats SET members_own = members_own + ${delta.members_own}::int WHERE org_id = ${orgId}`.execute(
      trx,
    );
  }
}

/** The subtree counters of one org, as a delta to move along with it. */
export async function subtreeStats(trx: Transaction<DB>, orgId: number): Promise<StatsDelta> {
  const s = await trx.selectFrom('org_stats').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
  const d: StatsDelta = {};
  for (const c of STATS_COLUMNS) if (c !== 'members_own') d[c] = s[c];
  return d;
}

export function negate(d: StatsDelta): StatsDelta {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, -(v ?? 0)])) as StatsDelta;
}

/** True when `candidate` is `id` itself or lies in its subtree. */
export async function isInSubtree(q: Q, id: number, candidate: number): Promise<boolean> {
  const r = await q
    .selectFrom('org_closure')
    .select('depth')
    .where('ancestor_id', '=', id)
    .where('descendant_id', '=', candidate)
    .executeTakeFirst();
  return !!r;
}

/**
 * Moves a subtree under a new parent: counters leave the old ancestors and join the new ones,
 * closure rows to the old ancestors are replaced, paths and depths are rewritten. One transaction.
 */
export async function moveSubtree(trx: Transaction<DB>, org: OrgRow, newParent: OrgRow): Promise<void> {
  const delta = await subtreeStats(trx, org.id);
  await applyStatsDelta(trx, org.id, negate(delta), false);
  await sql`
    DELETE FROM org_closure
    WHERE descendant_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${org.id})
      AND ancestor_id IN (SELECT ancestor_id FROM org_closure WHERE descendant_id = ${org.id} AND depth > 0)`.execute(
    trx,
  );
  await sql`
    INSERT INTO org_closure (ancestor_id, descendant_id, depth)
    SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
    FROM org_closure a CROSS JOIN org_closure d
    WHERE a.descendant_id = ${newParent.id} AND d.ancestor_id = ${org.id}`.execute(trx);
  await sql`
    UPDATE orgs SET
      path = ${newParent.path}::ltree || subpath(path, nlevel(${org.path}::ltree) - 1),
      depth = ${newParent.depth + 1} + (nlevel(path) - nlevel(${org.path}::ltree)),
      updated_at = CASE WHEN id = ${org.id} THEN now() ELSE updated_at END
    WHERE path <@ ${org.path}::ltree`.execute(trx);
  await trx.updateTable('orgs').set({ parent_id: newParent.id }).where('id', '=', org.id).execute();
  await applyStatsDelta(trx, org.id, delta, false);
}

export async function updateOrg(
  trx: Transaction<DB>,
  id: number,
  set: Partial<
    Pick<
      OrgRow,
      'name' | 'short_name' | 'code' | 'level' | 'kind' | 'sort_order' | 'status' | 'dissolved_at' | 'dissolve_reason'
    >
  >,
) {
  await trx
    .updateTable('orgs')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The active orgs of a subtree, itself included (imports look names and codes up in it). */
export async function activeSubtree(q: Q, rootId: number) {
  return q
    .selectFrom('orgs as o')
    .innerJoin('org_closure as c', 'c.descendant_id', 'o.id')
    .select(['o.id', 'o.name', 'o.short_name', 'o.code', 'o.level', 'o.status', 'o.path'])
    .where('c.ancestor_id', '=', rootId)
    .where('o.status', '=', 'active')
    .execute();
}

/** Every org code in use (codes are unique across the tree). */
export async function allOrgCodes(q: Q): Promise<Set<string>> {
  const rows = await q.selectFrom('orgs').select('code').where('code', 'is not', null).execute();
  return new Set(rows.map((r) => r.code as string));
}

/** The active orgs of a subtree in tree order with their parent and member count, as the export prints them. */
export async function subtreeForExport(q: Q, rootId: number) {
  const { rows } = await sql<{
    id: number;
    name: string;
    short_name: string | null;
    code: string | null;
    level: string;
    kind: string;
    parent_name: string | null;
    parent_code: string | null;
    members: number;
    depth: number;
  }>`
    SELECT o.id, o.name, o.short_name, o.code, o.level, o.kind, p.name AS parent_name, p.code AS parent_code, coalesce(s.members, 0) AS members, o.depth
    FROM org_closure c JOIN orgs o ON o.id = c.descendant_id
    LEFT JOIN orgs p ON p.id = o.parent_id LEFT JOIN org_stats s ON s.org_id = o.id
    WHERE c.ancestor_id = ${rootId} AND o.status = 'active'
    ORDER BY o.path`.execute(q);
  return rows;
}

/** Orgs whose stored path or depth differs from the one recomputed from parent_id alone. */
export async function pathMismatches(q: Q) {
  const { rows } = await sql<{
    id: number;
    path: string;
    depth: number;
    expected_path: string;
    expected_depth: number;
  }>`
    WITH RECURSIVE t(id, path, depth) AS (
      SELECT id, id::text, 0 FROM orgs WHERE parent_id IS NULL
      UNION ALL
      SELECT o.id, t.path || '.' || o.id, t.depth + 1 FROM orgs o JOIN t ON o.parent_id = t.id
    )
    SELECT o.id, o.path::text AS path, o.depth, t.path AS expected_path, t.depth AS expected_depth
    FROM orgs o LEFT JOIN t ON t.id = o.id
    WHERE t.path IS DISTINCT FROM o.path::text OR t.depth IS DISTINCT FROM o.depth`.execute(q);
  return rows;
}

/** Closure rows missing, extra or of the wrong depth against the ancestors walked from parent_id (at most 1000). */
export async function closureMismatches(q: Q) {
  const { rows } = await sql<{
    ancestor_id: number;
    descendant_id: number;
    depth: number | null;
    expected: number | null;
  }>`
    WITH RECURSIVE anc(descendant_id, ancestor_id, depth) AS (
      SELECT id, id, 0 FROM orgs
      UNION ALL
      SELECT a.descendant_id, o.parent_id, a.depth + 1 FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    )
    SELECT coalesce(c.ancestor_id, a.ancestor_id) AS ancestor_id, coalesce(c.descendant_id, a.descendant_id) AS descendant_id,
           c.depth, a.depth AS expected
    FROM org_closure c FULL OUTER JOIN anc a ON a.ancestor_id = c.ancestor_id AND a.descendant_id = c.descendant_id
    WHERE c.depth IS DISTINCT FROM a.depth
    LIMIT 1000`.execute(q);
  return rows;
}
