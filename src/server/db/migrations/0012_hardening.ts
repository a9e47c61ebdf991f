import { sql, type Kysely } from 'kysely';

/**
 * Hardening against hostile and concurrent input:
 * - `throttle_counters`: fixed-window counters shared by every server process (login throttle by
 *   source and by account, the public form's rate limit), bumped atomically by one upsert;
 *   `strikes` doubles a window that follows an exceeded one (back-off).
 * - `known_devices`: a device a user has signed in from (a random cookie, stored hashed); failures
 *   elsewhere do not keep that user out from there.
 * - `idempotency_keys`: the answer of an import, kept under the key the client sent, so a retry
 *   after a dropped connection answers the first result instead of importing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE throttle_counters (
      key text PRIMARY KEY,
      hits integer NOT NULL,
      window_start timestamptz NOT NULL,
      strikes integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX throttle_counters_updated_idx ON throttle_counters (updated_at)`.execute(db);
  await sql`
    CREATE TABLE known_devices (
      token_hash text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX known_devices_user_idx ON known_devices (user_id, last_used_at DESC)`.execute(db);
  await sql`
    CREATE TABLE idempotency_keys (
      user_id integer NOT NULL REFERENCES users(id),
      key text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
      scope text NOT NULL,
      status_code integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE idempotency_keys`.execute(db);
  await sql`DROP TABLE known_devices`.execute(db);
  await sql`DROP TABLE throttle_counters`.execute(db);
}
