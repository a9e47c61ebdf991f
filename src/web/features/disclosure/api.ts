/** Every request of the disclosure feature (公示: batches of an org, their items), typed. */
import type { DisclosureBatchDetailView, DisclosureBatchPage, DisclosureItemKind } from '../../../shared/opinions.ts';
import { api } from '../../api/client.ts';

export const disclosureApi = {
  listBatches: (orgId: number, after: string | null, limit = 30) =>
    api.get<DisclosureBatchPage>(`/orgs/${orgId}/disclosures`, { after, limit }),
  createBatch: (orgId: number, body: { title: string; startsOn: string; endsOn: string }) =>
    api.post<DisclosureBatchDetailView>(`/orgs/${orgId}/disclosures`, body),
  get: (id: number) => api.get<DisclosureBatchDetailView>(`/disclosures/${id}`),
  publish: (id: number) => api.post<DisclosureBatchDetailView>(`/disclosures/${id}/publish`),
  addItems: (id: number, kind: DisclosureItemKind, problemIds: number[]) =>
    api.post<DisclosureBatchDetailView>(`/disclosures/${id}/items`, { kind, problemIds }),
  withdrawItem: (id: number, itemId: number, reason: string) =>
    api.post<DisclosureBatchDetailView>(`/disclosures/${id}/items/${itemId}/withdraw`, { reason }),
};
