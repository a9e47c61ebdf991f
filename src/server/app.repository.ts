import type { Q } from './db/database.ts';

/** The health check's round trip to the database: one row of app_meta. */
export async function pingDatabase(q: Q): Promise<void> {
  await q.selectFrom('app_meta').select('key').limit(1).execute();
}
