import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.ts';
import { orderForStreaming } from '../../platform/xlsx.ts';
import { t, type MessageKey } from '../../platform/i18n.ts';
import {
  fiveClearMissing,
  parseDeadline,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  type ProblemCategory,
  type ProblemKind,
} from '../../../shared/ledger.ts';
import {
  LEDGER_FIELDS,
  LEDGER_REQUIRED_FIELDS,
  type LedgerColumn,
  type LedgerField,
  type LedgerMapping,
} from '../../../shared/ledger-excel.ts';
import type { ImportIssue } from '../../../shared/api.ts';
import type { Locale } from '../../../shared/enums.ts';
import { ledgerEnums } from '../../platform/texts/ledger.ts';

/**
 * Reading an office's problem ledger (问题整改台账) as offices keep it in Excel: a title row,
 * perhaps a subtitle row, one or two header rows (a group header such as 责任主体 over 责任领导 /
 * 责任人), data rows, section rows ("一、形式主义方面") and footnotes ("合计", "备注：…").
 * Pure functions plus a streaming sheet reader; the service decides what is written.
 */

export type Cell = string | number | Date | boolean | null;
export interface SheetRow {
  /** Row number as Excel shows it. */
  number: number;
  /** Values by 0-based column index. */
  cells: Cell[];
}

/** Rows looked at to find the header. */
export const HEADER_SCAN_ROWS = 15;

// ---------- reading the sheet ----------

/**
 * Streams the rows of the first worksheet without loading the workbook: exceljs's streaming
 * reader keeps the shared strings and styles (dates need them) and one row at a time. The sheet's
 * name lands in `info.sheet` before the first row is yielded. Unreadable files: IMPORT_FILE.
 */
export async function* sheetRows(buffer: Buffer, locale: Locale, info: { sheet: string }): AsyncGenerator<SheetRow> {
  if (buffer.length < 4 || buffer[0] !== 0x50 || buffer[1] !== 0x4b)
    throw new AppError('IMPORT_FILE', { reason: 'import.notXlsx' });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([await orderForStreaming(buffer)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles are not read (a third faster): a date cell then arrives as its serial number, which
    // the deadline column turns back into a date (deadlineText); other columns want text anyway.
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  let inside = false;
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as { name: string; state?: string } & AsyncIterable<ExcelJS.Row>;
      // Only the first visible sheet is read; later ones (instructions) are skipped unread.
      if (found || sheet.state === 'hidden' || sheet.state === 'veryHidden') continue;
      found = true;
      info.sheet = sheet.name;
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellValue(values[c]));
        inside = true;
        yield { number: row.number, cells };
        inside = false;
      }
    }
  } catch (e) {
    if (inside || e instanceof AppError) throw e;
    throw new AppError('IMPORT_FILE', { reason: String((e as Error)?.message ?? e).slice(0, 200) });
  }
  if (!found) throw new AppError('IMPORT_FILE', { reason: 'import.noSheet' });
}

/** Plain value of a cell (rich text, formulas, hyperlinks flattened; errors and blanks null). */
export function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as Array<{ text: string }>).map((r) => r.text ?? '').join('') || null;
    if ('result' in o || 'formula' in o || 'sharedFormula' in o) return cellValue(o.result);
    if ('text' in o) return cellValue(o.text);
    if ('error' in o) return null;
  }
  return null;
}

/** Text of a cell: dates as YYYY-MM-DD, integers without decimals, line breaks normalized. */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** A deadline cell as text: real dates and date serials (unformatted) become YYYY-MM-DD. */
export function deadlineText(v: Cell): string {
  if (typeof v === 'number' && v > 20_000 && v < 80_000) {
    return new Date(Math.round((v - 25_569) * 86_400_000)).toISOString().slice(0, 10);
  }
  return cellText(v);
}

// ---------- headers ----------

const norm = (s: string) =>
  s
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s\u3000*＊:：]/g, '')
    .toLowerCase();

/** Header texts per field, zh and en, written as they are normalized (no spaces, lower case). */
const SYNONYMS: Record<LedgerField, string[]> = {
  seq: ['序号', '编号', '序', '序列号', 'no.', 'no', '#', 'number', 'seq'],
  description: [
    '问题描述',
    '存在问题',
    '问题表现',
    '存在的问题',
    '问题内容',
    '问题',
    '具体问题',
    '问题清单',
    '查摆问题',
    '主要问题',
    '问题及表现',
    '问题具体表现',
    'problem',
    'problems',
    'description',
    'problemdescription',
    'issue',
  ],
  category: [
    '问题类别',
    '问题类型',
    '问题分类',
    '类别',
    '四风类别',
    '所属类别',
    '问题性质',
    'category',
    'problemcategory',
  ],
  kind: [
    '整改类型',
    '整改类别',
    '整改方式',
    '整改性质',
    '整改分类',
    '类型',
    'kind',
    'type',
    'rectificationtype',
    'typeofrectification',
  ],
  measures: [
    '整改措施',
    '措施',
    '整改举措',
    '主要措施',
    '具体措施',
    '整改措施及步骤',
    '整改思路和措施',
    'measures',
    'measure',
    'rectificationmeasures',
  ],
  standard: [
    '整改标准',
    '整改目标',
    '整改目标及标准',
    '整改标准/整改目标',
    '整改目标/整改标准',
    '整改目标/标准',
    '整改标准/目标',
    '整改要求',
    '目标',
    '标准',
    'standard',
    'target',
    'standard/target',
    'goal',
  ],
  responsible_leader: ['责任领导', '牵头领导', '分管领导', '责任领导人', '包联领导', 'responsibleleader', 'leader'],
  responsible_dept: [
    '责任部门',
    '责任单位',
    '牵头部门',
    '责任科室',
    '牵头单位',
    '承办部门',
    '责任处室',
    '责任股室',
    'responsibledepartment',
    'responsibledept',
    'department',
  ],
  responsible_person: [
    '责任人',
    '具体责任人',
    '经办人',
    '直接责任人',
    '承办人',
    '责任人员',
    '具体负责人',
    'responsibleperson',
    'personresponsible',
    'person',
  ],
  deadline: [
    '整改时限',
    '完成时限',
    '时限',
    '完成时间',
    '整改期限',
    '整改时间',
    '时间要求',
    '时限要求',
    'deadline',
    'timelimit',
    'duedate',
  ],
  progress: [
    '完成情况',
    '整改进展',
    '进展情况',
    '整改情况',
    '整改完成情况',
    '整改进度',
    '落实情况',
    '整改落实情况',
    'progress',
  ],
  remark: ['备注', '说明', 'remark', 'remarks', 'notes', 'note'],
};
const EXACT = new Map<string, LedgerField>();
for (const f of LEDGER_FIELDS) for (const s of SYNONYMS[f]) EXACT.set(s, f);
/** Longer synonyms first, so 整改措施 wins over 措施 when a header only contains them. */
const CONTAINED = [...EXACT.entries()]
  .filter(([s]) => s.length >= 2 && !/^[a-z#.]+$/.test(s))
  .sort((a, b) => b[0].length - a[0].length);

/** The field a header text names, if any: exact first, then a short header containing a known name. */
export function headerField(text: string): LedgerField | undefined {
  const s = norm(text);
  if (!s) return undefined;
  const exact = EXACT.get(s);
  if (exact) return exact;
  if (s.length > 12) return undefined;
  for (const [syn, field] of CONTAINED) if (s.includes(syn)) return field;
  return undefined;
}

export interface LedgerLayout {
  headerRows: number[];
  dataRow: number;
  columns: LedgerColumn[];
  mapping: LedgerMapping;
}

const textOf = (row: SheetRow | undefined, c: number) => (row ? cellText(row.cells[c] ?? null) : '');
const nonEmpty = (row: SheetRow) => row.cells.map((_, i) => i).filter((i) => cellText(row.cells[i]) !== '');

/**
 * Finds the header row(s) among the first rows: the first row naming at least three fields, plus
 * the row below it when that one only holds sub-headers (under a group header, or repeating the
 * header above). A row numbering the columns (1, 2, 3…) right below is skipped too.
 */
export function detectLayout(rows: SheetRow[], locale: Locale): LedgerLayout {
  const fieldsOf = (row: SheetRow) => {
    const m = new Map<number, LedgerField>();
    for (const c of nonEmpty(row)) {
      const f = headerField(textOf(row, c));
      if (f) m.set(c, f);
    }
    return m;
  };
  for (let i = 0; i < rows.length; i++) {
    const top = rows[i];
    const topFields = fieldsOf(top);
    if (new Set(topFields.values()).size < 2) continue;
    let sub: SheetRow | undefined = rows[i + 1]?.number === top.number + 1 ? rows[i + 1] : undefined;
    if (sub) {
      const s = sub;
      const subFields = fieldsOf(s);
      // Every filled cell repeats the header above, sits under a group header, or is a header itself.
      const fits = nonEmpty(s).every((c) => textOf(s, c) === textOf(top, c) || !topFields.has(c) || subFields.has(c));
      if (!(subFields.size >= 1 && fits)) sub = undefined;
    }
    const named = new Set([...topFields.values(), ...(sub ? fieldsOf(sub).values() : [])]);
    if (named.size < 3) continue;
    const headerRows = sub ? [top.number, sub.number] : [top.number];
    let dataRow = (sub ?? top).number + 1;
    const after = rows.find((r) => r.number === dataRow);
    if (after) {
      const nums = nonEmpty(after).map((c) => Number(cellText(after.cells[c])));
      if (nums.length >= 3 && nums.every((n, k) => n === k + 1)) dataRow += 1;
    }
    const width = Math.max(top.cells.length, sub?.cells.length ?? 0);
    const columns: LedgerColumn[] = [];
    const mapping: LedgerMapping = {};
    const clean = (x: string) => x.replace(/\s*\n\s*/g, '').trim();
    let group = '';
    for (let c = 0; c < width; c++) {
      const a = clean(textOf(top, c));
      const b = clean(textOf(sub, c));
      // A merged group header stands in its first cell only: it carries on over the empty cells to its right.
      if (a) group = b && a !== b ? a : '';
      const header = b || a;
      if (!header) continue;
      const col: LedgerColumn = { index: c, header };
      if (b && b !== a && group) col.group = group;
      columns.push(col);
      const field = headerField(b) ?? headerField(a);
      if (field && mapping[field] === undefined) mapping[field] = c;
    }
    return { headerRows, dataRow, columns, mapping };
  }
  throw new AppError('IMPORT_INVALID', { count: 1 }, [
    { sheet: '', row: 1, message: t(locale, 'lx.err.noHeader', { rows: HEADER_SCAN_ROWS }) },
  ]);
}

/** A mapping sent by the client, checked: known fields, column indexes in range. */
export function checkMapping(raw: unknown, locale: Locale): LedgerMapping {
  const bad = () => new AppError('VALIDATION', {}, [{ path: 'mapping', message: t(locale, 'lx.err.mapping') }]);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad();
  const out: LedgerMapping = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(LEDGER_FIELDS as readonly string[]).includes(k)) throw bad();
    if (v === null || v === undefined || v === '') continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 500) throw bad();
    out[k as LedgerField] = n;
  }
  return out;
}

// ---------- values ----------

const labelKey = (s: string) => s.replace(/[\s\u3000]/g, '').toLowerCase();
function labelTable<T extends string>(group: string, values: readonly T[], extra: Record<string, T>): Map<string, T> {
  const m = new Map<string, T>();
  for (const v of values) m.set(labelKey(v), v);
  for (const loc of ['zh-CN', 'en'] as const)
    for (const [v, label] of Object.entries(ledgerEnums[loc][group])) m.set(labelKey(label), v as T);
  for (const [k, v] of Object.entries(extra)) m.set(labelKey(k), v);
  return m;
}
const KIND_LABELS = labelTable<ProblemKind>('problemKind', PROBLEM_KINDS, {
  即知即改: 'immediate',
  立即整改: 'immediate',
  立整立改: 'immediate',
  立改: 'immediate',
  立即: 'immediate',
  'long-term': 'long_term',
  longterm: 'long_term',
  阶段性: 'phased',
  阶段整改: 'phased',
  限期整改: 'phased',
  分阶段整改: 'phased',
  阶段性整改问题: 'phased',
  长期: 'long_term',
  长期坚持: 'long_term',
  持续整改: 'long_term',
  长期性整改: 'long_term',
  长期整改问题: 'long_term',
  立行立改问题: 'immediate',
});
const CATEGORY_LABELS = labelTable<ProblemCategory>('problemCategory', PROBLEM_CATEGORIES, {
  纪律: 'discipline',
  作风纪律: 'discipline',
  服务: 'service',
  联系服务群众: 'service',
  其它: 'other',
  四风之外: 'other',
});

export function kindFromLabel(text: string): ProblemKind | undefined {
  return KIND_LABELS.get(labelKey(text));
}

/** 形式主义 / 形式主义方面 / 形式主义问题 / Formalism / formalism. */
export function categoryFromLabel(text: string): ProblemCategory | undefined {
  const k = labelKey(text).replace(/^四风[-—：:、]?/, '');
  return CATEGORY_LABELS.get(k) ?? CATEGORY_LABELS.get(k.replace(/(方面的问题|方面问题|方面|问题|类)$/, ''));
}

/** A category named inside a section title such as "一、形式主义方面（8个）". */
function categoryIn(text: string): ProblemCategory | undefined {
  for (const loc of ['zh-CN', 'en'] as const) {
    for (const [v, label] of Object.entries(ledgerEnums[loc].problemCategory))
      if (v !== 'other' && text.toLowerCase().includes(label.toLowerCase())) return v as ProblemCategory;
  }
  return undefined;
}

const ZH_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** 一 … 十九 (二十 and beyond do not number measures). */
function zhNumber(s: string): number {
  if (s.length === 1) return ZH_NUM[s] ?? 0;
  if (s[0] === '十') return 10 + (ZH_NUM[s[1]] ?? 0);
  return s[1] === '十' ? (ZH_NUM[s[0]] ?? 0) * 10 : 0;
}

const MARKER =
  /(?<=^|[\n；;。！!？?：:\s])[ \t]*(?:[（(](\d{1,2})[)）]|(\d{1,2})[ \t]*[.、．)）](?!\d)|([①-⑳])|([一二三四五六七八九十]{1,2})、|[（(]([一二三四五六七八九十]{1,2})[)）])/g;

/**
 * The measures of a 整改措施 cell: numbered items ("1.…2.…", "1、", "（1）", "①", "一、") in
 * sequence from 1, else one per line, else the whole text. A short lead-in ending with a colon
 * ("采取以下措施：") before the first item is dropped; longer text before it is kept as a measure.
 */
export function splitMeasures(text: string): string[] {
  const s = text.replace(/\r\n?/g, '\n').trim();
  if (!s) return [];
  const marks: Array<{ at: number; end: number; n: number }> = [];
  for (const m of s.matchAll(MARKER)) {
    const n = m[1] ? +m[1] : m[2] ? +m[2] : m[3] ? m[3].charCodeAt(0) - 0x2460 + 1 : zhNumber(m[4] ?? m[5]);
    marks.push({ at: m.index!, end: m.index! + m[0].length, n });
  }
  const chain: typeof marks = [];
  for (const m of marks) if (m.n === chain.length + 1) chain.push(m);
  const clean = (x: string) => x.replace(/[；;，,\s]+$/, '').trim();
  if (chain.length >= 2 || (chain.length === 1 && s.slice(0, chain[0].at).trim() === '')) {
    const out: string[] = [];
    const lead = clean(s.slice(0, chain[0].at));
    if (lead && !(lead.length <= 30 && /[:：]$/.test(lead))) out.push(lead);
    chain.forEach((m, i) => {
      const piece = clean(s.slice(m.end, i + 1 < chain.length ? chain[i + 1].at : s.length));
      if (piece) out.push(piece);
    });
    return out;
  }
  const lines = s
    .split('\n')
    .map((l) => clean(l.replace(/^[-·•●▪◆*]\s*/, '')))
    .filter(Boolean);
  return lines.length ? lines : [s];
}

/**
 * parseDeadline, plus what the English export writes: "by 2014-05-31", "Ongoing (long-term)",
 * "Immediately".
 */
export function readDeadline(text: string): ReturnType<typeof parseDeadline> {
  const zh = parseDeadline(text);
  if (zh) return zh;
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const by = /^(?:by|before|due)\s+(.+)$/.exec(s);
  if (by) return parseDeadline(by[1]);
  if (/^(ongoing|long[- ]term|ongoing \(long[- ]term\))$/.test(s))
    return { date: null, longTerm: true, immediate: false };
  if (/^(immediately|at once|rectify at once)$/.test(s)) return { date: null, longTerm: false, immediate: true };
  return undefined;
}

// ---------- rows ----------

/** A problem read from one row, ready for insertProblems. */
export interface ParsedProblem {
  row: number;
  description: string;
  category: ProblemCategory;
  kind: ProblemKind;
  measures: string[];
  standard: string;
  responsible_leader: string;
  responsible_dept: string;
  responsible_person: string;
  deadline: string | null;
  deadline_text: string;
  progress: string;
  remark: string;
  status: 'draft' | 'pending';
}

export type RowOutcome =
  | { type: 'skip' }
  | {
      type: 'problem';
      row: number;
      values: Partial<Record<LedgerField, string>>;
      problem: ParsedProblem | null;
      issues: ImportIssue[];
    };

const FOOTNOTE =
  /^(合计|总计|小计|共计|备注|注[:：]|说明[:：]|填表说明|填报说明|填表人|制表人|审核人|负责人[:：]|联系人|联系电话|单位负责人|主要负责人|填报人|total|notes?:)/i;
const SECTION =
  /^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部类项]|[IVX]+\.)/;

const MAX_TEXT = 4000;
const LONG_TEXT_FIELDS = [
  'description',
  'standard',
  'responsible_leader',
  'responsible_dept',
  'responsible_person',
  'progress',
  'remark',
] as const;
const SKIP: RowOutcome = { type: 'skip' };
const MAX_MEASURE = 2000;

/**
 * Reads data rows one after the other: skips blank rows, rows holding only a number, section rows
 * ("一、形式主义方面" — which set the category of the rows below when the sheet has no category
 * column) and footnotes ("合计", "备注：…" and the rows after them that name no one and no date);
 * validates every other row and says what is wrong, per cell, translated.
 */
export class LedgerRowReader {
  private footnotes = false;
  private sectionCategory: ProblemCategory | undefined;
  private headerOf: (f: LedgerField) => string;
  private sheet: string;
  private mapping: LedgerMapping;
  private defaultCategory: ProblemCategory;
  private locale: Locale;

  constructor(
    sheet: string,
    mapping: LedgerMapping,
    columns: LedgerColumn[],
    defaultCategory: ProblemCategory,
    locale: Locale,
  ) {
    this.sheet = sheet;
    this.mapping = mapping;
    this.defaultCategory = defaultCategory;
    this.locale = locale;
    const byIndex = new Map(columns.map((c) => [c.index, c.header]));
    this.headerOf = (f) => {
      const i = mapping[f];
      return i === undefined || i === null ? f : (byIndex.get(i) ?? columnLetter(i));
    };
  }

  read(r: SheetRow): RowOutcome {
    const cells = r.cells;
    const texts: string[] = new Array(cells.length);
    const filled: number[] = [];
    for (let c = 0; c < cells.length; c++) {
      texts[c] = cellText(cells[c] ?? null);
      if (texts[c] !== '') filled.push(c);
    }
    if (filled.length === 0) return SKIP;
    const m = this.mapping;
    const at = (f: LedgerField): string => {
      const i = m[f];
      return i === undefined || i === null ? '' : (texts[i] ?? '');
    };
    if (filled.every((c) => c === m.seq)) return SKIP;
    const first = texts[filled[0]];
    if (FOOTNOTE.test(first) && (filled.length <= 3 || !at('description'))) {
      this.footnotes = true;
      return SKIP;
    }
    if (this.footnotes && !at('responsible_person') && !at('deadline')) return SKIP;
    if (
      filled.length === 1 &&
      first.length <= 60 &&
      (SECTION.test(first) || (first.length <= 30 && filled[0] !== m.description && categoryIn(first)))
    ) {
      const cat = categoryIn(first);
      if (cat) this.sectionCategory = cat;
      return SKIP;
    }

    const values: Partial<Record<LedgerField, string>> = {};
    for (const f of LEDGER_FIELDS) {
      const i = m[f];
      if (i === undefined || i === null) continue;
      values[f] = f === 'deadline' ? deadlineText(cells[i] ?? null) : (texts[i] ?? '');
    }
    const description = values.description ?? '';
    const person = values.responsible_person ?? '';
    const kindText = values.kind ?? '';
    const dText = values.deadline ?? '';
    const categoryText = values.category ?? '';
    const issues: ImportIssue[] = [];
    // An unmapped required column is reported once, on the header (unmappedIssues), not on every row.
    if (!description && this.mapped('description')) this.issue(issues, r.number, 'description', 'lx.err.required');
    if (!person && this.mapped('responsible_person'))
      this.issue(issues, r.number, 'responsible_person', 'lx.err.required');
    for (const f of LONG_TEXT_FIELDS)
      if ((values[f]?.length ?? 0) > MAX_TEXT) this.issue(issues, r.number, f, 'lx.err.tooLong', { max: MAX_TEXT });
    let kind: ProblemKind | undefined;
    if (kindText) {
      kind = kindFromLabel(kindText);
      if (!kind)
        this.issue(issues, r.number, 'kind', 'lx.err.kind', { value: kindText, options: this.options('problemKind') });
    }
    let deadline: string | null = null;
    if (dText) {
      const d = readDeadline(dText);
      if (!d) this.issue(issues, r.number, 'deadline', 'lx.err.deadline', { value: dText });
      else {
        deadline = d.date;
        if (!kindText) kind = d.longTerm ? 'long_term' : d.immediate ? 'immediate' : 'phased';
      }
    } else if (!kindText && this.mapped('deadline')) this.issue(issues, r.number, 'deadline', 'lx.err.required');
    let category = this.sectionCategory ?? this.defaultCategory;
    if (categoryText) {
      const c = categoryFromLabel(categoryText);
      if (c) category = c;
      else
        this.issue(issues, r.number, 'category', 'lx.err.category', {
          value: categoryText,
          options: this.options('problemCategory'),
        });
    }
    const measures = splitMeasures(values.measures ?? '');
    for (const x of measures) {
      if (x.length > MAX_MEASURE) {
        this.issue(issues, r.number, 'measures', 'lx.err.tooLong', { max: MAX_MEASURE });
        break;
      }
    }
    if (issues.length > 0 || !kind || !description || !person)
      return { type: 'problem', row: r.number, values, problem: null, issues };

    const p: ParsedProblem = {
      row: r.number,
      description,
      category,
      kind,
      measures,
      standard: values.standard ?? '',
      responsible_leader: values.responsible_leader ?? '',
      responsible_dept: values.responsible_dept ?? '',
      responsible_person: person,
      deadline,
      deadline_text: dText,
      progress: values.progress ?? '',
      remark: values.remark ?? '',
      status: 'draft',
    };
    // 五个明确: a sheet carries no milestones, so a long-term problem without a date stays a draft.
    p.status = fiveClearMissing({ ...p, measures: measures.length, milestones: 0 }).length === 0 ? 'pending' : 'draft';
    return { type: 'problem', row: r.number, values, problem: p, issues };
  }

  private mapped(f: LedgerField): boolean {
    const i = this.mapping[f];
    return i !== undefined && i !== null;
  }

  private options(group: 'problemKind' | 'problemCategory'): string {
    return Object.values(ledgerEnums[this.locale][group]).join(t(this.locale, 'lx.optionSep'));
  }

  private issue(
    issues: ImportIssue[],
    row: number,
    f: LedgerField,
    key: MessageKey,
    params: Record<string, string | number> = {},
  ): void {
    const column = this.headerOf(f);
    issues.push({
      sheet: this.sheet,
      row,
      column,
      message: t(this.locale, 'lx.err.cell', { row, column, message: t(this.locale, key, params) }),
    });
  }
}

/** Issues for required columns the mapping leaves out (reported on the header row). */
export function unmappedIssues(sheet: string, row: number, mapping: LedgerMapping, locale: Locale): ImportIssue[] {
  return LEDGER_REQUIRED_FIELDS.filter((f) => mapping[f] === undefined || mapping[f] === null).map((f) => ({
    sheet,
    row,
    column: t(locale, `lx.col.${f}` as MessageKey),
    message: t(locale, 'lx.err.noColumn', { column: t(locale, `lx.col.${f}` as MessageKey) }),
  }));
}

export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
