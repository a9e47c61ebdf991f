/** Every request of the opinions feature (GET/POST /api/opinions…), typed. */
import type { CampaignPage, CampaignView } from '../../../shared/campaigns.ts';
import type { ConvertResult, OpinionDetailView, OpinionPage } from '../../../shared/opinions.ts';
import type { z } from 'zod';
import type {
  ZAnswerOpinion,
  ZConvertOpinions,
  ZCreateOpinion,
  ZDeclineOpinion,
  ZMergeOpinions,
  ZOpinionQuery,
} from '../../../shared/schemas/opinions.ts';
import { api, apiUrl } from '../../api/client.ts';

/** The list filters of GET /api/opinions; paging is the list's. */
export type OpinionQuery = Omit<z.input<typeof ZOpinionQuery>, 'after' | 'limit'>;
export type CreateOpinionBody = z.input<typeof ZCreateOpinion>;
export type ConvertOpinionsBody = z.input<typeof ZConvertOpinions>;

export const opinionsApi = {
  list: (q: OpinionQuery, after: string | null, limit = 30) =>
    api.get<OpinionPage>('/opinions', { ...q, after, limit }),
  get: (id: number) => api.get<OpinionDetailView>(`/opinions/${id}`),
  create: (body: CreateOpinionBody) => api.post<OpinionDetailView>('/opinions', body),
  answer: (id: number, answer: string) =>
    api.post<OpinionDetailView>(`/opinions/${id}/answer`, { answer } satisfies z.input<typeof ZAnswerOpinion>),
  decline: (id: number, reason: string) =>
    api.post<OpinionDetailView>(`/opinions/${id}/decline`, { reason } satisfies z.input<typeof ZDeclineOpinion>),
  convert: (body: ConvertOpinionsBody) => api.post<ConvertResult>('/opinions/convert', body),
  merge: (into: number, ids: number[]) =>
    api.post<OpinionDetailView>('/opinions/merge', { into, ids } satisfies z.input<typeof ZMergeOpinions>),
  /** Campaigns an opinion may be linked to. */
  campaigns: (): Promise<CampaignView[]> => api.get<CampaignPage>('/campaigns', { limit: 200 }).then((p) => p.items),
  importTemplateHref: (lang: string) => apiUrl('/opinions/import-template.xlsx', { lang }),
  importPath: '/opinions/import',
};
