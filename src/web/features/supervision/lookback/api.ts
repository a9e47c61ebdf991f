/** Every request of look back (回头看): rounds, a round with its sample and scores, an assessment. */
import type { LookbackDetailView, LookbackView } from '../../../../shared/supervision.ts';
import type { Page } from '../../../../shared/api.ts';
import type { z } from 'zod';
import type { ZAssessment, ZCreateLookback, ZLookbackQuery } from '../../../../shared/schemas/supervision/lookback.ts';
import { api } from '../../../api/client.ts';

export type NewLookbackBody = z.input<typeof ZCreateLookback>;
export type AssessmentBody = z.input<typeof ZAssessment>;

export const lookbacksApi = {
  /** One page of the rounds opened in the org's subtree, newest first. */
  list: (q: Omit<z.input<typeof ZLookbackQuery>, 'after'>, after: string | null) =>
    api.get<Page<LookbackView>>('/supervision/lookbacks', {
      org: q.org,
      limit: q.limit,
      after: after ?? undefined,
    } satisfies z.input<typeof ZLookbackQuery>),
  get: (id: number) => api.get<LookbackDetailView>(`/supervision/lookbacks/${id}`),
  create: (body: NewLookbackBody) => api.post<LookbackDetailView>('/supervision/lookbacks', body),
  assess: (id: number, body: AssessmentBody) =>
    api.post<LookbackDetailView>(`/supervision/lookbacks/${id}/assessments`, body),
};
