import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Database } from '../src/server/db/database.ts';
import { scratchDatabase } from './support/scratch.ts';
import { buildOrg, buildRoot, createHarness, type Harness } from './support/harness.ts';

/**
 * The public form's limit (5 submissions per address per 10 minutes) under concurrency: counted in
 * the database in one atomic step, so a burst of parallel posts gets exactly the limit through, and
 * so do two servers sharing one database.
 */
describe('public form rate limit under concurrency', () => {
  let h: Harness;
  let branch: number;
  const post = (app: Harness['app'], ip: string, i: number) =>
    app.inject({
      method: 'POST',
      url: '/api/public/opinions',
      remoteAddress: ip,
      payload: { org: branch, content: `第${i}条意见：村里的路灯坏了，希望尽快修好。` },
    });
  const opinions = async (db: Database) =>
    Number(
      (
        await db.db
          .selectFrom('opinions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    branch = (await buildOrg(h, root.id, 'branch')).id;
  });
  afterAll(() => h.close());

  it('100 parallel posts from one address: exactly 5 accepted, 95 refused with Retry-After', async () => {
    const before = await opinions(h.db);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => post(h.app, '198.51.100.7', i)));
    expect(answers.filter((r) => r.statusCode === 201).length).toBe(5);
    const refused = answers.filter((r) => r.statusCode === 429);
    expect(refused.length).toBe(95);
    expect(refused.every((r) => Number(r.headers['retry-after']) > 0)).toBe(true);
    expect(await opinions(h.db)).toBe(before + 5);
    // Another address is not affected.
    expect((await post(h.app, '198.51.100.8', 0)).statusCode).toBe(201);
  });

  it('a post refused for its content does not use up the limit', async () => {
    for (let i = 0; i < 8; i++) {
      const bad = await h.app.inject({
        method: 'POST',
        url: '/api/public/opinions',
        remoteAddress: '198.51.100.9',
        payload: { org: branch, content: '短' },
      });
      expect(bad.statusCode).toBe(400);
    }
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await post(h.app, '198.51.100.9', i)).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('the public disclosures JSON list pages with after=/limit= and answers a Page with the org', async () => {
    // Five published batches and one draft at the branch, written straight (their content is not the point here).
    const base = Date.UTC(2026, 10, 1, 8, 0, 0, 123);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const row = await h.db.db
        .insertInto('disclosure_batches')
        .values({
          org_id: branch,
          seq: i + 1,
          title: `第${i + 1}批整改问题公示`,
          starts_on: '2026-11-01',
          ends_on: '2026-11-30',
          status: i === 5 ? 'draft' : 'published',
          published_at: i === 5 ? null : new Date(base + i * 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (i < 5) ids.push(row.id);
    }
    const newestFirst = [...ids].reverse();
    const get = (q: string) => h.app.inject({ method: 'GET', url: `/api/public/disclosures?org=${branch}${q}` });
    const seen: number[] = [];
    let after = '';
    for (let n = 0; n < 3; n++) {
      const res = await get(`&limit=2${after}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['items', 'next', 'org']);
      expect(body.org).toEqual({ id: branch, name: expect.any(String) });
      seen.push(...body.items.map((b: { id: number }) => b.id));
      if (n < 2) expect(typeof body.next).toBe('string');
      else expect(body.next).toBeNull();
      after = `&after=${encodeURIComponent(body.next ?? '')}`;
    }
    expect(seen).toEqual(newestFirst);
    // The default page holds all five; a key the server did not hand out is a translated 400 on `after`.
    expect((await get('')).json().items.map((b: { id: number }) => b.id)).toEqual(newestFirst);
    const forged = await get('&after=bm90LWEta2V5&lang=en');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('VALIDATION');
    expect(forged.json().error.details[0].path).toBe('after');
    expect(forged.json().error.details[0].message).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
    expect((await get('&limit=0')).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/api/public/disclosures?org=999999' })).statusCode).toBe(404);
  });

  it('two app instances on one database share the count: 5 accepted of 60 parallel posts split between them', async () => {
    const other = await buildApp({
      db: h.db,
      config: loadConfig({ MASSLINE_DATA_DIR: '.tmp/unused' } as NodeJS.ProcessEnv),
    });
    try {
      const before = await opinions(h.db);
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => post(i % 2 ? h.app : other, '198.51.100.20', i)),
      );
      expect(answers.filter((r) => r.statusCode === 201).length).toBe(5);
      expect(await opinions(h.db)).toBe(before + 5);
    } finally {
      await other.close();
    }
  });

  // Two real server processes need a database server; the embedded database belongs to one process.
  it.runIf(!!process.env.DATABASE_URL)(
    'two server processes on one PostgreSQL database: exactly 5 of 100 parallel HTTP posts accepted',
    async () => {
      const scratch = await scratchDatabase('rl');
      const procs: ChildProcess[] = [];
      const ports = [31000 + Math.floor(Math.random() * 2000), 33000 + Math.floor(Math.random() * 2000)];
      const start = async (port: number) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/main.ts', 'serve'], {
          env: { ...scratch.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        p.stderr!.on('data', (d) => (err += d));
        procs.push(p);
        for (let i = 0; i < 120; i++) {
          try {
            if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
          } catch {
            /* not up yet */
          }
          await new Promise((r) => setTimeout(r, 250));
        }
        throw new Error(`server on ${port} did not start: ${err.slice(0, 500)}`);
      };
      let db: Database | null = null;
      try {
        await start(ports[0]); // migrates the new database
        await start(ports[1]);
        db = await scratch.open({ poolSize: 2 });
        const fake = { db, app: null } as unknown as Harness;
        const root = await buildRoot(fake);
        const br = (await buildOrg(fake, root.id, 'branch')).id;
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            fetch(`http://127.0.0.1:${ports[i % 2]}/api/public/opinions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ org: br, content: `第${i}条意见：希望多听听群众的声音。` }),
            }).then((r) => r.status),
          ),
        );
        expect(answers.filter((s) => s === 201).length).toBe(5);
        expect(answers.filter((s) => s === 429).length).toBe(95);
        expect(await opinions(db)).toBe(5);
      } finally {
        for (const p of procs) p.kill('SIGTERM');
        await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
        if (db) await db.close();
        await scratch.drop();
      }
    },
  );
});
