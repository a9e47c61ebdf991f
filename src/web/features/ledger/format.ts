/** Display helpers of the problem ledger. */
import type { ProblemKind, ProblemStatus, LedgerFigures } from '../../../shared/ledger.ts';
import type { TFunction } from '../../i18n/index.tsx';

/** 0.1234 → "12.3%". */
export const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

/** Problems still being worked on (待整改 + 整改中 + 待验收). */
export const openCount = (f: LedgerFigures) => f.byStatus.pending + f.byStatus.in_progress + f.byStatus.awaiting;

/** The deadline as a ledger shows it: the date, or 长期坚持 / 立行立改 when there is none. */
export function deadlineLabel(t: TFunction, deadline: string | null, kind: ProblemKind): string {
  if (deadline) return deadline;
  if (kind === 'long_term') return t('problem.longTerm');
  if (kind === 'immediate') return t('problem.immediate');
  return t('problem.noDeadline');
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 102.4) / 10} KB`;
  return `${Math.round(n / (1024 * 104.8576)) / 10} MB`;
}

export const STATUS_COLORS: Record<ProblemStatus, string> = {
  draft: '#bfbfbf',
  pending: '#fa8c16',
  in_progress: '#1677ff',
  awaiting: '#722ed1',
  closed: '#52c41a',
};
