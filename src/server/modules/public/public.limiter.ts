import { createHash, randomBytes } from 'node:crypto';

/** A per-process salt: the limiter's keys are not addresses, even in memory. */
const SALT = randomBytes(16);

/**
 * The key a client is counted under: a salted hash of its address (an IPv6 address by its /64,
 * which one household or phone usually holds). Kept in memory only, never stored.
 */
export function clientKey(ip: string | undefined): string {
  let a = (ip ?? '').replace(/^::ffff:/, '');
  if (a.includes(':')) a = a.split(':').slice(0, 4).join(':');
  return createHash('sha256').update(SALT).update(a).digest('base64url').slice(0, 22);
}

/**
 * A sliding-window counter per key, in memory (one process; a restart forgets it — acceptable
 * for slowing down floods of a public form). Bounded: past `maxKeys` the least recently used
 * keys are dropped.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private maxKeys = 50_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const from = now - this.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > from);
  }

  /** Seconds to wait before the key may act again; 0 when it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - now) / 1000));
  }

  /** Counts one action of the key. */
  hit(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.delete(key);
    this.hits.set(key, list);
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }
}
