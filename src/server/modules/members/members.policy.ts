import { ANY_ROLE, type PolicyTable } from '../../platform/policy.ts';

export const MEMBER_ACTIONS = [
  'read',
  'create',
  'update',
  'transfer',
  'changeStatus',
  'viewPersonal',
  'readAudit',
] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

/**
 * Members over the path of their branch. Phone and ID number are personal data: shown only to
 * those who keep the roster (office, unit admin) and to the member themself.
 */
export const memberPolicy: PolicyTable<MemberAction> = {
  read: { roles: ANY_ROLE },
  create: { roles: ['office', 'unit_admin'] },
  update: { roles: ['office', 'unit_admin'] },
  transfer: { roles: ['office', 'unit_admin'] },
  changeStatus: { roles: ['office', 'unit_admin'] },
  viewPersonal: { roles: ['office', 'unit_admin'] },
  readAudit: { roles: ['office', 'supervisor', 'unit_admin'] },
};

export const memberSubject = (m: { id: number | null; org_path: string }) => ({
  entityType: 'member',
  entityId: m.id,
  paths: [m.org_path],
});
