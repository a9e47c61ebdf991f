import { sql, type Kysely } from 'kysely';

/** The ledger sorted by deadline (open-ended last) over a large subtree walks this index instead of sorting every row. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX problems_deadline_order_idx ON problems ((coalesce(deadline, '9999-12-31'::date)), id)`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('Massline migrations are forward-only');
}
