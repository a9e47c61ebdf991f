import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { DB } from './types.ts';
import { migrationProvider } from './migrations/index.ts';

// DATE stays a 'YYYY-MM-DD' string: a date of birth has no time zone.
pg.types.setTypeParser(1082, (v: string) => v);
// count(*) and other int8 results: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** What a repository function runs its SQL on: the database or a transaction of it (one type for every module). */
export type Q = Kysely<DB> | Transaction<DB>;

export type Engine = 'pglite' | 'postgresql';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Closes the pool (and the embedded database). */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… or undefined for PGlite. */
  url?: string;
  /** PGlite data folder; 'memory://' for an in-memory database (tests). */
  dataDir?: string;
  poolSize?: number;
}

/**
 * Opens the database. PGlite is one session, so its pool has exactly one client: every query and
 * transaction is serialized through it (more clients interleave transactions and crash, see
 * docs/ARCHITECTURE.md).
 */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // An idle client dropped by the server (restart, DROP DATABASE … FORCE) emits 'error' on the
    // pool; unheard, that would crash the process. The pool replaces the client on next use.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL idle client error: ${err.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgresql', close: () => db.destroy() };
  }
  const dir = opts.dataDir ?? 'memory://';
  if (!dir.startsWith('memory://')) fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const pglite = await PGlite.create(dir.startsWith('memory://') ? undefined : dir, {
    extensions: { ltree, pg_trgm },
  });
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as object), max: 1 } as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** PGlite has no autovacuum: after bulk loads statistics must be refreshed by hand. */
export async function analyze(db: Kysely<DB>): Promise<void> {
  await sql`VACUUM ANALYZE`.execute(db);
}
