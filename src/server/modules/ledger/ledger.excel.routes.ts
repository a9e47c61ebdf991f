import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readMultipart, route, sendFile, XLSX_TYPE } from '../../platform/http.ts';
import { AppError } from '../../platform/errors.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import { zId, parseInput } from '../../platform/validation.ts';
import { LOCALES } from '../../../shared/enums.ts';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS, PROBLEM_SOURCES, PROBLEM_STATUSES } from '../../../shared/ledger.ts';
import { checkMapping } from './ledger.excel.parse.ts';
import { LEDGER_MAX_BYTES, type LedgerExcelService, type LedgerImportOptions } from './ledger.excel.ts';

const id = zId;
const bool = z.preprocess((v) => v === 'true' || v === true || v === '1', z.boolean());
const ZLang = z.object({ lang: z.enum(LOCALES).optional() });
const ZOrgParams = z.object({ orgId: id });

/** Import options, as multipart fields or query parameters: mapping is JSON ({"description": 2, …}). */
const ZImportOptions = z.object({
  mapping: z.string().max(5000).optional(),
  campaignId: id.optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  source: z.enum(PROBLEM_SOURCES).optional(),
});

const ZExportQuery = z.object({
  subtree: bool.default(false),
  status: z.enum(PROBLEM_STATUSES).optional(),
  kind: z.enum(PROBLEM_KINDS).optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  campaignId: id.optional(),
  view: z.enum(['ledger', 'effects']).default('ledger'),
  lang: z.enum(LOCALES).optional(),
});

/**
 * The uploaded ledger and the import options: the one file part plus any fields (before or after
 * it), and the same options from the query string. Ledgers may be larger than other uploads.
 */
async function upload(req: FastifyRequest): Promise<{ buffer: Buffer; filename: string; opts: LedgerImportOptions }> {
  const { file, fields } = await readMultipart(req, LEDGER_MAX_BYTES);
  if (!file) throw new AppError('IMPORT_FILE', { reason: 'import.notXlsx' });
  const { buffer, filename } = file;
  const raw = parseInput(ZImportOptions, { ...(req.query as object), ...fields }, req.locale);
  let mapping;
  if (raw.mapping) {
    let json: unknown;
    try {
      json = JSON.parse(raw.mapping);
    } catch {
      throw new AppError('VALIDATION', {}, [{ path: 'mapping', message: 'lx.err.mapping' }]);
    }
    mapping = checkMapping(json, req.locale);
  }
  return {
    buffer,
    filename,
    opts: { mapping, campaignId: raw.campaignId, category: raw.category, source: raw.source, filename },
  };
}

/** Excel ledgers: preview and import an office's .xlsx ledger, export the ledger, the blank template. */
export function ledgerExcelRoutes(app: FastifyInstance, ledger: LedgerExcelService): void {
  const tags = ['ledger'];
  route(app, {
    method: 'POST',
    url: '/api/orgs/:orgId/ledger/import/preview',
    summary:
      'Reads an .xlsx ledger (multipart file, optional mapping JSON): header rows, proposed column mapping, the first 20 rows, every error. Writes nothing.',
    tags,
    params: ZOrgParams,
    handler: async ({ req, actor, params }) => {
      const { buffer, opts } = await upload(req);
      return ledger.preview(actor, params.orgId, buffer, opts, req.locale);
    },
  });
  route(app, {
    method: 'POST',
    url: '/api/orgs/:orgId/ledger/import',
    summary:
      'Imports an .xlsx ledger into the org (multipart file + optional mapping, campaignId, category, source): all or nothing, 422 names every faulty row and cell; optional Idempotency-Key header (a retry answers the first result)',
    tags,
    params: ZOrgParams,
    handler: async ({ req, reply, actor, params }) => {
      const idem = idempotencyKeyOf(req, reply, actor);
      const { buffer, opts } = await upload(req);
      return ledger.importLedger(actor, params.orgId, buffer, opts, req.locale, idem);
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/orgs/:orgId/ledger/export.xlsx',
    summary:
      'The problem ledger of the org (?subtree=true: and its units) as a printable .xlsx, streamed; filters status, kind, category, campaignId; view=effects: the effect list (成效清单) of closed problems',
    tags,
    params: ZOrgParams,
    query: ZExportQuery,
    handler: async ({ req, reply, actor, params, query }) => {
      const { lang, ...q } = query;
      const f = await ledger.exportLedger(actor, params.orgId, q, lang ?? req.locale);
      return sendFile(reply, f.stream, f.filename, XLSX_TYPE, { asciiName: f.asciiName });
    },
  });
  route(app, {
    method: 'GET',
    url: '/api/ledger/import-template.xlsx',
    summary: 'The blank problem ledger (.xlsx) to fill in and import',
    tags,
    query: ZLang,
    handler: async ({ req, reply, query }) => {
      const f = await ledger.template(query.lang ?? req.locale);
      return sendFile(reply, f.buffer, f.filename, XLSX_TYPE, { asciiName: f.asciiName });
    },
  });
}
