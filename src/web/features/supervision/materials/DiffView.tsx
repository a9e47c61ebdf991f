/**
 * Side-by-side diff of two versions of a material (left: the version the reviewer last reviewed,
 * right: the one now submitted), line by line from diffLines(): removed lines red, added green,
 * changed amber with the changed stretch of the line marked. "只看改动" folds the unchanged runs.
 * On a phone the two sides stack (old above new) in one column.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Switch, Typography } from 'antd';
import type { DiffRow } from '../../../../shared/supervision.ts';
import { diffLines } from '../../../../shared/supervision.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { useIsMobile } from '../../../components/hooks.ts';

interface Side {
  version: number;
  body: string;
}

interface NumberedRow extends DiffRow {
  ln: number | null;
  rn: number | null;
}

type Item = { kind: 'row'; row: NumberedRow; idx: number } | { kind: 'skip'; count: number; idx: number };

/** The stretch of a changed line that differs: common prefix and suffix left plain. */
function marked(text: string, other: string, cls: string): ReactNode {
  let p = 0;
  while (p < text.length && p < other.length && text[p] === other[p]) p++;
  let s = 0;
  while (s < text.length - p && s < other.length - p && text[text.length - 1 - s] === other[other.length - 1 - s]) s++;
  const mid = text.slice(p, text.length - s);
  if (!mid || (p === 0 && s === 0)) return text || '\u00a0';
  return (
    <>
      {text.slice(0, p)}
      <mark className={cls}>{mid}</mark>
      {text.slice(text.length - s)}
    </>
  );
}

const cellText = (v: string | null) => (v === null ? '' : v === '' ? '\u00a0' : v);

export function DiffView({ left, right }: { left: Side; right: Side }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [onlyChanges, setOnlyChanges] = useState(false);

  const rows = useMemo<NumberedRow[]>(() => {
    let l = 0;
    let r = 0;
    return diffLines(left.body, right.body).map((row) => ({
      ...row,
      ln: row.left !== null ? ++l : null,
      rn: row.right !== null ? ++r : null,
    }));
  }, [left.body, right.body]);

  const stats = useMemo(() => {
    const s = { add: 0, del: 0, change: 0 };
    rows.forEach((r) => {
      if (r.op !== 'same') s[r.op]++;
    });
    return s;
  }, [rows]);
  const changed = stats.add + stats.del + stats.change;

  const items = useMemo<Item[]>(() => {
    if (!onlyChanges) return rows.map((row, idx) => ({ kind: 'row', row, idx }));
    const out: Item[] = [];
    let run = 0;
    rows.forEach((row, idx) => {
      if (row.op === 'same') {
        run++;
        return;
      }
      if (run > 0) out.push({ kind: 'skip', count: run, idx: idx - 1 });
      run = 0;
      out.push({ kind: 'row', row, idx });
    });
    if (run > 0) out.push({ kind: 'skip', count: run, idx: rows.length });
    return out;
  }, [rows, onlyChanges]);

  const testId = (op: DiffRow['op']) => (op === 'same' ? undefined : `diff-row-${op}`);
  const leftLabel = t('sv.diff.left', { n: left.version });
  const rightLabel = t('sv.diff.right', { n: right.version });

  const head = (
    <div className="sv-diff-bar">
      <Typography.Text type={changed ? undefined : 'secondary'} data-testid="diff-summary">
        {changed ? t('sv.diff.summary', { add: stats.add, del: stats.del, change: stats.change }) : t('sv.diff.same')}
      </Typography.Text>
      <label className="filter-switch">
        <Switch size="small" checked={onlyChanges} onChange={setOnlyChanges} data-testid="diff-only-changes" />{' '}
        {t('sv.diff.onlyChanges')}
      </label>
    </div>
  );

  if (mobile) {
    return (
      <div className="sv-diff-wrap" data-testid="diff-view">
        {head}
        <div className="sv-diff-legend">
          <span className="sv-diff-key sv-diff-key-del">{leftLabel}</span>
          <span className="sv-diff-key sv-diff-key-add">{rightLabel}</span>
        </div>
        <div className="sv-diff-stack">
          {items.map((it) =>
            it.kind === 'skip' ? (
              <div key={`s${it.idx}`} className="sv-diff-skip">
                {t('sv.diff.unchangedLines', { count: it.count })}
              </div>
            ) : (
              <div key={it.idx} className={`sv-diff-line sv-diff-${it.row.op}`} data-testid={testId(it.row.op)}>
                {it.row.op === 'same' && <div className="sv-diff-text">{cellText(it.row.right)}</div>}
                {it.row.left !== null && it.row.op !== 'same' && (
                  <div className="sv-diff-text sv-diff-old">
                    <span className="sv-diff-sign">−</span>
                    {it.row.op === 'change'
                      ? marked(it.row.left, it.row.right ?? '', 'sv-diff-mark-del')
                      : cellText(it.row.left)}
                  </div>
                )}
                {it.row.right !== null && it.row.op !== 'same' && (
                  <div className="sv-diff-text sv-diff-new">
                    <span className="sv-diff-sign">+</span>
                    {it.row.op === 'change'
                      ? marked(it.row.right, it.row.left ?? '', 'sv-diff-mark-add')
                      : cellText(it.row.right)}
                  </div>
                )}
              </div>
            ),
          )}
          {onlyChanges && changed === 0 && <div className="sv-diff-skip">{t('sv.diff.same')}</div>}
        </div>
      </div>
    );
  }

  return (
    <div className="sv-diff-wrap" data-testid="diff-view">
      {head}
      <table className="sv-diff">
        <colgroup>
          <col className="sv-diff-ln-col" />
          <col />
          <col className="sv-diff-ln-col" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th colSpan={2} data-testid="diff-left-title">
              {leftLabel}
            </th>
            <th colSpan={2} data-testid="diff-right-title">
              {rightLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) =>
            it.kind === 'skip' ? (
              <tr key={`s${it.idx}`} className="sv-diff-skip-row">
                <td colSpan={4} className="sv-diff-skip">
                  {t('sv.diff.unchangedLines', { count: it.count })}
                </td>
              </tr>
            ) : (
              <tr key={it.idx} className={`sv-diff-row sv-diff-${it.row.op}`} data-testid={testId(it.row.op)}>
                <td className="sv-diff-ln">{it.row.ln ?? ''}</td>
                <td className={`sv-diff-cell${it.row.left === null ? ' sv-diff-blank' : ''}`}>
                  {it.row.op === 'change'
                    ? marked(it.row.left ?? '', it.row.right ?? '', 'sv-diff-mark-del')
                    : cellText(it.row.left)}
                </td>
                <td className="sv-diff-ln">{it.row.rn ?? ''}</td>
                <td className={`sv-diff-cell${it.row.right === null ? ' sv-diff-blank' : ''}`}>
                  {it.row.op === 'change'
                    ? marked(it.row.right ?? '', it.row.left ?? '', 'sv-diff-mark-add')
                    : cellText(it.row.right)}
                </td>
              </tr>
            ),
          )}
          {onlyChanges && changed === 0 && (
            <tr>
              <td colSpan={4} className="sv-diff-skip">
                {t('sv.diff.same')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
