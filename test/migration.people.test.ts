import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { migrationProvider } from '../src/server/db/migrations/index.ts';

/**
 * Migration 0013 links the names already written to members: a name that matches exactly one
 * active member of the unit is linked; a name shared by two members, or nobody's, stays text.
 */
describe('migration 0013: existing names become person links', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
    const migrator = new Migrator({ db: database.db, provider: migrationProvider });
    const to12 = await migrator.migrateTo('0012_hardening');
    expect(to12.error).toBeUndefined();
    const db = database.db;
    await sql`INSERT INTO orgs (id, parent_id, name, level, kind, path, depth) VALUES
      (1, NULL, '中共示范市委员会', 'city', 'committee', '1', 1),
      (2, 1, '中共柳河村支部委员会', 'branch', 'village', '1.2', 2),
      (3, 1, '中共李家庄村支部委员会', 'branch', 'village', '1.3', 2)`.execute(db);
    const m = (id: number, org: number, name: string, status = 'active') =>
      sql`INSERT INTO members (id, org_id, name, gender, birth_date, category, join_date, status)
          VALUES (${id}, ${org}, ${name}, 'male', '1970-01-01', 'ordinary', '1995-07-01', ${status})`.execute(db);
    await m(10, 2, '王建国');
    await m(11, 2, '李明');
    await m(12, 2, '李明'); // two of that name in the unit: ambiguous
    await m(13, 3, '张强'); // another unit's member
    await m(14, 2, '赵刚', 'transferred_out');
    const p = (id: number, leader: string, person: string) =>
      sql`INSERT INTO problems (id, org_id, seq, source, category, description, kind, responsible_leader, responsible_person)
          VALUES (${id}, 2, ${id}, 'self_inspection', 'formalism', '问题', 'immediate', ${leader}, ${person})`.execute(
        db,
      );
    await p(1, ' 王建国 ', '李明');
    await p(2, '张强', '赵刚');
    await sql`INSERT INTO problem_measures (problem_id, seq, content, owner) VALUES (1, 1, '措施', '王建国'), (2, 1, '措施', '无此人')`.execute(
      db,
    );
    const latest = await migrator.migrateToLatest();
    expect(latest.error).toBeUndefined();
  }, 60_000);
  afterAll(async () => database?.close());

  it('links exactly the names that match one active member of the unit', async () => {
    const problems = await database.db
      .selectFrom('problems')
      .select(['id', 'responsible_leader', 'responsible_leader_member_id', 'responsible_person_member_id'])
      .orderBy('id')
      .execute();
    expect(problems).toEqual([
      // "王建国" (spaces trimmed) is one member; "李明" is two: stays text.
      { id: 1, responsible_leader: ' 王建国 ', responsible_leader_member_id: 10, responsible_person_member_id: null },
      // 张强 belongs to another unit, 赵刚 has transferred out: both stay text.
      { id: 2, responsible_leader: '张强', responsible_leader_member_id: null, responsible_person_member_id: null },
    ]);
    const measures = await database.db
      .selectFrom('problem_measures')
      .select(['problem_id', 'owner_member_id'])
      .orderBy('problem_id')
      .execute();
    expect(measures).toEqual([
      { problem_id: 1, owner_member_id: 10 },
      { problem_id: 2, owner_member_id: null },
    ]);
  });
});
