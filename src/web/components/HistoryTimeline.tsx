/**
 * The history of an item's moves (a problem, a plan, a form), newest first: each move's name in
 * bold, "→ new status" when the status changed, who made it (or "system") and when, its comment.
 */
import type { ReactNode } from 'react';
import { Timeline, Typography } from 'antd';
import type { ProblemEventView } from '../../shared/ledger.ts';
import { fmtDateTime } from './format.ts';

/** What every detail view's events carry (a problem's add the cycle). */
export type HistoryEvent = Omit<ProblemEventView, 'cycle'>;

export function HistoryTimeline<E extends HistoryEvent>({
  events,
  actionLabel,
  statusLabel,
  actorLabel,
  colors,
  extra,
  empty,
  testId,
}: {
  /** Oldest first, as the server sends them. */
  events: readonly E[];
  actionLabel: (action: string) => ReactNode;
  /** The status a move led to; null shows no arrow. */
  statusLabel: (status: string) => ReactNode | null;
  /** Who made the move: the name, or the page's word for "system". */
  actorLabel: (name: string | null) => ReactNode;
  /** The dot's colour per action; blue for the others. */
  colors: Record<string, string>;
  /** More on a move's first line (e.g. the cycle it belongs to). */
  extra?: (e: E) => ReactNode;
  empty: string;
  testId: string;
}) {
  if (events.length === 0) {
    return (
      <div className="muted" data-testid={testId}>
        {empty}
      </div>
    );
  }
  return (
    <Timeline
      data-testid={testId}
      items={[...events].reverse().map((e) => {
        const to = e.toStatus && e.fromStatus !== e.toStatus ? statusLabel(e.toStatus) : null;
        return {
          key: e.id,
          color: colors[e.action] ?? 'blue',
          children: (
            <div className="history-item">
              <div>
                <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
                {to !== null && <span className="muted"> → {to}</span>}
                {extra?.(e)}
              </div>
              <div className="muted history-meta">
                {actorLabel(e.actorName)} · {fmtDateTime(e.at)}
              </div>
              {e.comment && <div className="history-comment pre-wrap">{e.comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
