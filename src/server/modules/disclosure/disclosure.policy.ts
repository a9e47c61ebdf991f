import type { PolicyTable, Subject } from '../../platform/policy.ts';

export const DISCLOSURE_ACTIONS = ['read', 'manage'] as const;
export type DisclosureAction = (typeof DISCLOSURE_ACTIONS)[number];

/**
 * Over the batch's org: offices at or above it make batches, add problems, publish and withdraw
 * (整改问题公示制 is the campaign office's duty); supervision teams and the unit's secretary read
 * them. The public reads what is published, through modules/public.
 */
export const disclosurePolicy: PolicyTable<DisclosureAction> = {
  read: { roles: ['office', 'supervisor', 'unit_admin'] },
  manage: { roles: ['office'] },
};

export const batchSubject = (b: { id: number | null; org_path: string }): Subject => ({
  entityType: 'disclosure_batch',
  entityId: b.id,
  paths: [b.org_path],
});
