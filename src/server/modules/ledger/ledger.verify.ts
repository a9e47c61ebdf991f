import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { statsDeadline } from './ledger.repository.ts';

export interface ProblemStatsDiff {
  key: string;
  stored: number | null;
  recount: number | null;
}

/**
 * Recounts the ledger roll-ups from the problem rows, walking the tree by parent_id (not the
 * closure the counters were built with), and lists each difference. Empty = all right.
 */
export async function verifyProblemStats(db: Kysely<DB>): Promise<ProblemStatsDiff[]> {
  const r = await sql<ProblemStatsDiff>`
    WITH RECURSIVE anc(org_id, ancestor_id) AS (
      SELECT id, id FROM orgs
      UNION ALL
      SELECT a.org_id, o.parent_id FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    ),
    recount AS (
      SELECT a.ancestor_id AS org_id, coalesce(p.campaign_id, 0) AS campaign_id, p.status, p.kind, p.category,
             ${statsDeadline} AS deadline, count(*)::int AS n
      FROM problems p JOIN anc a ON a.org_id = p.org_id
      GROUP BY 1, 2, 3, 4, 5, 6
    ),
    stored AS (SELECT * FROM problem_stats WHERE n <> 0)
    SELECT concat_ws('/', coalesce(s.org_id, r.org_id), coalesce(s.campaign_id, r.campaign_id), coalesce(s.status, r.status), coalesce(s.kind, r.kind), coalesce(s.category, r.category), coalesce(s.deadline, r.deadline)) AS key,
           s.n AS stored, r.n AS recount
    FROM stored s FULL JOIN recount r USING (org_id, campaign_id, status, kind, category, deadline)
    WHERE s.n IS DISTINCT FROM r.n
    ORDER BY 1 LIMIT 100`.execute(db);
  return r.rows;
}
