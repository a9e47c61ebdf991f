/** Every request of the notices feature (notices, read receipts, in-app notifications), typed. */
import type { NoticeDetailView, NoticePage, NoticeReceiptsView, NotificationPage } from '../../../shared/notices.ts';
import { api, apiUrl } from '../../api/client.ts';
import { uploadFile } from '../../api/upload.ts';

/** Body of POST /api/notices and PATCH /api/notices/:id (see notices.schema.ts). */
export interface NoticeInput {
  kind: string;
  title: string;
  docNumber?: string | null;
  body: string;
  campaignId?: number | null;
  audience: 'subtree' | 'selection';
  orgIds: number[];
}

export const noticesApi = {
  list: (box: 'inbox' | 'sent', after: string | null, limit = 30) =>
    api.get<NoticePage>('/notices', { box, after, limit }),
  get: (id: number) => api.get<NoticeDetailView>(`/notices/${id}`),
  create: (body: NoticeInput & { orgId: number; draft?: boolean }) => api.post<NoticeDetailView>('/notices', body),
  update: (id: number, body: NoticeInput) => api.patch<NoticeDetailView>(`/notices/${id}`, body),
  send: (id: number) => api.post<NoticeDetailView>(`/notices/${id}/send`),
  markRead: (id: number) => api.post<NoticeDetailView>(`/notices/${id}/read`, {}),
  receipts: (id: number, child?: number) => api.get<NoticeReceiptsView>(`/notices/${id}/receipts`, { child }),
  uploadAttachment: (id: number, file: File) => uploadFile<NoticeDetailView>(`/notices/${id}/attachments`, file),
  attachmentHref: (attachmentId: number) => apiUrl(`/attachments/${attachmentId}`),

  notifications: (limit = 30) => api.get<NotificationPage>('/notifications', { limit }),
  notificationRead: (id: number) => api.post(`/notifications/${id}/read`),
  notificationsReadAll: (upTo: number | undefined) => api.post('/notifications/read-all', { upTo }),
};
