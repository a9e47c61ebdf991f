/** Every request of inspections and circulated reports (督查通报). */
import type {
  InspectionDetailView,
  InspectionKind,
  InspectionStatus,
  InspectionView,
} from '../../../../shared/supervision.ts';
import type { Page } from '../../../../shared/api.ts';
import { api } from '../../../api/client.ts';

export interface InspectionBody {
  kind: InspectionKind;
  title: string;
  inspectedOn: string;
  body: string;
  named: Array<{ orgId: number; finding: string; problemIds: number[] }>;
}

export const inspectionsApi = {
  /** One page of the reports of the org's subtree, newest first, of a kind and status when given. */
  list: (q: { org: number; kind?: InspectionKind; status?: InspectionStatus; limit?: number }, after: string | null) =>
    api.get<Page<InspectionView>>('/supervision/inspections', {
      org: q.org,
      kind: q.kind,
      status: q.status,
      limit: q.limit,
      after: after ?? undefined,
    }),
  get: (id: number) => api.get<InspectionDetailView>(`/supervision/inspections/${id}`),
  create: (body: InspectionBody & { orgId: number; teamId: number | null }) =>
    api.post<InspectionDetailView>('/supervision/inspections', body),
  update: (id: number, body: InspectionBody) => api.patch<InspectionDetailView>(`/supervision/inspections/${id}`, body),
  circulate: (id: number) => api.post<InspectionDetailView>(`/supervision/inspections/${id}/circulate`),
  /** A named unit's answer (by the unit, or an office on its behalf). */
  answer: (id: number, orgId: number, answer: string) =>
    api.post<InspectionDetailView>(`/supervision/inspections/${id}/answers`, { orgId, answer }),
};
