import type { Q } from '../../db/database.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import { canSee, type PolicyTable, type Subject } from '../../platform/policy.ts';
import { findOrg } from '../orgs/orgs.repository.ts';

export const SUPERVISION_ACTIONS = [
  'read',
  'manageTeam',
  'editChecklist',
  'writeMaterial',
  'editOthersMaterial',
  'reviewAsLeader',
  'reviewAsTeam',
  'issueDown',
  'issueOrder',
  'issueUp',
  'reply',
  'decideOrder',
  'receive',
  'openLookback',
  'selfCheck',
  'spotCheck',
  'assessAsOffice',
  'writeInspection',
  'circulate',
  'answer',
] as const;
export type SupervisionAction = (typeof SUPERVISION_ACTIONS)[number];

/**
 * Who may do what, over the org the thing belongs to. A supervisor's scope is their own grants
 * plus the units their supervision teams are assigned to (auth.repository adds those as
 * supervisor grants), so "over the unit" covers both. Strict rules need the unit strictly below
 * the grant: an office assesses its subordinates, not itself.
 */
export const supervisionPolicy: PolicyTable<SupervisionAction> = {
  read: { roles: ['office', 'supervisor', 'unit_admin'] },
  manageTeam: { roles: ['office'] },
  editChecklist: { roles: ['office'] },
  writeMaterial: { roles: ['unit_admin', 'office', 'member'] },
  /** Someone else's material: the unit's secretary or an office over it, not a fellow member. */
  editOthersMaterial: { roles: ['unit_admin', 'office'] },
  reviewAsLeader: { roles: ['unit_admin'] },
  reviewAsTeam: { roles: ['supervisor'] },
  /** 通报批评单, 组织调整建议单: the office over the issuing org. */
  issueDown: { roles: ['office'] },
  /** 督办单: the office, or a supervisor (a team issues in its forming office's name). */
  issueOrder: { roles: ['office', 'supervisor'] },
  /** 预报单, 报告单: the unit itself. */
  issueUp: { roles: ['unit_admin', 'office'] },
  reply: { roles: ['unit_admin', 'office'] },
  decideOrder: { roles: ['office', 'supervisor'] },
  receive: { roles: ['office'] },
  openLookback: { roles: ['office'] },
  selfCheck: { roles: ['unit_admin', 'office'] },
  spotCheck: { roles: ['supervisor'] },
  assessAsOffice: { roles: ['office'], strict: true },
  writeInspection: { roles: ['office', 'supervisor'] },
  circulate: { roles: ['office'] },
  answer: { roles: ['unit_admin', 'office'] },
};

export const orgSubject = (entityType: string, entityId: number | null, path: string): Subject => ({
  entityType,
  entityId,
  paths: [path],
});

/** An active or dissolved org by id, or NOT_FOUND. */
export async function requireOrg(q: Q, orgId: number) {
  const org = await findOrg(q, orgId);
  if (!org) throw new AppError('NOT_FOUND');
  return org;
}

/** Refuses (404, audited) unless the actor's grants cover the path at all. */
export function requireSee(actor: Actor, entityType: string, entityId: number | null, path: string): void {
  if (!canSee(actor, orgSubject(entityType, entityId, path))) throw new ScopeDenied('read', entityType, entityId);
}

/**
 * Refuses (404, audited) when any org a request names lies outside the actor's scope: it is
 * answered exactly as an id that does not exist, never by a rule's error naming it. Checked before
 * the rules (strictly below the office, active, …), whose 409s may then name what the actor sees.
 */
export function requireSeeOrgs(actor: Actor, action: string, orgs: ReadonlyArray<{ id: number; path: string }>): void {
  for (const o of orgs) if (!canSee(actor, orgSubject('org', o.id, o.path))) throw new ScopeDenied(action, 'org', o.id);
}
