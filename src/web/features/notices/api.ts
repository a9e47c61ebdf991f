/** Every request of the notices feature (notices, read receipts, in-app notifications), typed. */
import type { NoticeDetailView, NoticePage, NoticeReceiptsView, NotificationPage } from '../../../shared/notices.ts';
import type { z } from 'zod';
import type {
  ZCreateNotice,
  ZMarkRead,
  ZNoticeQuery,
  ZReceiptsQuery,
  ZUpdateNotice,
} from '../../../shared/schemas/notices.ts';
import type { ZNotificationQuery, ZReadAll } from '../../../shared/schemas/notifications.ts';
import { api, apiUrl } from '../../api/client.ts';
import { uploadFile } from '../../api/upload.ts';

/** The fields of a notice the editor sends: POST /api/notices (with the sending org) and PATCH /api/notices/:id. */
export type NoticeInput = Omit<z.input<typeof ZCreateNotice>, 'orgId' | 'draft'>;

export const noticesApi = {
  list: (box: 'inbox' | 'sent', after: string | null, limit = 30) =>
    api.get<NoticePage>('/notices', { box, after: after ?? undefined, limit } satisfies z.input<typeof ZNoticeQuery>),
  get: (id: number) => api.get<NoticeDetailView>(`/notices/${id}`),
  create: (body: z.input<typeof ZCreateNotice>) => api.post<NoticeDetailView>('/notices', body),
  update: (id: number, body: z.input<typeof ZUpdateNotice>) => api.patch<NoticeDetailView>(`/notices/${id}`, body),
  send: (id: number) => api.post<NoticeDetailView>(`/notices/${id}/send`),
  markRead: (id: number) => api.post<NoticeDetailView>(`/notices/${id}/read`, {} satisfies z.input<typeof ZMarkRead>),
  receipts: (id: number, child?: number) =>
    api.get<NoticeReceiptsView>(`/notices/${id}/receipts`, { child } satisfies z.input<typeof ZReceiptsQuery>),
  uploadAttachment: (id: number, file: File) => uploadFile<NoticeDetailView>(`/notices/${id}/attachments`, file),
  attachmentHref: (attachmentId: number) => apiUrl(`/attachments/${attachmentId}`),

  notifications: (limit = 30) =>
    api.get<NotificationPage>('/notifications', { limit } satisfies z.input<typeof ZNotificationQuery>),
  notificationRead: (id: number) => api.post(`/notifications/${id}/read`),
  notificationsReadAll: (upTo: number | undefined) =>
    api.post('/notifications/read-all', { upTo } satisfies z.input<typeof ZReadAll>),
};
