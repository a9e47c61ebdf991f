import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize } from '../../platform/policy.ts';
import { ENUM_LABELS, t, type MessageKey } from '../../platform/i18n.ts';
import { dateIn, daysBetween, formatDate, officeTz } from '../../platform/dates.ts';
import { dateTimeIn } from '../../../shared/dates.ts';
import { renderOfficialDocx, type OfficialBlock } from '../../platform/docx.ts';
import { styledSheet, THIN_BORDER, type ColumnDef } from '../../platform/xlsx.ts';
import type { Locale } from '../../../shared/enums.ts';
import {
  textIn,
  type CampaignDetailView,
  type ProgressFigures,
  type ProgressView,
  type TaskStatus,
  type TaskView,
  type TText,
} from '../../../shared/campaigns.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { campaignPolicy } from './campaigns.policy.ts';
import type { CampaignService } from './campaigns.service.ts';
import type { TTaskQuery } from '../../../shared/schemas/campaigns.ts';

/**
 * Campaign exports: the progress table and the task list as .xlsx, the deployment notice and a
 * unit's progress report as official .docx (GB/T 9704 layout). Every method takes its data and
 * its authorization from the CampaignService methods the JSON endpoints use, so an export shows
 * exactly what the actor may see there; producing a file additionally needs the `export` role
 * (office, supervisor, unit admin) over the org exported.
 */

/** Rows fetched per page when streaming the task list (keyset on id, through CampaignService.tasks). */
const TASK_PAGE = 2000;
/** Rows written between two yields to the event loop. */
const WRITE_SLICE = 500;
/** The red-list sheet lists up to this many units. */
const RED_LIST_MAX = 100_000;
/** A report names at most this many open tasks, and the overdue tasks of at most this many units. */
const REPORT_OPEN_SHOWN = 100;
const REPORT_OVERDUE_UNITS = 50;
/** A report reads at most this many open or overdue tasks to choose what it names. */
const REPORT_SCAN_MAX = 20_000;
/** Per-phase tables list the children of the reporting org up to this many. */
const REPORT_CHILDREN_MAX = 300;

type CxKey = Extract<MessageKey, `cx.${string}`>;
type Tr = (key: CxKey, params?: Record<string, string | number>) => string;
const tr =
  (locale: Locale): Tr =>
  (key, params) =>
    t(locale, key, params);

/** The task-list filters an export takes: those of the JSON list, without its paging. */
export type TaskExportQuery = Omit<TTaskQuery, 'after' | 'limit'>;

export interface ExportFile {
  /** Localized file name (sent as filename* in Content-Disposition). */
  filename: string;
  /** Plain ASCII name for clients that ignore filename*. */
  asciiName: string;
}

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const txt = (x: TText, locale: Locale) => textIn(x, locale);

/** Characters a file name may not carry on common systems. */
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 120);

/** "2026-11-22 14:05" in the office time zone. */
function dateTime(iso: string | null): string {
  return iso ? dateTimeIn(iso, officeTz()) : '';
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 12 → 十二, 20 → 二十 (headings 一、二、… go up to 99). */
export function zhNumeral(n: number): string {
  if (n < 10) return ZH_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : ZH_DIGITS[tens]}十${ones ? ZH_DIGITS[ones] : ''}`;
}
/** A number as the language writes it in headings: 一 or 1. */
const numeral = (n: number, locale: Locale) => t(locale, 'cx.numeral', { n, zh: zhNumeral(n) });
/** A first-level heading number: "一、" or "1. ". */
const headingNo = (n: number, locale: Locale) => t(locale, 'cx.headingNo', { n: numeral(n, locale) });

/**
 * The report's per-phase table of children: Chinese headers also fit the sub-figure 其中：退回
 * across the 版心; English words do not, so the English table leaves it out (the overall sentence
 * gives it). Column widths in inches.
 */
const PHASE_TABLE: Record<Locale, { returned: boolean; widths: number[] }> = {
  'zh-CN': { returned: true, widths: [2.4, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.4] },
  en: { returned: false, widths: [2.0, 0.95, 1.15, 1.2, 1.15, 1.1, 1.35] },
};

/** A short numbered line that starts a section of a stored notice text: "一、…", in English also "1. …" or "IV. …". */
const NUMBERED_HEADING: Record<Locale, RegExp> = {
  'zh-CN': /^[一二三四五六七八九十]+、/,
  en: /^([一二三四五六七八九十]+、|(\d+|[IVXL]+)\.\s)/,
};

/** Column definitions for styledSheet, headers from the catalogue in both languages. */
function columns(defs: Array<[key: string, header: CxKey, width: number]>): ColumnDef[] {
  return defs.map(([key, header, width]) => ({ key, zh: t('zh-CN', header), en: t('en', header), width }));
}

/** Min start and max end of a phase over the batches. */
function phaseSpan(d: CampaignDetailView, key: string): { start: string; end: string } | null {
  const all = d.batches.flatMap((b) => b.phases.filter((p) => p.key === key));
  if (all.length === 0) return null;
  return {
    start: all.reduce((m, p) => (p.start < m ? p.start : m), all[0].start),
    end: all.reduce((m, p) => (p.end > m ? p.end : m), all[0].end),
  };
}

export class CampaignExportService {
  constructor(
    private campaigns: CampaignService,
    /** Today's date in the office time zone (for days overdue); the same clock as the service's. */
    private today: () => string = () => dateIn(),
  ) {}

  /** Producing a file needs the export role over the org (visibility was checked by the service call before). */
  private requireExport(actor: Actor, org: { id: number; path: string }) {
    authorize(actor, campaignPolicy, 'export', { entityType: 'org', entityId: org.id, paths: [org.path] });
  }

  // ---------- progress (.xlsx) ----------

  /** The progress table of an org: its figures, per phase, the children ranked; the red list on a second sheet. */
  async progressWorkbook(
    actor: Actor,
    id: number,
    orgId: number | undefined,
    locale: Locale,
  ): Promise<ExportFile & { buffer: Buffer }> {
    const p = await this.campaigns.progress(actor, id, orgId);
    this.requireExport(actor, p.org);
    const d = await this.campaigns.detail(actor, id);
    const red = await this.campaigns.redList(actor, id, p.org.id, RED_LIST_MAX);
    const T = tr(locale);
    const name = txt(d.name, locale);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Massline';
    wb.title = T('cx.progress.title', { campaign: name });

    const ws = wb.addWorksheet(T('cx.sheet.progress'), {
      pageSetup: {
        orientation: 'landscape',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: T('cx.xlsx.footer') },
    });
    const W = 10;
    ws.columns = [8, 30, 13, 10, 10, 10, 10, 10, 10, 11].map((width) => ({ width }));
    const font = { name: 'SimSun', size: 11 };
    const headerFont = { name: 'SimHei', size: 11, bold: true };
    const merged = (text: string, style: Partial<ExcelJS.Style>, height?: number) => {
      const row = ws.addRow([text]);
      ws.mergeCells(row.number, 1, row.number, W);
      Object.assign(row.getCell(1), style);
      if (height) row.height = height;
      return row;
    };
    const header = (labels: string[]) => {
      const row = ws.addRow(labels);
      row.height = 30;
      row.eachCell({ includeEmpty: true }, (c) => {
        c.font = headerFont;
        c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
        c.border = THIN_BORDER;
      });
      return row;
    };
    const data = (values: Array<string | number>, height = 20) => {
      const row = ws.addRow(values);
      // LibreOffice and Excel keep stored heights on open: rows whose text wraps get theirs here.
      row.height = height;
      for (let c = 1; c <= W; c++) {
        const cell = row.getCell(c);
        cell.font = font;
        cell.border = THIN_BORDER;
        cell.alignment = {
          vertical: 'middle',
          horizontal: c === 2 ? 'left' : 'center',
          wrapText: true,
          indent: c === 2 ? 1 : 0,
        };
      }
      row.getCell(W).numFmt = '0.0%';
      return row;
    };
    // The parts of PROGRESS_PARTS (they sum to the total), then the sub-figure 其中：退回, then the rate.
    const figs = (f: Omit<ProgressFigures, 'units'>) => [
      f.total,
      f.approved,
      f.submitted,
      f.due,
      f.overdue,
      f.returned,
      f.rate,
    ];

    merged(
      T('cx.progress.title', { campaign: name }),
      { font: { name: 'SimSun', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle' } },
      32,
    );
    merged(
      T('cx.progress.subtitle', { org: p.org.name, date: p.today }),
      { font, alignment: { horizontal: 'center', vertical: 'middle' } },
      20,
    );

    const rankHeader = [
      T('cx.col.rank'),
      T('cx.col.unit'),
      T('cx.col.units'),
      T('cx.col.total'),
      T('cx.col.approved'),
      T('cx.col.submitted'),
      T('cx.col.due'),
      T('cx.col.overdue'),
      T('cx.col.ofWhichReturned'),
      T('cx.col.rate'),
    ];
    const section = (text: string) =>
      merged(text, { font: { name: 'SimHei', size: 12, bold: true }, alignment: { vertical: 'middle' } }, 24);

    // 一、总体情况: the org's row in the ranking's columns, then what the row cannot carry.
    section(T('cx.progress.overall'));
    const oh = header(rankHeader.slice(1).flatMap((h, i) => (i === 0 ? [h, ''] : [h])));
    ws.mergeCells(oh.number, 1, oh.number, 2);
    const od = data([p.org.name, '', p.figures.units, ...figs(p.figures)]);
    ws.mergeCells(od.number, 1, od.number, 2);
    od.getCell(1).alignment = { vertical: 'middle', horizontal: 'left', indent: 1 };
    // 列入督办单位数 | m | how the columns add up: the label styled as a header, the rest as data.
    const note = header([T('cx.col.redList'), '', '', T('cx.progress.partition'), '', '', '', '', '', '']);
    note.getCell(3).value = p.redListCount;
    ws.mergeCells(note.number, 1, note.number, 2);
    ws.mergeCells(note.number, 4, note.number, W);
    note.height = 34;
    for (const col of [3, 4]) {
      const c = note.getCell(col);
      c.font = col === 4 ? { ...font, size: 10 } : font;
      c.fill = { type: 'pattern', pattern: 'none' };
      c.alignment = {
        horizontal: col === 4 ? 'left' : 'center',
        vertical: 'middle',
        wrapText: true,
        indent: col === 4 ? 1 : 0,
      };
    }

    // 二、分环节情况
    ws.addRow([]);
    section(T('cx.progress.phases'));
    header([T('cx.col.seq'), T('cx.col.phase'), T('cx.col.dates'), ...rankHeader.slice(3)]);
    d.body.phases.forEach((ph, i) => {
      const f = p.byPhase.find((x) => x.phaseKey === ph.key);
      const span = phaseSpan(d, ph.key);
      data(
        [
          i + 1,
          txt(ph.name, locale),
          span ? T('cx.dateRange', { start: span.start, end: span.end }) : '',
          ...(f ? figs(f) : [0, 0, 0, 0, 0, 0, 0]),
        ],
        32,
      );
    });

    // 三、下级单位排名: the long table; its header repeats on every printed page.
    ws.addRow([]);
    section(T('cx.progress.children'));
    const rankRow = header(rankHeader);
    for (const ch of p.children) data([ch.rank, ch.name, ch.units, ...figs(ch)]);
    if (p.children.length === 0)
      merged(T('cx.progress.noChildren'), { font, alignment: { horizontal: 'center' }, border: THIN_BORDER });
    ws.pageSetup.printTitlesRow = `${rankRow.number}:${rankRow.number}`;

    // Second sheet: the red list.
    const redCols = columns([
      ['seq', 'cx.col.seq', 7],
      ['unit', 'cx.col.unit', 36],
      ['overdue', 'cx.col.overdueTasks', 12],
      ['oldestDue', 'cx.col.oldestDue', 14],
      ['days', 'cx.col.overdueDays', 12],
    ]);
    const rs = styledSheet(
      wb,
      T('cx.sheet.redList'),
      T('cx.redList.title', { campaign: name, days: red.escalationDays, date: p.today }),
      redCols,
      locale,
    );
    rs.pageSetup.orientation = 'portrait';
    rs.pageSetup.horizontalCentered = true;
    red.items.forEach((r, i) => {
      const row = rs.addRow([i + 1, r.name, r.overdue, r.oldestDue, r.daysOverdue]);
      row.eachCell({ includeEmpty: true }, (c, col) => {
        c.border = THIN_BORDER;
        c.font = font;
        c.alignment = { vertical: 'middle', horizontal: col === 2 ? 'left' : 'center' };
      });
    });
    if (red.items.length === 0) {
      const row = rs.addRow([T('cx.redList.none')]);
      rs.mergeCells(row.number, 1, row.number, redCols.length);
      row.getCell(1).alignment = { horizontal: 'center' };
      row.getCell(1).border = THIN_BORDER;
    }

    return {
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      filename: safeName(T('cx.file.progress', { org: p.org.name, date: p.today })),
      asciiName: `campaign-${id}-progress-${p.org.id}.xlsx`,
    };
  }

  // ---------- task list (.xlsx, streamed) ----------

  /**
   * The filtered task list, every row: the first page is read (and authorized) before the answer
   * starts; the rest is streamed page by page through the same service method (keyset on id).
   */
  async tasksWorkbook(
    actor: Actor,
    id: number,
    query: TaskExportQuery,
    locale: Locale,
  ): Promise<ExportFile & { stream: PassThrough }> {
    const page = (after?: string) => this.campaigns.tasks(actor, id, { ...query, after, limit: TASK_PAGE });
    const first = await page();
    const org = await findOrg(this.campaigns.dbHandle, query.org);
    if (!org) throw new AppError('NOT_FOUND');
    this.requireExport(actor, org);
    const d = await this.campaigns.detail(actor, id);
    const T = tr(locale);
    const L = ENUM_LABELS[locale];
    const today = this.today();
    const phaseName = new Map(d.body.phases.map((ph) => [ph.key, txt(ph.name, locale)]));
    const cols = columns([
      ['seq', 'cx.col.seq', 7],
      ['unit', 'cx.col.unit', 28],
      ['phase', 'cx.col.phase', 18],
      ['action', 'cx.col.action', 26],
      ['kind', 'cx.col.kind', 10],
      ['period', 'cx.col.period', 10],
      ['dueDate', 'cx.col.dueDate', 12],
      ['status', 'cx.col.status', 13],
      ['overdueDays', 'cx.col.overdueDays', 9],
      ['submittedAt', 'cx.col.submittedAt', 17],
      ['lastComment', 'cx.col.lastComment', 30],
    ]);
    const scope = query.subtree ? T('cx.scope.subtree', { org: org.name }) : org.name;
    const stream = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
    const ws = styledSheet(
      wb as unknown as ExcelJS.Workbook,
      T('cx.sheet.tasks'),
      T('cx.tasks.title', { campaign: txt(d.name, locale), scope, date: today }),
      cols,
      locale,
    );
    const write = (items: TaskView[], seq: number) => {
      for (const task of items) {
        const row = ws.addRow([
          ++seq,
          task.orgName,
          phaseName.get(task.phaseKey) ?? task.phaseKey,
          txt(task.actionName, locale),
          T(task.kind === 'optional' ? 'cx.kind.optional' : 'cx.kind.prescribed'),
          task.period,
          task.dueDate,
          L.taskStatus[task.status] ?? task.status,
          task.overdue ? daysBetween(task.dueDate, today) : null,
          dateTime(task.submittedAt),
          task.lastComment ?? '',
        ]);
        row.eachCell({ includeEmpty: true }, (c) => (c.border = THIN_BORDER));
        row.commit();
      }
      return seq;
    };
    void (async () => {
      try {
        ws.getRow(1).commit();
        ws.getRow(2).commit();
        // The next page is asked for before this one is written (on PostgreSQL the query runs
        // meanwhile), and rows are written in slices so other requests get the event loop too.
        let current = first;
        let seq = 0;
        for (;;) {
          const next = current.next !== null ? page(current.next) : null;
          next?.catch(() => undefined); // awaited below; not an unhandled rejection if the client left first
          for (let i = 0; i < current.items.length; i += WRITE_SLICE) {
            if (stream.destroyed) return; // the client went away: stop reading
            seq = write(current.items.slice(i, i + WRITE_SLICE), seq);
            await new Promise((r) => setImmediate(r));
          }
          if (!next) break;
          current = await next;
        }
        await wb.commit();
      } catch (e) {
        stream.destroy(e as Error);
      }
    })();
    return {
      stream,
      filename: safeName(T('cx.file.tasks', { org: org.name, date: today })),
      asciiName: `campaign-${id}-tasks-${org.id}.xlsx`,
    };
  }

  /** Every task of a filtered list (up to `max`), through the service's pages. */
  private async allTasks(
    actor: Actor,
    id: number,
    query: TaskExportQuery,
    max = REPORT_SCAN_MAX,
  ): Promise<{ items: TaskView[]; total: number }> {
    const items: TaskView[] = [];
    let after: string | undefined;
    let total: number;
    for (;;) {
      const pg = await this.campaigns.tasks(actor, id, {
        ...query,
        after,
        limit: Math.min(TASK_PAGE, max - items.length),
      });
      items.push(...pg.items);
      total = pg.total;
      if (pg.next === null || items.length >= max) break;
      after = pg.next;
    }
    return { items, total };
  }

  // ---------- deployment notice (.docx) ----------

  /** The 部署通知 in the official layout; its body is the stored notice text, or one generated from the phases. */
  async noticeDocx(actor: Actor, id: number, locale: Locale): Promise<ExportFile & { buffer: Buffer }> {
    const d = await this.campaigns.detail(actor, id);
    const T = tr(locale);
    const L = ENUM_LABELS[locale];
    const name = txt(d.name, locale);
    const org = await findOrg(this.campaigns.dbHandle, d.orgId);
    const levels = [...new Set(d.batches.flatMap((b) => b.levels))];
    const addressed = levels.filter((l) => l !== org?.level);
    const recipients = T('cx.notice.recipients', {
      units: (addressed.length ? addressed : levels).map((l) => L.level[l] ?? l).join(T('cx.sep.list')),
    });
    const body = d.noticeBody.trim() ? noticeFromText(d.noticeBody, locale) : this.generatedNotice(d, locale);
    const buffer = await renderOfficialDocx({
      issuer: d.orgName,
      docNumber: d.docNumber ?? undefined,
      title: T('cx.notice.title', { campaign: name }),
      recipients,
      body,
      signature: d.orgName,
      date: formatDate(dateIn(new Date(d.createdAt)), locale),
      locale,
    });
    return {
      buffer,
      filename: safeName(T('cx.file.notice', { campaign: name })),
      asciiName: `campaign-${id}-notice.docx`,
    };
  }

  /** A notice body from the campaign itself: scope and timetable, one heading per phase with its actions, requirements. */
  private generatedNotice(d: CampaignDetailView, locale: Locale): OfficialBlock[] {
    const T = tr(locale);
    const L = ENUM_LABELS[locale];
    const date = (s: string) => formatDate(s, locale);
    const sep = T('cx.sep.list');
    const out: OfficialBlock[] = [];
    out.push(
      T('cx.notice.intro', {
        org: d.orgName,
        campaign: txt(d.name, locale),
        start: date(d.startDate),
        end: date(d.endDate),
      }),
    );
    let n = 0;
    out.push({ heading: headingNo(++n, locale) + T('cx.notice.scopeHeading') });
    for (const b of d.batches) {
      const kinds = b.kinds.map((k) => L.kind[k] ?? k).join(sep);
      const levels = b.levels.map((l) => L.level[l] ?? l).join(sep) + (kinds ? T('cx.paren', { text: kinds }) : '');
      out.push(T('cx.notice.batch', { batch: b.name, levels, start: date(b.startDate), end: date(b.endDate) }));
    }
    for (const ph of d.body.phases) {
      out.push({ heading: headingNo(++n, locale) + txt(ph.name, locale) });
      if (ph.description) out.push(txt(ph.description, locale));
      const perBatch = d.batches.map((b) => ({ b, p: b.phases.find((x) => x.key === ph.key) })).filter((x) => x.p);
      // One range when every batch has the same dates for the phase, else one per batch.
      const same = perBatch.every(({ p }) => p!.start === perBatch[0].p!.start && p!.end === perBatch[0].p!.end);
      const dates = same
        ? perBatch.slice(0, 1).map(({ p }) => T('cx.dateRange', { start: date(p!.start), end: date(p!.end) }))
        : perBatch.map(({ b, p }) =>
            T('cx.notice.phaseBatch', { batch: b.name, start: date(p!.start), end: date(p!.end) }),
          );
      if (dates.length) out.push(T('cx.notice.phaseDates', { dates: dates.join(T('cx.sep.clause')) }));
      const prescribed = d.body.actions.filter((a) => a.phaseKey === ph.key && a.kind === 'prescribed');
      if (prescribed.length) {
        out.push(T('cx.notice.prescribed'));
        prescribed.forEach((a, i) => {
          const desc = a.description ? txt(a.description, locale) : '';
          const line = T('cx.notice.action', {
            n: i + 1,
            action: txt(a.name, locale),
            recurrence: a.recurrence ? T(`cx.recurrence.${a.recurrence}`) : '',
          });
          out.push(desc ? T('cx.notice.actionWithDescription', { line, description: desc }) : line);
        });
      }
      const optional = d.body.actions.filter((a) => a.phaseKey === ph.key && a.kind === 'optional');
      if (optional.length)
        out.push(T('cx.notice.optional', { actions: optional.map((a) => txt(a.name, locale)).join(sep) }));
    }
    out.push({ heading: headingNo(n + 1, locale) + T('cx.notice.requirementsHeading') });
    out.push(T('cx.notice.requirements'));
    for (const r of d.body.requirements) if (r.note) out.push(txt(r.note, locale));
    out.push(T('cx.notice.escalation', { days: d.escalationDays }));
    return out;
  }

  // ---------- progress report (.docx) ----------

  /** A unit's 进展情况报告: overall figures, a table per phase, the open tasks, the overdue ones named. */
  async reportDocx(
    actor: Actor,
    id: number,
    orgId: number | undefined,
    locale: Locale,
  ): Promise<ExportFile & { buffer: Buffer }> {
    const p = await this.campaigns.progress(actor, id, orgId);
    this.requireExport(actor, p.org);
    const d = await this.campaigns.detail(actor, id);
    const T = tr(locale);
    const L = ENUM_LABELS[locale];
    const name = txt(d.name, locale);
    const date = (s: string) => formatDate(s, locale);
    const org = await findOrg(this.campaigns.dbHandle, p.org.id);
    const parent =
      org?.parent_id && p.org.id !== d.orgId ? await findOrg(this.campaigns.dbHandle, org.parent_id) : undefined;
    const body: OfficialBlock[] = [];
    let n = 0;
    body.push(T('cx.report.intro', { campaign: name, date: date(p.today) }));

    body.push({ heading: headingNo(++n, locale) + T('cx.report.overallHeading') });
    const f = p.figures;
    body.push(
      T('cx.report.overall', {
        units: f.units,
        total: f.total,
        approved: f.approved,
        submitted: f.submitted,
        due: f.due,
        overdue: f.overdue,
        returned: f.returned,
        rate: pct(f.rate),
      }),
    );

    // A table per phase: the children's figures for that phase (their own progress, read through
    // the service), or, for a unit without participating children, its own tasks of the phase.
    body.push({ heading: headingNo(++n, locale) + T('cx.report.phasesHeading') });
    const children = p.children.slice(0, REPORT_CHILDREN_MAX);
    const childProgress: ProgressView[] = [];
    for (const ch of children) childProgress.push(await this.campaigns.progress(actor, id, ch.orgId));
    const own =
      children.length === 0
        ? (await this.allTasks(actor, id, { org: p.org.id, subtree: false, overdue: false })).items
        : [];
    d.body.phases.forEach((ph, i) => {
      const pf = p.byPhase.find((x) => x.phaseKey === ph.key) ?? EMPTY_FIGURES;
      const span = phaseSpan(d, ph.key);
      body.push(
        T('cx.report.phase', {
          n: numeral(i + 1, locale),
          phase: txt(ph.name, locale),
          dates: span ? T('cx.dateRange', { start: date(span.start), end: date(span.end) }) : '',
          total: pf.total,
          approved: pf.approved,
          submitted: pf.submitted,
          due: pf.due,
          overdue: pf.overdue,
          rate: pct(pf.rate),
        }),
      );
      if (children.length > 0) {
        // The parts (they sum to the total) in both languages, and 其中：退回 where it fits.
        const full = PHASE_TABLE[locale].returned;
        const cells = (f: Omit<ProgressFigures, 'units'>) => [
          f.total,
          f.approved,
          f.submitted,
          f.due,
          f.overdue,
          ...(full ? [f.returned] : []),
          pct(f.rate),
        ];
        const rows = childProgress.map((cp) => [
          cp.org.name,
          ...cells(cp.byPhase.find((b) => b.phaseKey === ph.key) ?? EMPTY_FIGURES),
        ]);
        rows.push([T('cx.total'), ...cells(pf)]);
        const columns = [
          T('cx.col.unit'),
          T('cx.col.total'),
          T('cx.col.approved'),
          T('cx.col.submitted'),
          T('cx.col.due'),
          T('cx.col.overdue'),
          ...(full ? [T('cx.col.ofWhichReturned')] : []),
          T('cx.col.rate'),
        ];
        body.push({
          table: {
            columns,
            rows,
            widths: PHASE_TABLE[locale].widths,
          },
        });
      } else {
        const tasks = own.filter((x) => x.phaseKey === ph.key);
        if (tasks.length) {
          body.push({
            table: {
              columns: [
                T('cx.col.seq'),
                T('cx.col.action'),
                T('cx.col.dueDate'),
                T('cx.col.status'),
                T('cx.col.submittedAt'),
              ],
              rows: tasks.map((x, k) => [
                k + 1,
                actionLabel(x, locale),
                x.dueDate,
                statusLabel(x, L, locale),
                dateTime(x.submittedAt),
              ]),
              widths: [0.7, 3.4, 2.3, 2.4, 2.6],
            },
          });
        }
      }
    });

    // The tasks still open (to do or returned), earliest due first.
    body.push({ heading: headingNo(++n, locale) + T('cx.report.openHeading') });
    const drafts = await this.allTasks(actor, id, { org: p.org.id, subtree: true, status: 'draft', overdue: false });
    const returned = await this.allTasks(actor, id, {
      org: p.org.id,
      subtree: true,
      status: 'returned',
      overdue: false,
    });
    const open = [...drafts.items, ...returned.items].sort(
      (a, b) => a.dueDate.localeCompare(b.dueDate) || a.orgName.localeCompare(b.orgName) || a.id - b.id,
    );
    const openTotal = drafts.total + returned.total;
    if (openTotal === 0) body.push(T('cx.report.openNone'));
    else {
      const shown = open.slice(0, REPORT_OPEN_SHOWN);
      body.push(
        T(shown.length < openTotal ? 'cx.report.openPartial' : 'cx.report.open', {
          count: openTotal,
          returned: returned.total,
          shown: shown.length,
        }),
      );
      body.push({
        table: {
          columns: [T('cx.col.seq'), T('cx.col.unit'), T('cx.col.action'), T('cx.col.dueDate'), T('cx.col.status')],
          rows: shown.map((x, k) => [k + 1, x.orgName, actionLabel(x, locale), x.dueDate, statusLabel(x, L, locale)]),
          widths: [0.9, 2.8, 2.9, 2.2, 2.4],
        },
      });
    }

    // The overdue ones, named unit by unit (oldest first).
    body.push({ heading: headingNo(n + 1, locale) + T('cx.report.overdueHeading') });
    const overdue = await this.allTasks(actor, id, { org: p.org.id, subtree: true, overdue: true });
    if (overdue.total === 0) body.push(T('cx.report.overdueNone'));
    else {
      const byUnit = new Map<number, TaskView[]>();
      for (const x of overdue.items) byUnit.set(x.orgId, [...(byUnit.get(x.orgId) ?? []), x]);
      const units = [...byUnit.values()]
        .map((ts) => ts.sort((a, b) => a.dueDate.localeCompare(b.dueDate)))
        .sort((a, b) => a[0].dueDate.localeCompare(b[0].dueDate) || a[0].orgName.localeCompare(b[0].orgName));
      // Counting units needs every overdue task; past the scan limit the sentence gives the total only.
      const complete = overdue.items.length === overdue.total;
      body.push(
        complete
          ? T('cx.report.overdue', { date: date(p.today), units: units.length, count: overdue.total })
          : T('cx.report.overdueMany', { date: date(p.today), count: overdue.total }),
      );
      for (const ts of units.slice(0, REPORT_OVERDUE_UNITS)) {
        const list = ts.map((x) =>
          T('cx.report.overdueTask', {
            action: actionLabel(x, locale),
            due: date(x.dueDate),
            days: daysBetween(x.dueDate, p.today),
          }),
        );
        body.push(T('cx.report.overdueUnit', { unit: ts[0].orgName, tasks: list.join(T('cx.sep.clause')) }));
      }
      if (complete && units.length > REPORT_OVERDUE_UNITS)
        body.push(T('cx.report.overdueMore', { count: units.length - REPORT_OVERDUE_UNITS }));
      if (p.redListCount > 0) body.push(T('cx.report.redList', { days: d.escalationDays, count: p.redListCount }));
    }
    body.push(T('cx.report.closing'));
    body.push(T('cx.report.end'));

    const buffer = await renderOfficialDocx({
      issuer: p.org.name,
      title: T('cx.report.title', { org: p.org.name, campaign: name }),
      recipients: parent ? T('cx.report.recipients', { org: parent.name }) : undefined,
      body,
      signature: p.org.name,
      date: date(p.today),
      locale,
    });
    return {
      buffer,
      filename: safeName(T('cx.file.report', { org: p.org.name, date: p.today })),
      asciiName: `campaign-${id}-report-${p.org.id}.docx`,
    };
  }
}

/** The figures of a phase without tasks at the org. */
const EMPTY_FIGURES: Omit<ProgressFigures, 'units'> = {
  total: 0,
  approved: 0,
  submitted: 0,
  due: 0,
  overdue: 0,
  returned: 0,
  returnedDue: 0,
  returnedOverdue: 0,
  draft: 0,
  rate: 0,
};

/** An action's name with its reporting period, if any: "整改进展月报告（2026-12）". */
function actionLabel(x: TaskView, locale: Locale): string {
  const name = txt(x.actionName, locale);
  if (!x.period) return name;
  return t(locale, 'cx.withPeriod', { name, period: x.period });
}

function statusLabel(x: TaskView, L: Record<string, Record<string, string>>, locale: Locale): string {
  const s = L.taskStatus[x.status as TaskStatus] ?? x.status;
  return x.overdue ? t(locale, 'cx.statusOverdue', { status: s }) : s;
}

/**
 * The stored notice text as body blocks: one paragraph a line; a short line numbered "一、…"
 * (or "1. …" in English) without a full stop is a heading.
 */
export function noticeFromText(text: string, locale: Locale): OfficialBlock[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const numbered = NUMBERED_HEADING[locale].test(l);
      return numbered && l.length <= 40 && !/[。；]$/.test(l) ? { heading: l } : l;
    });
}
