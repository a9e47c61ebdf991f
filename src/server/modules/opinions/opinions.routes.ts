import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readMultipart, route, sendFile, XLSX_TYPE, ZIdParams } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import { t } from '../../platform/i18n.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import { zId, parseInput } from '../../platform/validation.ts';
import { LOCALES } from '../../../shared/enums.ts';
import type { OpinionImportService } from './opinions.import.ts';
import type { OpinionService } from './opinions.service.ts';
import {
  ZAnswerOpinion,
  ZConvertOpinions,
  ZCreateOpinion,
  ZDeclineOpinion,
  ZMergeOpinions,
  ZOpinionQuery,
} from '../../../shared/schemas/opinions.ts';

/**
 * Opinions (意见建议), staff side: entry per channel, the subtree list, detail and triage. The
 * public form and receipt lookup are in modules/public.
 */
const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const ZImportQuery = z.object({ org: zId });
const ZImportFields = z.object({ campaignId: z.preprocess((v) => (v === '' ? undefined : v), zId.optional()) });

/** The one uploaded file and the form fields (before or after it); campaignId may also come in the query. */
async function upload(req: FastifyRequest): Promise<{ buffer: Buffer; filename: string; campaignId?: number }> {
  const { file, fields } = await readMultipart(req, IMPORT_MAX_BYTES);
  if (!file) throw new AppError('IMPORT_FILE', { reason: 'import.notXlsx' });
  const { buffer, filename } = file;
  const q = req.query as { campaignId?: unknown };
  const { campaignId } = parseInput(ZImportFields, { campaignId: fields.campaignId ?? q.campaignId }, req.locale);
  return { buffer, filename, campaignId };
}

export function opinionRoutes(app: FastifyInstance, opinions: OpinionService, importer: OpinionImportService): void {
  const tags = ['opinions'];
  route(app, {
    method: 'GET',
    url: '/api/opinions/import-template.xlsx',
    summary:
      'The template for entering opinions in bulk (.xlsx; ?lang=zh-CN|en), with drop-down lists of channels and submitter groups',
    tags,
    query: z.object({ lang: z.enum(LOCALES).optional() }),
    handler: async ({ req, reply, query }) => {
      const locale = query.lang ?? req.locale;
      return sendFile(reply, await importer.template(locale), t(locale, 'opinion.import.templateFile'), XLSX_TYPE);
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/opinions/import',
    summary:
      'Enter opinions from .xlsx (multipart file, optional campaignId) for ?org= in scope: all or nothing; 422 IMPORT_INVALID names every faulty row and column; optional Idempotency-Key header (a retry answers the first result)',
    tags,
    query: ZImportQuery,
    handler: async ({ req, reply, actor, query }) => {
      const idem = idempotencyKeyOf(req, reply, actor);
      const { buffer, filename, campaignId } = await upload(req);
      return importer.import(actor, query.org, campaignId, buffer, filename, req.locale, idem);
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/opinions',
    summary:
      'Record an opinion received through a channel (letter, symposium, talk, card, box, visit, online, hotline) for an org in scope; anonymous stores no name, contact or account',
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
    summary:
      "Opinions of an org's subtree (?org=) or of the actor's scope, filtered by status, channel, group, campaign, q; newest first, keyset ?after=",
    tags,
    query: ZOpinionQuery,
    handler: async ({ actor, query }) => opinions.list(actor, query),
  });
  route(app, {
    method: 'GET',
    url: '/api/opinions/:id',
    summary: 'An opinion with the opinions merged into it, the problems it became and abilities',
    tags,
    params: ZIdParams,
    handler: async ({ actor, params }) => opinions.detail(actor, params.id),
  });
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
  route(app, {
    method: 'POST',
    url: '/api/opinions/:id/answer',
    summary: 'Answer a new opinion; the submitter reads it with the receipt code',
    tags,
    params: ZIdParams,
    body: ZAnswerOpinion,
    handler: async ({ actor, params, body }) => opinions.answer(actor, params.id, body.answer),
  });
  route(app, {
    method: 'POST',
    url: '/api/opinions/:id/decline',
    summary: 'Decline a new opinion with the reason (required)',
    tags,
    params: ZIdParams,
    body: ZDeclineOpinion,
    handler: async ({ actor, params, body }) => opinions.decline(actor, params.id, body.reason),
  });
}
