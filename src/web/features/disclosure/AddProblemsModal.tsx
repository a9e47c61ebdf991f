/**
 * Adds problems of the batch org's subtree to a draft batch: as problems (公示问题, any confirmed
 * problem) or as finished rectifications (整改完成情况, closed ones only). The server takes a
 * redacted snapshot of each; the office reads it on the batch page before publishing.
 */
import { useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Modal, Radio, Select, Skeleton, Table, Tag, Typography } from 'antd';
import type { ProblemStatus, ProblemView } from '../../../shared/ledger.ts';
import { formatDeadline, PROBLEM_CATEGORIES } from '../../../shared/ledger.ts';
import type { DisclosureBatchDetailView, DisclosureItemKind } from '../../../shared/opinions.ts';
import { api, ApiError } from '../../api/client.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { ProblemStatusTag } from '../ledger/ProblemStatusTag.tsx';
import { useProblemPages } from '../ledger/useProblemPages.ts';

const PAGE = 50;
/** Statuses a problem may be disclosed in (a draft is not confirmed yet). */
const DISCLOSABLE: readonly ProblemStatus[] = ['pending', 'in_progress', 'awaiting', 'closed'];

export function AddProblemsModal({ batch, onClose, onAdded }: { batch: DisclosureBatchDetailView; onClose: () => void; onAdded: (d: DisclosureBatchDetailView) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [kind, setKind] = useState<DisclosureItemKind>('problem');
  const [status, setStatus] = useState<ProblemStatus | undefined>(undefined);
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const effectiveStatus = kind === 'rectification' ? 'closed' : status;

  const included = new Set(batch.items.filter((i) => !i.withdrawnAt && i.kind === kind).map((i) => i.problemId));
  const eligible = (p: ProblemView) => !included.has(p.id) && (kind === 'rectification' ? p.status === 'closed' : p.status !== 'draft');

  const add = async () => {
    if (selected.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const d = await api.post<DisclosureBatchDetailView>(`/disclosures/${batch.id}/items`, { kind, problemIds: selected });
      message.success(t('dc.addDone', { count: selected.length }));
      onAdded(d);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={mobile ? '100%' : 1040}
      title={t('dc.addTitle', { title: batch.title })}
      onCancel={onClose}
      onOk={() => void add()}
      okText={selected.length ? t('dc.addOkCount', { count: selected.length }) : t('dc.addOk')}
      cancelText={t('op.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: selected.length === 0, 'data-testid': 'disclosure-add-submit' } as never}
      className="dc-add-modal"
    >
      <div className="dc-add-toolbar">
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as DisclosureItemKind);
            setSelected([]);
            setError(null);
          }}
          options={[
            { value: 'problem', label: t('dc.kind.problem') },
            { value: 'rectification', label: t('dc.kind.rectification') },
          ]}
          data-testid="disclosure-add-kind"
        />
        {kind === 'problem' ? (
          <Select
            allowClear
            className="dc-add-filter"
            placeholder={t('dc.addStatusAll')}
            value={status}
            onChange={(v?: ProblemStatus) => setStatus(v)}
            options={DISCLOSABLE.map((s) => ({ value: s, label: enumLabel(t, 'problemStatus', s) }))}
            popupMatchSelectWidth={false}
            data-testid="disclosure-add-status"
          />
        ) : (
          <Tag color="green" className="dc-add-closed">
            {t('dc.addClosedOnly')}
          </Tag>
        )}
        <Select
          allowClear
          className="dc-add-filter"
          placeholder={t('dc.addCategory')}
          value={category}
          onChange={(v?: string) => setCategory(v)}
          options={enumOptions(t, 'problemCategory', PROBLEM_CATEGORIES)}
          popupMatchSelectWidth={false}
        />
      </div>
      <Typography.Paragraph type="secondary" className="dc-add-hint">
        {kind === 'problem' ? t('dc.addHintProblem', { org: batch.orgName }) : t('dc.addHintRectification', { org: batch.orgName })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <ProblemPicker
        key={`${kind}|${effectiveStatus ?? ''}|${category ?? ''}`}
        orgId={batch.orgId}
        status={effectiveStatus}
        category={category}
        selected={selected}
        setSelected={setSelected}
        eligible={eligible}
        included={included}
        mobile={mobile}
      />
    </Modal>
  );
}

function ProblemPicker({
  orgId,
  status,
  category,
  selected,
  setSelected,
  eligible,
  included,
  mobile,
}: {
  orgId: number;
  status?: ProblemStatus;
  category?: string;
  selected: number[];
  setSelected: (ids: number[] | ((s: number[]) => number[])) => void;
  eligible: (p: ProblemView) => boolean;
  included: Set<number>;
  mobile: boolean;
}) {
  const { t, locale } = useI18n();
  const deadline = (p: ProblemView) => formatDeadline(p.deadline, p.kind, locale) || p.deadlineText || '—';
  const q = { org: orgId, subtree: true, status, category, sort: 'seq', limit: PAGE };
  const { first, items, total, cursor, loadMore, loadingMore } = useProblemPages(q);
  const why = (p: ProblemView) => (included.has(p.id) ? t('dc.addIncluded') : null);

  const list = mobile ? (
    <div className="dc-pick-list" data-testid="disclosure-add-list">
      {items.map((p) => {
        const ok = eligible(p);
        const on = selected.includes(p.id);
        return (
          <label key={p.id} className={`dc-pick${ok ? '' : ' dc-pick-disabled'}${on ? ' dc-pick-on' : ''}`} data-testid={`disclosure-add-row-${p.id}`}>
            <Checkbox checked={on} disabled={!ok} onChange={(e) => setSelected((s) => (e.target.checked ? [...s, p.id] : s.filter((x) => x !== p.id)))} />
            <div className="dc-pick-body">
              <div className="dc-pick-head">
                <span className="muted">{t('dc.itemSeq', { org: p.orgName, seq: p.seq })}</span>
                <ProblemStatusTag status={p.status} />
              </div>
              <div className="dc-pick-desc">{p.description}</div>
              <div className="dc-pick-meta">
                <Tag>{enumLabel(t, 'problemCategory', p.category)}</Tag>
                <Tag>{enumLabel(t, 'problemKind', p.kind)}</Tag>
                <span className="muted">{deadline(p)}</span>
                {why(p) && <Tag color="default">{why(p)}</Tag>}
              </div>
            </div>
          </label>
        );
      })}
      {items.length === 0 && !first.loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dc.addNone')} />}
      {first.loading && items.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<ProblemView>
      rowKey="id"
      size="small"
      loading={first.loading}
      dataSource={items}
      pagination={false}
      scroll={{ y: 'calc(100vh - 420px)' }}
      data-testid="disclosure-add-list"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dc.addNone')} /> }}
      onRow={(p) => ({ 'data-testid': `disclosure-add-row-${p.id}` }) as React.HTMLAttributes<HTMLElement>}
      rowSelection={{
        selectedRowKeys: selected,
        preserveSelectedRowKeys: true,
        onChange: (keys) => setSelected(keys as number[]),
        getCheckboxProps: (p) => ({ disabled: !eligible(p) }),
        columnWidth: 40,
      }}
      columns={[
        { title: t('dc.unit'), dataIndex: 'orgName', width: 170, render: (v: string, p) => <span className="cell-clamp" title={v}>{`${v} · ${t('dc.seqShort', { seq: p.seq })}`}</span> },
        {
          title: t('dc.problemDescription'),
          dataIndex: 'description',
          render: (v: string, p) => (
            <div>
              <span className="cell-clamp" title={v}>
                {v}
              </span>
              {why(p) && <Tag className="dc-why">{why(p)}</Tag>}
            </div>
          ),
        },
        { title: t('dc.category'), dataIndex: 'category', width: 96, render: (v: string) => enumLabel(t, 'problemCategory', v) },
        { title: t('dc.problemKind'), dataIndex: 'kind', width: 104, render: (v: string) => enumLabel(t, 'problemKind', v) },
        { title: t('dc.deadline'), key: 'deadline', width: 124, render: (_: unknown, p: ProblemView) => deadline(p) },
        { title: t('dc.problemStatus'), dataIndex: 'status', width: 116, render: (v: ProblemStatus) => <ProblemStatusTag status={v} /> },
      ]}
    />
  );

  return (
    <>
      {list}
      <div className="pager">
        <Typography.Text type="secondary">{t('dc.addCount', { shown: items.length, total, selected: selected.length })}</Typography.Text>
        {cursor && (
          <Button onClick={() => void loadMore()} loading={loadingMore} block={mobile} size={mobile ? 'large' : 'middle'} data-testid="disclosure-add-more">
            {t('op.loadMore')}
          </Button>
        )}
      </div>
    </>
  );
}
