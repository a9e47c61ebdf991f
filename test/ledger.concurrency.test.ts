import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { verifyProblemStats } from '../src/server/modules/ledger/ledger.verify.ts';
import { rng } from './support/random.ts';
import { sql } from 'kysely';
import { withTx } from '../src/server/platform/tx.ts';
import { SYSTEM_ACTOR } from '../src/server/platform/audit.ts';

const CATEGORIES = ['formalism', 'bureaucratism', 'hedonism', 'extravagance'] as const;
const KINDS = ['immediate', 'phased', 'long_term'] as const;

/**
 * 400 problems created at once in ten branches of two districts, by two offices: every create
 * lands (no deadlock reaches a client) and the roll-up counters equal a recount afterwards.
 */
describe('ledger under concurrent writes', () => {
  let h: Harness;
  const branches: number[] = [];
  const offices: Client[] = [];

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    for (let d = 0; d < 2; d++) {
      const district = await buildOrg(h, root.id, 'county');
      const town = await buildOrg(h, district.id, 'township');
      for (let b = 0; b < 5; b++) branches.push((await buildOrg(h, town.id, 'branch')).id);
    }
    await buildUser(h, 'office-a', [{ role: 'office', orgId: root.id }]);
    await buildUser(h, 'office-b', [{ role: 'office', orgId: root.id }]);
    offices.push(await login(h, 'office-a'), await login(h, 'office-b'));
  });
  afterAll(() => h.close());

  it('400 concurrent creates: all 201, none 500, counters equal a recount', async () => {
    const r = rng(15);
    const today = new Date();
    const day = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const bodies = Array.from({ length: 400 }, (_, i) => {
      const kind = KINDS[r.int(0, 2)];
      return {
        orgId: branches[r.int(0, branches.length - 1)],
        source: 'self_inspection',
        category: CATEGORIES[r.int(0, CATEGORIES.length - 1)],
        description: `第${i + 1}个问题：会议多、文件多，以会议落实会议`,
        kind,
        deadline: kind === 'long_term' ? null : day(r.int(-20, 60)),
      };
    });
    const answers = await Promise.all(bodies.map((b, i) => offices[i % 2].post('/api/problems', b)));
    const bad = answers.filter((a) => a.statusCode !== 201).map((a) => `${a.statusCode} ${a.body.slice(0, 200)}`);
    expect(bad).toEqual([]);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
    const n = await h.db.db
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(400);
  });

  it('concurrent transitions of problems that swap counter keys keep the counters right', async () => {
    const ids = (await h.db.db.selectFrom('problems').select('id').orderBy('id').limit(60).execute()).map((p) => p.id);
    // Edits that move problems between categories and deadlines at once, in opposite directions.
    const answers = await Promise.all(
      ids.map((id, i) =>
        offices[i % 2].patch(`/api/problems/${id}`, { category: CATEGORIES[(i + 1) % CATEGORIES.length] }),
      ),
    );
    const bad = answers.filter((a) => a.statusCode >= 500).map((a) => `${a.statusCode} ${a.body.slice(0, 200)}`);
    expect(bad).toEqual([]);
    expect(await verifyProblemStats(h.db.db)).toEqual([]);
  });

  it('a real deadlock between two transactions is retried: both land, nothing reaches the caller', async () => {
    await sql`CREATE TABLE IF NOT EXISTS zz_lock_pair (id int PRIMARY KEY, n int NOT NULL)`.execute(h.db.db);
    await sql`INSERT INTO zz_lock_pair VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING`.execute(h.db.db);
    let runs = 0;
    const bump = (first: number, second: number) =>
      withTx(h.db.db, SYSTEM_ACTOR, async ({ trx }) => {
        runs++;
        await sql`UPDATE zz_lock_pair SET n = n + 1 WHERE id = ${first}`.execute(trx);
        await new Promise((r) => setTimeout(r, 150)); // both hold their first row now
        await sql`UPDATE zz_lock_pair SET n = n + 1 WHERE id = ${second}`.execute(trx);
      });
    await Promise.all([bump(1, 2), bump(2, 1)]);
    const rows = (await sql<{ n: number }>`SELECT n FROM zz_lock_pair ORDER BY id`.execute(h.db.db)).rows.map(
      (r) => r.n,
    );
    expect(rows).toEqual([2, 2]);
    // On PostgreSQL one of the two was chosen as the deadlock victim and ran again; PGlite has one session and never deadlocks.
    expect(runs).toBe(process.env.DATABASE_URL ? 3 : 2);
  });
});
