import type { PolicyTable } from '../../platform/policy.ts';

export type UserAction = 'manage';

/**
 * Accounts are managed by offices over the orgs of their grants: an office may create accounts
 * and grant roles only at orgs in its subtree, and may touch a user only if every grant of that
 * user lies there. System administrators are made by administrators only.
 */
export const userPolicy: PolicyTable<UserAction> = {
  manage: { roles: ['office'] },
};
