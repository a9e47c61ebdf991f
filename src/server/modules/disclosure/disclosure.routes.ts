import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import type { DisclosureService } from './disclosure.service.ts';
import {
  ZAddItems,
  ZBatchQuery,
  ZCreateBatch,
  ZItemParams,
  ZWithdrawItem,
} from '../../../shared/schemas/disclosure.ts';

/**
 * Public disclosure (公示), staff side: batches per org, items, publishing, withdrawal. The public
 * pages are in modules/public (/p/disclosures).
 */
export function disclosureRoutes(app: FastifyInstance, disclosures: DisclosureService): void {
  const tags = ['disclosure'];
  route(app, {
    method: 'GET',
    url: '/api/orgs/:id/disclosures',
    summary:
      "An org's disclosure batches, newest first, keyset-paged (?after=&limit=), each with abilities; abilities.create: may start a batch here",
    tags,
    params: ZIdParams,
    query: ZBatchQuery,
    handler: async ({ actor, params, query }) => disclosures.listBatches(actor, params.id, query),
  });
  route(app, {
    method: 'POST',
    url: '/api/orgs/:id/disclosures',
    summary: 'Create a numbered draft disclosure batch (e.g. 第二批整改问题公示) with its publicity period',
    tags,
    params: ZIdParams,
    body: ZCreateBatch,
    handler: async ({ actor, params, body, reply }) => {
      reply.code(201);
      return disclosures.createBatch(actor, params.id, body);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/disclosures/:id',
    summary: 'A disclosure batch with every item (withdrawn ones with the reason)',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => disclosures.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/disclosures/:id/items',
    summary:
      "Add problems of the batch org's subtree as redacted snapshots: kind problem (confirmed) or rectification (closed only)",
    tags,
    params: ZIdParams,
    body: ZAddItems,
    handler: async ({ actor, params, body }) => disclosures.addItems(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/disclosures/:id/publish',
    summary: 'Publish a draft batch; it appears on /p/disclosures',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => disclosures.publish(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: '/api/disclosures/:id/items/:itemId/withdraw',
    summary: 'Withdraw an item with the reason (required); it leaves the public pages',
    tags,
    params: ZItemParams,
    body: ZWithdrawItem,
    handler: async ({ actor, params, body }) => disclosures.withdraw(actor, params.id, params.itemId, body.reason),
  });
}
