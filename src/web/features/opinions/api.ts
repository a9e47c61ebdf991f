/** Every request of the opinions feature (GET/POST /api/opinions…), typed. */
import type { CampaignPage, CampaignView } from '../../../shared/campaigns.ts';
import type { ConvertResult, OpinionDetailView, OpinionPage } from '../../../shared/opinions.ts';
import type { ProblemCategory, ProblemKind } from '../../../shared/ledger.ts';
import { api, apiUrl } from '../../api/client.ts';

export interface OpinionQuery {
  org: number;
  status?: string;
  channel?: string;
  group?: string;
  q?: string;
}

export const opinionsApi = {
  list: (q: OpinionQuery, after: string | null, limit = 30) =>
    api.get<OpinionPage>('/opinions', { ...q, after, limit }),
  get: (id: number) => api.get<OpinionDetailView>(`/opinions/${id}`),
  create: (body: Record<string, unknown>) => api.post<OpinionDetailView>('/opinions', body),
  answer: (id: number, answer: string) => api.post<OpinionDetailView>(`/opinions/${id}/answer`, { answer }),
  decline: (id: number, reason: string) => api.post<OpinionDetailView>(`/opinions/${id}/decline`, { reason }),
  convert: (body: { ids: number[]; category: ProblemCategory; kind: ProblemKind; description: string }) =>
    api.post<ConvertResult>('/opinions/convert', body),
  merge: (into: number, ids: number[]) => api.post<OpinionDetailView>('/opinions/merge', { into, ids }),
  /** Campaigns an opinion may be linked to. */
  campaigns: (): Promise<CampaignView[]> => api.get<CampaignPage>('/campaigns', { limit: 200 }).then((p) => p.items),
  importTemplateHref: (lang: string) => apiUrl('/opinions/import-template.xlsx', { lang }),
  importPath: '/opinions/import',
};
