import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, migrate, type Database } from '../../src/server/db/database.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or — when DATABASE_URL is set —
 * a new database on that server, dropped again by close().
 */
export async function createTestDb(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db.db);
    return db;
  }
  const name = `massline_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ url: u.toString(), poolSize: 5 });
  await migrate(db.db);
  return {
    ...db,
    close: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
