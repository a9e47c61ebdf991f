import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, migrate, type Database } from '../src/server/db/database.ts';
import { withTx } from '../src/server/platform/tx.ts';

/** The massline command as a user runs it, against a database of its own (PGlite folder or a server database). */
describe('massline CLI: demo, audit verify, verify', () => {
  const env: Record<string, string> = { ...process.env, MASSLINE_DEMO: 'off' } as Record<string, string>;
  let dir = '';
  let dbName = '';

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      dbName = `massline_cli_${randomBytes(5).toString('hex')}`;
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`CREATE DATABASE ${dbName}`);
      await c.end();
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = `/${dbName}`;
      env.DATABASE_URL = u.toString();
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'massline-cli-'));
      env.MASSLINE_DATA_DIR = dir;
      delete env.DATABASE_URL;
    }
  });
  afterAll(async () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (dbName) {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    }
  });

  const massline = (...args: string[]) => {
    const r = spawnSync(path.resolve('bin/massline.mjs'), args, { env, encoding: 'utf8', timeout: 300_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const open = async (): Promise<Database> => {
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : dir });
    await migrate(db.db);
    return db;
  };

  it('loads the demo city, whose audit chain, tree and counters verify', () => {
    const demo = massline('demo');
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out).toMatch(/loaded \d+ orgs, \d+ members/);
    const again = massline('demo');
    expect(again.code).not.toBe(0);
    const audit = massline('audit', 'verify');
    expect(audit.code, audit.err).toBe(0);
    expect(audit.out).toContain('audit chain OK');
    const verify = massline('verify');
    expect(verify.code, verify.err + verify.out).toBe(0);
  });

  it('audit verify fails, naming the event, after a row is altered by hand', async () => {
    const db = await open();
    for (let i = 0; i < 5; i++) {
      await withTx(db.db, { id: null, name: 'cli-test' }, (ctx) => ctx.audit({ action: 'test.event', entityType: 'system', meta: { i } }));
    }
    const rows = await db.db.selectFrom('audit_events').select('id').orderBy('id').execute();
    const victim = rows[3].id;
    await sql`UPDATE audit_events SET actor_name = 'someone-else' WHERE id = ${victim}`.execute(db.db);
    await db.close();
    const r = massline('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`#${victim}`);
  });
});
