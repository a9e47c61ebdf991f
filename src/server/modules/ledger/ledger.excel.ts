import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError, type MessageParams } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { idempotent, importScope, type IdempotencyKey, type RecordAnswer } from '../../platform/idempotency.ts';
import { ENUM_LABELS, t, type MessageKey } from '../../platform/i18n.ts';
import { dateIn } from '../../platform/dates.ts';
import { checkSheetExtent, THIN_BORDER } from '../../platform/xlsx.ts';
import type { ImportIssue } from '../../../shared/api.ts';
import type { Locale } from '../../../shared/enums.ts';
import {
  formatDeadline,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  type ProblemCategory,
  type ProblemSource,
} from '../../../shared/ledger.ts';
import type {
  LedgerField,
  LedgerImportPreview,
  LedgerImportResult,
  LedgerMapping,
  LedgerSampleRow,
  LedgerUnmatchedName,
} from '../../../shared/ledger-excel.ts';
import { uniqueMembersNamed } from '../members/members.service.ts';
import { findOrg, type OrgWithStats } from '../orgs/orgs.repository.ts';
import { orgSubject } from '../orgs/orgs.policy.ts';
import {
  campaignCoversOrg,
  exportOrgPage,
  exportOrgsPage,
  exportOwnPage,
  insertProblemEvents,
  insertProblems,
  measuresOf,
  reserveSeq,
  type ExportRow,
  type NewProblem,
} from './ledger.repository.ts';
import { ledgerExcelPolicy, type LedgerExcelAction } from './ledger.policy.ts';
import {
  detectLayout,
  HEADER_SCAN_ROWS,
  LedgerRowReader,
  sheetRows,
  unmappedIssues,
  type LedgerLayout,
  type ParsedProblem,
  type SheetRow,
} from './ledger.excel.parse.ts';

/**
 * Excel ledgers: import an office's own 问题整改台账 (preview first, then all or nothing), export
 * the ledger in the layout offices print, and the blank import template.
 *
 * Import reads the upload with exceljs's streaming reader and validates row by row inside one
 * transaction: while no row has failed, valid rows are written in chunks through insertProblems
 * (序号, measures, counters) with an 'import' event each; after the first faulty row nothing more
 * is written but every later row is still checked, and any error rolls the whole transaction back
 * (422 IMPORT_INVALID naming every faulty row and cell). Memory stays bounded by one chunk plus
 * the shared strings of the file.
 */

export { LEDGER_EXCEL_ACTIONS, ledgerExcelPolicy, type LedgerExcelAction } from './ledger.policy.ts';

/** At most this many problems in one file. */
export const MAX_LEDGER_ROWS = 200_000;
/** Upload limit for ledger files (a 100,000-row ledger is ~10 MB). */
export const LEDGER_MAX_BYTES = 64 * 1024 * 1024;
/** An error list names at most this many cells; the count says how many there were. */
const MAX_LISTED_ISSUES = 2_000;
/** Problems per insertProblems call. */
const INSERT_CHUNK = 2_000;
/** Unlinked names the preview lists (the count goes on). */
const MAX_LISTED_UNMATCHED = 500;
/** Name occurrences the preview keeps to list the unlinked ones from. */
const MAX_KEPT_OCCURRENCES = 20_000;
const PERSON_COLUMNS = ['responsible_leader', 'responsible_person'] as const;

/** Rows of the preview's sample. */
const SAMPLE_ROWS = 20;
/** Problems per page when exporting; organizations per page of a subtree export. */
const EXPORT_PAGE = 1_000;
const ORG_PAGE = 500;

export interface LedgerImportOptions {
  mapping?: LedgerMapping;
  campaignId?: number;
  /** Category of rows that name none (and sit under no section row naming one). */
  category?: ProblemCategory;
  source?: ProblemSource;
  filename?: string;
}

export interface LedgerExportQuery {
  subtree: boolean;
  /** 'effects': the effect list (成效清单) — closed problems with their effect statement and closing date. */
  view?: 'ledger' | 'effects';
  status?: string;
  kind?: string;
  category?: string;
  campaignId?: number;
}

export interface LedgerFile {
  filename: string;
  asciiName: string;
}

type Tr = (key: Extract<MessageKey, `lx.${string}`>, params?: Record<string, string | number>) => string;
const tr =
  (locale: Locale): Tr =>
  (key, params) =>
    t(locale, key, params);
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 120);

interface OpenedSheet {
  sheet: string;
  layout: LedgerLayout;
  mapping: LedgerMapping;
  rows: AsyncGenerator<SheetRow>;
}

export class LedgerExcelService {
  constructor(private db: Kysely<DB>) {}

  private async requireOrg(actor: Actor, orgId: number, action: LedgerExcelAction) {
    const org = await findOrg(this.db, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, ledgerExcelPolicy, action, orgSubject(org));
    return org;
  }

  /** Reads the header from the first rows, then hands out the data rows one by one. */
  private async open(buffer: Buffer, locale: Locale, mapping: LedgerMapping | undefined): Promise<OpenedSheet> {
    // Sizes, dimension and a linear scan first: a zip bomb or a far-away cell is refused before
    // exceljs's reader inflates anything (the reader itself streams, so more rows are fine).
    await checkSheetExtent(buffer, locale, { maxRows: MAX_LEDGER_ROWS, maxColumns: 100, streaming: true });
    const info = { sheet: '' };
    const it = sheetRows(buffer, locale, info);
    const head: SheetRow[] = [];
    while (head.length < HEADER_SCAN_ROWS) {
      const n = await it.next();
      if (n.done) break;
      head.push(n.value);
    }
    let layout: LedgerLayout;
    try {
      layout = detectLayout(head, locale);
    } catch (e) {
      await it.return(undefined);
      if (e instanceof AppError && e.details) for (const d of e.details) if ('sheet' in d) d.sheet = info.sheet;
      throw e;
    }
    async function* rows(): AsyncGenerator<SheetRow> {
      try {
        for (const r of head) if (r.number >= layout.dataRow) yield r;
        for (;;) {
          const n = await it.next();
          if (n.done) return;
          yield n.value;
        }
      } finally {
        await it.return(undefined);
      }
    }
    return { sheet: info.sheet, layout, mapping: mapping ?? layout.mapping, rows: rows() };
  }

  // ---------- preview ----------

  /** What an import of this file would do: header, mapping, the first rows, every error. Writes nothing. */
  async preview(
    actor: Actor,
    orgId: number,
    buffer: Buffer,
    opts: LedgerImportOptions,
    locale: Locale,
  ): Promise<LedgerImportPreview> {
    await this.requireOrg(actor, orgId, 'import');
    const { sheet, layout, mapping, rows } = await this.open(buffer, locale, opts.mapping);
    const reader = new LedgerRowReader(sheet, mapping, layout.columns, opts.category ?? 'other', locale);
    const errors: ImportIssue[] = unmappedIssues(sheet, layout.headerRows.at(-1)!, mapping, locale);
    let errorCount = errors.length;
    const sample: LedgerSampleRow[] = [];
    let rowCount = 0;
    // Person names by occurrence (row, column), to list those no single member of the unit bears.
    const nameCount = new Map<string, number>();
    const occurrences: Array<Omit<LedgerUnmatchedName, 'message'>> = [];
    for await (const r of rows) {
      const o = reader.read(r);
      if (o.type === 'skip') continue;
      rowCount++;
      if (o.problem)
        for (const column of PERSON_COLUMNS) {
          const name = o.problem[column].trim();
          if (!name) continue;
          nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
          if (occurrences.length < MAX_KEPT_OCCURRENCES) occurrences.push({ row: o.problem.row, column, name });
        }
      if (sample.length < SAMPLE_ROWS) {
        const p = o.problem;
        sample.push({
          row: o.row,
          values: o.values,
          parsed: p
            ? { category: p.category, kind: p.kind, deadline: p.deadline, measures: p.measures, status: p.status }
            : null,
        });
      }
      errorCount += o.issues.length;
      for (const i of o.issues) if (errors.length < MAX_LISTED_ISSUES) errors.push(i);
    }
    if (rowCount === 0) {
      errors.push({ sheet, row: layout.dataRow, message: t(locale, 'lx.err.empty') });
      errorCount++;
    }
    if (rowCount > MAX_LEDGER_ROWS) {
      errors.push({ sheet, row: layout.dataRow, message: t(locale, 'lx.err.tooMany', { max: MAX_LEDGER_ROWS }) });
      errorCount++;
    }
    const linked = await uniqueMembersNamed(this.db, orgId, nameCount.keys());
    let unmatchedCount = 0;
    for (const [name, n] of nameCount) if (!linked.has(name)) unmatchedCount += n;
    const unmatched: LedgerUnmatchedName[] = occurrences
      .filter((o) => !linked.has(o.name))
      .slice(0, MAX_LISTED_UNMATCHED)
      .map((o) => ({
        ...o,
        message: t(locale, 'lx.unmatched', { row: o.row, column: t(locale, `lx.col.${o.column}`), name: o.name }),
      }));
    return {
      unmatched,
      unmatchedCount,
      sheet,
      headerRows: layout.headerRows,
      headerRow: layout.headerRows[0],
      dataRow: layout.dataRow,
      mapping,
      columns: layout.columns,
      sample,
      rowCount,
      errors,
      errorCount,
    };
  }

  // ---------- import ----------

  async importLedger(
    actor: Actor,
    orgId: number,
    buffer: Buffer,
    opts: LedgerImportOptions,
    locale: Locale,
    idem?: IdempotencyKey | null,
  ): Promise<LedgerImportResult> {
    const org = await this.requireOrg(actor, orgId, 'import');
    if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
    return idempotent(this.db, idem, importScope('ledger.import', org.id, buffer), (record) =>
      this.importInto(actor, org, buffer, opts, locale, record),
    );
  }

  private async importInto(
    actor: Actor,
    org: OrgWithStats,
    buffer: Buffer,
    opts: LedgerImportOptions,
    locale: Locale,
    record: RecordAnswer<LedgerImportResult>,
  ): Promise<LedgerImportResult> {
    if (opts.campaignId !== undefined) {
      if (!(await campaignCoversOrg(this.db, opts.campaignId, org.id)))
        throw new AppError('VALIDATION', {}, [{ path: 'campaignId', message: 'lx.err.campaign' }]);
    }
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const { sheet, layout, mapping, rows } = await this.open(buffer, locale, opts.mapping);
    const headerIssues = unmappedIssues(sheet, layout.headerRows.at(-1)!, mapping, locale);
    if (headerIssues.length) {
      await rows.return(undefined);
      throw new AppError('IMPORT_INVALID', { count: headerIssues.length }, headerIssues);
    }
    const reader = new LedgerRowReader(sheet, mapping, layout.columns, opts.category ?? 'other', locale);
    let linkedCount = 0;
    let unlinkedCount = 0;
    const toNew = (p: ParsedProblem, members: Map<string, number>): NewProblem => {
      const link = (name: string) => {
        const id = members.get(name.trim()) ?? null;
        if (name.trim()) {
          if (id) linkedCount++;
          else unlinkedCount++;
        }
        return id;
      };
      return {
        ...toRow(p),
        responsible_leader_member_id: link(p.responsible_leader),
        responsible_person_member_id: link(p.responsible_person),
      };
    };
    const toRow = (p: ParsedProblem): NewProblem => ({
      org_id: org.id,
      campaign_id: opts.campaignId ?? null,
      source: opts.source ?? 'import',
      category: p.category,
      subject: 'unit',
      description: p.description,
      standard: p.standard,
      responsible_leader: p.responsible_leader,
      responsible_dept: p.responsible_dept,
      responsible_person: p.responsible_person,
      kind: p.kind,
      deadline: p.deadline,
      deadline_text: p.deadline_text,
      status: p.status,
      progress: p.progress,
      remark: p.remark,
      created_by: actor.id,
      measures: p.measures.map((content) => ({ content })),
    });

    return withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      // Locks the org's ledger (as insertProblems does) so the numbers reported are the ones given.
      const firstSeq = await reserveSeq(trx, org.id);
      const issues: Array<ImportIssue & { params?: MessageParams }> = [];
      let errorCount = 0;
      let count = 0;
      let written = 0;
      let pending: ParsedProblem[] = [];
      // One chunk is written while the next is read: on PostgreSQL the server inserts while this
      // process parses. At most one write is in flight, and it is always awaited before the
      // callback ends, so nothing runs on the connection after the transaction.
      let inflight: Promise<void> | null = null;
      const write = async (chunk: ParsedProblem[]) => {
        const members = await uniqueMembersNamed(
          trx,
          org.id,
          chunk.flatMap((p) => [p.responsible_leader, p.responsible_person]),
        );
        const ids = await insertProblems(
          trx,
          org.id,
          chunk.map((p) => toNew(p, members)),
        );
        await insertProblemEvents(
          trx,
          ids,
          'import',
          { id: actor.id, name: actor.displayName },
          (i) => chunk[i].status,
        );
        written += ids.length;
      };
      const flush = async () => {
        if (inflight) await inflight;
        inflight = null;
        if (pending.length === 0) return;
        const chunk = pending;
        pending = [];
        inflight = write(chunk);
        inflight.catch(() => undefined); // awaited by the next flush or below
      };
      try {
        for await (const r of rows) {
          const o = reader.read(r);
          if (o.type === 'skip') continue;
          if (++count > MAX_LEDGER_ROWS) {
            throw new AppError('IMPORT_INVALID', { count: 1 }, [
              { sheet, row: r.number, message: 'lx.err.tooMany', params: { max: MAX_LEDGER_ROWS } },
            ]);
          }
          if (o.issues.length) {
            errorCount += o.issues.length;
            for (const i of o.issues) if (issues.length < MAX_LISTED_ISSUES) issues.push(i);
            pending = [];
          } else if (errorCount === 0 && o.problem) {
            pending.push(o.problem);
            if (pending.length >= INSERT_CHUNK) await flush();
          }
        }
        if (errorCount === 0) await flush();
        if (inflight) await inflight;
      } finally {
        await rows.return(undefined);
        if (inflight) await (inflight as Promise<void>).catch(() => undefined);
      }
      if (count === 0)
        throw new AppError('IMPORT_INVALID', { count: 1 }, [{ sheet, row: layout.dataRow, message: 'lx.err.empty' }]);
      if (errorCount > 0) {
        if (errorCount > issues.length)
          issues.push({
            sheet,
            row: issues.at(-1)!.row,
            message: 'lx.err.moreErrors',
            params: { count: errorCount - issues.length },
          });
        throw new AppError('IMPORT_INVALID', { count: errorCount }, issues);
      }
      await audit({
        action: 'ledger.import',
        entityType: 'org',
        entityId: org.id,
        orgId: org.id,
        meta: {
          rows: written,
          linked: linkedCount,
          unlinked: unlinkedCount,
          sha256,
          filename: opts.filename ?? null,
          sheet,
          firstSeq,
          lastSeq: firstSeq + written - 1,
          campaignId: opts.campaignId ?? null,
          source: opts.source ?? 'import',
        },
      });
      const result = {
        imported: written,
        created: written,
        linked: linkedCount,
        unlinked: unlinkedCount,
        firstSeq,
        lastSeq: firstSeq + written - 1,
      };
      await record(trx, result);
      return result;
    });
  }

  // ---------- export ----------

  /**
   * The ledger of an org (or its whole subtree) in the printed layout, streamed: keyset pages of
   * problems in org path order then 序号, their measures fetched per page.
   */
  async exportLedger(
    actor: Actor,
    orgId: number,
    q: LedgerExportQuery,
    locale: Locale,
  ): Promise<LedgerFile & { stream: PassThrough }> {
    const org = await this.requireOrg(actor, orgId, 'export');
    const T = tr(locale);
    const L = ENUM_LABELS[locale];
    const today = dateIn();
    const effects = q.view === 'effects';
    if (effects) q = { ...q, status: 'closed' };
    const cols: Array<{ key: LedgerField | 'unit' | 'status' | 'effect' | 'closed'; width: number }> = effects
      ? [
          { key: 'seq', width: 6 },
          ...(q.subtree ? [{ key: 'unit' as const, width: 18 }] : []),
          { key: 'description', width: 34 },
          { key: 'category', width: 9 },
          { key: 'kind', width: 11 },
          { key: 'measures', width: 36 },
          { key: 'responsible_leader', width: 9 },
          { key: 'responsible_person', width: 9 },
          { key: 'effect', width: 36 },
          { key: 'closed', width: 12 },
        ]
      : [
          { key: 'seq', width: 6 },
          ...(q.subtree ? [{ key: 'unit' as const, width: 18 }] : []),
          { key: 'description', width: 32 },
          { key: 'category', width: 9 },
          { key: 'kind', width: 11 },
          { key: 'measures', width: 38 },
          { key: 'standard', width: 20 },
          { key: 'responsible_leader', width: 9 },
          { key: 'responsible_dept', width: 11 },
          { key: 'responsible_person', width: 9 },
          { key: 'deadline', width: 15 },
          { key: 'progress', width: 22 },
          { key: 'status', width: 11 },
          { key: 'remark', width: 12 },
        ];
    const stream = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const ws = ledgerSheet(
      wb as unknown as ExcelJS.Workbook,
      T('lx.sheet'),
      cols.map((c) => c.width),
      locale,
    );
    const n = cols.length;
    ws.mergeCells(1, 1, 1, n);
    ws.mergeCells(2, 1, 2, n);
    titleRows(
      ws,
      T(effects ? 'lx.effects.title' : 'lx.title', { org: org.name }),
      q.subtree ? T('lx.subtitle.subtree', { org: org.name, date: today }) : T('lx.subtitle', { date: today }),
    );
    ws.getRow(1).commit();
    ws.getRow(2).commit();
    const header = ws.getRow(3);
    cols.forEach((c, i) => headerCell(header.getCell(i + 1), T(`lx.col.${c.key}`)));
    header.height = 30;
    header.commit();

    // One style object per column, shared by every cell: exceljs recognises a style object it has
    // seen before, where styling each cell anew costs about four times the whole export.
    const centered = new Set(['seq', 'category', 'kind', 'status']);
    const styles = cols.map((c) => (centered.has(c.key) ? CELL_CENTERED : CELL_TEXT));
    type Row = ExportRow;
    const db = this.db;

    let no = 0;
    const write = async (rows: Row[], orgName: (id: number) => string) => {
      const measures = await measuresOf(
        db,
        rows.map((r) => r.id),
      );
      for (let i = 0; i < rows.length; i++) {
        if (stream.destroyed) return;
        const p = rows[i];
        const values: Record<string, string | number> = {
          seq: ++no,
          unit: orgName(p.org_id),
          description: p.description,
          category: L.problemCategory[p.category] ?? p.category,
          kind: L.problemKind[p.kind] ?? p.kind,
          measures: (measures.get(p.id) ?? []).map((m, k) => `${k + 1}. ${m}`).join('\n'),
          standard: p.standard,
          responsible_leader: p.responsible_leader,
          responsible_dept: p.responsible_dept,
          responsible_person: p.responsible_person,
          deadline: formatDeadline(p.deadline, p.kind, locale),
          progress: p.progress,
          status: L.problemStatus[p.status] ?? p.status,
          remark: p.remark,
          effect: p.effect,
          closed: p.closed_at ? dateIn(new Date(p.closed_at)) : '',
        };
        const cells = cols.map((c) => values[c.key]);
        const row = ws.addRow(cells);
        row.height = rowHeight(
          cells,
          cols.map((c) => c.width),
        );
        row.eachCell({ includeEmpty: true }, (cell, k) => {
          cell.style = styles[k - 1];
        });
        row.commit();
        if (i % 500 === 499) await new Promise((r) => setImmediate(r));
      }
    };

    void (async () => {
      try {
        if (!q.subtree) {
          let after = 0;
          for (;;) {
            const rows = await exportOwnPage(db, org.id, q, after, EXPORT_PAGE);
            await write(rows, () => org.name);
            if (rows.length < EXPORT_PAGE || stream.destroyed) break;
            after = rows[rows.length - 1].seq;
          }
        } else {
          // Organizations of the subtree holding matching problems, in path order, a page at a time;
          // then their problems ordered by (position of the org in the page, 序号), a page at a time.
          let afterPath: string | null = null;
          for (;;) {
            const orgs = await exportOrgPage(db, org.id, q, afterPath, ORG_PAGE);
            if (orgs.length === 0) break;
            const ids = orgs.map((o) => o.id);
            const names = new Map(orgs.map((o) => [o.id, o.name]));
            let rank = 0;
            let seq = 0;
            for (;;) {
              const page = await exportOrgsPage(db, ids, q, { rank, seq }, EXPORT_PAGE);
              await write(page, (id) => names.get(id) ?? '');
              if (page.length < EXPORT_PAGE || stream.destroyed) break;
              const last = page[page.length - 1];
              rank = Number(last.rank);
              seq = last.seq;
            }
            if (orgs.length < ORG_PAGE || stream.destroyed) break;
            afterPath = orgs[orgs.length - 1].path;
          }
        }
        if (!stream.destroyed) await wb.commit();
      } catch (e) {
        stream.destroy(e as Error);
      }
    })();
    return {
      stream,
      filename: safeName(T(effects ? 'lx.effects.file' : 'lx.file', { org: org.name, date: today })),
      asciiName: `${effects ? 'effects' : 'ledger'}-${org.id}-${today}.xlsx`,
    };
  }

  // ---------- template ----------

  /**
   * The blank ledger in the layout offices fill in: title, subtitle (unit, date), a two-row header
   * with 责任主体 over 责任领导 / 责任部门 / 责任人, numbered blank rows with drop-downs for category
   * and type, and a sheet of instructions.
   */
  async template(locale: Locale): Promise<LedgerFile & { buffer: Buffer }> {
    const T = tr(locale);
    const L = ENUM_LABELS[locale];
    const keys: LedgerField[] = [
      'seq',
      'description',
      'category',
      'kind',
      'measures',
      'standard',
      'responsible_leader',
      'responsible_dept',
      'responsible_person',
      'deadline',
      'progress',
      'remark',
    ];
    const widths = [6, 36, 11, 12, 40, 22, 10, 12, 10, 16, 24, 14];
    const wb = new ExcelJS.Workbook();
    const ws = ledgerSheet(wb, T('lx.sheet'), widths, locale, 4);
    const n = keys.length;
    ws.mergeCells(1, 1, 1, n);
    ws.mergeCells(2, 1, 2, n);
    titleRows(ws, T('lx.template.title'), T('lx.template.subtitle'));
    const owner = [keys.indexOf('responsible_leader') + 1, keys.indexOf('responsible_person') + 1];
    keys.forEach((k, i) => {
      const c = i + 1;
      if (c >= owner[0] && c <= owner[1]) {
        headerCell(ws.getCell(4, c), T(`lx.col.${k}`) + (k === 'responsible_person' ? '*' : ''));
      } else {
        ws.mergeCells(3, c, 4, c);
        headerCell(ws.getCell(3, c), T(`lx.col.${k}`) + (k === 'description' || k === 'deadline' ? '*' : ''));
      }
    });
    ws.mergeCells(3, owner[0], 3, owner[1]);
    headerCell(ws.getCell(3, owner[0]), T('lx.group.owner'));
    for (let c = owner[0]; c <= owner[1]; c++) ws.getCell(3, c).border = THIN_BORDER;
    ws.getRow(3).height = 22;
    ws.getRow(4).height = 22;
    const list = (values: string[]) => ({
      type: 'list' as const,
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
    });
    for (let r = 5; r < 5 + 30; r++) {
      const row = ws.getRow(r);
      row.getCell(1).value = r - 4;
      for (let c = 1; c <= n; c++) {
        const cell = row.getCell(c);
        cell.border = THIN_BORDER;
        cell.alignment =
          c === 1 ? { horizontal: 'center', vertical: 'middle' } : { vertical: 'middle', wrapText: true };
      }
      row.getCell(keys.indexOf('category') + 1).dataValidation = list(
        PROBLEM_CATEGORIES.map((v) => L.problemCategory[v]),
      );
      row.getCell(keys.indexOf('kind') + 1).dataValidation = list(PROBLEM_KINDS.map((v) => L.problemKind[v]));
    }
    const help = wb.addWorksheet(T('lx.template.help'));
    help.columns = [{ width: 18 }, { width: 100 }];
    help.addRow([T('lx.help.column'), T('lx.help.text')]).font = { bold: true };
    const sep = T('lx.optionSep');
    const lines: Array<[string, string]> = [
      [T('lx.col.description'), T('lx.help.description')],
      [
        T('lx.col.category'),
        T('lx.help.category', { options: PROBLEM_CATEGORIES.map((v) => L.problemCategory[v]).join(sep) }),
      ],
      [T('lx.col.kind'), T('lx.help.kind', { options: PROBLEM_KINDS.map((v) => L.problemKind[v]).join(sep) })],
      [T('lx.col.measures'), T('lx.help.measures')],
      [T('lx.col.standard'), T('lx.help.standard')],
      [T('lx.group.owner'), T('lx.help.owner')],
      [T('lx.col.deadline'), T('lx.help.deadline')],
      [T('lx.col.progress'), T('lx.help.progress')],
      ['', T('lx.help.rows')],
      ['', T('lx.help.allOrNothing')],
    ];
    for (const l of lines) help.addRow(l).alignment = { wrapText: true, vertical: 'top' };
    const filename = T('lx.template.file');
    return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), filename, asciiName: 'ledger-import-template.xlsx' };
  }
}

const CELL_TEXT: Partial<ExcelJS.Style> = {
  border: THIN_BORDER,
  font: { name: 'SimSun', size: 10 },
  alignment: { vertical: 'middle', wrapText: true },
};
const CELL_CENTERED: Partial<ExcelJS.Style> = {
  border: THIN_BORDER,
  font: { name: 'SimSun', size: 10 },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};

/** A worksheet set up for printing: A4 landscape, fit to width, header rows repeated, frozen below them. */
function ledgerSheet(
  wb: ExcelJS.Workbook,
  name: string,
  widths: number[],
  locale: Locale,
  headerEnd = 3,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerEnd, xSplit: 0 }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `3:${headerEnd}`,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: t(locale, 'lx.footer') },
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** Display width of text in column-width units: CJK and full-width characters count double. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/**
 * A row height that shows every wrapped line: spreadsheet programs do not grow rows written with
 * wrapped text by a streaming writer, so the lines each cell needs at its column width are counted.
 */
export function rowHeight(
  values: Array<string | number | null | undefined>,
  widths: number[],
  lineHeight = 13.5,
): number {
  let lines = 1;
  values.forEach((v, i) => {
    if (v === null || v === undefined || v === '') return;
    const usable = Math.max(1, widths[i] - 1.5);
    const n = String(v)
      .split('\n')
      .reduce((sum, line) => sum + Math.max(1, Math.ceil(textWidth(line) / usable)), 0);
    lines = Math.max(lines, n);
  });
  return Math.min(409, lines * lineHeight + 4);
}

function titleRows(ws: ExcelJS.Worksheet, title: string, subtitle: string): void {
  const tc = ws.getCell(1, 1);
  tc.value = title;
  tc.font = { name: 'SimHei', size: 18, bold: true };
  tc.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 36;
  const sc = ws.getCell(2, 1);
  sc.value = subtitle;
  sc.font = { name: 'SimSun', size: 11 };
  sc.alignment = { horizontal: 'left', vertical: 'middle' };
  ws.getRow(2).height = 22;
}

function headerCell(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.font = { name: 'SimHei', size: 11, bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  cell.border = THIN_BORDER;
}
