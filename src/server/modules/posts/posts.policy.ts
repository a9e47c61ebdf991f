import { ANY_ROLE, type PolicyTable } from '../../platform/policy.ts';

export const POST_ACTIONS = ['read', 'manage'] as const;
export type PostAction = (typeof POST_ACTIONS)[number];

/** Everyone in scope may see who sits on a body; those who keep the roster keep the posts. */
export const postPolicy: PolicyTable<PostAction> = {
  read: { roles: ANY_ROLE },
  manage: { roles: ['office', 'unit_admin'] },
};

export const postSubject = (org: { id: number; path: string }) => ({
  entityType: 'org',
  entityId: org.id,
  paths: [org.path],
});
