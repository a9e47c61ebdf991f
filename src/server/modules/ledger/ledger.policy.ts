import type { Actor } from '../../platform/actor.ts';
import { ANY_ROLE, can, canSee, type PolicyTable } from '../../platform/policy.ts';
import { TASK_TRANSITIONS } from '../../../shared/campaigns.ts';
import {
  PLAN_ACTIONS,
  PROBLEM_ACTIONS,
  PROBLEM_TRANSITIONS,
  type LedgerAbilities,
  type PlanAbilities,
  type ProblemAbilities,
} from '../../../shared/ledger.ts';

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

export const LEDGER_EXCEL_ACTIONS = ['import', 'export'] as const;
export type LedgerExcelAction = (typeof LEDGER_EXCEL_ACTIONS)[number];

/** Over the org's path: a unit's secretary or an office over it imports; readers of the ledger export. */
export const ledgerExcelPolicy: PolicyTable<LedgerExcelAction> = {
  import: { roles: ['office', 'unit_admin'] },
  export: { roles: ['office', 'supervisor', 'unit_admin'] },
};

/**
 * The problem's 责任人 or 责任领导, signed in as themselves (their account's member is linked on
 * the problem) and able to see it: they report its progress whatever their role, as the person who
 * owns the rectification — the `report` step, the progress text, evidence, milestones done (the
 * `uploadEvidence` ability says so to the web). Confirming, finishing and editing stay the unit's.
 */
export function isResponsible(
  actor: Actor,
  p: {
    org_path: string;
    responsible_person_member_id?: number | null;
    responsible_leader_member_id?: number | null;
  },
): boolean {
  if (actor.memberId === null) return false;
  const mine = p.responsible_person_member_id === actor.memberId || p.responsible_leader_member_id === actor.memberId;
  return mine && canSee(actor, { entityType: 'problem', entityId: null, paths: [p.org_path] });
}

/**
 * What the actor may do with a problem now: the policy table over its unit, and the transitions
 * of PROBLEM_TRANSITIONS leaving its status (for its kind) on the side the actor may act for; the
 * responsible person also reports progress (isResponsible).
 */
export function problemAbilities(
  actor: Actor,
  p: {
    id: number;
    org_path: string;
    status: string;
    kind: string;
    responsible_person_member_id?: number | null;
    responsible_leader_member_id?: number | null;
  },
): ProblemAbilities {
  const subject = problemSubject(p);
  const mayEdit = can(actor, problemPolicy, 'edit', subject);
  const owner = isResponsible(actor, p);
  const mayVerify = can(actor, problemPolicy, 'verify', subject);
  const possible = new Set(
    PROBLEM_TRANSITIONS.filter(
      (t) =>
        t.from === p.status &&
        (!t.kinds || t.kinds.includes(p.kind as never)) &&
        (t.by === 'unit' ? mayEdit || (owner && t.action === 'report') : mayVerify),
    ).map((t) => t.action),
  );
  return {
    edit: mayEdit && p.status === 'draft',
    uploadEvidence: (mayEdit || owner) && (p.status === 'pending' || p.status === 'in_progress'),
    ...(Object.fromEntries(PROBLEM_ACTIONS.map((a) => [a, possible.has(a)])) as Record<
      (typeof PROBLEM_ACTIONS)[number],
      boolean
    >),
  };
}

/** What the actor may do in an org's ledger: record (an active org), import (an active org), export. */
export function ledgerAbilities(actor: Actor, org: { id: number; path: string; status: string }): LedgerAbilities {
  const subject = { entityType: 'org', entityId: org.id, paths: [org.path] };
  const active = org.status === 'active';
  return {
    create: active && can(actor, problemPolicy, 'create', subject),
    import: active && can(actor, ledgerExcelPolicy, 'import', subject),
    export: can(actor, ledgerExcelPolicy, 'export', subject),
  };
}

/** What the actor may do with a rectification plan: the unit edits and submits, the level above reviews. */
export function planAbilities(actor: Actor, r: { id: number; org_path: string; status: string }): PlanAbilities {
  const subject = problemSubject({ id: r.id, org_path: r.org_path });
  const mayEdit = can(actor, problemPolicy, 'edit', subject);
  const mayReview = can(actor, problemPolicy, 'verify', subject);
  const possible = new Set(
    TASK_TRANSITIONS.filter((t) => t.from === r.status && (t.by === 'unit' ? mayEdit : mayReview)).map((t) => t.action),
  );
  return {
    edit: mayEdit && (r.status === 'draft' || r.status === 'returned'),
    ...(Object.fromEntries(PLAN_ACTIONS.map((a) => [a, possible.has(a)])) as Record<
      (typeof PLAN_ACTIONS)[number],
      boolean
    >),
  };
}
