import { sql } from 'kysely';
import type { Q } from '../db/database.ts';

/** True when no organization exists yet (a new installation). */
export async function hasNoOrgs(q: Q): Promise<boolean> {
  const r = await q.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  return !r;
}

/** The first administrator of a new installation; its id. */
export async function insertAdmin(q: Q, username: string, passwordHash: string): Promise<number> {
  const u = await q
    .insertInto('users')
    .values({ username, display_name: username, password_hash: passwordHash, is_admin: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  return u.id;
}

/** Wipes a PostgreSQL server database (demo --reset): every table, view and type of the public schema. */
export async function dropPublicSchema(q: Q): Promise<void> {
  await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(q);
}
