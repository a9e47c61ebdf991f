/** Every request of inspections and circulated reports (督查通报). */
import type { InspectionDetailView, InspectionView } from '../../../../shared/supervision.ts';
import type { Page } from '../../../../shared/api.ts';
import type { z } from 'zod';
import type {
  ZAnswer,
  ZCreateInspection,
  ZInspectionQuery,
  ZUpdateInspection,
} from '../../../../shared/schemas/supervision/inspections.ts';
import { api } from '../../../api/client.ts';

/** What the editor sends for a report: a new one's fields but its org and team (an update may omit any). */
export type InspectionBody = Omit<z.input<typeof ZCreateInspection>, 'orgId' | 'teamId'>;

/** The query of GET /supervision/inspections (the org, a kind and a status, a page size); `after` is the list's. */
export type InspectionQuery = Omit<z.input<typeof ZInspectionQuery>, 'after'>;

export const inspectionsApi = {
  /** One page of the reports of the org's subtree, newest first, of a kind and status when given. */
  list: (q: InspectionQuery, after: string | null) =>
    api.get<Page<InspectionView>>('/supervision/inspections', {
      org: q.org,
      kind: q.kind,
      status: q.status,
      limit: q.limit,
      after: after ?? undefined,
    }),
  get: (id: number) => api.get<InspectionDetailView>(`/supervision/inspections/${id}`),
  create: (body: z.input<typeof ZCreateInspection>) => api.post<InspectionDetailView>('/supervision/inspections', body),
  update: (id: number, body: z.input<typeof ZUpdateInspection>) =>
    api.patch<InspectionDetailView>(`/supervision/inspections/${id}`, body),
  circulate: (id: number) => api.post<InspectionDetailView>(`/supervision/inspections/${id}/circulate`),
  /** A named unit's answer (by the unit, or an office on its behalf). */
  answer: (id: number, orgId: number, answer: string) =>
    api.post<InspectionDetailView>(`/supervision/inspections/${id}/answers`, {
      orgId,
      answer,
    } satisfies z.input<typeof ZAnswer>),
};
