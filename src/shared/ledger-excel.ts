/**
 * Excel ledgers (问题整改台账 .xlsx): the fields a column of an office's ledger can be mapped to,
 * and the shapes of the import preview, shared by the server and the web app.
 */
import type { ImportIssue } from './api.ts';
import type { ProblemCategory, ProblemKind, ProblemStatus } from './ledger.ts';

export const LEDGER_FIELDS = [
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
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Columns an import cannot do without. */
export const LEDGER_REQUIRED_FIELDS: readonly LedgerField[] = ['description', 'responsible_person', 'deadline'];

/** Field → 0-based column index of the sheet (null or absent: not in the file). */
export type LedgerMapping = Partial<Record<LedgerField, number | null>>;

export interface LedgerColumn {
  /** 0-based column index (A = 0). */
  index: number;
  /** The column's own header text (the lower header row when there are two). */
  header: string;
  /** The group header above it (e.g. 责任主体 over 责任领导), when the sheet has two header rows. */
  group?: string;
}

/** A data row as the import reads it. */
export interface LedgerSampleRow {
  /** Row number as Excel shows it. */
  row: number;
  /** Cell text per mapped field. */
  values: Partial<Record<LedgerField, string>>;
  /** What would be imported; null when the row has errors. */
  parsed: {
    category: ProblemCategory;
    kind: ProblemKind;
    deadline: string | null;
    measures: string[];
    status: ProblemStatus;
  } | null;
}

export interface LedgerImportPreview {
  sheet: string;
  /** Excel row numbers of the header row(s); the last one is the row above the data. */
  headerRows: number[];
  /** The first header row (Excel row number). */
  headerRow: number;
  /** The first data row (Excel row number). */
  dataRow: number;
  mapping: LedgerMapping;
  columns: LedgerColumn[];
  /** The first 20 data rows. */
  sample: LedgerSampleRow[];
  /** Problems the file holds (blank, section and footnote rows not counted). */
  rowCount: number;
  /** Every faulty row and cell (translated); an import of this file would be refused while any remain. */
  errors: ImportIssue[];
  /** Total number of errors (the list stops at a limit). */
  errorCount: number;
  /**
   * Names of 责任领导/责任人 that match no active member of the unit, or more than one: imported
   * as text (outside persons). Row order; the list stops at a limit, the count does not.
   */
  unmatched: LedgerUnmatchedName[];
  unmatchedCount: number;
}

/** A person's name in an imported row that is not linked to a member (translated `message`). */
export interface LedgerUnmatchedName {
  row: number;
  column: 'responsible_leader' | 'responsible_person';
  name: string;
  message: string;
}

export interface LedgerImportResult {
  imported: number;
  created: number;
  /** 责任领导/责任人 names linked to a member of the unit, and those kept as text only. */
  linked: number;
  unlinked: number;
  /** 序号 given to the first and last imported problem in the org's ledger. */
  firstSeq: number;
  lastSeq: number;
}
