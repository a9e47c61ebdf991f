/**
 * Ledger problems to tick in a picker dialog: tappable cards with a checkbox on a phone, a table
 * with row selection on a desk, and under it the count and "load more". The caller loads the pages
 * (usePagedList with loadProblems), keeps what is ticked, and gives the texts, the table's columns and the card's
 * meta line; a problem that is not eligible is shown but cannot be ticked.
 */
import type { ReactNode } from 'react';
import { Button, Checkbox, Empty, Skeleton, Table, Typography, type TableColumnsType } from 'antd';
import type { ProblemView } from '../../../shared/ledger.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ProblemStatusTag } from './ProblemStatusTag.tsx';
import type { PagedListState } from '../../api/paging.ts';
import './ProblemPickList.css';

export interface ProblemPickListProps {
  /** The loaded pages (usePagedList): the first page's loading, the next page's key and "load more". */
  list: Pick<PagedListState<ProblemView>, 'loading' | 'items' | 'next' | 'loadMore' | 'loadingMore'>;
  /** The rows to show when not all that is loaded (filtered by words); all loaded ones by default. */
  shown?: ProblemView[];
  /** The ids ticked (may include problems not shown). */
  pickedIds: readonly number[];
  /** Ticks or unticks problems: one (a card, a row, a checkbox), or those a table's "all" box or shift-click changed. */
  onToggle: (rows: ProblemView[], on: boolean) => void;
  /** Whether a problem may be ticked (all by default). */
  eligible?: (p: ProblemView) => boolean;
  mobile: boolean;
  /** data-testid of the list, of each card or row, and of "load more". */
  testIds: { list: string; row: (id: number) => string; more: string };
  /** Shown when there is nothing to show. */
  empty: string;
  /** A card's first line, before its status: the unit and the number. */
  cardRef: (p: ProblemView) => ReactNode;
  /** A card's last line (deadline, tags). */
  cardMeta: (p: ProblemView) => ReactNode;
  /** The table's columns (the checkbox column comes first by itself). */
  columns: TableColumnsType<ProblemView>;
  /** The table body's height, e.g. `calc(100vh - 400px)`. */
  scrollY: string;
  /** On a desk, a click anywhere on a row ticks or unticks it. */
  rowClick?: boolean;
  /** Under the list: how many are loaded, of how many, and how many ticked. */
  count: ReactNode;
}

export function ProblemPickList({
  list: pages,
  shown,
  pickedIds,
  onToggle,
  eligible,
  mobile,
  testIds,
  empty,
  cardRef,
  cardMeta,
  columns,
  scrollY,
  rowClick,
  count,
}: ProblemPickListProps) {
  const { t } = useI18n();
  const { loading, items, next, loadMore, loadingMore } = pages;
  const rows = shown ?? items;
  const picked = new Set(pickedIds);
  const ok = (p: ProblemView) => !eligible || eligible(p);

  const list = mobile ? (
    <div className="dc-pick-list" data-testid={testIds.list}>
      {rows.map((p) => {
        const can = ok(p);
        const on = picked.has(p.id);
        return (
          <label
            key={p.id}
            className={`dc-pick${can ? '' : ' dc-pick-disabled'}${on ? ' dc-pick-on' : ''}`}
            data-testid={testIds.row(p.id)}
          >
            <Checkbox checked={on} disabled={!can} onChange={(e) => onToggle([p], e.target.checked)} />
            <div className="dc-pick-body">
              <div className="dc-pick-head">
                <span className="muted">{cardRef(p)}</span>
                <ProblemStatusTag status={p.status} />
              </div>
              <div className="dc-pick-desc">{p.description}</div>
              <div className="dc-pick-meta">{cardMeta(p)}</div>
            </div>
          </label>
        );
      })}
      {rows.length === 0 && !loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />}
      {loading && rows.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<ProblemView>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ y: scrollY }}
      data-testid={testIds.list}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      rowSelection={{
        selectedRowKeys: [...pickedIds],
        preserveSelectedRowKeys: true,
        columnWidth: 40,
        // The keys antd would tick now: what is shown and differs from what is ticked changed.
        onChange: (keys) => {
          const now = new Set(keys as number[]);
          const added = rows.filter((p) => now.has(p.id) && !picked.has(p.id));
          const removed = rows.filter((p) => !now.has(p.id) && picked.has(p.id));
          if (added.length > 0) onToggle(added, true);
          if (removed.length > 0) onToggle(removed, false);
        },
        ...(eligible ? { getCheckboxProps: (p: ProblemView) => ({ disabled: !eligible(p) }) } : {}),
      }}
      onRow={(p) =>
        ({
          'data-testid': testIds.row(p.id),
          ...(rowClick ? { className: 'clickable', onClick: () => ok(p) && onToggle([p], !picked.has(p.id)) } : {}),
        }) as React.HTMLAttributes<HTMLElement>
      }
      columns={columns}
    />
  );

  return (
    <>
      {list}
      <div className="pager">
        <Typography.Text type="secondary">{count}</Typography.Text>
        {next && (
          <Button
            onClick={() => void loadMore()}
            loading={loadingMore}
            block={mobile}
            size={mobile ? 'large' : 'middle'}
            data-testid={testIds.more}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </>
  );
}
