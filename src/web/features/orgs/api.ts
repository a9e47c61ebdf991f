/** Every request of the organization feature (GET/POST/PATCH /api/orgs…), typed. */
import type { OrgDetailView, OrgView } from '../../../shared/api.ts';
import type { OrgLevel } from '../../../shared/enums.ts';
import type { z } from 'zod';
import type {
  ZCreateOrg,
  ZDissolveOrg,
  ZListOrgs,
  ZMoveOrg,
  ZSearchOrgs,
  ZUpdateOrg,
} from '../../../shared/schemas/orgs.ts';
import { api, apiUrl } from '../../api/client.ts';

export type CreateOrgBody = z.input<typeof ZCreateOrg>;
export type UpdateOrgBody = z.input<typeof ZUpdateOrg>;
import { downloadFile } from '../../api/download.ts';

export const orgsApi = {
  /** The actor's roots (no parent), or the active children of `parent`. */
  list: (q: { parent?: number; includeDissolved?: boolean } = {}) =>
    api.get<OrgView[]>('/orgs', {
      parent: q.parent,
      includeDissolved: q.includeDissolved ? 'true' : undefined,
    } satisfies z.input<typeof ZListOrgs>),
  search: (q: string, level?: OrgLevel, limit = 20) =>
    api.get<OrgView[]>('/orgs/search', { q, level, limit } satisfies z.input<typeof ZSearchOrgs>),
  get: (id: number) => api.get<OrgDetailView>(`/orgs/${id}`),
  create: (body: CreateOrgBody) => api.post<OrgDetailView>('/orgs', body),
  update: (id: number, body: UpdateOrgBody) => api.patch<OrgDetailView>(`/orgs/${id}`, body),
  move: (id: number, parentId: number) =>
    api.post<OrgDetailView>(`/orgs/${id}/move`, { parentId } satisfies z.input<typeof ZMoveOrg>),
  dissolve: (id: number, reason: string) =>
    api.post<OrgDetailView>(`/orgs/${id}/dissolve`, { reason } satisfies z.input<typeof ZDissolveOrg>),
  export: (root: number) => downloadFile('/orgs/export', { root }),
  importTemplateHref: (lang: string) => apiUrl('/orgs/import-template', { lang }),
};
