/**
 * Scope SQL helpers for lists that filter by the organization tree: `inRoleScope` (the actor's
 * grants of some roles), `inSubtree` (an org's subtree), `inAncestors` (an org and those above it)
 * and `seenBelow` (both). They build SQL, so they are defined in scope-sql.repository.ts (the SQL
 * placement rule) and meant for repositories; this module names them for the platform.
 * `inActorScope` (every grant, any role) stays in platform/scope.ts.
 */
export { inAncestors, inRoleScope, inSubtree, seenBelow } from './scope-sql.repository.ts';
export type { Q } from '../db/database.ts';
