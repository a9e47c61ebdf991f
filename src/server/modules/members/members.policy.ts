import type { Actor } from '../../platform/actor.ts';
import { ANY_ROLE, can, type PolicyTable } from '../../platform/policy.ts';
import type { MemberListAbilities } from '../../../shared/api.ts';

export const MEMBER_ACTIONS = [
  'read',
  'create',
  'update',
  'transfer',
  'changeStatus',
  'viewPersonal',
  'readAudit',
  'export',
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
  /** The roster as a file (导出花名册): those who keep or supervise it, not a plain member. */
  export: { roles: ['office', 'supervisor', 'unit_admin'] },
};

export const memberSubject = (m: { id: number | null; org_path: string }) => ({
  entityType: 'member',
  entityId: m.id,
  paths: [m.org_path],
});

/**
 * What the members list of an org offers the actor: the roster export (over the org) and the
 * import (adding members below it, while the org is active). A plain member sees the names of
 * their branch's members and neither of these.
 */
export function memberListAbilities(
  actor: Actor,
  org: { id: number; path: string; status: string },
): MemberListAbilities {
  const subject = { entityType: 'org', entityId: org.id, paths: [org.path] };
  return {
    export: can(actor, memberPolicy, 'export', subject),
    import: can(actor, memberPolicy, 'create', subject) && org.status === 'active',
  };
}
