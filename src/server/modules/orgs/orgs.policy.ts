import { ANY_ROLE, type PolicyTable } from '../../platform/policy.ts';

export const ORG_ACTIONS = [
  'read',
  'update',
  'move',
  'dissolve',
  'createChild',
  'createMember',
  'importMembers',
  'readAudit',
  'manageUsers',
] as const;
export type OrgAction = (typeof ORG_ACTIONS)[number];

/**
 * Who may do what with an organization, over its path. An office manages its subtree's structure
 * but not the org it was granted itself (strict): that belongs to the level above.
 */
export const orgPolicy: PolicyTable<OrgAction> = {
  read: { roles: ANY_ROLE },
  update: { roles: ['office'], strict: true },
  move: { roles: ['office'], strict: true },
  dissolve: { roles: ['office'], strict: true },
  createChild: { roles: ['office'] },
  createMember: { roles: ['office', 'unit_admin'] },
  importMembers: { roles: ['office', 'unit_admin'] },
  readAudit: { roles: ['office', 'supervisor'] },
  manageUsers: { roles: ['office'] },
};

export const orgSubject = (o: { id: number; path: string }) => ({ entityType: 'org', entityId: o.id, paths: [o.path] });
