import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.ts';
import { scratchDatabase, type ScratchDb } from './support/scratch.ts';
import { withTx } from '../src/server/platform/tx.ts';

/** The massline command as a user runs it, against a database of its own (PGlite folder or a server database). */
describe('massline CLI: demo, audit verify, verify', () => {
  let scratch: ScratchDb;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    scratch = await scratchDatabase('cli');
    env = scratch.env;
  });
  afterAll(() => scratch.drop());

  const massline = (...args: string[]) => {
    const r = spawnSync(path.resolve('bin/massline.mjs'), args, { env, encoding: 'utf8', timeout: 300_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const open = (): Promise<Database> => scratch.open();

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
      await withTx(db.db, { id: null, name: 'cli-test' }, (ctx) =>
        ctx.audit({ action: 'test.event', entityType: 'system', meta: { i } }),
      );
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
