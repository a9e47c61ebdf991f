/** Every request of material review (审核把关): the paged list, a material, its versions and reviews. */
import type { Page } from '../../../../shared/api.ts';
import type { MaterialDetailView, MaterialView } from '../../../../shared/supervision.ts';
import type { z } from 'zod';
import type {
  ZCreateMaterial,
  ZMaterialQuery,
  ZReview,
  ZSaveDraft,
} from '../../../../shared/schemas/supervision/materials.ts';
import { api } from '../../../api/client.ts';

/** The filters of GET /supervision/materials (`toReview`: only what waits for the user's review); `after` is the list's. */
export type MaterialQuery = Omit<z.input<typeof ZMaterialQuery>, 'after'>;
export type NewMaterialBody = z.input<typeof ZCreateMaterial>;
/** One saved version's text. */
export interface VersionBody {
  version: number;
  body: string;
  authorName: string;
  createdAt: string;
  submitted: boolean;
}

export const materialsApi = {
  /** One page of the subtree's materials, newest first; `after` is the previous page's `next`. */
  list: (q: MaterialQuery, after: string | null) =>
    api.get<Page<MaterialView>>('/supervision/materials', {
      org: q.org,
      status: q.status,
      kind: q.kind,
      toReview: q.toReview ? true : undefined,
      limit: q.limit,
      after: after ?? undefined,
    } satisfies z.input<typeof ZMaterialQuery>),
  get: (id: number) => api.get<MaterialDetailView>(`/supervision/materials/${id}`),
  create: (body: NewMaterialBody) => api.post<MaterialDetailView>('/supervision/materials', body),
  /** Saves the text as a new version on top of `baseVersion` (409 when another was saved meanwhile). */
  saveDraft: (id: number, body: z.input<typeof ZSaveDraft>) =>
    api.post<MaterialDetailView>(`/supervision/materials/${id}/draft`, body),
  submit: (id: number) => api.post<MaterialDetailView>(`/supervision/materials/${id}/submit`),
  review: (id: number, body: z.input<typeof ZReview>) =>
    api.post<MaterialDetailView>(`/supervision/materials/${id}/reviews`, body),
  version: (id: number, version: number) => api.get<VersionBody>(`/supervision/materials/${id}/versions/${version}`),
};
