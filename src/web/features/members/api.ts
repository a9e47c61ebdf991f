/** Every request of the members feature (GET/POST/PATCH /api/members…), typed. */
import type { ImportResult, MemberDetailView, MemberView, Page } from '../../../shared/api.ts';
import type { MemberStatus } from '../../../shared/enums.ts';
import { api, apiUrl, type Query } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';

/** The list filters of GET /api/members (the export takes the same). */
export interface MemberQuery extends Query {
  org: number;
  subtree: 'true' | 'false';
  q?: string;
  category?: string;
  specialType?: string;
  status: string;
  sort?: string;
  dir?: 'asc' | 'desc';
}

export const membersApi = {
  list: (q: MemberQuery, after: string | null, limit = 50) =>
    api.get<Page<MemberView>>('/members', { ...q, after, limit }),
  get: (id: number) => api.get<MemberDetailView>(`/members/${id}`),
  create: (body: Record<string, unknown>) => api.post<MemberView>('/members', body),
  update: (id: number, patch: Record<string, unknown>) => api.patch<MemberView>(`/members/${id}`, patch),
  transfer: (id: number, body: { toOrgId: number | null; note?: string }) =>
    api.post<MemberView>(`/members/${id}/transfer`, body),
  changeStatus: (id: number, body: { status: MemberStatus; note: string }) =>
    api.post<MemberView>(`/members/${id}/status`, body),
  export: (q: MemberQuery) => downloadFile('/members/export', q),
  importTemplateHref: (lang: string) => apiUrl('/members/import-template', { lang }),
  importPath: '/members/import',
};

export type { ImportResult };
