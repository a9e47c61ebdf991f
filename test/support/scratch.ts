import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, migrate, type Database } from '../../src/server/db/database.ts';

/**
 * A database of its own for a test that runs the massline command or a server process: a new
 * database on the PostgreSQL server when DATABASE_URL is set, else a PGlite folder. `env` is the
 * environment to hand the child process (demo off); `drop()` removes it all again.
 */
export interface ScratchDb {
  env: Record<string, string>;
  /** The PGlite folder ('' on PostgreSQL). */
  dir: string;
  /** The database's URL (undefined on PGlite). */
  url: string | undefined;
  /** Opens (and migrates) the database from this process. */
  open(opts?: { poolSize?: number }): Promise<Database>;
  drop(): Promise<void>;
}

const admin = async (query: string) => {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
};

export async function scratchDatabase(prefix: string): Promise<ScratchDb> {
  const env: Record<string, string> = { ...process.env, MASSLINE_DEMO: 'off' } as Record<string, string>;
  let dir = '';
  let url: string | undefined;
  let name = '';
  if (process.env.DATABASE_URL) {
    name = `massline_${prefix}_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    url = env.DATABASE_URL = u.toString();
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `massline-${prefix}-`));
    env.MASSLINE_DATA_DIR = dir;
    delete env.DATABASE_URL;
  }
  return {
    env,
    dir,
    url,
    async open(opts = {}) {
      const db = await openDatabase({ url, dataDir: url ? undefined : dir, poolSize: opts.poolSize });
      await migrate(db.db);
      return db;
    },
    async drop() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      if (name) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
