import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import { canonicalJson, storableJson, storableText } from './canonical.ts';

/** Hash of the (virtual) event before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who did it: a signed-in user, or the system (CLI, demo loader, scheduler). */
export interface AuditActor {
  id: number | null;
  name: string;
}
export const SYSTEM_ACTOR: AuditActor = { id: null, name: 'system' };

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
  meta?: unknown;
}

interface HashedFields {
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: number | null;
  before: unknown;
  after: unknown;
  meta: unknown;
  prevHash: string;
}

/** The hash of one event: SHA-256 over the canonical JSON of every stored field and the previous hash. */
export function hashEvent(f: HashedFields): string {
  return createHash('sha256').update(canonicalJson(f)).digest('hex');
}

// Any fixed 64-bit number; it names the lock that serializes appends to the chain.
const AUDIT_LOCK = 7_474_501;

/**
 * Appends one event to the hash chain inside the caller's transaction. The advisory lock makes
 * concurrent writers take turns, so every event links to exactly the one before it.
 */
export async function appendAudit(trx: Transaction<DB>, actor: AuditActor, input: AuditInput): Promise<void> {
  await appendAuditMany(trx, actor, [input]);
}

/**
 * Appends many events in order (an import writes one per created row): one lock, one read of the
 * chain's head, hashes linked in memory, inserted in chunks.
 */
export async function appendAuditMany(trx: Transaction<DB>, actor: AuditActor, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_events').select(['hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  // Milliseconds only: what JavaScript's Date keeps, so the hash survives a round trip.
  const at = new Date(Math.floor(Date.now()));
  const rows = inputs.map((input) => {
    const row = eventRow(actor, input, at, prevHash);
    prevHash = row.hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/**
 * The row to insert and its hash, both over the same normalized fields: every string (the actor's
 * name, ids, and before/after/meta at any depth, keys too) is made what PostgreSQL stores — lone
 * surrogates and NUL as U+FFFD, NFC — so a hash never covers text the database would change.
 */
function eventRow(actor: AuditActor, input: AuditInput, at: Date, prevHash: string) {
  const text = (s: string | null | undefined) => (s == null ? null : storableText(s));
  const fields: HashedFields = {
    at: at.toISOString(),
    actorId: actor.id,
    actorName: text(actor.name),
    action: storableText(input.action),
    entityType: storableText(input.entityType),
    entityId: input.entityId == null ? null : storableText(String(input.entityId)),
    orgId: input.orgId ?? null,
    before: storableJson(input.before),
    after: storableJson(input.after),
    meta: storableJson(input.meta),
    prevHash,
  };
  return {
    at,
    actor_id: fields.actorId,
    actor_name: fields.actorName,
    action: fields.action,
    entity_type: fields.entityType,
    entity_id: fields.entityId,
    org_id: fields.orgId,
    before: fields.before == null ? null : JSON.stringify(fields.before),
    after: fields.after == null ? null : JSON.stringify(fields.after),
    meta: fields.meta == null ? null : JSON.stringify(fields.meta),
    prev_hash: prevHash,
    hash: hashEvent(fields),
  };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first event whose stored hash or link does not match a recomputation. */
  broken?: { id: string; reason: 'hash' | 'link'; expected: string; found: string };
}

/** Recomputes the whole chain in id order, in batches, and reports the first broken link. */
export async function verifyAuditChain(db: Kysely<DB>, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return { ok: false, checked, broken: { id: String(r.id), reason: 'link', expected: prev, found: r.prev_hash } };
      }
      const expected = hashEvent({
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        orgId: r.org_id,
        before: r.before ?? null,
        after: r.after ?? null,
        meta: r.meta ?? null,
        prevHash: r.prev_hash,
      });
      if (expected !== r.hash) {
        return { ok: false, checked, broken: { id: String(r.id), reason: 'hash', expected, found: r.hash } };
      }
      prev = r.hash;
      checked++;
      after = Number(r.id);
    }
  }
}
