import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Q } from '../db/database.ts';

export interface StoredAnswer {
  scope: string;
  status_code: number;
  response: unknown;
}

/** The answer stored under a user's key, if any. */
export async function findAnswer(q: Q, userId: number, key: string): Promise<StoredAnswer | undefined> {
  return q
    .selectFrom('idempotency_keys')
    .select(['scope', 'status_code', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Stores the answer under the key, in the transaction of the write it answers. A concurrent
 * request with the same key waits on the primary key and then fails with 23505.
 */
export async function insertAnswer(
  trx: Transaction<DB>,
  row: { userId: number; key: string; scope: string; statusCode: number; response: unknown },
): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: row.userId,
      key: row.key,
      scope: row.scope,
      status_code: row.statusCode,
      response: JSON.stringify(row.response),
    })
    .execute();
}

/** Forgets the user's keys older than `days` (other keys of the same user are not touched). */
export async function purgeAnswers(trx: Transaction<DB>, userId: number, days: number, keep: string): Promise<void> {
  await trx
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', userId)
    .where('key', '<>', keep)
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days}::int)`)
    .execute();
}
