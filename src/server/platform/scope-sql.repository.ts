import { sql, type RawBuilder } from 'kysely';
import type { Role } from '../../shared/enums.ts';
import type { Actor } from './actor.ts';

/**
 * Scope fragments for repositories that filter lists by the organization tree (the closure).
 * They are SQL, so they live in a repository file; services never build them. See scope-sql.ts.
 */

/**
 * The subtree fragment of platform/scope limited to grants of some roles: `column IN (orgs below
 * the actor's grants of these roles)`. An administrator sees everything.
 */
export function inRoleScope(
  actor: Actor,
  roles: readonly Role[],
  column: RawBuilder<unknown> | string,
): RawBuilder<boolean> {
  const col = typeof column === 'string' ? sql.ref(column) : column;
  if (actor.isAdmin) return sql<boolean>`true`;
  const roots = [...new Set(actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgId))];
  if (roots.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${col} IN (SELECT descendant_id FROM org_closure WHERE ancestor_id IN (${sql.join(roots)}))`;
}

/** `column IN (the subtree of org)` — the list filter every org-scoped list starts from. */
export function inSubtree(orgId: number, column: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = ${orgId})`;
}

/** `column IN (the org and the orgs above it)`. */
export function inAncestors(orgId: number, column: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} IN (SELECT ancestor_id FROM org_closure WHERE descendant_id = ${orgId})`;
}

/**
 * Org-scoped list filter: the column's org lies in the subtree of `orgId` and under a grant of the
 * actor's of one of `roles` (by default those that may read supervision work: office, supervisor,
 * unit admin).
 */
export function seenBelow(
  actor: Actor,
  orgId: number,
  column: string,
  roles: readonly Role[] = ['office', 'supervisor', 'unit_admin'],
): RawBuilder<boolean> {
  return sql<boolean>`(${inSubtree(orgId, column)} AND ${inRoleScope(actor, roles, column)})`;
}
