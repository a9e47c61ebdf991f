import { ANY_ROLE, type PolicyTable } from '../../platform/policy.ts';

export const PROBLEM_POLICY_ACTIONS = ['read', 'create', 'edit', 'verify'] as const;
export type ProblemPolicyAction = (typeof PROBLEM_POLICY_ACTIONS)[number];

/**
 * Over the problem's unit: the unit (its secretary, or an office over it) records and rectifies;
 * the level above — an office or the supervision team — verifies, returns and reopens (strict:
 * nobody closes their own unit's problems).
 */
export const problemPolicy: PolicyTable<ProblemPolicyAction> = {
  read: { roles: ANY_ROLE },
  create: { roles: ['unit_admin', 'office', 'supervisor'] },
  edit: { roles: ['unit_admin', 'office'] },
  verify: { roles: ['office', 'supervisor'], strict: true },
};

export const problemSubject = (p: { id: number | null; org_path: string }) => ({
  entityType: 'problem',
  entityId: p.id,
  paths: [p.org_path],
});
