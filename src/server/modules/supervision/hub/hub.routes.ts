import type { FastifyInstance } from 'fastify';
import { route } from '../../../platform/http.ts';
import type { HubService } from './hub.service.ts';
import * as S from '../../../../shared/schemas/supervision/hub.ts';

/** The hub of an org: what the actor may do in its supervision tabs. */
export function hubRoutes(app: FastifyInstance, hub: HubService, P: string, tags: string[]): void {
  route(app, {
    method: 'GET',
    url: `${P}/abilities`,
    summary:
      "What the actor may do in an org's supervision hub (?org=): Record<HubAbility, boolean>; creating needs an active org",
    tags,
    query: S.ZHubQuery,
    handler: async ({ actor, query }) => hub.abilities(actor, query.org),
  });
}
