import { sql } from 'kysely';
import type { Q } from '../db/database.ts';

export interface CounterState {
  hits: number;
  strikes: number;
  /** Seconds until the current window ends. */
  remaining: number;
}

/**
 * Counts one hit of `key` in one statement: the row lock of the upsert makes concurrent hits from
 * any number of connections and server processes take turns, so none is lost. A window lasts
 * `seconds × 2^strikes`; when it has run out the count starts again at 1, and with back-off a
 * window that follows one that went past `max` is twice as long (up to `maxStrikes` doublings).
 */
export async function hitCounter(
  q: Q,
  key: string,
  opts: { seconds: number; max: number; backoff: boolean; maxStrikes: number },
): Promise<CounterState> {
  const span = sql`make_interval(secs => ${opts.seconds}::float8 * power(2, t.strikes))`;
  const expired = sql`now() >= t.window_start + ${span}`;
  const { rows } = await sql<{ hits: number; strikes: number; remaining: number }>`
    INSERT INTO throttle_counters AS t (key, hits, window_start, strikes, updated_at)
    VALUES (${key}, 1, now(), 0, now())
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN ${expired} THEN 1 ELSE t.hits + 1 END,
      strikes = CASE WHEN ${expired}
                     THEN (CASE WHEN ${opts.backoff}::boolean AND t.hits > ${opts.max}::int THEN least(t.strikes + 1, ${opts.maxStrikes}::int) ELSE 0 END)
                     ELSE t.strikes END,
      window_start = CASE WHEN ${expired} THEN now() ELSE t.window_start END,
      updated_at = now()
    RETURNING hits, strikes,
      extract(epoch FROM (window_start + make_interval(secs => ${opts.seconds}::float8 * power(2, strikes))) - now())::float8 AS remaining`.execute(
    q,
  );
  const r = rows[0];
  return { hits: Number(r.hits), strikes: Number(r.strikes), remaining: Math.max(0, Number(r.remaining)) };
}

/** The counter as it stands, without counting (null when it has no row or its window ran out). */
export async function peekCounter(q: Q, key: string, seconds: number): Promise<CounterState | null> {
  const { rows } = await sql<{ hits: number; strikes: number; remaining: number }>`
    SELECT hits, strikes,
      extract(epoch FROM (window_start + make_interval(secs => ${seconds}::float8 * power(2, strikes))) - now())::float8 AS remaining
    FROM throttle_counters WHERE key = ${key}`.execute(q);
  const r = rows[0];
  if (!r || Number(r.remaining) <= 0) return null;
  return { hits: Number(r.hits), strikes: Number(r.strikes), remaining: Number(r.remaining) };
}

/** Takes one hit back (an attempt that turned out not to count). */
export async function refundCounter(q: Q, key: string): Promise<void> {
  await sql`UPDATE throttle_counters SET hits = greatest(hits - 1, 0) WHERE key = ${key}`.execute(q);
}

/** Forgets a key (a successful sign-in, an administrator's unlock). */
export async function clearCounter(q: Q, key: string): Promise<void> {
  await sql`DELETE FROM throttle_counters WHERE key = ${key}`.execute(q);
}

/** Drops counters untouched for `seconds` (keeps the table small). */
export async function pruneCounters(q: Q, seconds: number): Promise<void> {
  await sql`DELETE FROM throttle_counters WHERE updated_at < now() - make_interval(secs => ${seconds}::float8)`.execute(
    q,
  );
}

/** The installation's secret for hashing client addresses, created on first use (every process reads the same). */
export async function addressSecret(q: Q): Promise<string> {
  const fresh = (await import('node:crypto')).randomBytes(32).toString('base64url');
  await sql`INSERT INTO app_meta (key, value) VALUES ('throttle_secret', ${JSON.stringify(fresh)}::jsonb) ON CONFLICT (key) DO NOTHING`.execute(
    q,
  );
  const { rows } = await sql<{ value: unknown }>`SELECT value FROM app_meta WHERE key = 'throttle_secret'`.execute(q);
  return String(rows[0].value);
}
