/** Every request of the members feature (GET/POST/PATCH /api/members…), typed. */
import type { ImportResult, MemberDetailView, MemberListAbilities, MemberView, Page } from '../../../shared/api.ts';
import type { z } from 'zod';
import type {
  ZCreateMember,
  ZListMembers,
  ZMemberStatus,
  ZTransferMember,
  ZUpdateMember,
} from '../../../shared/schemas/members.ts';
import { api, apiUrl } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';

/** The list filters of GET /api/members (the export takes the same); paging is the list's. */
export type MemberQuery = Omit<z.input<typeof ZListMembers>, 'after' | 'limit'>;
export type CreateMemberBody = z.input<typeof ZCreateMember>;
export type UpdateMemberBody = z.input<typeof ZUpdateMember>;

export const membersApi = {
  list: (q: MemberQuery, after: string | null, limit = 50) =>
    api.get<Page<MemberView>>('/members', { ...q, after, limit }),
  get: (id: number) => api.get<MemberDetailView>(`/members/${id}`),
  create: (body: CreateMemberBody) => api.post<MemberView>('/members', body),
  update: (id: number, patch: UpdateMemberBody) => api.patch<MemberView>(`/members/${id}`, patch),
  transfer: (id: number, body: z.input<typeof ZTransferMember>) =>
    api.post<MemberView>(`/members/${id}/transfer`, body),
  changeStatus: (id: number, body: z.input<typeof ZMemberStatus>) =>
    api.post<MemberView>(`/members/${id}/status`, body),
  /** What the members list of an org offers the actor (the roster export, the import). */
  abilities: (org: number) => api.get<MemberListAbilities>('/members/abilities', { org }),
  export: (q: MemberQuery) => downloadFile('/members/export', q),
  importTemplateHref: (lang: string) => apiUrl('/members/import-template', { lang }),
  importPath: '/members/import',
};

export type { ImportResult };
