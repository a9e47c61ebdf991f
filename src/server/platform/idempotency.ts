import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Locale } from '../../shared/enums.ts';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';
import * as repo from './idempotency.repository.ts';

/**
 * Idempotency keys for imports. The client sends `Idempotency-Key` (8–100 characters of
 * [A-Za-z0-9_-]) with an upload; the successful answer is stored under (user, key) in the same
 * transaction as the import, so a retry after a dropped connection gets the first answer back
 * (with `Idempotent-Replayed: true`) instead of importing twice. A refused import (422, 400) is
 * not stored: the user fixes the file and sends it with a new key.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;
/** A user's stored answers are forgotten after this many days (purged when the user's next one is stored). */
export const IDEMPOTENCY_RETENTION_DAYS = 7;

/** The key of one request, bound to the user who sent it and to the reply the replay is written to. */
export interface IdempotencyKey {
  userId: number;
  key: string;
  locale: Locale;
  /** Status the answer goes out with (stored with it). */
  statusCode(): number;
  /** Marks the reply as a replay of the stored answer. */
  replayed(statusCode: number): void;
}

/** Records the answer inside the import's transaction (a no-op when the request sent no key). */
export type RecordAnswer<T> = (trx: Transaction<DB>, answer: T) => Promise<void>;

/** The request's Idempotency-Key, null when it sent none; a malformed key is 400 VALIDATION. */
export function idempotencyKeyOf(req: FastifyRequest, reply: FastifyReply, actor: Actor): IdempotencyKey | null {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(raw)) {
    throw new AppError('VALIDATION', {}, [{ path: 'Idempotency-Key', message: 'field.idempotencyKey' }]);
  }
  return {
    userId: actor.id,
    key: raw,
    locale: req.locale,
    statusCode: () => reply.statusCode,
    replayed: (statusCode) => {
      reply.header('Idempotent-Replayed', 'true');
      reply.status(statusCode);
    },
  };
}

/** What a key stands for: the kind of import, its target and the file's SHA-256. */
export function importScope(kind: string, target: number | string, buffer: Buffer): string {
  return `${kind}:${target}:${createHash('sha256').update(buffer).digest('hex')}`;
}

const isUniqueViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === '23505';

/**
 * Runs an import under an idempotency key. A stored answer of the same scope is answered again
 * without running anything; one of another scope is 409 CONFLICT. Otherwise the import runs and
 * calls `record` in its own transaction. Two requests racing with the same key both run; the
 * second fails on the key's primary key (23505, after the first commits) and its transaction rolls
 * back — it then answers what the first stored.
 */
export async function idempotent<T>(
  db: Kysely<DB>,
  idem: IdempotencyKey | null | undefined,
  scope: string,
  run: (record: RecordAnswer<T>) => Promise<T>,
): Promise<T> {
  if (!idem) return run(async () => {});
  const replay = (stored: repo.StoredAnswer): T => {
    if (stored.scope !== scope) throw new AppError('CONFLICT', { what: 'import.idempotencyReused' });
    idem.replayed(stored.status_code);
    return stored.response as T;
  };
  const stored = await repo.findAnswer(db, idem.userId, idem.key);
  if (stored) return replay(stored);
  try {
    return await run(async (trx, answer) => {
      await repo.purgeAnswers(trx, idem.userId, IDEMPOTENCY_RETENTION_DAYS, idem.key);
      await repo.insertAnswer(trx, {
        userId: idem.userId,
        key: idem.key,
        scope,
        statusCode: idem.statusCode(),
        response: answer,
      });
    });
  } catch (e) {
    // The unique violation may come from the key or from the import's own rows (an org code the
    // winner just created): either way, if the key has been stored meanwhile, that is the answer.
    if (!isUniqueViolation(e)) throw e;
    const winner = await repo.findAnswer(db, idem.userId, idem.key);
    if (!winner) throw e;
    return replay(winner);
  }
}
