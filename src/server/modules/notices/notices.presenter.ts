import type { NoticeKind } from '../../../shared/campaigns.ts';
import type { NoticeAudience, NoticeRecipientView, NoticeStatus, NoticeView } from '../../../shared/notices.ts';
import { sanitizeHtml } from '../../platform/html.ts';
import type { NoticeListRow, RecipientRow } from './notices.repository.ts';

export function presentRecipient(r: RecipientRow): NoticeRecipientView {
  return {
    orgId: r.org_id,
    orgName: r.org_name,
    readAt: r.read_at ? r.read_at.toISOString() : null,
    readByName: r.read_by_name,
  };
}

export function presentNotice(n: NoticeListRow, recipients: RecipientRow[] = []): NoticeView {
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
  };
}

/** A notice body as answered: sanitized again on render, so rows stored before a rule changed are harmless. */
export function presentBody(body: string): string {
  return sanitizeHtml(body);
}
