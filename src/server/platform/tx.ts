import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { appendAudit, type AuditActor, type AuditInput } from './audit.ts';

/** A transaction plus the audit writer bound to it and to the acting user. */
export interface TxContext {
  trx: Transaction<DB>;
  audit: (input: AuditInput) => Promise<void>;
}

/**
 * Runs a mutation and its audit events in one transaction: both land or neither does. Inside,
 * use only ctx.trx — on PGlite there is one connection, and a query on the outer handle waits
 * for the transaction that waits for it.
 */
export function withTx<T>(db: Kysely<DB>, actor: AuditActor, fn: (ctx: TxContext) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => fn({ trx, audit: (input) => appendAudit(trx, actor, input) }));
}
