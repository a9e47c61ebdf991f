import { sql, type Kysely } from 'kysely';

/**
 * People (issue 11):
 * - `org_posts`: the leading body (领导班子) of each committee and branch — a post held by a member
 *   of the tree or by a person from outside it (named with their unit), from a date to a date, with
 *   the term (届次) and the election or appointment document. Rows are never overwritten: ending a
 *   post sets `end_date`, so "who held it on day D" stays answerable. Single-holder posts
 *   (书记 and the like) are checked in the service under a lock on the org row.
 * - person links: every free-text person of the ledger and of supervision gets a `*_member_id`
 *   next to its text. The text stays (a person outside the tree, or the name as imported); the
 *   link says who it is. Existing names that match exactly one member of the unit are linked here.
 * - `notifications.member_id`: a notification addressed to one person (their problem, their
 *   material) rather than to the unit's inbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE org_posts (
      id serial PRIMARY KEY,
      org_id integer NOT NULL REFERENCES orgs(id),
      post text NOT NULL CHECK (post IN ('secretary','deputy_secretary','organization_member','propaganda_member','discipline_member','committee_member','other')),
      title text NOT NULL DEFAULT '' CHECK (length(title) <= 40),
      member_id integer REFERENCES members(id),
      outside_name text NOT NULL DEFAULT '' CHECK (length(outside_name) <= 40),
      outside_unit text NOT NULL DEFAULT '' CHECK (length(outside_unit) <= 80),
      term text NOT NULL DEFAULT '' CHECK (length(term) <= 40),
      document text NOT NULL DEFAULT '' CHECK (length(document) <= 120),
      start_date date NOT NULL,
      end_date date,
      end_reason text NOT NULL DEFAULT '' CHECK (length(end_reason) <= 200),
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (member_id IS NOT NULL OR outside_name <> ''),
      CHECK (end_date IS NULL OR end_date >= start_date)
    )`.execute(db);
  await sql`CREATE INDEX org_posts_org_idx ON org_posts (org_id, post, start_date)`.execute(db);
  await sql`CREATE INDEX org_posts_member_idx ON org_posts (member_id) WHERE member_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE problems ADD COLUMN responsible_leader_member_id integer REFERENCES members(id)`.execute(db);
  await sql`ALTER TABLE problems ADD COLUMN responsible_person_member_id integer REFERENCES members(id)`.execute(db);
  await sql`ALTER TABLE problem_measures ADD COLUMN owner_member_id integer REFERENCES members(id)`.execute(db);
  await sql`ALTER TABLE materials ADD COLUMN subject_member_id integer REFERENCES members(id)`.execute(db);
  await sql`ALTER TABLE supervision_forms ADD COLUMN recipient_member_id integer REFERENCES members(id)`.execute(db);
  await sql`CREATE INDEX problems_leader_member_idx ON problems (responsible_leader_member_id) WHERE responsible_leader_member_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX problems_person_member_idx ON problems (responsible_person_member_id) WHERE responsible_person_member_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX problem_measures_owner_member_idx ON problem_measures (owner_member_id) WHERE owner_member_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX materials_subject_member_idx ON materials (subject_member_id) WHERE subject_member_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX supervision_forms_recipient_member_idx ON supervision_forms (recipient_member_id) WHERE recipient_member_id IS NOT NULL`.execute(
    db,
  );

  await sql`ALTER TABLE notifications ADD COLUMN member_id integer REFERENCES members(id)`.execute(db);
  await sql`CREATE INDEX notifications_member_idx ON notifications (member_id, created_at DESC) WHERE member_id IS NOT NULL`.execute(
    db,
  );

  // Link the names already written: exactly one active member of the unit with that name.
  const unique = (org: string, name: string) => sql`(
    SELECT min(m.id) FROM members m
     WHERE m.org_id = ${sql.raw(org)} AND m.status = 'active' AND m.name = btrim(${sql.raw(name)})
    HAVING count(*) = 1)`;
  await sql`UPDATE problems SET responsible_leader_member_id = ${unique('problems.org_id', 'problems.responsible_leader')}
             WHERE btrim(responsible_leader) <> ''`.execute(db);
  await sql`UPDATE problems SET responsible_person_member_id = ${unique('problems.org_id', 'problems.responsible_person')}
             WHERE btrim(responsible_person) <> ''`.execute(db);
  await sql`UPDATE problem_measures pm SET owner_member_id = (
              SELECT min(m.id) FROM members m JOIN problems p ON p.id = pm.problem_id
               WHERE m.org_id = p.org_id AND m.status = 'active' AND m.name = btrim(pm.owner)
              HAVING count(*) = 1)
             WHERE btrim(owner) <> ''`.execute(db);
  await sql`UPDATE materials SET subject_member_id = ${unique('materials.org_id', 'materials.subject_name')}
             WHERE btrim(subject_name) <> ''`.execute(db);
  await sql`UPDATE supervision_forms SET recipient_member_id = ${unique('COALESCE(supervision_forms.recipient_org_id, supervision_forms.subject_org_id)', 'supervision_forms.recipient_name')}
             WHERE btrim(recipient_name) <> ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE notifications DROP COLUMN member_id`.execute(db);
  await sql`ALTER TABLE supervision_forms DROP COLUMN recipient_member_id`.execute(db);
  await sql`ALTER TABLE materials DROP COLUMN subject_member_id`.execute(db);
  await sql`ALTER TABLE problem_measures DROP COLUMN owner_member_id`.execute(db);
  await sql`ALTER TABLE problems DROP COLUMN responsible_person_member_id`.execute(db);
  await sql`ALTER TABLE problems DROP COLUMN responsible_leader_member_id`.execute(db);
  await sql`DROP TABLE org_posts`.execute(db);
}
