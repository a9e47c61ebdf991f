import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { appendAudit, type AuditActor, type AuditInput } from './audit.ts';

/** A transaction plus the audit writer bound to it and to the acting user. */
export interface TxContext {
  trx: Transaction<DB>;
  audit: (input: AuditInput) => Promise<void>;
}

/** PostgreSQL's answers that mean "nothing was written, run it again": deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
/** Attempts in all, the first included. */
export const TX_ATTEMPTS = 4;

/** True for an error after which the whole transaction may simply run again. */
export function isRetryable(e: unknown): boolean {
  return !!e && typeof e === 'object' && RETRYABLE.has((e as { code?: string }).code ?? '');
}

/**
 * Runs a mutation and its audit events in one transaction: both land or neither does. Inside,
 * use only ctx.trx — on PGlite there is one connection, and a query on the outer handle waits
 * for the transaction that waits for it.
 *
 * A deadlock or serialization failure rolls the transaction back whole, so it is run again (up to
 * TX_ATTEMPTS times, after a short random pause) and the client never sees it. `fn` must therefore
 * do nothing outside the database that cannot be repeated (files are stored by hash, so they can).
 */
export async function withTx<T>(db: Kysely<DB>, actor: AuditActor, fn: (ctx: TxContext) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => fn({ trx, audit: (input) => appendAudit(trx, actor, input) }));
    } catch (e) {
      if (attempt >= TX_ATTEMPTS || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
