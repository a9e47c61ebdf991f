import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, openDatabase, type Database } from '../src/server/db/database.ts';
import { verifyPassword } from '../src/server/platform/password.ts';
import { verifyAuditChain } from '../src/server/platform/audit.ts';
import { compareStats } from '../src/server/modules/stats/stats.repository.ts';
import { generateMembers, generateTree, idCheckDigit, type MemberSpec } from '../src/server/modules/demo/generator.ts';
import { DEMO_PASSWORD, loadDemo, type LoadDemoResult } from '../src/server/modules/demo/loader.ts';

function firstMembers(seed: number, n: number): MemberSpec[] {
  const out: MemberSpec[] = [];
  for (const batch of generateMembers(generateTree('demo', seed), 20)) {
    out.push(...batch);
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

describe('demo generator', () => {
  it('gives the same data for the same seed and different data for another', () => {
    const a = firstMembers(7, 50);
    const b = firstMembers(7, 50);
    expect(a.map((m) => m.name)).toEqual(b.map((m) => m.name));
    expect(a).toEqual(b);
    expect(generateTree('district', 7).orgs).toEqual(generateTree('district', 7).orgs);
    expect(firstMembers(8, 50).map((m) => m.name)).not.toEqual(a.map((m) => m.name));
  });

  it('makes consistent ID numbers, dates and phones', () => {
    const all = firstMembers(3, 100_000);
    expect(new Set(all.map((m) => m.idNumber)).size).toBe(all.length);
    for (const m of all) {
      expect(m.idNumber).toMatch(/^\d{17}[\dX]$/);
      expect(m.idNumber.slice(6, 14)).toBe(m.birthDate.replaceAll('-', ''));
      expect(idCheckDigit(m.idNumber.slice(0, 17))).toBe(m.idNumber[17]);
      expect(Number(m.idNumber[16]) % 2).toBe(m.gender === 'male' ? 1 : 0);
      const eighteen = `${Number(m.birthDate.slice(0, 4)) + 18}${m.birthDate.slice(4)}`;
      expect(m.joinDate > eighteen).toBe(true);
      if (m.phone !== null) expect(m.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    // A published example: 11010519491231002X.
    expect(idCheckDigit('11010519491231002')).toBe('X');
  });

  it('keeps names unique among siblings', () => {
    const tree = generateTree('city', 1);
    const seen = new Set<string>();
    for (const o of tree.orgs) {
      const key = `${o.parentId}/${o.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });
});

describe('loadDemo (demo scale, PGlite)', () => {
  let database: Database;
  let result: LoadDemoResult;

  beforeAll(async () => {
    database = await openDatabase({});
    await migrate(database.db);
    result = await loadDemo(database.db, { scale: 'demo', seed: 11 });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it('loads plausible counts', async () => {
    const { db } = database;
    expect(result.orgs).toBeGreaterThanOrEqual(300);
    expect(result.orgs).toBeLessThanOrEqual(600);
    expect(result.members).toBeGreaterThanOrEqual(6000);
    expect(result.members).toBeLessThanOrEqual(10000);
    const orgs = await db
      .selectFrom('orgs')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const members = await db
      .selectFrom('members')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(orgs.n)).toBe(result.orgs);
    expect(Number(members.n)).toBe(result.members);
    const inactive = await sql<{ n: number }>`SELECT count(*)::int AS n FROM members WHERE status <> 'active'`.execute(
      db,
    );
    expect(inactive.rows[0].n).toBeGreaterThan(0);
    expect(inactive.rows[0].n).toBeLessThan(result.members * 0.03);
  });

  it('has a closure row per (ancestor, descendant) pair', async () => {
    const { rows } = await sql<{ closure: number; expected: number; self: number }>`
      SELECT (SELECT count(*)::int FROM org_closure) AS closure,
             (SELECT sum(depth + 1)::int FROM orgs) AS expected,
             (SELECT count(*)::int FROM org_closure WHERE ancestor_id = descendant_id AND depth = 0) AS self`.execute(
      database.db,
    );
    expect(rows[0].closure).toBe(rows[0].expected);
    expect(rows[0].self).toBe(result.orgs);
    const wrong = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM org_closure c JOIN orgs a ON a.id = c.ancestor_id JOIN orgs d ON d.id = c.descendant_id
      WHERE NOT (a.path @> d.path) OR d.depth - a.depth <> c.depth`.execute(database.db);
    expect(wrong.rows[0].n).toBe(0);
  });

  it('puts every member in a branch', async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.level <> 'branch'`.execute(
      database.db,
    );
    expect(rows[0].n).toBe(0);
    const dissolved = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM members m JOIN orgs o ON o.id = m.org_id WHERE o.status = 'dissolved'`.execute(
      database.db,
    );
    expect(dissolved.rows[0].n).toBe(0);
  });

  it('gives every committee and branch a leading body, one 书记 each, the secretary and member accounts seated', async () => {
    const { rows } = await sql<{ level: string; orgs: number; with_secretary: number; max_secretaries: number }>`
      SELECT o.level, count(*)::int AS orgs,
             count(*) FILTER (WHERE s.n > 0)::int AS with_secretary, COALESCE(max(s.n), 0)::int AS max_secretaries
        FROM orgs o
        LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM org_posts p
                            WHERE p.org_id = o.id AND p.post = 'secretary' AND p.end_date IS NULL) s ON true
       WHERE o.status = 'active' AND (o.level <> 'branch' OR EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id))
       GROUP BY o.level`.execute(database.db);
    for (const r of rows) {
      expect(r.with_secretary, r.level).toBe(r.orgs);
      expect(r.max_secretaries, r.level).toBe(1);
    }
    const seated = await sql<{ username: string; posts: string[] }>`
      SELECT u.username, array_agg(p.post ORDER BY p.post) AS posts
        FROM users u JOIN org_posts p ON p.member_id = u.member_id
       WHERE u.username IN ('secretary', 'member') GROUP BY u.username ORDER BY u.username`.execute(database.db);
    expect(seated.rows).toEqual([
      { username: 'member', posts: ['committee_member'] },
      { username: 'secretary', posts: ['secretary'] },
    ]);
    const future = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM org_posts WHERE start_date > current_date`.execute(database.db);
    expect(future.rows[0].n).toBe(0);
  });

  it('stores each path as the chain of parent ids, and depth as its length', async () => {
    const orgs = await database.db
      .selectFrom('orgs')
      .select(['id', 'parent_id', 'depth', sql<string>`path::text`.as('path')])
      .execute();
    const byId = new Map(orgs.map((o) => [o.id, o]));
    for (const o of orgs) {
      const chain: number[] = [];
      for (
        let cur: (typeof orgs)[number] | undefined = o;
        cur;
        cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id)
      ) {
        chain.unshift(cur.id);
      }
      expect(o.path).toBe(chain.join('.'));
      expect(o.depth).toBe(chain.length - 1);
    }
    expect(orgs.filter((o) => o.parent_id === null)).toHaveLength(1);
  });

  it('leaves the subtree counters exactly right', async () => {
    expect(await compareStats(database.db)).toEqual([]);
    const root = await database.db
      .selectFrom('org_stats')
      .selectAll()
      .where('org_id', '=', 1)
      .executeTakeFirstOrThrow();
    const active = await sql<{ n: number }>`SELECT count(*)::int AS n FROM members WHERE status = 'active'`.execute(
      database.db,
    );
    expect(root.members).toBe(active.rows[0].n);
    expect(root.cadre_bureau + root.cadre_county + root.cadre_section + root.ordinary + root.probationary).toBe(
      root.members,
    );
    expect(root.retired).toBeGreaterThan(0);
    expect(root.floating).toBeGreaterThan(0);
    expect(root.infirm).toBeGreaterThan(0);
  });

  it('generates the same members as the generator for that seed', async () => {
    const names = await database.db.selectFrom('members').select('name').orderBy('id').limit(50).execute();
    expect(names.map((n) => n.name)).toEqual(firstMembers(11, 50).map((m) => m.name));
  });

  it('creates the demo accounts with their grants and one audit event', async () => {
    const { db } = database;
    expect(result.users.map((u) => u.username)).toEqual([
      'admin',
      'office',
      'district',
      'supervisor',
      'secretary',
      'member',
    ]);
    const users = await db
      .selectFrom('users')
      .leftJoin('grants', 'grants.user_id', 'users.id')
      .leftJoin('orgs', 'orgs.id', 'grants.org_id')
      .select([
        'users.username',
        'users.is_admin',
        'users.member_id',
        'users.password_hash',
        'grants.role',
        'orgs.name as org_name',
        'orgs.level',
        'orgs.kind',
        'orgs.id as org_id',
      ])
      .orderBy('users.id')
      .execute();
    const by = new Map(users.map((u) => [u.username, u]));
    expect(users).toHaveLength(6);
    expect(by.get('admin')).toMatchObject({ is_admin: true, role: null });
    expect(by.get('office')).toMatchObject({ role: 'office', org_name: '中共示范市委员会', level: 'city' });
    expect(by.get('district')).toMatchObject({ role: 'office', org_name: '中共城关区委员会', level: 'county' });
    expect(by.get('supervisor')).toMatchObject({ role: 'supervisor', org_name: '中共城关区委员会' });
    expect(by.get('secretary')).toMatchObject({ role: 'unit_admin', level: 'branch', kind: 'village' });
    expect(by.get('member')).toMatchObject({ role: 'member', org_id: by.get('secretary')!.org_id });
    expect(await verifyPassword(by.get('office')!.password_hash, DEMO_PASSWORD)).toBe(true);

    const secretary = await db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', by.get('secretary')!.member_id!)
      .executeTakeFirstOrThrow();
    expect(secretary).toMatchObject({
      position: '村党支部书记',
      status: 'active',
      org_id: by.get('secretary')!.org_id,
    });
    const member = await db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', by.get('member')!.member_id!)
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ status: 'active', org_id: by.get('secretary')!.org_id });
    expect(member.id).not.toBe(secretary.id);
    // The branch lies under the district the district office is granted.
    const under = await sql<{ ok: boolean }>`
      SELECT EXISTS (SELECT 1 FROM org_closure WHERE ancestor_id = ${by.get('district')!.org_id} AND descendant_id = ${secretary.org_id}) AS ok`.execute(
      db,
    );
    expect(under.rows[0].ok).toBe(true);

    // The migrations seeded the built-in campaign templates, each with its event; the load adds one.
    const all = await db.selectFrom('audit_events').selectAll().orderBy('id').execute();
    expect(all.filter((a) => a.action === 'template.seed')).toHaveLength(3);
    const audit = all.filter((a) => a.action !== 'template.seed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'demo.load', entity_type: 'system', actor_name: 'system' });
    expect(audit[0].meta).toMatchObject({ scale: 'demo', seed: 11, orgs: result.orgs, members: result.members });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('refuses to load into a database that already holds organizations', async () => {
    await expect(loadDemo(database.db, { scale: 'demo' })).rejects.toThrow(/已有组织.*already holds organizations/);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs`.execute(database.db);
    expect(n.rows[0].n).toBe(result.orgs);
  });

  it('sets the id sequences past the loaded rows', async () => {
    const { db } = database;
    const org = await db
      .insertInto('orgs')
      .values({ parent_id: 1, name: '测试党支部', level: 'branch', kind: 'other', path: '1.99999', depth: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(org.id).toBe(result.orgs + 1);
    await db.deleteFrom('orgs').where('id', '=', org.id).execute();
  });
});
