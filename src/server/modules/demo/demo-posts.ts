import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { addDays } from '../../../shared/dates.ts';
import { dateIn } from '../../platform/dates.ts';

/**
 * The demo city's leading bodies (领导班子): every branch from its own members (书记, 组织委员,
 * 宣传委员), every committee from the members of its organ branches (机关支部) below (书记, 副书记,
 * 组织委员, 宣传委员, 纪检委员), or, without one, from the branches below it. Members are ranked by the position they are listed with
 * (村党支部书记 first, then 副书记, 组织委员, 宣传委员, 纪委/纪检), then by cadre rank; the current
 * term began about two years and nine months before the demo's setup, so every date is in the past.
 * The `member` account sits on its branch's body as 委员.
 */
export async function loadDemoPosts(trx: Transaction<DB>, setupAt: Date, memberId: number): Promise<number> {
  const start = addDays(dateIn(setupAt), -1000);
  const term = `${start.slice(0, 4)}年换届`;
  const rank = sql`CASE
      WHEN m.position LIKE '%副书记%' THEN 1
      WHEN m.position LIKE '纪%' THEN 4
      WHEN m.position LIKE '%书记%' THEN 0
      WHEN m.position = '组织委员' THEN 2
      WHEN m.position = '宣传委员' THEN 3
      ELSE 5 END`;
  const cadre = sql`array_position(ARRAY['cadre_bureau','cadre_county','cadre_section','ordinary','probationary']::text[], m.category)`;
  const r = await sql<{ n: number }>`
    WITH candidates AS (
      SELECT o.id AS org_id, o.level, m.id AS member_id,
             row_number() OVER (PARTITION BY o.id ORDER BY ${rank}, ${cadre}, m.id) AS n
        FROM orgs o
        JOIN members m ON m.org_id = o.id AND m.status = 'active'
       WHERE o.status = 'active' AND o.level = 'branch'
      UNION ALL
      SELECT o.id, o.level, m.id,
             row_number() OVER (PARTITION BY o.id ORDER BY ${rank}, ${cadre}, m.id)
        FROM orgs o
        JOIN orgs c ON c.parent_id = o.id AND c.kind = 'organ' AND c.status = 'active'
        JOIN org_closure cl ON cl.ancestor_id = c.id AND cl.depth <= 1
        JOIN members m ON m.org_id = cl.descendant_id AND m.status = 'active'
       WHERE o.status = 'active' AND o.level <> 'branch'
      UNION ALL
      -- A committee without an organ branch of its own (a 机关工委, a general branch): from the
      -- branches below it, cadres first.
      SELECT o.id, o.level, m.id,
             row_number() OVER (PARTITION BY o.id ORDER BY ${cadre}, ${rank}, m.id)
        FROM orgs o
        JOIN org_closure cl ON cl.ancestor_id = o.id AND cl.depth BETWEEN 1 AND 2
        JOIN members m ON m.org_id = cl.descendant_id AND m.status = 'active'
       WHERE o.status = 'active' AND o.level <> 'branch'
         AND NOT EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = o.id AND c.kind = 'organ' AND c.status = 'active')
    ), posts AS (
      SELECT org_id, member_id,
             CASE WHEN level = 'branch'
                  THEN (ARRAY['secretary','organization_member','propaganda_member'])[n]
                  ELSE (ARRAY['secretary','deputy_secretary','organization_member','propaganda_member','discipline_member'])[n]
             END AS post
        FROM candidates
       WHERE n <= CASE WHEN level = 'branch' THEN 3 ELSE 5 END
    ), ins AS (
      INSERT INTO org_posts (org_id, post, member_id, term, document, start_date, created_at, updated_at)
      SELECT org_id, post, member_id, ${term}, '', ${start}::date, ${setupAt}, ${setupAt} FROM posts
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(trx);
  // The member account's seat on its branch's body (a plain committee member, 委员).
  await sql`
    INSERT INTO org_posts (org_id, post, member_id, term, start_date, created_at, updated_at)
    SELECT m.org_id, 'committee_member', m.id, ${term}, ${start}::date, ${setupAt}, ${setupAt}
      FROM members m
     WHERE m.id = ${memberId}
       AND NOT EXISTS (SELECT 1 FROM org_posts p WHERE p.member_id = m.id AND p.end_date IS NULL)`.execute(trx);
  return r.rows[0]!.n;
}
