import type { Role } from '../../shared/enums.ts';
import { ROLES } from '../../shared/enums.ts';
import { type Actor, pathWithin } from './actor.ts';
import { AppError, ScopeDenied } from './errors.ts';

/**
 * One rule: which roles may do it, over the subject's organization path. `strict` means the
 * subject must lie strictly below the granted org (an office may rename its subordinates, not
 * the org it was granted). A system administrator passes every rule.
 */
export interface Rule {
  roles: readonly Role[];
  strict?: boolean;
}
export type PolicyTable<A extends string> = Record<A, Rule>;

/** Something an action applies to: the org paths it touches (a transfer touches two). */
export interface Subject {
  entityType: string;
  entityId: string | number | null;
  paths: string[];
}

export const ANY_ROLE = ROLES;

/** True when some grant of the actor satisfies the rule for every path of the subject. */
export function can<A extends string>(actor: Actor, table: PolicyTable<A>, action: A, subject: Subject): boolean {
  if (actor.isAdmin) return true;
  const rule = table[action];
  return subject.paths.every((p) =>
    actor.grants.some((g) => rule.roles.includes(g.role) && pathWithin(p, g.path, rule.strict)),
  );
}

/** True when the actor may see the subject at all (any role, any grant covering it). */
export function canSee(actor: Actor, subject: Subject): boolean {
  if (actor.isAdmin) return true;
  return subject.paths.every((p) => actor.grants.some((g) => pathWithin(p, g.path)));
}

/**
 * Throws unless the actor may do `action`. Outside every grant the answer is 404 (ScopeDenied,
 * audited, no existence leak); inside scope but without the role it is 403.
 */
export function authorize<A extends string>(actor: Actor, table: PolicyTable<A>, action: A, subject: Subject): void {
  if (can(actor, table, action, subject)) return;
  if (!canSee(actor, subject)) throw new ScopeDenied(action, subject.entityType, subject.entityId);
  throw new AppError('FORBIDDEN');
}

/** The abilities object a response carries, so the web app hides what the actor can't do. */
export function abilities<A extends string>(
  actor: Actor,
  table: PolicyTable<A>,
  actions: readonly A[],
  subject: Subject,
): Record<A, boolean> {
  return Object.fromEntries(actions.map((a) => [a, can(actor, table, a, subject)])) as Record<A, boolean>;
}

/**
 * Several checks for one request (a move touches the org and its new parent): anything outside
 * scope answers 404 first, so a refusal never tells whether the other part was visible.
 */
export function authorizeAll(actor: Actor, checks: Array<[PolicyTable<string>, string, Subject]>): void {
  for (const [, , subject] of checks)
    if (!canSee(actor, subject)) throw new ScopeDenied(checks[0][1], subject.entityType, subject.entityId);
  for (const [table, action, subject] of checks) authorize(actor, table, action, subject);
}
