import type { NotificationKind, NotificationView } from '../../../shared/notices.ts';
import type { NotificationListRow } from './notifications.repository.ts';

export function presentNotification(r: NotificationListRow): NotificationView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind as NotificationKind,
    personal: r.member_id !== null,
    campaignId: r.campaign_id,
    campaignName: r.name_zh !== null && r.name_en !== null ? { zh: r.name_zh, en: r.name_en } : null,
    taskId: r.task_id,
    params: (r.params ?? {}) as NotificationView['params'],
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}
