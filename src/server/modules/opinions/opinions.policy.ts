import type { Actor } from '../../platform/actor.ts';
import { can, type PolicyTable, type Subject } from '../../platform/policy.ts';
import {
  canMergeInto,
  findOpinionTransition,
  OPINION_TRANSITIONS,
  type OpinionAbilities,
  type OpinionListAbilities,
} from '../../../shared/opinions.ts';

export const OPINION_ACTIONS = ['read', 'enter', 'triage'] as const;
export type OpinionAction = (typeof OPINION_ACTIONS)[number];

/**
 * Over the opinion's org: the unit's secretary and the offices above enter opinions and triage
 * them (merge, convert into a problem, answer, decline) and see who gave them; supervision teams
 * read them (without the submitter's name and contact). Members do not see opinions.
 */
export const opinionPolicy: PolicyTable<OpinionAction> = {
  read: { roles: ['office', 'unit_admin', 'supervisor'] },
  enter: { roles: ['office', 'unit_admin'] },
  triage: { roles: ['office', 'unit_admin'] },
};

export const opinionSubject = (o: { id: number | null; org_path: string }): Subject => ({
  entityType: 'opinion',
  entityId: o.id,
  paths: [o.org_path],
});

/** What the actor may do with an opinion: the policy over its org, then OPINION_TRANSITIONS for its status. */
export function opinionAbilities(actor: Actor, o: { id: number; org_path: string; status: string }): OpinionAbilities {
  const triage = can(actor, opinionPolicy, 'triage', opinionSubject(o));
  const moves = (action: string) => triage && !!findOpinionTransition(o.status, action);
  return {
    triage: OPINION_TRANSITIONS.some((t) => t.from === o.status) && triage,
    merge: moves('merge'),
    mergeInto: triage && canMergeInto(o.status),
    convert: moves('convert'),
    answer: moves('answer'),
    decline: moves('decline'),
    viewSubmitter: triage,
  };
}

/** What the actor may do at a listed org (none without one). */
export function opinionListAbilities(
  actor: Actor,
  org: { id: number; path: string; status: string } | null,
): OpinionListAbilities {
  if (!org) return { create: false, import: false, triage: false };
  const subject: Subject = { entityType: 'org', entityId: org.id, paths: [org.path] };
  const active = org.status === 'active';
  const enter = can(actor, opinionPolicy, 'enter', subject) && active;
  return { create: enter, import: enter, triage: can(actor, opinionPolicy, 'triage', subject) };
}
