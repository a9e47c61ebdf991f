import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../../platform/http.ts';
import type { LookbackService } from './lookback.service.ts';
import * as S from '../../../../shared/schemas/supervision/lookback.ts';

/** Look back (回头看). */
export function lookbackRoutes(app: FastifyInstance, lookbacks: LookbackService, P: string, tags: string[]): void {
  route(app, {
    method: 'GET',
    url: `${P}/lookbacks`,
    summary: "Look-back rounds opened in an org's subtree or that it takes part in; Page<LookbackView>, after=",
    tags,
    query: S.ZLookbackQuery,
    handler: async ({ actor, query }) => lookbacks.list(actor, query),
  });
  route(app, {
    method: 'POST',
    url: `${P}/lookbacks`,
    summary: 'Open a look-back round: participants, checklist, and the spot-check sample drawn from a recorded seed',
    tags,
    body: S.ZCreateLookback,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return lookbacks.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: `${P}/lookbacks/:id`,
    summary: 'A round: checklist, sample (and whether it redraws the same), participants and their scores',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => lookbacks.detail(actor, params.id),
  });
  route(app, {
    method: 'POST',
    url: `${P}/lookbacks/:id/assessments`,
    summary:
      "Score a unit at a stage (self / spot: sampled units only / office); findings become the unit's problems or re-open closed ones",
    tags,
    params: ZIdParams,
    body: S.ZAssessment,
    handler: async ({ actor, params, body }) => lookbacks.assess(actor, params.id, body),
  });
}
