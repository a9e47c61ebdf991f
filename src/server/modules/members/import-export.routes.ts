import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zId } from '../../platform/validation.ts';
import { readMultipart, route, sendFile, XLSX_TYPE } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import { t } from '../../platform/i18n.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import { LOCALES } from '../../../shared/enums.ts';
import type { ImportExportService } from './import-export.service.ts';
import { ZListMembers } from '../../../shared/schemas/members.ts';

const ZLang = z.object({ lang: z.enum(LOCALES).optional() });

const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The one uploaded file of a multipart request (platform/http.ts readMultipart: 20 MB at most). */
async function uploadedFile(req: FastifyRequest): Promise<Buffer> {
  const { file } = await readMultipart(req, IMPORT_MAX_BYTES);
  if (!file) throw new AppError('IMPORT_FILE', { reason: 'import.notXlsx' });
  return file.buffer;
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
      return sendFile(reply, await io.memberTemplate(locale), t(locale, 'mx.file.memberTemplate'), XLSX_TYPE);
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
    url: '/api/members/abilities',
    summary:
      'What the members list of ?org= offers the actor: the roster export and the import (a plain member: neither)',
    tags: ['members'],
    query: z.object({ org: zId }),
    handler: async ({ actor, query }) => io.listAbilities(actor, query.org),
  });
  route(app, {
    method: 'GET',
    url: '/api/members/export',
    summary: 'Export the filtered member list as .xlsx in the printed roster layout',
    tags: ['members'],
    query: ZListMembers,
    handler: async ({ req, reply, actor, query }) => {
      const { stream, filename } = await io.exportMembers(actor, query, req.locale);
      return sendFile(reply, stream, filename, XLSX_TYPE, { asciiName: 'members.xlsx' });
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
      return sendFile(reply, await io.orgTemplate(locale), t(locale, 'mx.file.orgTemplate'), XLSX_TYPE);
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
