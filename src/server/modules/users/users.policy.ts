import type { Actor } from '../../platform/actor.ts';
import { can, type PolicyTable } from '../../platform/policy.ts';

export type UserAction = 'manage';

/**
 * Accounts are managed by offices over the orgs of their grants: an office may create accounts
 * and grant roles only at orgs in its subtree, and may touch a user only if all of that user's
 * scope lies there (`mayManageAccount`). System administrators are made by administrators only.
 */
export const userPolicy: PolicyTable<UserAction> = {
  manage: { roles: ['office'] },
};

/**
 * Whether the actor may manage an account (edit, disable, reset its password, unlock it, change
 * its grants, read its trail). Whoever manages an account can sign in as it, so the actor's
 * office scope must cover the whole scope the account carries: its own grants and the units its
 * supervision teams lend it (`scopePaths`). An administrator's account is managed by
 * administrators only; an account with no scope at all only when `allowEmpty` (taking it in by
 * a first grant).
 */
export function mayManageAccount(
  actor: Actor,
  account: { id: number; isAdmin: boolean; scopePaths: string[] },
  allowEmpty = false,
): boolean {
  if (actor.isAdmin) return true;
  if (account.isAdmin) return false;
  if (account.scopePaths.length === 0) return allowEmpty;
  return can(actor, userPolicy, 'manage', { entityType: 'user', entityId: account.id, paths: account.scopePaths });
}
