import { sql, type Kysely } from 'kysely';

/**
 * The database refuses values outside the enumerations, so a bad import or a bug cannot store a
 * category that the counters would then count nowhere. Adds the 'province' level.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orgs ADD CONSTRAINT orgs_level_check CHECK (level IN ('province','city','county','department','township','general_branch','branch'))`.execute(
    db,
  );
  await sql`ALTER TABLE orgs ADD CONSTRAINT orgs_kind_check CHECK (kind IN ('committee','party_group','organ','village','community','school','enterprise','institution','other'))`.execute(
    db,
  );
  await sql`ALTER TABLE members ADD CONSTRAINT members_category_check CHECK (category IN ('cadre_bureau','cadre_county','cadre_section','ordinary','probationary'))`.execute(
    db,
  );
  await sql`ALTER TABLE members ADD CONSTRAINT members_special_types_check CHECK (special_types <@ ARRAY['retired','floating','infirm']::text[])`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX users_member_idx ON users (member_id) WHERE member_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Massline migrations are forward-only');
}
