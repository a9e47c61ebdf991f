import type { Actor } from '../../platform/actor.ts';
import { can, type PolicyTable, type Subject } from '../../platform/policy.ts';
import { findDisclosureTransition, type DisclosureBatchAbilities } from '../../../shared/opinions.ts';

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

/** The policy over the batch's org, then DISCLOSURE_TRANSITIONS for its status (publishing needs an item). */
export function batchAbilities(
  actor: Actor,
  b: { id: number; org_path: string; status: string; item_count: number },
): DisclosureBatchAbilities {
  const manage = can(actor, disclosurePolicy, 'manage', batchSubject(b));
  const moves = (action: string) => manage && !!findDisclosureTransition(b.status, action);
  return {
    manage,
    addItems: moves('addItems'),
    publish: moves('publish') && b.item_count > 0,
    withdrawItem: moves('withdrawItem'),
  };
}

/** Whether the actor may start a batch at the org (an office over it, the org active). */
export function canCreateBatch(actor: Actor, org: { id: number; path: string; status: string }): boolean {
  return (
    org.status === 'active' &&
    can(actor, disclosurePolicy, 'manage', { entityType: 'org', entityId: org.id, paths: [org.path] })
  );
}
