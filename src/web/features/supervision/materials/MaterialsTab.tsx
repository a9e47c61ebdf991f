/**
 * The 审核把关 tab: the materials of an org's subtree that are reviewed against a criteria
 * checklist (analysis reports, comparison-check materials, speech outlines …): a wide table on a
 * desk and cards on a phone, filtered by status and kind and "to review by me" (in the URL),
 * newest first with "load more"; "新建材料" opens the new-material dialog.
 */
import { useState } from 'react';
import { Button, Empty, Select, Switch } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OrgDetailView } from '../../../../shared/api.ts';
import type { MaterialKind, MaterialStatus, MaterialView } from '../../../../shared/supervision.ts';
import { MATERIAL_KINDS, MATERIAL_STATUSES } from '../../../../shared/supervision.ts';
import { usePagedList } from '../../../api/paging.ts';
import { PagedList } from '../../../components/PagedList.tsx';
import { materialsApi } from './api.ts';
import { NewMaterialModal } from './NewMaterialModal.tsx';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { Link, useRouter } from '../../../app/router.tsx';
import { useIsMobile } from '../../../components/hooks.ts';
import { fmtDateTime } from '../../../components/format.ts';
import { svOptions } from '../labels.ts';
import { MaterialStatusTag } from '../parts/StatusTags.tsx';
import { useTabOrg } from '../parts/useTabOrg.ts';

const PAGE = 50;
const FILTER_KEYS = ['status', 'kind', 'toReview'] as const;

interface Filters {
  status?: MaterialStatus;
  kind?: MaterialKind;
  toReview: boolean;
}

export function MaterialsTab({ orgId, org: given }: { orgId: number; org?: OrgDetailView }) {
  const { t } = useI18n();
  const { query, navigate, location } = useRouter();
  const mobile = useIsMobile();
  const [creating, setCreating] = useState(false);
  const { org, can } = useTabOrg(orgId, given);

  const status = query.get('status');
  const kind = query.get('kind');
  const filters: Filters = {
    status: (MATERIAL_STATUSES as readonly string[]).includes(status ?? '') ? (status as MaterialStatus) : undefined,
    kind: (MATERIAL_KINDS as readonly string[]).includes(kind ?? '') ? (kind as MaterialKind) : undefined,
    toReview: query.get('toReview') === '1',
  };
  const setFilter = (patch: Record<string, string | null>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') q.delete(k);
      else q.set(k, v);
    }
    const qs = q.toString();
    navigate(`${location.pathname}${qs ? `?${qs}` : ''}`, { replace: true });
  };
  const filterKey = FILTER_KEYS.map((k) => query.get(k) ?? '').join('|');
  // The server says who draws up materials here (secretaries, offices, members; a supervisor only reviews).
  const canCreate = !!org && can('writeMaterial');

  return (
    <div className="sv-tab" data-testid="sv-materials">
      <div className="table-toolbar sv-filters">
        <Select
          allowClear
          className="filter-select"
          placeholder={t('sv.material.status')}
          value={filters.status}
          onChange={(v?: string) => setFilter({ status: v ?? null })}
          options={svOptions(t, 'materialStatus')}
          popupMatchSelectWidth={false}
          data-testid="material-filter-status"
        />
        <Select
          allowClear
          className="filter-select sv-filter-wide"
          placeholder={t('sv.material.kind')}
          value={filters.kind}
          onChange={(v?: string) => setFilter({ kind: v ?? null })}
          options={svOptions(t, 'materialKind')}
          popupMatchSelectWidth={false}
          data-testid="material-filter-kind"
        />
        <label className="filter-switch">
          <Switch
            size="small"
            checked={filters.toReview}
            onChange={(v) => setFilter({ toReview: v ? '1' : null })}
            data-testid="material-filter-to-review"
          />{' '}
          {t('sv.material.toReview')}
        </label>
        <span className="toolbar-spacer" />
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="material-new"
            data-ability="writeMaterial"
            block={mobile}
            size={mobile ? 'large' : 'middle'}
          >
            {t('sv.material.new')}
          </Button>
        )}
      </div>
      <MaterialList
        key={`${orgId}|${filterKey}`}
        orgId={orgId}
        filters={filters}
        showUnit={(org?.childCount ?? 0) > 0}
        mobile={mobile}
      />
      {creating && org && (
        <NewMaterialModal
          org={org}
          isUnitLeader={can('reviewAsLeader')}
          onClose={() => setCreating(false)}
          onCreated={(m) => {
            setCreating(false);
            navigate(`/materials/${m.id}`);
          }}
        />
      )}
    </div>
  );
}

function MaterialList({
  orgId,
  filters,
  showUnit,
  mobile,
}: {
  orgId: number;
  filters: Filters;
  showUnit: boolean;
  mobile: boolean;
}) {
  const { t } = useI18n();
  const list = usePagedList<MaterialView>(
    (after) => materialsApi.list({ org: orgId, ...filters, limit: PAGE }, after),
    [orgId, filters.status, filters.kind, filters.toReview],
  );
  const empty = t(filters.toReview ? 'sv.material.noneToReview' : 'sv.material.none');
  const versionText = (m: MaterialView) => t('sv.material.versionN', { n: m.version });

  const card = (m: MaterialView) => (
    <Link to={`/materials/${m.id}`} className="problem-tile" data-testid={`material-row-${m.id}`}>
      <div className="problem-tile-head">
        <span className="muted">
          {enumLabel(t, 'materialKind', m.kind)}
          {showUnit && ` · ${m.orgName}`}
        </span>
        <MaterialStatusTag status={m.status} />
      </div>
      <div className="problem-tile-desc">{m.title}</div>
      <div className="problem-tile-meta muted">
        {m.subjectName && <span>{m.subjectName}</span>}
        <span>{versionText(m)}</span>
        {m.round > 0 && <span>{t('sv.material.roundN', { n: m.round })}</span>}
        <span>{fmtDateTime(m.updatedAt).slice(0, 16)}</span>
      </div>
    </Link>
  );

  return (
    <PagedList<MaterialView>
      list={list}
      rowKey="id"
      testId="material-table"
      layout={mobile ? 'cards' : 'table'}
      renderCard={card}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />}
      countText={(shown) => t(list.hasMore ? 'sv.material.countMore' : 'sv.material.count', { shown })}
      tableProps={{
        scroll: { x: showUnit ? 1000 : 860 },
        onRow: (m) => ({ 'data-testid': `material-row-${m.id}` }) as React.HTMLAttributes<HTMLElement>,
      }}
      columns={[
        {
          title: t('sv.material.kind'),
          dataIndex: 'kind',
          width: 128,
          render: (v: MaterialKind) => enumLabel(t, 'materialKind', v),
        },
        {
          title: t('sv.material.title'),
          dataIndex: 'title',
          render: (v: string, m: MaterialView) => (
            <Link to={`/materials/${m.id}`} className="cell-clamp" title={v}>
              {v}
            </Link>
          ),
        },
        {
          title: t('sv.material.subject'),
          dataIndex: 'subjectName',
          width: 110,
          render: (v: string) => v || <span className="muted">—</span>,
        },
        ...(showUnit
          ? [
              {
                title: t('sv.unit'),
                dataIndex: 'orgName',
                width: 170,
                render: (v: string) => (
                  <span className="cell-clamp" title={v}>
                    {v}
                  </span>
                ),
              },
            ]
          : []),
        {
          title: t('sv.material.status'),
          dataIndex: 'status',
          width: 104,
          render: (v: MaterialStatus) => <MaterialStatusTag status={v} />,
        },
        {
          title: t('sv.material.version'),
          dataIndex: 'version',
          width: 76,
          align: 'center' as const,
          render: (_: number, m: MaterialView) => versionText(m),
        },
        {
          title: t('sv.material.round'),
          dataIndex: 'round',
          width: 64,
          align: 'center' as const,
          render: (v: number) => (v > 0 ? v : <span className="muted">—</span>),
        },
        {
          title: t('sv.material.updatedAt'),
          dataIndex: 'updatedAt',
          width: 150,
          render: (v: string) => fmtDateTime(v).slice(0, 16),
        },
      ]}
    />
  );
}
