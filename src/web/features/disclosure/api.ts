/** Every request of the disclosure feature (公示: batches of an org, their items), typed. */
import type { DisclosureBatchDetailView, DisclosureBatchPage, DisclosureItemKind } from '../../../shared/opinions.ts';
import type { z } from 'zod';
import type { ZAddItems, ZBatchQuery, ZCreateBatch, ZWithdrawItem } from '../../../shared/schemas/disclosure.ts';
import { api } from '../../api/client.ts';

export type CreateBatchBody = z.input<typeof ZCreateBatch>;

export const disclosureApi = {
  listBatches: (orgId: number, after: string | null, limit = 30) =>
    api.get<DisclosureBatchPage>(`/orgs/${orgId}/disclosures`, {
      after: after ?? undefined,
      limit,
    } satisfies z.input<typeof ZBatchQuery>),
  createBatch: (orgId: number, body: CreateBatchBody) =>
    api.post<DisclosureBatchDetailView>(`/orgs/${orgId}/disclosures`, body),
  get: (id: number) => api.get<DisclosureBatchDetailView>(`/disclosures/${id}`),
  publish: (id: number) => api.post<DisclosureBatchDetailView>(`/disclosures/${id}/publish`),
  addItems: (id: number, kind: DisclosureItemKind, problemIds: number[]) =>
    api.post<DisclosureBatchDetailView>(`/disclosures/${id}/items`, {
      kind,
      problemIds,
    } satisfies z.input<typeof ZAddItems>),
  withdrawItem: (id: number, itemId: number, reason: string) =>
    api.post<DisclosureBatchDetailView>(`/disclosures/${id}/items/${itemId}/withdraw`, {
      reason,
    } satisfies z.input<typeof ZWithdrawItem>),
};
