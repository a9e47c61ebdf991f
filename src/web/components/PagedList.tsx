/**
 * The one list component of the web app, fed by a `usePagedList` state (src/web/api/paging.ts).
 *
 *   <PagedList
 *     list={list}                       // usePagedList(...) result
 *     rowKey="id"                       // or (row) => key
 *     columns={columns}                 // desk: an antd Table (no pager), sorting/filters via tableProps.onChange
 *     renderCard={(row) => <…/>}        // phone (useIsMobile): one card per row; without it the phone shows the table too
 *     testId="members-list"             // data-testid of the wrapper; the button is `${testId}-more`
 *     tableProps={{ onRow, onChange, scroll, size, rowSelection, … }}
 *     countText={(shown, total, capped) => …}   // optional; default "已显示 n / 共 total 条"
 *     empty={<Empty …/>}                // optional, what an empty list shows
 *     toolbar={…}                       // optional, shown right of the count line
 *     cardClassName=""                  // optional: '' when renderCard draws its own card chrome
 *   />
 *
 * Below the rows: the count ("n of total", or "n shown" when the list has no total) and a
 * "load more" button while the server has a next page; a failed load shows the translated error
 * with a retry (first page: reload; later page: load more again).
 */
import type { Key, ReactNode } from 'react';
import { Alert, Button, Empty, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { PagedListState } from '../api/paging.ts';
import { useI18n } from '../i18n/index.tsx';
import { useIsMobile } from './hooks.ts';
import './PagedList.css';

export interface PagedListProps<T> {
  list: PagedListState<T>;
  rowKey: (keyof T & string) | ((row: T) => Key);
  columns?: TableProps<T>['columns'];
  renderCard?: (row: T, index: number) => ReactNode;
  tableProps?: Omit<TableProps<T>, 'dataSource' | 'columns' | 'pagination' | 'rowKey' | 'loading'>;
  testId?: string;
  countText?: (shown: number, total: number | undefined, capped: boolean) => ReactNode;
  empty?: ReactNode;
  toolbar?: ReactNode;
  /** Force the phone (cards) or desk (table) layout; by screen width otherwise. */
  layout?: 'cards' | 'table';
  className?: string;
  /** Class of each card's wrapper (default `paged-card`, a bordered box); '' when renderCard draws its own. */
  cardClassName?: string;
}

export function PagedList<T extends object>({
  list,
  rowKey,
  columns,
  renderCard,
  tableProps,
  testId,
  countText,
  empty,
  toolbar,
  layout,
  className,
  cardClassName = 'paged-card',
}: PagedListProps<T>) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const cards = renderCard !== undefined && (layout ? layout === 'cards' : mobile);
  const keyOf = (row: T, i: number): Key =>
    typeof rowKey === 'function' ? rowKey(row) : ((row[rowKey] as Key | undefined) ?? i);

  const shown = list.items.length;
  const count =
    countText?.(shown, list.total, list.capped) ??
    (list.total !== undefined
      ? t('list.shownOf', {
          shown: shown.toLocaleString(),
          total: list.total.toLocaleString(),
          plus: list.capped ? '+' : '',
        })
      : t('list.shown', { shown: shown.toLocaleString() }));

  const body = cards ? (
    <div className="paged-cards" data-testid={testId ? `${testId}-cards` : undefined}>
      {list.loading && shown === 0 ? (
        <div className="paged-cards-loading">
          <Spin />
        </div>
      ) : shown === 0 && !list.error ? (
        (empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />)
      ) : (
        list.items.map((row, i) => (
          <div className={cardClassName || undefined} key={keyOf(row, i)}>
            {renderCard(row, i)}
          </div>
        ))
      )}
    </div>
  ) : (
    <Table<T>
      size="middle"
      {...tableProps}
      rowKey={rowKey}
      columns={columns}
      dataSource={list.items}
      loading={list.loading}
      pagination={false}
      locale={empty ? { emptyText: empty } : tableProps?.locale}
    />
  );

  return (
    <div className={`paged-list${className ? ` ${className}` : ''}`} data-testid={testId}>
      {body}
      {list.error && (
        <Alert
          className="paged-error"
          type="error"
          showIcon
          title={list.error.message}
          action={
            <Button size="small" onClick={() => (shown === 0 ? list.reload() : void list.loadMore())}>
              {t('list.retry')}
            </Button>
          }
        />
      )}
      <div className="paged-foot">
        <Typography.Text type="secondary" className="paged-count" data-testid={testId ? `${testId}-count` : undefined}>
          {list.loading && shown === 0 ? '' : count}
        </Typography.Text>
        {list.hasMore && (
          <Button
            onClick={() => void list.loadMore()}
            loading={list.loadingMore}
            disabled={list.loading}
            block={cards}
            data-testid={testId ? `${testId}-more` : 'paged-more'}
          >
            {t('common.loadMore')}
          </Button>
        )}
        {toolbar && <div className="paged-toolbar">{toolbar}</div>}
      </div>
    </div>
  );
}
