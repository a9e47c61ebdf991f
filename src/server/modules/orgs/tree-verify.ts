import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * Recomputes paths, depths and the closure table from parent_id alone (a recursive walk) and
 * lists every difference; empty means the tree's redundant structures are right.
 */
export async function verifyTree(q: Kysely<DB> | Transaction<DB>): Promise<string[]> {
  const problems: string[] = [];
  const paths = await sql<{ id: number; path: string; depth: number; expected_path: string; expected_depth: number }>`
    WITH RECURSIVE t(id, path, depth) AS (
      SELECT id, id::text, 0 FROM orgs WHERE parent_id IS NULL
      UNION ALL
      SELECT o.id, t.path || '.' || o.id, t.depth + 1 FROM orgs o JOIN t ON o.parent_id = t.id
    )
    SELECT o.id, o.path::text AS path, o.depth, t.path AS expected_path, t.depth AS expected_depth
    FROM orgs o LEFT JOIN t ON t.id = o.id
    WHERE t.path IS DISTINCT FROM o.path::text OR t.depth IS DISTINCT FROM o.depth`.execute(q);
  for (const r of paths.rows)
    problems.push(
      `org ${r.id}: path ${r.path} depth ${r.depth}, expected ${r.expected_path} depth ${r.expected_depth}`,
    );
  const closure = await sql<{
    ancestor_id: number;
    descendant_id: number;
    depth: number | null;
    expected: number | null;
  }>`
    WITH RECURSIVE anc(descendant_id, ancestor_id, depth) AS (
      SELECT id, id, 0 FROM orgs
      UNION ALL
      SELECT a.descendant_id, o.parent_id, a.depth + 1 FROM anc a JOIN orgs o ON o.id = a.ancestor_id WHERE o.parent_id IS NOT NULL
    )
    SELECT coalesce(c.ancestor_id, a.ancestor_id) AS ancestor_id, coalesce(c.descendant_id, a.descendant_id) AS descendant_id,
           c.depth, a.depth AS expected
    FROM org_closure c FULL OUTER JOIN anc a ON a.ancestor_id = c.ancestor_id AND a.descendant_id = c.descendant_id
    WHERE c.depth IS DISTINCT FROM a.depth
    LIMIT 1000`.execute(q);
  for (const r of closure.rows)
    problems.push(
      `closure (${r.ancestor_id} → ${r.descendant_id}): depth ${r.depth ?? 'missing'}, expected ${r.expected ?? 'none'}`,
    );
  return problems;
}
