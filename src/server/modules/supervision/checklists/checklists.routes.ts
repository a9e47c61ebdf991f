import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../../platform/http.ts';
import type { ChecklistService } from './checklists.service.ts';
import * as S from '../../../../shared/schemas/supervision/checklists.ts';

/** Checklists: review criteria and look-back items. */
export function checklistRoutes(app: FastifyInstance, checklists: ChecklistService, P: string, tags: string[]): void {
  route(app, {
    method: 'GET',
    url: `${P}/checklists`,
    summary: 'Built-in checklists and those of the org and the orgs above it',
    tags,
    query: S.ZChecklistQuery,
    handler: async ({ actor, query }) => checklists.list(actor, query.org, query.kind),
  });
  route(app, {
    method: 'POST',
    url: `${P}/checklists`,
    summary: "An office's own checklist (e.g. a copy of a built-in, edited)",
    tags,
    body: S.ZCreateChecklist,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return checklists.create(actor, body);
    },
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/checklists/:id`,
    summary: "Edit an office's checklist (built-ins cannot be edited)",
    tags,
    params: ZIdParams,
    body: S.ZUpdateChecklist,
    handler: async ({ actor, params, body }) => checklists.update(actor, params.id, body),
  });
}
