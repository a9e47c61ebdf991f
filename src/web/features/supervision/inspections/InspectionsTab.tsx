/**
 * Inspection reports (督查报告) and circulated reports (督查通报) of an org, a tab of the supervision
 * hub: kind, title, the day of the inspection, status, how many units each names and how many of
 * them have answered. An office or a supervision team writes a new report ("新建督查报告"). A table
 * on a desk, cards on a phone.
 */
import { useState } from 'react';
import { Button, Empty, Result, Select, Skeleton, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  type InspectionKind,
  type InspectionStatus,
  type InspectionView,
} from '../../../../shared/supervision.ts';
import { usePagedList } from '../../../api/paging.ts';
import { PagedList } from '../../../components/PagedList.tsx';
import { inspectionsApi } from './api.ts';
import { useTabOrg } from '../parts/useTabOrg.ts';
import { Link, useRouter } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtDate } from '../../../components/format.ts';
import { useIsMobile } from '../../../components/hooks.ts';
import { inspectionKindLabel, svOptions } from '../labels.ts';
import { InspectionStatusTag } from '../parts/problems.tsx';
import { InspectionModal } from './InspectionModal.tsx';

const PAGE = 50;

export function InspectionsTab({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const { org, error, can } = useTabOrg(orgId);
  const [creating, setCreating] = useState(false);
  const [kind, setKind] = useState<InspectionKind | undefined>(undefined);
  const [status, setStatus] = useState<InspectionStatus | undefined>(undefined);
  const list = usePagedList<InspectionView>(
    (after) => inspectionsApi.list({ org: orgId, kind, status, limit: PAGE }, after),
    [orgId, kind, status],
  );

  const err = error;
  if (err)
    return (
      <Result
        status={err.status === 404 ? '404' : err.status === 403 ? '403' : 'error'}
        title={t('common.loadFailed')}
        subTitle={err.message}
      />
    );
  if (!org) return <Skeleton active paragraph={{ rows: 6 }} />;
  const canCreate = can('writeInspection');

  const answered = (r: InspectionView) =>
    r.namedCount === 0 ? (
      <span className="muted">—</span>
    ) : (
      <span className={r.status === 'circulated' && r.answeredCount < r.namedCount ? 'text-danger' : undefined}>
        {t('sv.insp.answeredOf', { a: r.answeredCount, n: r.namedCount })}
      </span>
    );

  const card = (r: InspectionView) => (
    <Link key={r.id} to={`/inspections/${r.id}`} className="sv-tile" data-testid={`inspection-row-${r.id}`}>
      <div className="sv-tile-head">
        <span className="muted">
          {inspectionKindLabel(t, r.kind)} · {fmtDate(r.inspectedOn)}
        </span>
        <InspectionStatusTag status={r.status} />
      </div>
      <div className="sv-tile-title">{r.title}</div>
      <div className="sv-tile-meta muted">
        <span>{r.teamName ? `${r.orgName} · ${r.teamName}` : r.orgName}</span>
        <span>{t('sv.insp.namedN', { n: r.namedCount })}</span>
        {r.namedCount > 0 && answered(r)}
      </div>
    </Link>
  );

  const body = (
    <PagedList<InspectionView>
      list={list}
      rowKey="id"
      testId="inspections-table"
      layout={mobile ? 'cards' : 'table'}
      renderCard={card}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.insp.none')} />}
      tableProps={{
        scroll: { x: 920 },
        onRow: (r) =>
          ({
            'data-testid': `inspection-row-${r.id}`,
            className: 'clickable',
            onClick: () => navigate(`/inspections/${r.id}`),
          }) as React.HTMLAttributes<HTMLElement>,
      }}
      columns={[
        {
          title: t('sv.insp.kind'),
          dataIndex: 'kind',
          width: 110,
          render: (v: InspectionKind) => (
            <Tag color="red" variant="outlined">
              {inspectionKindLabel(t, v)}
            </Tag>
          ),
        },
        {
          title: t('sv.insp.titleCol'),
          dataIndex: 'title',
          render: (v: string, r) => (
            <Link to={`/inspections/${r.id}`} onClick={(e) => e.stopPropagation()} className="cell-clamp" title={v}>
              {v}
            </Link>
          ),
        },
        {
          title: t('sv.insp.by'),
          key: 'by',
          width: 190,
          render: (_, r) => (
            <span className="cell-clamp">{r.teamName ? `${r.orgName} · ${r.teamName}` : r.orgName}</span>
          ),
        },
        { title: t('sv.insp.date'), dataIndex: 'inspectedOn', width: 116, render: (v: string) => fmtDate(v) },
        {
          title: t('sv.insp.status'),
          dataIndex: 'status',
          width: 96,
          render: (v: InspectionStatus) => <InspectionStatusTag status={v} />,
        },
        { title: t('sv.insp.namedCol'), dataIndex: 'namedCount', width: 90, align: 'right' },
        {
          title: t('sv.insp.answeredCol'),
          key: 'answered',
          width: 120,
          align: 'right',
          render: (_, r) => answered(r),
        },
        {
          title: t('sv.insp.circulatedAt'),
          dataIndex: 'circulatedAt',
          width: 116,
          render: (v: string | null) => fmtDate(v),
        },
      ]}
    />
  );

  return (
    <div className="sv-tab sv-inspections" data-testid="inspections-tab">
      <div className="table-toolbar sv-hub-filters">
        <Select
          allowClear
          className="filter-select"
          placeholder={t('sv.insp.kind')}
          value={kind}
          onChange={(v?: InspectionKind) => setKind(v)}
          options={svOptions(t, 'inspectionKind', INSPECTION_KINDS)}
          popupMatchSelectWidth={false}
          data-testid="inspections-filter-kind"
        />
        <Select
          allowClear
          className="filter-select"
          placeholder={t('sv.insp.status')}
          value={status}
          onChange={(v?: InspectionStatus) => setStatus(v)}
          options={svOptions(t, 'inspectionStatus', INSPECTION_STATUSES)}
          popupMatchSelectWidth={false}
          data-testid="inspections-filter-status"
        />
        {canCreate && (
          <div className="sv-toolbar-actions">
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              size={mobile ? 'large' : 'middle'}
              block={mobile}
              data-testid="inspection-new"
              data-ability="writeInspection"
            >
              {t('sv.insp.new')}
            </Button>
          </div>
        )}
      </div>
      {body}
      {creating && (
        <InspectionModal
          mode="create"
          org={org}
          onClose={() => setCreating(false)}
          onSaved={(d) => {
            setCreating(false);
            navigate(`/inspections/${d.id}`);
          }}
        />
      )}
    </div>
  );
}
