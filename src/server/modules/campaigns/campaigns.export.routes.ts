import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { route, sendFile, XLSX_TYPE, ZIdParams } from '../../platform/http.ts';
import { DOCX_TYPE } from '../../platform/docx.ts';
import { LOCALES } from '../../../shared/enums.ts';
import type { CampaignExportService, ExportFile } from './campaigns.export.ts';
import { ZOrgQuery, ZTaskQuery } from '../../../shared/schemas/campaigns.ts';

/** ?lang= overrides the actor's language for one file (an office may need the other version). */
const ZLang = z.object({ lang: z.enum(LOCALES).optional() });

/** Sends an export: the localized name as filename*, the plain ASCII one for older clients (no-store, nosniff). */
function sendExport(reply: FastifyReply, file: ExportFile, type: string, content: Buffer | Readable): FastifyReply {
  return sendFile(reply, content, file.filename, type, { asciiName: file.asciiName });
}

/**
 * Campaign exports. Each mirrors a JSON endpoint and is authorized by the same service method
 * (outside scope: 404), plus the export role over the org (403 otherwise).
 */
export function campaignExportRoutes(app: FastifyInstance, exports: CampaignExportService): void {
  const tags = ['campaigns'];
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/progress.xlsx',
    summary:
      'Progress of an org subtree (?org=) as a printable .xlsx: figures, per phase, children ranked; the red list on a second sheet',
    tags,
    params: ZIdParams,
    query: ZOrgQuery.extend(ZLang.shape),
    handler: async ({ req, reply, actor, params, query }) => {
      const f = await exports.progressWorkbook(actor, params.id, query.org, query.lang ?? req.locale);
      return sendExport(reply, f, XLSX_TYPE, f.buffer);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/tasks.xlsx',
    summary:
      'The task list with the filters of /tasks (?org=&subtree=&status=&phase=&overdue=), every row, streamed as .xlsx',
    tags,
    params: ZIdParams,
    query: ZTaskQuery.omit({ after: true, limit: true }).extend(ZLang.shape),
    handler: async ({ req, reply, actor, params, query }) => {
      const { lang, ...filters } = query;
      const f = await exports.tasksWorkbook(actor, params.id, filters, lang ?? req.locale);
      return sendExport(reply, f, XLSX_TYPE, f.stream);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/notice.docx',
    summary: 'The deployment notice (部署通知) in the official document layout (GB/T 9704)',
    tags,
    params: ZIdParams,
    query: ZLang,
    handler: async ({ req, reply, actor, params, query }) => {
      const f = await exports.noticeDocx(actor, params.id, query.lang ?? req.locale);
      return sendExport(reply, f, DOCX_TYPE, f.buffer);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/campaigns/:id/report.docx',
    summary: "An org's progress report (进展情况报告, ?org=) in the official document layout",
    tags,
    params: ZIdParams,
    query: ZOrgQuery.extend(ZLang.shape),
    handler: async ({ req, reply, actor, params, query }) => {
      const f = await exports.reportDocx(actor, params.id, query.org, query.lang ?? req.locale);
      return sendExport(reply, f, DOCX_TYPE, f.buffer);
    },
  });
}
