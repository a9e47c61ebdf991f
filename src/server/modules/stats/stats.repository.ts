import { sql } from 'kysely';
import type { Q } from '../../db/database.ts';

/**
 * Subtree counters (org_stats), rebuilt from scratch with set-based SQL.
 *
 * How the figures are defined, once, for both the rebuild and the check:
 * - `orgs` / `branches`: active organizations (status 'active') in the subtree, itself included;
 *   branches are those of level 'branch'. A dissolved organization never counts, not even in its
 *   own row, but its row still counts the active things below it.
 * - `members`, category and special-type columns: active members anywhere in the subtree; a member
 *   counts once in each special type it has.
 * - `members_own`: active members directly in this organization.
 *
 * The plan scales with the tree, not with members × depth: members are aggregated per org once
 * (one scan of members), then those per-org figures are rolled up through org_closure (one row
 * per ancestor/descendant pair, ~6 per org in a real tree).
 */

/** Every counter column of org_stats, in table order (org_id excluded). */
export const STATS_COLUMNS = [
  'orgs',
  'branches',
  'members_own',
  'members',
  'cadre_bureau',
  'cadre_county',
  'cadre_section',
  'ordinary',
  'probationary',
  'retired',
  'floating',
  'infirm',
] as const;
export type StatsColumn = (typeof STATS_COLUMNS)[number];

export interface StatsMismatch {
  orgId: number;
  /** A column of org_stats, or '(row)' when the organization has no org_stats row at all. */
  column: StatsColumn | '(row)';
  stored: number;
  expected: number;
}

/**
 * The expected counters, one row per organization, as a WITH-list ending in `expected`.
 * Kept as one fragment so that the rebuild and the check cannot drift apart.
 */
const EXPECTED_CTES = sql`
  own AS (
    SELECT m.org_id,
      count(*)::int AS members,
      count(*) FILTER (WHERE m.category = 'cadre_bureau')::int AS cadre_bureau,
      count(*) FILTER (WHERE m.category = 'cadre_county')::int AS cadre_county,
      count(*) FILTER (WHERE m.category = 'cadre_section')::int AS cadre_section,
      count(*) FILTER (WHERE m.category = 'ordinary')::int AS ordinary,
      count(*) FILTER (WHERE m.category = 'probationary')::int AS probationary,
      count(*) FILTER (WHERE 'retired' = ANY (m.special_types))::int AS retired,
      count(*) FILTER (WHERE 'floating' = ANY (m.special_types))::int AS floating,
      count(*) FILTER (WHERE 'infirm' = ANY (m.special_types))::int AS infirm
    FROM members m
    WHERE m.status = 'active'
    GROUP BY m.org_id
  ),
  per_org AS (
    SELECT o.id,
      (o.status = 'active')::int AS is_active,
      (o.status = 'active' AND o.level = 'branch')::int AS is_branch,
      COALESCE(w.members, 0) AS members,
      COALESCE(w.cadre_bureau, 0) AS cadre_bureau,
      COALESCE(w.cadre_county, 0) AS cadre_county,
      COALESCE(w.cadre_section, 0) AS cadre_section,
      COALESCE(w.ordinary, 0) AS ordinary,
      COALESCE(w.probationary, 0) AS probationary,
      COALESCE(w.retired, 0) AS retired,
      COALESCE(w.floating, 0) AS floating,
      COALESCE(w.infirm, 0) AS infirm
    FROM orgs o
    LEFT JOIN own w ON w.org_id = o.id
  ),
  rolled AS (
    SELECT c.ancestor_id AS org_id,
      sum(p.is_active)::int AS orgs,
      sum(p.is_branch)::int AS branches,
      sum(p.members)::int AS members,
      sum(p.cadre_bureau)::int AS cadre_bureau,
      sum(p.cadre_county)::int AS cadre_county,
      sum(p.cadre_section)::int AS cadre_section,
      sum(p.ordinary)::int AS ordinary,
      sum(p.probationary)::int AS probationary,
      sum(p.retired)::int AS retired,
      sum(p.floating)::int AS floating,
      sum(p.infirm)::int AS infirm
    FROM org_closure c
    JOIN per_org p ON p.id = c.descendant_id
    GROUP BY c.ancestor_id
  ),
  expected AS (
    -- Starts from orgs so an organization missing from org_closure still gets a row (its own
    -- figures then come from per_org alone: the closure always holds the self pair otherwise).
    SELECT p.id AS org_id,
      COALESCE(r.orgs, p.is_active) AS orgs,
      COALESCE(r.branches, p.is_branch) AS branches,
      p.members AS members_own,
      COALESCE(r.members, p.members) AS members,
      COALESCE(r.cadre_bureau, p.cadre_bureau) AS cadre_bureau,
      COALESCE(r.cadre_county, p.cadre_county) AS cadre_county,
      COALESCE(r.cadre_section, p.cadre_section) AS cadre_section,
      COALESCE(r.ordinary, p.ordinary) AS ordinary,
      COALESCE(r.probationary, p.probationary) AS probationary,
      COALESCE(r.retired, p.retired) AS retired,
      COALESCE(r.floating, p.floating) AS floating,
      COALESCE(r.infirm, p.infirm) AS infirm
    FROM per_org p
    LEFT JOIN rolled r ON r.org_id = p.id
  )`;

/**
 * Rebuilds every org_stats row from members, orgs and org_closure in one statement. Rows that
 * already hold the right figures are left untouched (no dead tuples on a re-run); a missing row
 * is inserted. Run it inside the caller's transaction when the data was just changed in bulk.
 */
export async function recomputeAllStats(db: Q): Promise<void> {
  await sql`
    WITH ${EXPECTED_CTES}
    INSERT INTO org_stats AS s (org_id, orgs, branches, members_own, members, cadre_bureau,
      cadre_county, cadre_section, ordinary, probationary, retired, floating, infirm)
    SELECT org_id, orgs, branches, members_own, members, cadre_bureau,
      cadre_county, cadre_section, ordinary, probationary, retired, floating, infirm
    FROM expected
    ON CONFLICT (org_id) DO UPDATE SET
      orgs = EXCLUDED.orgs,
      branches = EXCLUDED.branches,
      members_own = EXCLUDED.members_own,
      members = EXCLUDED.members,
      cadre_bureau = EXCLUDED.cadre_bureau,
      cadre_county = EXCLUDED.cadre_county,
      cadre_section = EXCLUDED.cadre_section,
      ordinary = EXCLUDED.ordinary,
      probationary = EXCLUDED.probationary,
      retired = EXCLUDED.retired,
      floating = EXCLUDED.floating,
      infirm = EXCLUDED.infirm
    WHERE (s.orgs, s.branches, s.members_own, s.members, s.cadre_bureau, s.cadre_county,
           s.cadre_section, s.ordinary, s.probationary, s.retired, s.floating, s.infirm)
      IS DISTINCT FROM
          (EXCLUDED.orgs, EXCLUDED.branches, EXCLUDED.members_own, EXCLUDED.members,
           EXCLUDED.cadre_bureau, EXCLUDED.cadre_county, EXCLUDED.cadre_section, EXCLUDED.ordinary,
           EXCLUDED.probationary, EXCLUDED.retired, EXCLUDED.floating, EXCLUDED.infirm)
  `.execute(db);
}

/**
 * Recomputes every counter without writing and returns each stored figure that differs (empty
 * array: all correct), ordered by organization and column. An organization without an org_stats
 * row is reported once, as column '(row)' with stored 0 and expected 1.
 */
export async function compareStats(db: Q): Promise<StatsMismatch[]> {
  const { rows } = await sql<{ org_id: number; col: string; stored: number; expected: number }>`
    WITH ${EXPECTED_CTES}
    SELECT e.org_id, '(row)' AS col, 0 AS stored, 1 AS expected, 0 AS ord
    FROM expected e
    WHERE NOT EXISTS (SELECT 1 FROM org_stats s WHERE s.org_id = e.org_id)
    UNION ALL
    SELECT e.org_id, v.col, v.stored, v.expected, v.ord
    FROM expected e
    JOIN org_stats s ON s.org_id = e.org_id
    CROSS JOIN LATERAL (VALUES
      (1, 'orgs', s.orgs, e.orgs),
      (2, 'branches', s.branches, e.branches),
      (3, 'members_own', s.members_own, e.members_own),
      (4, 'members', s.members, e.members),
      (5, 'cadre_bureau', s.cadre_bureau, e.cadre_bureau),
      (6, 'cadre_county', s.cadre_county, e.cadre_county),
      (7, 'cadre_section', s.cadre_section, e.cadre_section),
      (8, 'ordinary', s.ordinary, e.ordinary),
      (9, 'probationary', s.probationary, e.probationary),
      (10, 'retired', s.retired, e.retired),
      (11, 'floating', s.floating, e.floating),
      (12, 'infirm', s.infirm, e.infirm)
    ) AS v(ord, col, stored, expected)
    WHERE v.stored <> v.expected
    ORDER BY 1, 5
  `.execute(db);
  return rows.map((r) => ({
    orgId: Number(r.org_id),
    column: r.col as StatsMismatch['column'],
    stored: Number(r.stored),
    expected: Number(r.expected),
  }));
}
