/**
 * The recounts behind verifyCampaignStats (campaigns.verify.ts): each walks the tree by parent_id
 * (not the closure the counters were built with) and lists up to 100 differing rows.
 */
import { sql } from 'kysely';
import type { Q } from '../../db/database.ts';

/** A difference between a stored campaign counter and its recount: the row's key, both values ('—' = none). */
export interface RecountRow {
  key: string;
  stored: string | null;
  recount: string | null;
}

/** campaign_stats: per (campaign, ancestor, phase, due date), counts by status. */
export async function taskStatsDiffs(db: Q): Promise<RecountRow[]> {
  const r = await sql<RecountRow>`
    WITH RECURSIVE anc(org_id, ancestor_id) AS (
      SELECT id, id FROM orgs
      UNION ALL
      SELECT a.org_id, o.parent_id FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    ),
    inside AS (  -- (campaign, org) pairs where org lies in the campaign's subtree
      SELECT k.id AS campaign_id, a.org_id FROM campaigns k JOIN anc a ON a.ancestor_id = k.org_id
    ),
    recount AS (
      SELECT t.campaign_id, a.ancestor_id AS org_id, t.phase_key, t.due_date,
             count(*)::int AS total, count(*) FILTER (WHERE t.status='draft')::int AS draft, count(*) FILTER (WHERE t.status='submitted')::int AS submitted,
             count(*) FILTER (WHERE t.status='returned')::int AS returned, count(*) FILTER (WHERE t.status='approved')::int AS approved
      FROM campaign_tasks t JOIN anc a ON a.org_id = t.org_id
      JOIN inside i ON i.campaign_id = t.campaign_id AND i.org_id = a.ancestor_id
      WHERE t.active
      GROUP BY 1, 2, 3, 4
    ),
    stored AS (SELECT * FROM campaign_stats WHERE total <> 0 OR draft <> 0 OR submitted <> 0 OR returned <> 0 OR approved <> 0)
    SELECT concat_ws('/', coalesce(s.campaign_id, r.campaign_id), coalesce(s.org_id, r.org_id), coalesce(s.phase_key, r.phase_key), coalesce(s.due_date, r.due_date)) AS key,
           CASE WHEN s.campaign_id IS NULL THEN NULL ELSE concat_ws(',', s.total, s.draft, s.submitted, s.returned, s.approved) END AS stored,
           CASE WHEN r.campaign_id IS NULL THEN NULL ELSE concat_ws(',', r.total, r.draft, r.submitted, r.returned, r.approved) END AS recount
    FROM stored s FULL JOIN recount r USING (campaign_id, org_id, phase_key, due_date)
    WHERE s.campaign_id IS NULL OR r.campaign_id IS NULL
       OR (s.total, s.draft, s.submitted, s.returned, s.approved) IS DISTINCT FROM (r.total, r.draft, r.submitted, r.returned, r.approved)
    ORDER BY 1 LIMIT 100`.execute(db);
  return r.rows;
}

/** campaign_unit_stats: participating units per (campaign, ancestor). */
export async function unitStatsDiffs(db: Q): Promise<RecountRow[]> {
  const r = await sql<RecountRow>`
    WITH RECURSIVE anc(org_id, ancestor_id) AS (
      SELECT id, id FROM orgs
      UNION ALL
      SELECT a.org_id, o.parent_id FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    ),
    inside AS (SELECT k.id AS campaign_id, a.org_id FROM campaigns k JOIN anc a ON a.ancestor_id = k.org_id),
    recount AS (
      SELECT u.campaign_id, a.ancestor_id AS org_id, count(*)::int AS units
      FROM campaign_units u JOIN anc a ON a.org_id = u.org_id
      JOIN inside i ON i.campaign_id = u.campaign_id AND i.org_id = a.ancestor_id
      WHERE u.status = 'active' GROUP BY 1, 2
    ),
    stored AS (SELECT * FROM campaign_unit_stats WHERE units <> 0)
    SELECT concat_ws('/', coalesce(s.campaign_id, r.campaign_id), coalesce(s.org_id, r.org_id)) AS key, s.units::text AS stored, r.units::text AS recount
    FROM stored s FULL JOIN recount r USING (campaign_id, org_id)
    WHERE s.units IS DISTINCT FROM r.units
    ORDER BY 1 LIMIT 100`.execute(db);
  return r.rows;
}

/** campaign_units.first_open_due: each active unit's earliest open due date. */
export async function firstDueDiffs(db: Q): Promise<RecountRow[]> {
  const r = await sql<RecountRow>`
    SELECT concat_ws('/', u.campaign_id, u.org_id) AS key, u.first_open_due::text AS stored, m.due::text AS recount
    FROM campaign_units u
    LEFT JOIN (SELECT campaign_id, org_id, min(due_date) AS due FROM campaign_tasks
               WHERE active AND status IN ('draft','returned') GROUP BY 1, 2) m
      ON m.campaign_id = u.campaign_id AND m.org_id = u.org_id AND u.status = 'active'
    WHERE u.first_open_due IS DISTINCT FROM m.due
    ORDER BY 1 LIMIT 100`.execute(db);
  return r.rows;
}

/** campaign_red_stats: the red-list histogram per (campaign, ancestor, date). */
export async function redStatsDiffs(db: Q): Promise<RecountRow[]> {
  const r = await sql<RecountRow>`
    WITH RECURSIVE anc(org_id, ancestor_id) AS (
      SELECT id, id FROM orgs
      UNION ALL
      SELECT a.org_id, o.parent_id FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    ),
    inside AS (SELECT k.id AS campaign_id, a.org_id FROM campaigns k JOIN anc a ON a.ancestor_id = k.org_id),
    firsts AS (SELECT campaign_id, org_id, min(due_date) AS due FROM campaign_tasks
               WHERE active AND status IN ('draft','returned') GROUP BY 1, 2),
    recount AS (
      SELECT f.campaign_id, a.ancestor_id AS org_id, f.due, count(*)::int AS units
      FROM firsts f
      JOIN campaign_units u ON u.campaign_id = f.campaign_id AND u.org_id = f.org_id AND u.status = 'active'
      JOIN anc a ON a.org_id = f.org_id
      JOIN inside i ON i.campaign_id = f.campaign_id AND i.org_id = a.ancestor_id
      GROUP BY 1, 2, 3
    ),
    stored AS (SELECT * FROM campaign_red_stats WHERE units <> 0)
    SELECT concat_ws('/', coalesce(s.campaign_id, r.campaign_id), coalesce(s.org_id, r.org_id), coalesce(s.due, r.due)) AS key,
           s.units::text AS stored, r.units::text AS recount
    FROM stored s FULL JOIN recount r USING (campaign_id, org_id, due)
    WHERE s.units IS DISTINCT FROM r.units
    ORDER BY 1 LIMIT 100`.execute(db);
  return r.rows;
}
