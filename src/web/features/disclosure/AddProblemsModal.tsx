/**
 * Adds problems of the batch org's subtree to a draft batch: as problems (公示问题, any confirmed
 * problem) or as finished rectifications (整改完成情况, closed ones only). The server takes a
 * redacted snapshot of each; the office reads it on the batch page before publishing.
 */
import { useState } from 'react';
import { Alert, App, Modal, Radio, Select, Tag, Typography } from 'antd';
import type { ProblemCategory, ProblemStatus, ProblemView } from '../../../shared/ledger.ts';
import { formatDeadline, PROBLEM_CATEGORIES } from '../../../shared/ledger.ts';
import type { DisclosureBatchDetailView, DisclosureItemKind } from '../../../shared/opinions.ts';
import { ApiError } from '../../api/client.ts';
import { disclosureApi } from './api.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { ProblemPickList } from '../ledger/ProblemPickList.tsx';
import { ProblemStatusTag } from '../ledger/ProblemStatusTag.tsx';
import { usePagedList } from '../../api/paging.ts';
import { loadProblems } from '../ledger/api.ts';

const PAGE = 50;
/** Statuses a problem may be disclosed in (a draft is not confirmed yet). */
const DISCLOSABLE: readonly ProblemStatus[] = ['pending', 'in_progress', 'awaiting', 'closed'];

export function AddProblemsModal({
  batch,
  onClose,
  onAdded,
}: {
  batch: DisclosureBatchDetailView;
  onClose: () => void;
  onAdded: (d: DisclosureBatchDetailView) => void;
}) {
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
  const eligible = (p: ProblemView) =>
    !included.has(p.id) && (kind === 'rectification' ? p.status === 'closed' : p.status !== 'draft');

  const add = async () => {
    if (selected.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const d = await disclosureApi.addItems(batch.id, kind, selected);
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
            { value: 'problem', label: enumLabel(t, 'disclosureKind', 'problem') },
            { value: 'rectification', label: enumLabel(t, 'disclosureKind', 'rectification') },
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
        {kind === 'problem'
          ? t('dc.addHintProblem', { org: batch.orgName })
          : t('dc.addHintRectification', { org: batch.orgName })}
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
  const q = {
    org: orgId,
    subtree: true,
    status,
    category: category as ProblemCategory | undefined,
    sort: 'seq' as const,
    limit: PAGE,
  };
  const pages = usePagedList<ProblemView>((after) => loadProblems(q, after), [orgId, status, category]);
  const why = (p: ProblemView) => (included.has(p.id) ? t('dc.addIncluded') : null);

  return (
    <ProblemPickList
      list={pages}
      pickedIds={selected}
      onToggle={(rows, on) => {
        const ids = rows.map((p) => p.id);
        setSelected((s) => (on ? [...s, ...ids.filter((id) => !s.includes(id))] : s.filter((x) => !ids.includes(x))));
      }}
      eligible={eligible}
      mobile={mobile}
      testIds={{ list: 'disclosure-add-list', row: (id) => `disclosure-add-row-${id}`, more: 'disclosure-add-more' }}
      empty={t('dc.addNone')}
      cardRef={(p) => t('dc.itemSeq', { org: p.orgName, seq: p.seq })}
      cardMeta={(p) => (
        <>
          <Tag>{enumLabel(t, 'problemCategory', p.category)}</Tag>
          <Tag>{enumLabel(t, 'problemKind', p.kind)}</Tag>
          <span className="muted">{deadline(p)}</span>
          {why(p) && <Tag color="default">{why(p)}</Tag>}
        </>
      )}
      scrollY="calc(100vh - 420px)"
      columns={[
        {
          title: t('dc.unit'),
          dataIndex: 'orgName',
          width: 170,
          render: (v: string, p) => (
            <span className="cell-clamp" title={v}>{`${v} · ${t('dc.seqShort', { seq: p.seq })}`}</span>
          ),
        },
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
        {
          title: t('dc.category'),
          dataIndex: 'category',
          width: 96,
          render: (v: string) => enumLabel(t, 'problemCategory', v),
        },
        {
          title: t('dc.problemKind'),
          dataIndex: 'kind',
          width: 104,
          render: (v: string) => enumLabel(t, 'problemKind', v),
        },
        { title: t('dc.deadline'), key: 'deadline', width: 124, render: (_: unknown, p: ProblemView) => deadline(p) },
        {
          title: t('dc.problemStatus'),
          dataIndex: 'status',
          width: 116,
          render: (v: ProblemStatus) => <ProblemStatusTag status={v} />,
        },
      ]}
      count={t('dc.addCount', { shown: pages.items.length, total: pages.total ?? 0, selected: selected.length })}
    />
  );
}
