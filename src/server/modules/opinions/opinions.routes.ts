import type { FastifyInstance } from 'fastify';
import { route, ZIdParams } from '../../platform/http.ts';
import type { OpinionService } from './opinions.service.ts';
import { ZAnswerOpinion, ZConvertOpinions, ZCreateOpinion, ZDeclineOpinion, ZMergeOpinions, ZOpinionQuery } from './opinions.schema.ts';

/**
 * Opinions (意见建议), staff side: entry per channel, the subtree list, detail and triage. The
 * public form and receipt lookup are in modules/public.
 */
export function opinionRoutes(app: FastifyInstance, opinions: OpinionService): void {
  const tags = ['opinions'];
  route(app, {
    method: 'POST',
    url: '/api/opinions',
    summary: 'Record an opinion received through a channel (letter, symposium, talk, card, box, visit, online, hotline) for an org in scope; anonymous stores no name, contact or account',
    tags,
    body: ZCreateOpinion,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return opinions.create(actor, body);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/opinions',
    summary: "Opinions of an org's subtree (?org=) or of the actor's scope, filtered by status, channel, group, campaign, q; newest first, keyset ?after=",
    tags,
    query: ZOpinionQuery,
    handler: async ({ actor, query }) => opinions.list(actor, query),
  });
  route(app, { method: 'GET', url: '/api/opinions/:id', summary: 'An opinion with the opinions merged into it, the problems it became and abilities', tags, params: ZIdParams, handler: async ({ actor, params }) => opinions.detail(actor, params.id) });
  route(app, {
    method: 'POST',
    url: '/api/opinions/merge',
    summary: 'Merge duplicate new opinions (ids) into one opinion of the same org (into)',
    tags,
    body: ZMergeOpinions,
    handler: async ({ actor, body }) => opinions.merge(actor, body),
  });
  route(app, {
    method: 'POST',
    url: '/api/opinions/convert',
    summary: 'Turn one or several new opinions of one org into ONE new draft problem of its ledger (source opinion)',
    tags,
    body: ZConvertOpinions,
    handler: async ({ actor, body, reply }) => {
      reply.code(201);
      return opinions.convert(actor, body);
    },
  });
  route(app, { method: 'POST', url: '/api/opinions/:id/answer', summary: 'Answer a new opinion; the submitter reads it with the receipt code', tags, params: ZIdParams, body: ZAnswerOpinion, handler: async ({ actor, params, body }) => opinions.answer(actor, params.id, body.answer) });
  route(app, { method: 'POST', url: '/api/opinions/:id/decline', summary: 'Decline a new opinion with the reason (required)', tags, params: ZIdParams, body: ZDeclineOpinion, handler: async ({ actor, params, body }) => opinions.decline(actor, params.id, body.reason) });
}
