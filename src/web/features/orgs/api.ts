/** Every request of the organization feature (GET/POST/PATCH /api/orgs…), typed. */
import type { OrgDetailView, OrgView } from '../../../shared/api.ts';
import type { OrgLevel } from '../../../shared/enums.ts';
import { api, apiUrl } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';

export const orgsApi = {
  /** The actor's roots (no parent), or the active children of `parent`. */
  list: (q: { parent?: number; includeDissolved?: boolean } = {}) =>
    api.get<OrgView[]>('/orgs', { parent: q.parent, includeDissolved: q.includeDissolved ? 'true' : undefined }),
  search: (q: string, level?: OrgLevel, limit = 20) => api.get<OrgView[]>('/orgs/search', { q, level, limit }),
  get: (id: number) => api.get<OrgDetailView>(`/orgs/${id}`),
  create: (body: Record<string, unknown>) => api.post<OrgDetailView>('/orgs', body),
  update: (id: number, body: Record<string, unknown>) => api.patch<OrgDetailView>(`/orgs/${id}`, body),
  move: (id: number, parentId: number) => api.post<OrgDetailView>(`/orgs/${id}/move`, { parentId }),
  dissolve: (id: number, reason: string) => api.post<OrgDetailView>(`/orgs/${id}/dissolve`, { reason }),
  export: (root: number) => downloadFile('/orgs/export', { root }),
  importTemplateHref: (lang: string) => apiUrl('/orgs/import-template', { lang }),
};
