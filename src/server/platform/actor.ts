import type { Locale, Role } from '../../shared/enums.ts';
import type { AuditActor } from './audit.ts';

export interface ActorGrant {
  id: number;
  role: Role;
  orgId: number;
  orgName: string;
  /** ltree path of the granted org, e.g. "1.4.17": the grant covers every path below it. */
  path: string;
  /** Set when the scope comes from membership of a supervision team assigned to this org. */
  teamId?: number;
}

/** The signed-in user of a request, with every role grant and its org path. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  locale: Locale;
  memberId: number | null;
  grants: ActorGrant[];
  sessionId: string;
  csrfToken: string;
}

export function auditActor(actor: Actor | null): AuditActor {
  return actor ? { id: actor.id, name: actor.username } : { id: null, name: 'anonymous' };
}

/**
 * The grants of the actor's own account, without the scope their supervision teams lend them:
 * what makes someone belong to an org (its inbox, its notifications, its read receipts), as
 * opposed to what they may look at.
 */
export function ownGrants(actor: Actor): ActorGrant[] {
  return actor.grants.filter((g) => g.teamId === undefined);
}

/** True when `path` is the granted path itself or lies below it. */
export function pathWithin(path: string, grantPath: string, strict = false): boolean {
  if (path === grantPath) return !strict;
  return path.startsWith(grantPath + '.');
}
