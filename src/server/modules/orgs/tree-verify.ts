import type { Q } from '../../db/database.ts';
import { closureMismatches, pathMismatches } from './orgs.repository.ts';

/**
 * Recomputes paths, depths and the closure table from parent_id alone (a recursive walk) and
 * lists every difference; empty means the tree's redundant structures are right.
 */
export async function verifyTree(q: Q): Promise<string[]> {
  const problems: string[] = [];
  for (const r of await pathMismatches(q))
    problems.push(
      `org ${r.id}: path ${r.path} depth ${r.depth}, expected ${r.expected_path} depth ${r.expected_depth}`,
    );
  for (const r of await closureMismatches(q))
    problems.push(
      `closure (${r.ancestor_id} → ${r.descendant_id}): depth ${r.depth ?? 'missing'}, expected ${r.expected ?? 'none'}`,
    );
  return problems;
}
