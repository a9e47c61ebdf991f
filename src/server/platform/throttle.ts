import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import * as repo from './throttle.repository.ts';

/** How one kind of action is counted: at most `max` per window of `seconds`, optionally backing off. */
export interface ThrottlePolicy {
  seconds: number;
  max: number;
  /** Each window that follows one that went past `max` is twice as long, up to 2^6 times. */
  backoff?: boolean;
}

export interface ThrottleVerdict {
  allowed: boolean;
  hits: number;
  /** Seconds until the key may act again (0 when allowed). */
  retryAfter: number;
}

const DAY = 86_400;

/**
 * Counters in the database, so they hold under concurrency and across server processes: a hit is
 * one atomic upsert that both counts and answers, so "check, then count" can never let a burst
 * through. Client addresses are counted under an HMAC with the installation's secret, never as
 * they are.
 */
export class Throttle {
  private secret: Promise<string> | null = null;
  private sincePrune = 0;

  constructor(private db: Kysely<DB>) {}

  /** The key a client address is counted under (an IPv6 address by its /64). */
  async addressKey(ip: string | null | undefined): Promise<string> {
    this.secret ??= repo.addressSecret(this.db).catch((e) => {
      this.secret = null;
      throw e;
    });
    let a = (ip ?? '').replace(/^::ffff:/, '');
    if (a.includes(':')) a = a.split(':').slice(0, 4).join(':');
    return createHmac('sha256', await this.secret)
      .update(a)
      .digest('base64url')
      .slice(0, 22);
  }

  /** Counts one attempt of `key` and says whether it is within the policy. */
  async hit(key: string, policy: ThrottlePolicy): Promise<ThrottleVerdict> {
    if (++this.sincePrune >= 500) {
      this.sincePrune = 0;
      await repo.pruneCounters(this.db, DAY * 3);
    }
    const s = await repo.hitCounter(this.db, key, {
      seconds: policy.seconds,
      max: policy.max,
      backoff: !!policy.backoff,
      maxStrikes: 6,
    });
    const allowed = s.hits <= policy.max;
    return { allowed, hits: s.hits, retryAfter: allowed ? 0 : Math.max(1, Math.ceil(s.remaining)) };
  }

  /** Whether `key` is over the policy now, without counting. */
  async blocked(key: string, policy: ThrottlePolicy): Promise<ThrottleVerdict> {
    const s = await repo.peekCounter(this.db, key, policy.seconds);
    if (!s || s.hits < policy.max) return { allowed: true, hits: s?.hits ?? 0, retryAfter: 0 };
    return { allowed: false, hits: s.hits, retryAfter: Math.max(1, Math.ceil(s.remaining)) };
  }

  refund(key: string): Promise<void> {
    return repo.refundCounter(this.db, key);
  }

  clear(key: string): Promise<void> {
    return repo.clearCounter(this.db, key);
  }
}
