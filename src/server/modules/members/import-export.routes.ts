import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zId } from '../../platform/validation.ts';
import { route, sendFile, XLSX_TYPE } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import { t } from '../../platform/i18n.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import { LOCALES } from '../../../shared/enums.ts';
import type { ImportExportService } from './import-export.service.ts';
import { ZListMembers } from './members.schema.ts';

const ZLang = z.object({ lang: z.enum(LOCALES).optional() });

/** Reads the single uploaded file of a multipart request into memory (size-limited by the plugin). */
async function uploadedFile(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('IMPORT_FILE', { reason: t(req.locale, 'import.notXlsx') });
  const file = await req.file();
  if (!file) throw new AppError('IMPORT_FILE', { reason: t(req.locale, 'import.notXlsx') });
  const buf = await file.toBuffer();
  if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { limit: '20 MB' });
  return buf;
}

export function importExportRoutes(app: FastifyInstance, io: ImportExportService): void {
  route(app, {
    method: 'GET',
    url: '/api/members/import-template',
    summary: 'The members import template (.xlsx)',
    tags: ['members'],
    query: ZLang,
    handler: async ({ req, reply, query }) => {
      const locale = query.lang ?? req.locale;
      return sendFile(
        reply,
        await io.memberTemplate(locale),
        locale === 'en' ? 'member-import-template.xlsx' : '党员信息导入模板.xlsx',
        XLSX_TYPE,
      );
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/members/import',
    summary:
      'Import members from .xlsx into ?org= (all or nothing; 422 names every faulty row). Optional Idempotency-Key header: a retry with the same key answers the first result (Idempotent-Replayed: true)',
    tags: ['members'],
    query: z.object({ org: zId }),
    handler: async ({ req, reply, actor, query }) => {
      const idem = idempotencyKeyOf(req, reply, actor);
      return io.importMembers(actor, query.org, await uploadedFile(req), req.locale, idem);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/members/export',
    summary: 'Export the filtered member list as .xlsx in the printed roster layout',
    tags: ['members'],
    query: ZListMembers,
    handler: async ({ req, reply, actor, query }) => {
      const { stream, filename } = await io.exportMembers(actor, query, req.locale);
      reply.header('Content-Type', XLSX_TYPE);
      reply.header(
        'Content-Disposition',
        `attachment; filename="members.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      );
      return reply.send(stream);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/orgs/import-template',
    summary: 'The organizations import template (.xlsx)',
    tags: ['orgs'],
    query: ZLang,
    handler: async ({ req, reply, query }) => {
      const locale = query.lang ?? req.locale;
      return sendFile(
        reply,
        await io.orgTemplate(locale),
        locale === 'en' ? 'organization-import-template.xlsx' : '党组织导入模板.xlsx',
        XLSX_TYPE,
      );
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/orgs/import',
    summary:
      'Import organizations under ?root= from .xlsx (all or nothing). Optional Idempotency-Key header, as for members',
    tags: ['orgs'],
    query: z.object({ root: zId }),
    handler: async ({ req, reply, actor, query }) => {
      const idem = idempotencyKeyOf(req, reply, actor);
      return io.importOrgs(actor, query.root, await uploadedFile(req), req.locale, idem);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/orgs/export',
    summary: 'Export the subtree of ?root= as .xlsx',
    tags: ['orgs'],
    query: z.object({ root: zId }),
    handler: async ({ req, reply, actor, query }) => {
      const { buffer, filename } = await io.exportOrgs(actor, query.root, req.locale);
      return sendFile(reply, buffer, filename, XLSX_TYPE);
    },
  });
}
