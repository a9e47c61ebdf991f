import { ANY_ROLE, can, type PolicyTable } from '../../platform/policy.ts';
import { ownGrants, type Actor } from '../../platform/actor.ts';
import type { NoticeAbilities, NoticeListAbilities } from '../../../shared/notices.ts';

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

/**
 * What the actor may do with a notice: while a draft, its offices edit it (and attach files) and
 * send it; once sent, mark it read for one of `own` (the actor's granted orgs among its recipients)
 * not yet read, and an office over the sending org follows the receipts.
 */
export function noticeAbilities(
  actor: Actor,
  n: { id: number; org_path: string; status: string },
  own: Array<{ read_at: Date | null }>,
): NoticeAbilities {
  const subject = noticeOrgSubject(n);
  const draft = n.status === 'draft';
  const send = draft && can(actor, noticePolicy, 'send', subject);
  return {
    edit: send,
    send,
    markRead: !draft && own.some((r) => r.read_at === null),
    receipts: !draft && can(actor, noticePolicy, 'receipts', subject),
  };
}

/**
 * List level of GET /api/notices: send a notice from one of `sendOrgs` (the orgs of the actor's
 * own grants the send rule allows) and follow the sent box (the receipts rule at one of them).
 */
export function noticeListAbilities(actor: Actor): {
  abilities: NoticeListAbilities;
  sendOrgs: Array<{ id: number; name: string }>;
} {
  const seen = new Map<number, { id: number; name: string; path: string }>();
  for (const g of ownGrants(actor))
    if (!seen.has(g.orgId)) seen.set(g.orgId, { id: g.orgId, name: g.orgName, path: g.path });
  const orgs = [...seen.values()];
  const where = (action: NoticeAction) =>
    orgs.filter((o) => can(actor, noticePolicy, action, noticeOrgSubject({ id: null, org_path: o.path })));
  const sendOrgs = where('send').map((o) => ({ id: o.id, name: o.name }));
  return {
    abilities: { send: sendOrgs.length > 0, sentBox: where('receipts').length > 0 },
    sendOrgs,
  };
}
