import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from './errors.ts';
import { wellFormedText } from './canonical.ts';
import type { Locale } from '../../shared/enums.ts';
import { t } from './i18n.ts';

export type Cell = string | number | Date | boolean | null;

/** A column of a template or export: its key and the header in each language. */
export interface ColumnDef {
  key: string;
  zh: string;
  en: string;
  required?: boolean;
  width?: number;
  /** Store as text so Excel keeps leading zeros and all 18 digits of an ID number. */
  text?: boolean;
}

/** A column's printed header in a language (the definition carries both). */
const HEADER_OF: Record<Locale, (c: ColumnDef) => string> = { 'zh-CN': (c) => c.zh, en: (c) => c.en };
export function columnHeader(c: ColumnDef, locale: Locale): string {
  return (HEADER_OF[locale] ?? HEADER_OF['zh-CN'])(c);
}

// ---------- reading, bounded ----------

/** Data rows one import may hold when the caller names no smaller cap. */
export const MAX_SHEET_ROWS = 50_000;
/** Columns of the sheet read (the last used column); an import template has about fifteen. */
export const MAX_SHEET_COLUMNS = 200;
/** Cells (`<c>` elements, empty styled ones included) of the sheet read. */
export const MAX_SHEET_CELLS = 1_000_000;
/** The sheet read, uncompressed. */
export const MAX_SHEET_BYTES = 100 * 1024 * 1024;
/** Every part of the workbook together, uncompressed (exceljs inflates each part whole). */
export const MAX_WORKBOOK_BYTES = 150 * 1024 * 1024;
/** Reading gives up after this long, whatever the caps let through. */
export const READ_BUDGET_MS = 15_000;
/**
 * Rows a sheet may hold past a caller's cap of data rows: the title and header above, and empty
 * formatted rows below (10, or a tenth of the cap if more). The caller counts its data rows itself.
 */
export const sheetRowCap = (maxRows: number) => maxRows + Math.max(10, Math.ceil(maxRows / 10));
/** The longest XML tag the scan accepts (a real worksheet's tags are a few dozen characters). */
const MAX_TAG_CHARS = 1024 * 1024;

export interface SheetLimits {
  /** Data rows the caller accepts (at most MAX_SHEET_ROWS); the sheet may have a few more (sheetRowCap). */
  maxRows?: number;
  /** At most MAX_SHEET_COLUMNS. */
  maxColumns?: number;
  /** Milliseconds; READ_BUDGET_MS by default. */
  timeBudgetMs?: number;
  /**
   * The caller streams the rows (one at a time, never the whole sheet in memory), so `maxRows`
   * may exceed MAX_SHEET_ROWS and the cell cap is maxRows × maxColumns; part sizes stay capped.
   */
  streaming?: boolean;
}

/** What the scan of a worksheet's XML found: the declared dimension, the last row and column used. */
export interface SheetExtent {
  path: string;
  declaredRows: number | null;
  declaredColumns: number | null;
  rows: number;
  columns: number;
  cells: number;
}

const fileError = (locale: Locale) => new AppError('IMPORT_FILE', { reason: t(locale, 'import.notXlsx') });
const tooBig = (locale: Locale, maxBytes = MAX_SHEET_BYTES) =>
  new AppError('IMPORT_FILE', { reason: t(locale, 'import.tooBig', { max: Math.round(maxBytes / 1024 / 1024) }) });

/** Column number of the letters of a cell reference (A = 1, XFD = 16384); Infinity past 7 letters. */
function columnNumber(letters: string): number {
  if (letters.length > 7) return Infinity;
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** Letters of a column number (16384 = XFD). */
function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0 && s.length < 8; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Row and column of a reference such as XFD1048576 (either may be missing: "A", "12"). */
function parseRef(ref: string): { row: number | null; col: number | null } {
  const m = /^\$?([A-Za-z]*)\$?(\d*)$/.exec(ref.trim());
  if (!m) return { row: null, col: null };
  return {
    col: m[1] ? columnNumber(m[1].toUpperCase()) : null,
    row: m[2] ? (m[2].length > 10 ? Infinity : Number(m[2])) : null,
  };
}

const ATTR_CACHE = new Map<string, RegExp>();
/** The value of an attribute inside one tag's text (tag text is bounded by MAX_TAG_CHARS). */
function attr(tag: string, name: string): string | null {
  let re = ATTR_CACHE.get(name);
  if (!re) ATTR_CACHE.set(name, (re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(tag);
  return m ? (m[1] ?? m[2]) : null;
}

/**
 * Reads a worksheet's XML chunk by chunk with plain string search (no DOM, no regex over the whole
 * text): each tag is found by indexOf, and only `<dimension>`, `<row>` and `<c>` are looked at.
 * Rows and cells without an `r` attribute follow the previous one, as in SpreadsheetML.
 */
class SheetScanner {
  declaredRows: number | null = null;
  declaredColumns: number | null = null;
  rows = 0;
  columns = 0;
  cells = 0;
  private row = 0;
  private col = 0;
  private carry = '';

  constructor(
    private onDimension: (rows: number, cols: number) => void,
    /** Called for every cell and row as it is met: refuses as soon as a cap is passed. */
    private onExtent: (scanner: SheetScanner, ref: string | null) => void,
  ) {}

  feed(chunk: string, locale: Locale): void {
    const s = this.carry ? this.carry + chunk : chunk;
    this.carry = '';
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) return;
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) {
        this.carry = s.slice(lt);
        if (this.carry.length > MAX_TAG_CHARS) throw fileError(locale);
        return;
      }
      this.tag(s.slice(lt + 1, gt));
      i = gt + 1;
    }
  }

  private tag(text: string): void {
    const first = text.charCodeAt(0);
    if (first === 47 /* / */ || first === 63 /* ? */ || first === 33 /* ! */) return;
    let end = 0;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
      end++;
    }
    const colon = text.lastIndexOf(':', end);
    const name = text.slice(colon + 1, end);
    if (name === 'c') {
      const r = attr(text, 'r');
      const ref = r === null ? null : parseRef(r);
      this.col = ref?.col ?? this.col + 1;
      if (ref?.row != null && ref.row > this.row) this.row = ref.row;
      this.cells++;
      if (this.col > this.columns) this.columns = this.col;
      if (this.row > this.rows) this.rows = this.row;
      this.onExtent(this, r);
    } else if (name === 'row') {
      const r = attr(text, 'r');
      const n = r !== null && /^\d{1,10}$/.test(r.trim()) ? Number(r) : this.row + 1;
      this.row = n;
      this.col = 0;
      if (n > this.rows) this.rows = n;
      this.onExtent(this, null);
    } else if (name === 'dimension') {
      const ref = attr(text, 'ref');
      if (!ref) return;
      const last = parseRef(ref.split(':').pop() ?? '');
      this.declaredRows = last.row;
      this.declaredColumns = last.col;
      this.onDimension(last.row ?? 0, last.col ?? 0);
    }
  }
}

type ZipEntry = JSZip.JSZipObject & { _data?: { uncompressedSize?: number } };
const entryName = (e: ZipEntry) => (e.name.startsWith('/') ? e.name.slice(1) : e.name);

/**
 * Inflates one zip entry as a stream, counting the bytes actually produced (a declared size may
 * lie) and handing text chunks to `onText`; refuses past `maxBytes`. jszip inflates in ticks, so
 * other requests are answered meanwhile.
 */
async function inflateEntry(
  entry: ZipEntry,
  maxBytes: number,
  locale: Locale,
  onText?: (text: string) => void,
  reportedMax = maxBytes,
): Promise<number> {
  // jszip's stream is an old-style Readable (events only, not async-iterable).
  const stream = entry.nodeStream('nodebuffer') as NodeJS.ReadableStream & { destroy?: () => void };
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      stream.pause();
      stream.removeAllListeners('data');
      stream.destroy?.();
      reject(e instanceof AppError ? e : fileError(locale));
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(tooBig(locale, reportedMax));
      try {
        if (onText) onText(decoder.write(chunk));
      } catch (e) {
        fail(e);
      }
    });
    stream.on('error', fail);
    stream.on('end', () => {
      if (settled) return;
      try {
        if (onText) onText(decoder.end());
      } catch (e) {
        return fail(e);
      }
      settled = true;
      resolve(bytes);
    });
  });
}

/** Path of the first worksheet: xl/workbook.xml's first `<sheet>`, through the workbook's rels. */
async function firstSheetPath(entries: Map<string, ZipEntry>, locale: Locale): Promise<string | null> {
  const read = async (name: string) => {
    const e = entries.get(name);
    if (!e) return null;
    let text = '';
    await inflateEntry(e, 16 * 1024 * 1024, locale, (s) => (text += s));
    return text;
  };
  const workbook = await read('xl/workbook.xml');
  const rels = await read('xl/_rels/workbook.xml.rels');
  if (workbook && rels) {
    const sheet = /<(?:[\w.-]+:)?sheet\s[^>]*>/.exec(workbook);
    const rid = sheet ? /\s(?:[\w.-]+:)?id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(sheet[0]) : null;
    const id = rid ? (rid[1] ?? rid[2]) : null;
    if (id) {
      for (const m of rels.matchAll(/<(?:[\w.-]+:)?Relationship\s[^>]*>/g)) {
        if (attr(m[0], 'Id') !== id) continue;
        const target = attr(m[0], 'Target');
        if (!target) break;
        const path = posix.normalize(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
        if (entries.has(path)) return path;
        break;
      }
    }
  }
  return entries.has('xl/worksheets/sheet1.xml') ? 'xl/worksheets/sheet1.xml' : null;
}

/**
 * Checks an .xlsx before anything parses it: every part's declared and actual uncompressed size,
 * then the first worksheet's declared dimension and, by a linear scan of its XML, the last row
 * and column it uses and its cell count. Refuses (IMPORT_FILE, translated) past the caps.
 */
export async function checkSheetExtent(buffer: Buffer, locale: Locale, limits: SheetLimits = {}): Promise<SheetExtent> {
  const { maxRows, maxColumns } = effectiveLimits(limits);
  const rowCap = sheetRowCap(maxRows);
  const maxCells = limits.streaming ? rowCap * maxColumns : MAX_SHEET_CELLS;
  const rowsError = (rows: number) =>
    new AppError('IMPORT_FILE', { reason: t(locale, 'import.tooManyRows', { rows, max: maxRows }) });
  const colsError = (columns: number) =>
    new AppError('IMPORT_FILE', { reason: t(locale, 'import.tooManyColumns', { columns, max: maxColumns }) });
  if (buffer.length < 4 || buffer[0] !== 0x50 || buffer[1] !== 0x4b) throw fileError(locale);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw fileError(locale);
  }
  const entries = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  for (const e of Object.values(zip.files) as ZipEntry[]) {
    if (e.dir) continue;
    const size = e._data?.uncompressedSize;
    if (typeof size === 'number') {
      declaredTotal += size;
      if (size > MAX_SHEET_BYTES) throw tooBig(locale);
      if (declaredTotal > MAX_WORKBOOK_BYTES) throw tooBig(locale, MAX_WORKBOOK_BYTES);
    }
    entries.set(entryName(e), e);
  }
  const path = await firstSheetPath(entries, locale);
  if (!path) throw new AppError('IMPORT_FILE', { reason: t(locale, 'import.noSheet') });
  // A declared dimension past the caps is refused at once with its figures; a scan stops reading
  // at the first row, cell or column past them (the rest of the file is never inflated).
  const scanner = new SheetScanner(
    (rows, cols) => {
      if (rows > rowCap) throw rowsError(rows);
      if (cols > maxColumns) throw colsError(cols);
    },
    (sc, ref) => {
      if (sc.rows > rowCap)
        throw new AppError('IMPORT_FILE', {
          reason: t(locale, 'import.tooManyRowsScanned', { row: sc.rows, max: maxRows }),
        });
      if (sc.columns > maxColumns)
        throw new AppError('IMPORT_FILE', {
          reason: t(locale, 'import.tooManyColumnsScanned', {
            cell: ref ?? `${columnLetters(sc.columns)}${sc.rows}`,
            max: maxColumns,
          }),
        });
      if (sc.cells > maxCells)
        throw new AppError('IMPORT_FILE', { reason: t(locale, 'import.tooManyCells', { max: maxCells }) });
    },
  );
  let total = await inflateEntry(entries.get(path)!, MAX_SHEET_BYTES, locale, (text) => scanner.feed(text, locale));
  // The other parts are inflated whole by exceljs: their real sizes count too.
  for (const [name, e] of entries) {
    if (name === path) continue;
    const room = MAX_WORKBOOK_BYTES - total;
    total += await inflateEntry(
      e,
      Math.min(MAX_SHEET_BYTES, room),
      locale,
      undefined,
      room < MAX_SHEET_BYTES ? MAX_WORKBOOK_BYTES : MAX_SHEET_BYTES,
    );
  }
  return {
    path,
    declaredRows: scanner.declaredRows,
    declaredColumns: scanner.declaredColumns,
    rows: scanner.rows,
    columns: scanner.columns,
    cells: scanner.cells,
  };
}

function effectiveLimits(limits: SheetLimits) {
  return {
    maxRows: limits.streaming
      ? (limits.maxRows ?? MAX_SHEET_ROWS)
      : Math.min(limits.maxRows ?? MAX_SHEET_ROWS, MAX_SHEET_ROWS),
    maxColumns: Math.min(limits.maxColumns ?? MAX_SHEET_COLUMNS, MAX_SHEET_COLUMNS),
    timeBudgetMs: limits.timeBudgetMs ?? READ_BUDGET_MS,
  };
}

/** The parts exceljs's streaming reader needs before any worksheet, in the order it wants them. */
const STREAM_FIRST = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];

/**
 * Re-packs a workbook for exceljs's streaming reader: the workbook, its relations, the shared strings
 * and the styles first, the worksheets after them, and every size in the local headers (no data
 * descriptors). Files written by exceljs itself — our own exports, re-imported — put the worksheets
 * first; the reader then parks each sheet in a temporary file and reads it after the zip ends, and
 * under load that detour lost the workbook part now and then ("Cannot read properties of undefined
 * (reading 'sheets')", seen in CI). In this order every part is read inline, once. Unchanged entries
 * keep their compressed bytes (jszip copies them), so this costs a copy, not a recompression; a file
 * already in this order is returned as it is.
 */
export async function orderForStreaming(buffer: Buffer): Promise<Buffer> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    return buffer; // not a zip: the reader refuses it with its own message
  }
  // Folder entries carry nothing a reader needs; they are left out.
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const rank = (n: string) => {
    const k = STREAM_FIRST.indexOf(n);
    return k >= 0 ? k : /^xl\/worksheets\/sheet\d+\.xml$/.test(n) ? STREAM_FIRST.length + 1 : STREAM_FIRST.length;
  };
  const ordered = [...names].sort((a, b) => rank(a) - rank(b) || names.indexOf(a) - names.indexOf(b));
  if (ordered.every((n, i) => n === names[i])) return buffer;
  const out = new JSZip();
  for (const n of ordered) {
    const f = zip.files[n];
    // jszip's own compressed object: generateAsync copies its bytes when the method matches (deflate).
    out.file(n, (f as unknown as { _data: Uint8Array })._data, { date: f.date, binary: true, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * Loads the first worksheet of an .xlsx buffer, bounded: the file is checked first
 * (checkSheetExtent: sizes, rows, columns, cells), only then parsed by exceljs, and the rows are
 * read in one pass over a column count computed once, within a time budget. Every refusal is
 * IMPORT_FILE with a translated reason.
 */
export async function readFirstSheet(
  buffer: Buffer,
  locale: Locale,
  limits: SheetLimits = {},
): Promise<{ name: string; rows: Cell[][] }> {
  const started = Date.now();
  const { maxColumns, timeBudgetMs } = effectiveLimits(limits);
  const tooSlow = () =>
    new AppError('IMPORT_FILE', { reason: t(locale, 'import.tooSlow', { seconds: Math.round(timeBudgetMs / 1000) }) });
  await checkSheetExtent(buffer, locale, limits);
  if (Date.now() - started > timeBudgetMs) throw tooSlow();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('IMPORT_FILE', { reason: (e as Error).message.slice(0, 200) });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_FILE', { reason: t(locale, 'import.noSheet') });
  // Once, not in the loop condition (ws.columnCount walks every row).
  const width = Math.min(ws.columnCount, maxColumns);
  const rows: Cell[][] = [];
  let n = 0;
  ws.eachRow({ includeEmpty: true }, (row, number) => {
    if (++n % 1000 === 0 && Date.now() - started > timeBudgetMs) throw tooSlow();
    const values = row.values as ExcelJS.CellValue[];
    const vals: Cell[] = new Array(width);
    for (let c = 1; c <= width; c++) vals[c - 1] = cellValue(values[c]);
    rows[number - 1] = vals;
  });
  if (Date.now() - started > timeBudgetMs) throw tooSlow();
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { name: ws.name, rows };
}

/**
 * Plain value of an exceljs cell: rich text joined, a formula's cached result, a hyperlink's text.
 * A formula without a cached result, an error value (#N/A) or anything unknown is null — never
 * "[object Object]".
 */
export function cellValue(v: ExcelJS.CellValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  // Text as PostgreSQL can store it: exceljs decodes an `_x0000_` escape into NUL, which no text
  // column takes; NUL and lone surrogates become U+FFFD, as a UTF-8 decoder treats broken bytes.
  if (typeof v === 'string') return v.trim() === '' ? null : wellFormedText(v.trim());
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (
        wellFormedText(
          (o.richText as Array<{ text?: unknown }>)
            .map((r) => (typeof r?.text === 'string' ? r.text : ''))
            .join('')
            .trim(),
        ) || null
      );
    if ('formula' in o || 'sharedFormula' in o || 'result' in o)
      return cellValue(o.result as ExcelJS.CellValue | undefined);
    if ('error' in o) return null;
    if ('text' in o) return cellValue(o.text as ExcelJS.CellValue | undefined);
  }
  return null;
}

/**
 * Finds the header row among the first rows (a title row may stand above it) and maps each
 * known column to its index. Either language's headers are accepted.
 */
export function locateHeader(
  rows: Cell[][],
  columns: ColumnDef[],
  locale: Locale,
): { headerRow: number; index: Record<string, number> } {
  const norm = (v: Cell) =>
    String(v ?? '')
      .replace(/[\s*＊]/g, '')
      .toLowerCase();
  for (let r = 0; r < Math.min(rows.length, 6); r++) {
    const cells = rows[r].map(norm);
    const index: Record<string, number> = {};
    for (const col of columns) {
      const i = cells.findIndex((c) => c === norm(col.zh) || c === norm(col.en));
      if (i >= 0) index[col.key] = i;
    }
    const missing = columns.filter((c) => c.required && index[c.key] === undefined);
    if (Object.keys(index).length >= 2 && missing.length === 0) return { headerRow: r, index };
    if (Object.keys(index).length >= 2) {
      throw new AppError('IMPORT_INVALID', { count: 1 }, [
        {
          sheet: '',
          row: r + 1,
          message: t(locale, 'import.noHeader', {
            row: r + 1,
            columns: missing.map((c) => columnHeader(c, locale)).join(t(locale, 'xlsx.columnSeparator')),
          }),
        },
      ]);
    }
  }
  throw new AppError('IMPORT_INVALID', { count: 1 }, [
    {
      sheet: '',
      row: 1,
      message: t(locale, 'import.noHeader', {
        row: 1,
        columns: columns
          .filter((c) => c.required)
          .map((c) => columnHeader(c, locale))
          .join(t(locale, 'xlsx.columnSeparator')),
      }),
    },
  ]);
}

/** Text of a cell for validation: dates as YYYY-MM-DD, numbers without exponent. */
export function cellText(v: Cell): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return String(v).trim() || null;
}

/** Accepts 1985-07-01, 1985/7/1, 1985.07.01, 1985年7月1日 and Excel dates. */
export function cellDate(v: Cell): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = cellText(v);
  if (!s) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return s; // left as typed: the schema names it as a bad date
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/**
 * A workbook in the printed layout offices use: a merged title row, a bold bordered header row,
 * frozen panes, column widths, text columns kept as text.
 */
export function styledSheet(
  wb: ExcelJS.Workbook,
  sheetName: string,
  title: string,
  columns: ColumnDef[],
  locale: Locale,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
    },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? 14, style: c.text ? { numFmt: '@' } : {} }));
  ws.mergeCells(1, 1, 1, columns.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: 'SimSun', size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = columnHeader(c, locale) + (c.required ? '*' : '');
    cell.font = { name: 'SimHei', bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  header.height = 22;
  return ws;
}

export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
