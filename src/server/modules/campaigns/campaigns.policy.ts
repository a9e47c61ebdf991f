import { ANY_ROLE, type PolicyTable } from '../../platform/policy.ts';
import { pathWithin, type Actor } from '../../platform/actor.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { campaignOrgPath } from './campaigns.repository.ts';

export const CAMPAIGN_ACTIONS = [
  'deploy',
  'progress',
  'setDeadline',
  'addOptional',
  'manageTemplate',
  'export',
] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** Over an org's path: an office deploys to its subtree and tightens deadlines there. */
export const campaignPolicy: PolicyTable<CampaignAction> = {
  deploy: { roles: ['office'] },
  progress: { roles: ANY_ROLE },
  setDeadline: { roles: ['office'] },
  addOptional: { roles: ['office', 'unit_admin'] },
  manageTemplate: { roles: ['office'] },
  export: { roles: ['office', 'supervisor', 'unit_admin'] },
};

export const TASK_ACTIONS = ['read', 'edit', 'submit', 'review'] as const;
export type TaskPolicyAction = (typeof TASK_ACTIONS)[number];

/**
 * Over the task's unit: the unit (its secretary, or an office over it) fills and submits; the
 * level above reviews (strict: nobody approves their own unit's work).
 */
export const taskPolicy: PolicyTable<TaskPolicyAction> = {
  read: { roles: ANY_ROLE },
  edit: { roles: ['unit_admin', 'office'] },
  submit: { roles: ['unit_admin', 'office'] },
  review: { roles: ['office', 'unit_admin'], strict: true },
};

export const taskSubject = (t: { id: number; org_path: string }) => ({
  entityType: 'campaign_task',
  entityId: t.id,
  paths: [t.org_path],
});

/**
 * A campaign concerns an actor when one of their grants overlaps its subtree: above it (the office
 * watching) or inside it (a branch doing its tasks).
 */
export function campaignVisible(actor: Actor, campaignOrgPath: string): boolean {
  if (actor.isAdmin) return true;
  return actor.grants.some((g) => pathWithin(g.path, campaignOrgPath) || pathWithin(campaignOrgPath, g.path));
}

/**
 * A campaign a request links something to (a problem, a plan, a team, a material, a look-back):
 * it must exist (else 404, not a foreign-key failure) and concern the actor (else the audited 404).
 */
export async function requireVisibleCampaign(
  q: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  campaignId: number,
): Promise<void> {
  const path = await campaignOrgPath(q, campaignId);
  if (path === undefined) throw new AppError('NOT_FOUND');
  if (!campaignVisible(actor, path)) throw new ScopeDenied('read', 'campaign', campaignId);
}
