import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openDatabase, type Database } from '../src/server/db/database.ts';
import { MEMBER_CATEGORIES, SPECIAL_TYPES } from '../src/shared/enums.ts';
import { Rng } from '../src/server/modules/demo/generator.ts';
import {
  compareStats,
  recomputeAllStats,
  STATS_COLUMNS,
  type StatsColumn,
} from '../src/server/modules/stats/stats.repository.ts';

interface TOrg {
  id: number;
  parentId: number | null;
  level: string;
  status: 'active' | 'dissolved';
  path: string;
  depth: number;
}
interface TMember {
  orgId: number;
  category: string;
  specialTypes: string[];
  status: string;
}

const LEVELS_BY_DEPTH = ['city', 'county', 'township', 'general_branch', 'branch'];

/** A random tree of ~80 orgs (some dissolved) and members placed anywhere, statuses mixed. */
function buildRandomData(seed: number): { orgs: TOrg[]; members: TMember[] } {
  const rng = new Rng(seed);
  const orgs: TOrg[] = [{ id: 1, parentId: null, level: 'city', status: 'active', path: '1', depth: 0 }];
  while (orgs.length < 80) {
    const parent = orgs[rng.int(0, orgs.length - 1)];
    if (parent.depth >= 4) continue;
    const id = orgs.length + 1;
    const depth = parent.depth + 1;
    // Branches sit at any depth ≥ 1 now and then, as in real trees (a branch directly under a county).
    const level = rng.chance(0.25) ? 'branch' : LEVELS_BY_DEPTH[depth];
    orgs.push({
      id,
      parentId: parent.id,
      level,
      status: rng.chance(0.12) ? 'dissolved' : 'active',
      path: `${parent.path}.${id}`,
      depth,
    });
  }
  const members: TMember[] = [];
  for (let i = 0; i < 600; i++) {
    const specialTypes = SPECIAL_TYPES.filter(() => rng.chance(0.2));
    members.push({
      orgId: rng.int(1, orgs.length),
      category: rng.pick(MEMBER_CATEGORIES),
      specialTypes,
      status: rng.pick(['active', 'active', 'active', 'active', 'transferred_out', 'deceased']),
    });
  }
  return { orgs, members };
}

/** The counters by their definition, one org at a time, with no SQL. */
function bruteForce(orgs: TOrg[], members: TMember[]): Map<number, Record<StatsColumn, number>> {
  const children = new Map<number, number[]>();
  for (const o of orgs) if (o.parentId !== null) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const out = new Map<number, Record<StatsColumn, number>>();
  for (const o of orgs) {
    const subtree = new Set<number>();
    const stack = [o.id];
    while (stack.length) {
      const id = stack.pop()!;
      subtree.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    const row = Object.fromEntries(STATS_COLUMNS.map((c) => [c, 0])) as Record<StatsColumn, number>;
    for (const id of subtree) {
      const d = byId.get(id)!;
      if (d.status === 'active') {
        row.orgs++;
        if (d.level === 'branch') row.branches++;
      }
    }
    for (const m of members) {
      if (m.status !== 'active' || !subtree.has(m.orgId)) continue;
      row.members++;
      if (m.orgId === o.id) row.members_own++;
      row[m.category as StatsColumn]++;
      for (const t of m.specialTypes) row[t as StatsColumn]++;
    }
    out.set(o.id, row);
  }
  return out;
}

describe('org_stats recompute', () => {
  let database: Database;
  const { orgs, members } = buildRandomData(42);

  beforeAll(async () => {
    database = await openDatabase({});
    await migrate(database.db);
    const { db } = database;
    await db
      .insertInto('orgs')
      .values(
        orgs.map((o) => ({
          id: o.id,
          parent_id: o.parentId,
          name: `组织${o.id}`,
          level: o.level,
          kind: 'committee',
          path: o.path,
          depth: o.depth,
          status: o.status,
        })),
      )
      .execute();
    const closure = orgs.flatMap((o) => {
      const ids = o.path.split('.').map(Number);
      return ids.map((a, i) => ({ ancestor_id: a, descendant_id: o.id, depth: ids.length - 1 - i }));
    });
    await db.insertInto('org_closure').values(closure).execute();
    await db
      .insertInto('members')
      .values(
        members.map((m, i) => ({
          org_id: m.orgId,
          name: `党员${i}`,
          gender: 'male',
          birth_date: null,
          join_date: null,
          id_number: null,
          ethnicity: null,
          education: null,
          phone: null,
          position: null,
          status_note: null,
          category: m.category,
          special_types: m.specialTypes,
          status: m.status,
        })),
      )
      .execute();
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  async function storedRows(): Promise<Map<number, Record<StatsColumn, number>>> {
    const rows = await database.db.selectFrom('org_stats').selectAll().execute();
    return new Map(rows.map(({ org_id, ...rest }) => [org_id, rest as Record<StatsColumn, number>]));
  }

  it('reports every organization as missing before the first recompute', async () => {
    const mismatches = await compareStats(database.db);
    expect(mismatches).toHaveLength(orgs.length);
    expect(mismatches.every((m) => m.column === '(row)')).toBe(true);
  });

  it('recomputes every counter exactly as a brute-force count', async () => {
    await recomputeAllStats(database.db);
    const expected = bruteForce(orgs, members);
    const stored = await storedRows();
    expect(stored.size).toBe(orgs.length);
    for (const o of orgs) expect({ id: o.id, ...stored.get(o.id) }).toEqual({ id: o.id, ...expected.get(o.id) });
    // The generated data exercise what matters: dissolved orgs, inactive members, several types.
    expect(orgs.some((o) => o.status === 'dissolved')).toBe(true);
    expect(expected.get(1)!.members).toBeLessThan(members.length);
    expect(await compareStats(database.db)).toEqual([]);
  });

  it('finds a corrupted counter and a missing row, and a recompute repairs both', async () => {
    const { db } = database;
    const target = orgs.find((o) => o.depth === 2)!;
    const before = (await storedRows()).get(target.id)!;
    await db
      .updateTable('org_stats')
      .set({ members: before.members + 3, floating: before.floating + 1 })
      .where('org_id', '=', target.id)
      .execute();
    const victim = orgs[orgs.length - 1];
    await db.deleteFrom('org_stats').where('org_id', '=', victim.id).execute();

    const mismatches = await compareStats(db);
    expect(mismatches).toEqual(
      [
        { orgId: target.id, column: 'members', stored: before.members + 3, expected: before.members },
        { orgId: target.id, column: 'floating', stored: before.floating + 1, expected: before.floating },
        { orgId: victim.id, column: '(row)', stored: 0, expected: 1 },
      ].sort((a, b) => a.orgId - b.orgId),
    );

    await recomputeAllStats(db);
    expect(await compareStats(db)).toEqual([]);
  });

  it('follows later changes: a member leaves, an org is dissolved', async () => {
    const { db } = database;
    const active = await db
      .selectFrom('members')
      .select(['id', 'org_id'])
      .where('status', '=', 'active')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db.updateTable('members').set({ status: 'deceased' }).where('id', '=', active.id).execute();
    const branch = orgs.find((o) => o.level === 'branch' && o.status === 'active')!;
    await db.updateTable('orgs').set({ status: 'dissolved' }).where('id', '=', branch.id).execute();
    expect((await compareStats(db)).length).toBeGreaterThan(0);

    await recomputeAllStats(db);
    const rows = await db.selectFrom('members').select(['org_id', 'category', 'special_types', 'status']).execute();
    const orgRows = await db
      .selectFrom('orgs')
      .select(['id', 'parent_id', 'level', 'status', sql<string>`path::text`.as('path'), 'depth'])
      .execute();
    const expected = bruteForce(
      orgRows.map((o) => ({
        id: o.id,
        parentId: o.parent_id,
        level: o.level,
        status: o.status as TOrg['status'],
        path: o.path,
        depth: o.depth,
      })),
      rows.map((m) => ({ orgId: m.org_id, category: m.category, specialTypes: m.special_types, status: m.status })),
    );
    const stored = await storedRows();
    for (const o of orgs) expect(stored.get(o.id)).toEqual(expected.get(o.id));
    expect(await compareStats(db)).toEqual([]);
  });
});
