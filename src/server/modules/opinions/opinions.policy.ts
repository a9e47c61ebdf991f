import type { PolicyTable, Subject } from '../../platform/policy.ts';

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
