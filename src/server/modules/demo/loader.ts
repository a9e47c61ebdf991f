/**
 * Loads generated demo data into an empty database: organizations (with path, depth and closure),
 * members, subtree counters, demo accounts with their grants, and one audit event, all in one
 * transaction (nothing half-loaded), followed by VACUUM ANALYZE (which cannot run inside one).
 *
 * Rows go in with explicit ids through `INSERT … SELECT … FROM unnest($1::int[], $2::text[], …)`:
 * one array parameter per column, a few thousand rows per statement, which both PostgreSQL and
 * PGlite take in one round trip. Members are generated and inserted batch by batch, so a
 * province (5M members) never sits in memory.
 */
import { loadDemoPosts } from './demo-posts.ts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { analyze } from '../../db/database.ts';
import { appendAudit, SYSTEM_ACTOR } from '../../platform/audit.ts';
import { hashPassword } from '../../platform/password.ts';
import type { Role } from '../../../shared/enums.ts';
import { recomputeAllStats } from '../stats/stats.repository.ts';
import { addDays, dateIn } from '../../platform/dates.ts';
import { localInstant } from './demo-clock.ts';
import { POSITIONS } from './names.ts';
import {
  DEFAULT_SEED,
  generateMembers,
  generateTree,
  type DemoScale,
  type DemoTree,
  type MemberSpec,
  type OrgSpec,
} from './generator.ts';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'massline2026';

/**
 * The demo city's records were entered two months before today (the campaign starts 45 days ago);
 * the few dissolved organizations were dissolved soon after, when their villages merged. Relative to
 * today, never after it, so the tree's history stays in order whatever day the demo is loaded.
 */
const SETUP_DAYS_AGO = 60;
const DISSOLVED_DAYS_AGO = 58;

const ORG_BATCH = 5000;
const MEMBER_BATCH = 5000;

export interface LoadDemoOptions {
  scale: DemoScale;
  /** Same seed, same data. */
  seed?: number;
  /** Called with short progress lines ("members 100000/500067"), for a CLI or a log. */
  onProgress?: (msg: string) => void;
  /** The day the demo's story ends on (default: today in the office time zone). */
  today?: string;
}

export interface DemoUser {
  username: string;
  password: string;
  /** 'admin' for the system administrator (no grant), else the role of the account's one grant. */
  role: Role | 'admin';
  /** The organization of that grant; null for the administrator. */
  orgName: string | null;
  displayName: string;
}

export interface LoadDemoResult {
  orgs: number;
  members: number;
  users: DemoUser[];
}

/**
 * Loads the demo preset `scale` into an empty database (migrated, no organizations) and returns
 * what it created, including the demo accounts and their password.
 * Throws (zh-CN + English message) when the orgs table already holds rows.
 */
export async function loadDemo(db: Kysely<DB>, opts: LoadDemoOptions): Promise<LoadDemoResult> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const progress = opts.onProgress ?? (() => {});
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

  const tree = generateTree(opts.scale, seed);
  const today = opts.today ?? dateIn();
  const setupAt = localInstant(addDays(today, -SETUP_DAYS_AGO), 9, 0);
  const dissolvedAt = localInstant(addDays(today, -DISSOLVED_DAYS_AGO), 16, 0);
  progress(`generated tree: ${tree.orgs.length} orgs, ${tree.memberTotal} members to come (${elapsed()})`);

  const result = await db.transaction().execute(async (trx) => {
    // Two loaders at once would both see an empty table; the lock makes the second one wait.
    await sql`LOCK TABLE orgs IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const existing = await trx.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
    if (existing) {
      throw new Error(
        '数据库中已有组织数据，只能向空数据库加载演示数据。 / The database already holds organizations: demo data can only be loaded into an empty database.',
      );
    }

    await insertOrgs(trx, tree.orgs, setupAt, dissolvedAt);
    await sql`SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT max(id) FROM orgs))`.execute(trx);
    progress(`orgs: ${tree.orgs.length} (${elapsed()})`);

    // The closure straight from the paths: for each org, every label of its path is an ancestor,
    // at distance depth - (position - 1); the org itself comes last, at distance 0.
    await sql`
      INSERT INTO org_closure (ancestor_id, descendant_id, depth)
      SELECT a.label::int, o.id, o.depth - (a.n - 1)::int
      FROM orgs o
      CROSS JOIN LATERAL unnest(string_to_array(o.path::text, '.')) WITH ORDINALITY AS a(label, n)
    `.execute(trx);
    progress(`closure (${elapsed()})`);

    let members = 0;
    for (const batch of generateMembers(tree, MEMBER_BATCH)) {
      await insertMembers(trx, batch, setupAt);
      members += batch.length;
      if (members % 100_000 < batch.length || members === tree.memberTotal) {
        progress(`members: ${members}/${tree.memberTotal} (${elapsed()})`);
      }
    }
    if (members > 0) {
      await sql`SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))`.execute(trx);
    }

    // Fresh tables have no statistics yet; the roll-up below plans far better with them.
    await sql`ANALYZE orgs, org_closure, members`.execute(trx);
    await recomputeAllStats(trx);
    progress(`stats (${elapsed()})`);

    const users = await createAccounts(trx, tree, setupAt);
    const member = await trx
      .selectFrom('users')
      .select('member_id')
      .where('username', '=', 'member')
      .executeTakeFirstOrThrow();
    const posts = await loadDemoPosts(trx, setupAt, member.member_id!);
    progress(`leading bodies: ${posts} posts (${elapsed()})`);
    await appendAudit(trx, SYSTEM_ACTOR, {
      action: 'demo.load',
      entityType: 'system',
      meta: { scale: opts.scale, seed, orgs: tree.orgs.length, members },
    });
    return { orgs: tree.orgs.length, members, users };
  });

  await analyze(db);
  progress(`done: ${result.orgs} orgs, ${result.members} members (${elapsed()})`);
  return result;
}

async function insertOrgs(trx: Transaction<DB>, orgs: OrgSpec[], createdAt: Date, dissolvedAt: Date): Promise<void> {
  for (let i = 0; i < orgs.length; i += ORG_BATCH) {
    const rows = orgs.slice(i, i + ORG_BATCH);
    await sql`
      INSERT INTO orgs (id, parent_id, name, short_name, level, kind, path, depth, status,
                        dissolved_at, dissolve_reason, sort_order, created_at, updated_at)
      SELECT t.id, t.parent_id, t.name, t.short_name, t.level, t.kind, t.path::ltree, t.depth, t.status,
             CASE WHEN t.status = 'dissolved' THEN ${dissolvedAt}::timestamptz END,
             t.dissolve_reason, t.sort_order, ${createdAt}::timestamptz,
             CASE WHEN t.status = 'dissolved' THEN ${dissolvedAt}::timestamptz ELSE ${createdAt}::timestamptz END
      FROM unnest(
        ${rows.map((o) => o.id)}::int[],
        ${rows.map((o) => o.parentId)}::int[],
        ${rows.map((o) => o.name)}::text[],
        ${rows.map((o) => o.shortName)}::text[],
        ${rows.map((o) => o.level)}::text[],
        ${rows.map((o) => o.kind)}::text[],
        ${rows.map((o) => o.path)}::text[],
        ${rows.map((o) => o.depth)}::int[],
        ${rows.map((o) => o.status)}::text[],
        ${rows.map((o) => o.dissolveReason)}::text[],
        ${rows.map((o) => o.sortOrder)}::int[]
      ) AS t(id, parent_id, name, short_name, level, kind, path, depth, status, dissolve_reason, sort_order)
      ORDER BY t.id
    `.execute(trx);
  }
}

/** special_types travels as Postgres array literals in a text[] ('{retired,infirm}') and is cast per row. */
async function insertMembers(trx: Transaction<DB>, rows: MemberSpec[], createdAt: Date): Promise<void> {
  await sql`
    INSERT INTO members (id, org_id, name, gender, birth_date, ethnicity, education, id_number, phone,
                         category, special_types, join_date, position, status, status_note, created_at, updated_at)
    SELECT t.id, t.org_id, t.name, t.gender, t.birth_date::date, t.ethnicity, t.education, t.id_number,
           t.phone, t.category, t.special_types::text[], t.join_date::date, t.position, t.status, t.status_note,
           ${createdAt}::timestamptz, ${createdAt}::timestamptz
    FROM unnest(
      ${rows.map((m) => m.id)}::int[],
      ${rows.map((m) => m.orgId)}::int[],
      ${rows.map((m) => m.name)}::text[],
      ${rows.map((m) => m.gender)}::text[],
      ${rows.map((m) => m.birthDate)}::text[],
      ${rows.map((m) => m.ethnicity)}::text[],
      ${rows.map((m) => m.education)}::text[],
      ${rows.map((m) => m.idNumber)}::text[],
      ${rows.map((m) => m.phone)}::text[],
      ${rows.map((m) => m.category)}::text[],
      ${rows.map((m) => `{${m.specialTypes.join(',')}}`)}::text[],
      ${rows.map((m) => m.joinDate)}::text[],
      ${rows.map((m) => m.position)}::text[],
      ${rows.map((m) => m.status)}::text[],
      ${rows.map((m) => m.statusNote)}::text[]
    ) AS t(id, org_id, name, gender, birth_date, ethnicity, education, id_number, phone, category,
           special_types, join_date, position, status, status_note)
  `.execute(trx);
}

/**
 * The demo accounts, one per role, placed where a first look at the product makes sense:
 * the city's organization department at the root, a district's, a supervisor, and a village
 * branch's secretary and one of its members (both linked to their member records).
 */
async function createAccounts(trx: Transaction<DB>, tree: DemoTree, createdAt: Date): Promise<DemoUser[]> {
  const { rootId, firstDistrictId, villageBranchId } = tree.anchors;
  const byId = new Map(tree.orgs.map((o) => [o.id, o]));
  const root = byId.get(rootId)!;
  const district = byId.get(firstDistrictId)!;
  const branch = byId.get(villageBranchId)!;
  const districtName = district.name.replace(/^中共/, '').replace(/委员会$/, '');
  const rootName = root.name.replace(/^中共/, '').replace(/委员会$/, '');

  const secretary = await trx
    .selectFrom('members')
    .select(['id', 'name'])
    .where('org_id', '=', branch.id)
    .where('position', '=', '村党支部书记')
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  const leadPositions: string[] = [...POSITIONS.villageLead];
  const member =
    (await trx
      .selectFrom('members')
      .select(['id', 'name'])
      .where('org_id', '=', branch.id)
      .where('status', '=', 'active')
      .where('position', 'not in', leadPositions)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()) ??
    (await trx
      .selectFrom('members')
      .select(['id', 'name'])
      .where('org_id', '=', branch.id)
      .where('status', '=', 'active')
      .where('id', '<>', secretary.id)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow());

  const specs: Array<{ user: DemoUser; memberId: number | null; isAdmin: boolean; orgId: number | null }> = [
    {
      user: { username: 'admin', password: DEMO_PASSWORD, role: 'admin', orgName: null, displayName: '系统管理员' },
      memberId: null,
      isAdmin: true,
      orgId: null,
    },
    {
      user: {
        username: 'office',
        password: DEMO_PASSWORD,
        role: 'office',
        orgName: root.name,
        displayName: `${rootName}委组织部工作人员`,
      },
      memberId: null,
      isAdmin: false,
      orgId: root.id,
    },
    {
      user: {
        username: 'district',
        password: DEMO_PASSWORD,
        role: 'office',
        orgName: district.name,
        displayName: `${districtName}委组织部工作人员`,
      },
      memberId: null,
      isAdmin: false,
      orgId: district.id,
    },
    {
      user: {
        username: 'supervisor',
        password: DEMO_PASSWORD,
        role: 'supervisor',
        orgName: district.name,
        displayName: '督导组成员',
      },
      memberId: null,
      isAdmin: false,
      orgId: district.id,
    },
    {
      user: {
        username: 'secretary',
        password: DEMO_PASSWORD,
        role: 'unit_admin',
        orgName: branch.name,
        displayName: secretary.name,
      },
      memberId: secretary.id,
      isAdmin: false,
      orgId: branch.id,
    },
    {
      user: {
        username: 'member',
        password: DEMO_PASSWORD,
        role: 'member',
        orgName: branch.name,
        displayName: member.name,
      },
      memberId: member.id,
      isAdmin: false,
      orgId: branch.id,
    },
  ];

  const taken = await trx
    .selectFrom('users')
    .select('username')
    .where(
      sql<string>`lower(username)`,
      'in',
      specs.map((s) => s.user.username),
    )
    .execute();
  if (taken.length) {
    throw new Error(
      `演示账号已存在：${taken.map((t) => t.username).join('、')}。 / Demo accounts already exist: ${taken.map((t) => t.username).join(', ')}.`,
    );
  }

  for (const s of specs) {
    const { id } = await trx
      .insertInto('users')
      .values({
        username: s.user.username,
        display_name: s.user.displayName,
        password_hash: await hashPassword(s.user.password),
        member_id: s.memberId,
        locale: 'zh-CN',
        is_admin: s.isAdmin,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s.orgId !== null && s.user.role !== 'admin') {
      await trx
        .insertInto('grants')
        .values({ user_id: id, role: s.user.role, org_id: s.orgId, created_at: createdAt })
        .execute();
    }
  }
  return specs.map((s) => s.user);
}
