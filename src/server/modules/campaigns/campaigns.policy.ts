import { ANY_ROLE, can, type PolicyTable, type Rule } from '../../platform/policy.ts';
import { pathWithin, type Actor } from '../../platform/actor.ts';
import type { Q } from '../../db/database.ts';
import { AppError, ScopeDenied } from '../../platform/errors.ts';
import {
  OPEN_STATUSES,
  TASK_TRANSITIONS,
  type CampaignAbilities,
  type CampaignListAbilities,
  type OrgRef,
  type TaskAbilities,
  type TaskAction,
  type TaskStatus,
  type TTemplateBody,
} from '../../../shared/campaigns.ts';
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

/** The orgs of the actor's grants where `action` of the campaign policy is allowed, each once, in grant order. */
export function grantOrgsWhere(actor: Actor, action: CampaignAction): OrgRef[] {
  const seen = new Map<number, OrgRef>();
  for (const g of actor.grants)
    if (
      !seen.has(g.orgId) &&
      can(actor, campaignPolicy, action, { entityType: 'org', entityId: g.orgId, paths: [g.path] })
    )
      seen.set(g.orgId, { id: g.orgId, name: g.orgName });
  return [...seen.values()];
}

/**
 * List level of GET /api/campaigns: deploy from one of the actor's granted orgs the deploy rule
 * allows (an administrator passes every rule and may pick any org).
 */
export function campaignListAbilities(actor: Actor): { abilities: CampaignListAbilities; deployOrgs: OrgRef[] } {
  const deployOrgs = grantOrgsWhere(actor, 'deploy');
  return { abilities: { deploy: actor.isAdmin || deployOrgs.length > 0 }, deployOrgs };
}

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
export async function requireVisibleCampaign(q: Q, actor: Actor, campaignId: number): Promise<void> {
  const path = await campaignOrgPath(q, campaignId);
  if (path === undefined) throw new AppError('NOT_FOUND');
  if (!campaignVisible(actor, path)) throw new ScopeDenied('read', 'campaign', campaignId);
}

/** Does some grant of the actor with a role of `rule` reach an org of the campaign's subtree (above it or inside it)? */
function ruleInCampaign(actor: Actor, rule: Rule, campaignPath: string): boolean {
  if (actor.isAdmin) return true;
  return actor.grants.some(
    (g) =>
      rule.roles.includes(g.role) &&
      (pathWithin(campaignPath, g.path, rule.strict) || pathWithin(g.path, campaignPath)),
  );
}

/**
 * What the actor may do with a campaign, from the policy table: deploy (over the deploying org),
 * tighten deadlines and add optional actions somewhere in its subtree while it runs, produce the
 * exports, download the deployment notice (whoever sees the campaign).
 */
export function campaignAbilities(
  actor: Actor,
  c: { id: number; org_id: number; org_path: string; status: string },
  body: TTemplateBody,
): CampaignAbilities {
  const active = c.status === 'active';
  return {
    deploy: can(actor, campaignPolicy, 'deploy', { entityType: 'org', entityId: c.org_id, paths: [c.org_path] }),
    setDeadline: active && ruleInCampaign(actor, campaignPolicy.setDeadline, c.org_path),
    addOptional:
      active &&
      body.actions.some((a) => a.kind === 'optional') &&
      ruleInCampaign(actor, campaignPolicy.addOptional, c.org_path),
    export: ruleInCampaign(actor, campaignPolicy.export, c.org_path),
    notice: true,
  };
}

/**
 * Whether the actor may add an optional action (自选动作) to the tasks of `org`: the campaign runs
 * and has one, the org takes part, and the policy allows it over that org — not somewhere else in
 * the campaign (a plain member, or a secretary looking at another unit, is not offered it).
 */
export function addOptionalOver(
  actor: Actor,
  c: { status: string },
  body: TTemplateBody,
  org: { id: number; path: string },
  takesPart: boolean,
): boolean {
  return (
    c.status === 'active' &&
    takesPart &&
    body.actions.some((a) => a.kind === 'optional') &&
    can(actor, campaignPolicy, 'addOptional', { entityType: 'org', entityId: org.id, paths: [org.path] })
  );
}

/**
 * What the actor may do with a task: the moves TASK_TRANSITIONS allows from its status, each by
 * its side's rule (the unit submits, the level strictly above reviews), while the campaign runs
 * and the unit takes part; a frozen period is not reopened; the unit edits while the task is open.
 */
export function taskAbilities(
  actor: Actor,
  t: { id: number; org_path: string; status: string; active: boolean },
  campaignActive: boolean,
  frozen: boolean,
): TaskAbilities {
  const subject = taskSubject(t);
  const live = campaignActive && t.active;
  const status = t.status as TaskStatus;
  const may = (action: TaskAction) => {
    const tr = TASK_TRANSITIONS.find((x) => x.action === action && x.from === status);
    if (!tr || !live) return false;
    if (action === 'reopen' && frozen) return false;
    return can(actor, taskPolicy, tr.by === 'unit' ? 'submit' : 'review', subject);
  };
  return {
    edit: live && OPEN_STATUSES.includes(status) && can(actor, taskPolicy, 'edit', subject),
    submit: may('submit'),
    approve: may('approve'),
    return: may('return'),
    reopen: may('reopen'),
  };
}
