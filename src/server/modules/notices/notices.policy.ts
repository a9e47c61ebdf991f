import { ANY_ROLE, type PolicyTable } from '../../platform/policy.ts';

export const NOTICE_ACTIONS = ['send', 'read', 'receipts'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

/**
 * Over the sending org's path: an office drafts, attaches and sends from an org of its scope and
 * follows the read receipts; anyone granted at or above the sending org reads what it sent.
 * Over a recipient org's path, `read` is what lets a unit (and the levels above it) read a notice
 * addressed to it.
 */
export const noticePolicy: PolicyTable<NoticeAction> = {
  send: { roles: ['office'] },
  read: { roles: ANY_ROLE },
  receipts: { roles: ['office'] },
};

export const noticeOrgSubject = (n: { id: number | null; org_path: string }) => ({
  entityType: 'notice',
  entityId: n.id,
  paths: [n.org_path],
});
