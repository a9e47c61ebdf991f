import type { NoticeKind } from '../../../shared/campaigns.ts';
import type {
  NoticeAbilities,
  NoticeAudience,
  NoticeDetailView,
  NoticeReceiptsView,
  NoticeRecipientView,
  NoticeStatus,
  NoticeView,
} from '../../../shared/notices.ts';
import { sanitizeHtml } from '../../platform/html.ts';
import { pageOf } from '../../platform/paging.ts';
import type { NoticeListRow, NoticeWithOrg, RecipientRow } from './notices.repository.ts';

export function presentRecipient(r: RecipientRow): NoticeRecipientView {
  return {
    orgId: r.org_id,
    orgName: r.org_name,
    readAt: r.read_at ? r.read_at.toISOString() : null,
    readByName: r.read_by_name,
  };
}

export function presentNotice(
  n: Omit<NoticeListRow, 'org_path'>,
  recipients: RecipientRow[],
  abilities: NoticeAbilities,
): NoticeView {
  const mine = recipients.filter((r) => r.notice_id === n.id).map(presentRecipient);
  return {
    id: n.id,
    kind: n.kind as NoticeKind,
    title: n.title,
    docNumber: n.doc_number,
    orgId: n.org_id,
    orgName: n.org_name,
    campaignId: n.campaign_id,
    status: n.status as NoticeStatus,
    audience: n.audience as NoticeAudience,
    recipientCount: n.recipient_count,
    readCount: n.read_count,
    attachmentCount: n.attachment_count,
    createdAt: n.created_at.toISOString(),
    sentAt: n.sent_at ? n.sent_at.toISOString() : null,
    recipients: mine,
    unread: mine.some((r) => r.readAt === null),
    abilities,
  };
}

/** A notice body as answered: sanitized again on render, so rows stored before a rule changed are harmless. */
export function presentBody(body: string): string {
  return sanitizeHtml(body);
}

/** A notice with its body, attachments, the actor's recipient rows (`mine`), campaign and picked orgs. */
export function presentNoticeDetail(
  n: NoticeWithOrg,
  files: Array<{ id: number; filename: string; size: number; sha256: string; created_at: Date }>,
  mine: RecipientRow[],
  campaign: { name_zh: string; name_en: string } | undefined,
  selectedOrgs: Array<{ id: number; name: string }>,
  abilities: NoticeAbilities,
): NoticeDetailView {
  return {
    ...presentNotice({ ...n, attachment_count: files.length }, mine, abilities),
    body: presentBody(n.body),
    campaignName: campaign ? { zh: campaign.name_zh, en: campaign.name_en } : null,
    selectedOrgs,
    attachmentList: files.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      sha256: a.sha256,
      createdAt: a.created_at.toISOString(),
    })),
  };
}

/** Read receipts: totals from the roll-up by child, and a page (`limit + 1` rows fetched) of the unread orgs. */
export function presentReceipts(
  n: Pick<NoticeWithOrg, 'id' | 'org_id' | 'org_name'>,
  byChild: Array<{ child_org_id: number; name: string; total: number; read: number }>,
  unreadRows: Array<{ org_id: number; name: string; level: string; child_org_id: number }>,
  limit: number,
  unreadTotal: number,
): NoticeReceiptsView {
  const children = byChild.map((c) => ({
    orgId: c.child_org_id,
    name: c.name,
    total: c.total,
    read: c.read,
    unread: c.total - c.read,
  }));
  const total = children.reduce((s, c) => s + c.total, 0);
  const read = children.reduce((s, c) => s + c.read, 0);
  const page = pageOf(
    unreadRows,
    limit,
    (r) => [null, r.org_id],
    (r) => ({ orgId: r.org_id, name: r.name, level: r.level, childId: r.child_org_id }),
  );
  return {
    noticeId: n.id,
    org: { id: n.org_id, name: n.org_name },
    total,
    read,
    unread: total - read,
    children,
    unreadOrgs: page.items,
    unreadTotal,
    next: page.next,
  };
}
