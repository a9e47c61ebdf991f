import type { WorkSource } from '../workbench/workbench.providers.ts';
import type { NotificationService } from './notifications.service.ts';

/** Unread notifications addressed to the user (the same rule and figure as the bell). */
export function notificationWorkSources(notifications: NotificationService): WorkSource[] {
  return [
    {
      section: 'notifications_unread',
      applies: () => true,
      count: (_db, ctx) => notifications.unreadCount(ctx.actor),
      items: async (_db, ctx, limit) => {
        if (limit <= 0) return [];
        const page = await notifications.list(ctx.actor, { unread: true, limit });
        return page.items.map((n) => ({
          key: `notifications_unread:notification:${n.id}`,
          section: 'notifications_unread' as const,
          entityType: 'notification' as const,
          entityId: n.id,
          title: '',
          orgId: n.orgId,
          orgName: n.orgName,
          due: null,
          overdue: false,
          status: null,
          // The web opens a message where the bell would (notificationHref); this is the fallback.
          href: '/notices',
          mine: n.personal,
          notification: n,
        }));
      },
    },
  ];
}
