import { sql, type Kysely } from 'kysely';
import { refreshRedStats } from '../../modules/campaigns/campaigns.repository.ts';

/**
 * The red list without scanning tasks: each participating unit keeps the due date of its earliest
 * open task (`first_open_due`), and `campaign_red_stats` counts, per ancestor inside the campaign,
 * the units by that date — so "units overdue since before the cutoff" is a sum over a few rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE campaign_units ADD COLUMN first_open_due date`.execute(db);
  await sql`CREATE INDEX campaign_units_first_open_due_idx ON campaign_units (campaign_id, first_open_due, org_id) WHERE status = 'active' AND first_open_due IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE campaign_red_stats (
      campaign_id integer NOT NULL,
      org_id integer NOT NULL,
      due date NOT NULL,
      units integer NOT NULL DEFAULT 0,
      PRIMARY KEY (campaign_id, org_id, due)
    )`.execute(db);
  await refreshRedStats(db, sql<boolean>`true`);
}

export async function down(): Promise<void> {
  throw new Error('Massline migrations are forward-only');
}
