import ExcelJS from 'exceljs';
import { AppError } from './errors.ts';
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

/** Loads the first worksheet of an .xlsx buffer; unreadable files get IMPORT_FILE. */
export async function readFirstSheet(buffer: Buffer, locale: Locale): Promise<{ name: string; rows: Cell[][] }> {
  if (buffer.length < 4 || buffer[0] !== 0x50 || buffer[1] !== 0x4b) {
    throw new AppError('IMPORT_FILE', { reason: t(locale, 'import.notXlsx') });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('IMPORT_FILE', { reason: (e as Error).message.slice(0, 200) });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_FILE', { reason: t(locale, 'import.noSheet') });
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const vals: Cell[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++) vals.push(cellValue(row.getCell(c).value));
    rows[n - 1] = vals;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { name: ws.name, rows };
}

/** Plain value of an exceljs cell (rich text, formulas, hyperlinks flattened). */
function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim() || null;
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim() || null;
  }
  return String(v);
}

/**
 * Finds the header row among the first rows (a title row may stand above it) and maps each
 * known column to its index. Either language's headers are accepted.
 */
export function locateHeader(rows: Cell[][], columns: ColumnDef[], locale: Locale): { headerRow: number; index: Record<string, number> } {
  const norm = (v: Cell) => String(v ?? '').replace(/[\s*＊]/g, '').toLowerCase();
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
        { sheet: '', row: r + 1, message: t(locale, 'import.noHeader', { row: r + 1, columns: missing.map((c) => (locale === 'en' ? c.en : c.zh)).join(', ') }) },
      ]);
    }
  }
  throw new AppError('IMPORT_INVALID', { count: 1 }, [
    { sheet: '', row: 1, message: t(locale, 'import.noHeader', { row: 1, columns: columns.filter((c) => c.required).map((c) => (locale === 'en' ? c.en : c.zh)).join(', ') }) },
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
export function styledSheet(wb: ExcelJS.Workbook, sheetName: string, title: string, columns: ColumnDef[], locale: Locale): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
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
    cell.value = (locale === 'en' ? c.en : c.zh) + (c.required ? '*' : '');
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
