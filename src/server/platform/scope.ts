import { sql, type RawBuilder } from 'kysely';
import type { Actor } from './actor.ts';

/**
 * The reusable subtree fragment every list uses: `column IN (orgs below the actor's grants)`.
 * Scoping happens in SQL, never by filtering rows afterwards. An administrator sees everything.
 */
export function inActorScope(actor: Actor, column: RawBuilder<unknown> | string): RawBuilder<boolean> {
  const col = typeof column === 'string' ? sql.ref(column) : column;
  if (actor.isAdmin) return sql<boolean>`true`;
  const roots = [...new Set(actor.grants.map((g) => g.orgId))];
  if (roots.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${col} IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN (${sql.join(roots)}))`;
}
