import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../../platform/http.ts';
import type { InspectionService } from './inspections.service.ts';
import * as S from '../../../../shared/schemas/supervision/inspections.ts';

/** Inspections and circulated reports (督查通报). */
export function inspectionRoutes(
  app: FastifyInstance,
  inspections: InspectionService,
  P: string,
  tags: string[],
): void {
  route(app, {
    method: 'GET',
    url: `${P}/inspections`,
    summary:
      "Inspection reports written in an org's subtree, and reports circulated to it from above; Page<InspectionView>, after=",
    tags,
    query: S.ZInspectionQuery,
    handler: async ({ actor, query }) => inspections.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/inspections`,
    summary: 'Write an inspection report (daily, follow-up, joint) naming units and their findings',
    tags,
    body: S.ZCreateInspection,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return inspections.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/inspections/:id`,
    summary: 'An inspection report with the named units and their answers',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => inspections.detail(actor, params.id),
  });
  route(app, {
    method: 'PATCH',
    url: `${P}/inspections/:id`,
    summary: 'Edit a draft report',
    tags,
    params: ZIdParams,
    body: S.ZUpdateInspection,
    handler: async ({ actor, params, body }) => inspections.update(actor, params.id, body),
  });
  route(app, {
    method: 'POST',
    url: `${P}/inspections/:id/circulate`,
    summary: 'Circulate (通报) the report to the office’s subtree; named units must answer',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => inspections.circulate(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/inspections/:id/answers`,
    summary: 'A named unit answers the report',
    tags,
    params: ZIdParams,
    body: S.ZAnswer,
    handler: async ({ actor, params, body }) => inspections.answer(actor, params.id, body),
  });
}
