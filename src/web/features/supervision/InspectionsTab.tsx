/**
 * Inspection reports (督查报告) and circulated reports (督查通报) of an org, a tab of the supervision
 * hub: kind, title, the day of the inspection, status, how many units each names and how many of
 * them have answered. An office or a supervision team writes a new report ("新建督查报告"). A table
 * on a desk, cards on a phone.
 */
import { useState } from 'react';
import { Button, Empty, Result, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  type InspectionKind,
  type InspectionStatus,
  type InspectionView,
} from '../../../shared/supervision.ts';
import { api } from '../../api/client.ts';
import { useTabOrg } from './useTabOrg.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDate } from '../../components/format.ts';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { inspectionKindLabel, svOptions } from './labels.ts';
import { InspectionStatusTag } from './parts.b.tsx';
import { InspectionModal } from './InspectionModal.b.tsx';

export function InspectionsTab({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const { org, error, roles } = useTabOrg(orgId);
  const [creating, setCreating] = useState(false);
  const [kind, setKind] = useState<InspectionKind | undefined>(undefined);
  const [status, setStatus] = useState<InspectionStatus | undefined>(undefined);
  const list = useApiData(() => api.get<InspectionView[]>('/supervision/inspections', { org: orgId }), [orgId]);

  const err = error ?? list.error;
  if (err)
    return (
      <Result
        status={err.status === 404 ? '404' : err.status === 403 ? '403' : 'error'}
        title={t('common.loadFailed')}
        subTitle={err.message}
      />
    );
  if (!org) return <Skeleton active paragraph={{ rows: 6 }} />;
  const rows = (list.data ?? []).filter((r) => (!kind || r.kind === kind) && (!status || r.status === status));
  const canCreate = (roles.has('office') || roles.has('supervisor')) && org.status === 'active';

  const answered = (r: InspectionView) =>
    r.namedCount === 0 ? (
      <span className="muted">—</span>
    ) : (
      <span className={r.status === 'circulated' && r.answeredCount < r.namedCount ? 'text-danger' : undefined}>
        {t('svb.insp.answeredOf', { a: r.answeredCount, n: r.namedCount })}
      </span>
    );

  const body = mobile ? (
    <div className="svb-tiles" data-testid="inspections-table">
      {rows.map((r) => (
        <Link key={r.id} to={`/inspections/${r.id}`} className="svb-tile" data-testid={`inspection-row-${r.id}`}>
          <div className="svb-tile-head">
            <span className="muted">
              {inspectionKindLabel(t, r.kind)} · {fmtDate(r.inspectedOn)}
            </span>
            <InspectionStatusTag status={r.status} />
          </div>
          <div className="svb-tile-title">{r.title}</div>
          <div className="svb-tile-meta muted">
            <span>{r.teamName ? `${r.orgName} · ${r.teamName}` : r.orgName}</span>
            <span>{t('svb.insp.namedN', { n: r.namedCount })}</span>
            {r.namedCount > 0 && answered(r)}
          </div>
        </Link>
      ))}
      {rows.length === 0 && !list.loading && <Empty description={t('svb.insp.none')} />}
      {list.loading && rows.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<InspectionView>
      rowKey="id"
      size="middle"
      loading={list.loading}
      dataSource={rows}
      pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      data-testid="inspections-table"
      scroll={{ x: 920 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('svb.insp.none')} /> }}
      onRow={(r) =>
        ({
          'data-testid': `inspection-row-${r.id}`,
          className: 'clickable',
          onClick: () => navigate(`/inspections/${r.id}`),
        }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('svb.insp.kind'),
          dataIndex: 'kind',
          width: 110,
          render: (v: InspectionKind) => (
            <Tag color="red" variant="outlined">
              {inspectionKindLabel(t, v)}
            </Tag>
          ),
        },
        {
          title: t('svb.insp.titleCol'),
          dataIndex: 'title',
          render: (v: string, r) => (
            <Link to={`/inspections/${r.id}`} onClick={(e) => e.stopPropagation()} className="cell-clamp" title={v}>
              {v}
            </Link>
          ),
        },
        {
          title: t('svb.insp.by'),
          key: 'by',
          width: 190,
          render: (_, r) => (
            <span className="cell-clamp">{r.teamName ? `${r.orgName} · ${r.teamName}` : r.orgName}</span>
          ),
        },
        { title: t('svb.insp.date'), dataIndex: 'inspectedOn', width: 116, render: (v: string) => fmtDate(v) },
        {
          title: t('svb.insp.status'),
          dataIndex: 'status',
          width: 96,
          render: (v: InspectionStatus) => <InspectionStatusTag status={v} />,
        },
        { title: t('svb.insp.namedCol'), dataIndex: 'namedCount', width: 90, align: 'right' },
        {
          title: t('svb.insp.answeredCol'),
          key: 'answered',
          width: 120,
          align: 'right',
          render: (_, r) => answered(r),
        },
        {
          title: t('svb.insp.circulatedAt'),
          dataIndex: 'circulatedAt',
          width: 116,
          render: (v: string | null) => fmtDate(v),
        },
      ]}
    />
  );

  return (
    <div className="sv-tab svb-inspections" data-testid="inspections-tab">
      <div className="table-toolbar svb-filters">
        <Select
          allowClear
          className="filter-select"
          placeholder={t('svb.insp.kind')}
          value={kind}
          onChange={(v?: InspectionKind) => setKind(v)}
          options={svOptions(t, 'inspectionKind', INSPECTION_KINDS)}
          popupMatchSelectWidth={false}
          data-testid="inspections-filter-kind"
        />
        <Select
          allowClear
          className="filter-select"
          placeholder={t('svb.insp.status')}
          value={status}
          onChange={(v?: InspectionStatus) => setStatus(v)}
          options={svOptions(t, 'inspectionStatus', INSPECTION_STATUSES)}
          popupMatchSelectWidth={false}
          data-testid="inspections-filter-status"
        />
        {canCreate && (
          <div className="svb-toolbar-actions">
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              size={mobile ? 'large' : 'middle'}
              block={mobile}
              data-testid="inspection-new"
            >
              {t('svb.insp.new')}
            </Button>
          </div>
        )}
      </div>
      {body}
      {!list.loading && list.data && list.data.length > 0 && (
        <div className="pager">
          <Typography.Text type="secondary">
            {t('svb.insp.count', { shown: rows.length, total: list.data.length })}
          </Typography.Text>
        </div>
      )}
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
