/**
 * The 审核把关 tab: the materials of an org's subtree that are reviewed against a criteria
 * checklist (analysis reports, comparison-check materials, speech outlines …): a wide table on a
 * desk and cards on a phone, filtered by status and kind and "to review by me" (in the URL),
 * newest first with "load more"; "新建材料" opens the new-material dialog.
 */
import { useMemo, useState } from 'react';
import {
  App,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OrgDetailView } from '../../../shared/api.ts';
import type {
  ChecklistView,
  MaterialDetailView,
  MaterialKind,
  MaterialStatus,
  MaterialView,
} from '../../../shared/supervision.ts';
import { MATERIAL_KINDS, MATERIAL_STATUSES } from '../../../shared/supervision.ts';
import { api, ApiError } from '../../api/client.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors, fmtDateTime } from '../../components/format.ts';
import { checklistName, svOptions } from './labels.ts';
import { MaterialStatusTag } from './StatusTags.tsx';
import { useKeysetPages } from './useKeysetPages.ts';
import { useTabOrg } from './useTabOrg.ts';

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
  const { org, roles } = useTabOrg(orgId, given);

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
  // Secretaries, offices and members draw up materials (a supervisor reviews them, never writes one).
  const canCreate =
    !!org && org.status === 'active' && (roles.has('unit_admin') || roles.has('office') || roles.has('member'));
  // The unit's main leader (unit_admin) and supervision teams review; an office or a member only reads.
  const canReview = roles.has('unit_admin') || roles.has('supervisor');

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
        {canReview && (
          <label className="filter-switch">
            <Switch
              size="small"
              checked={filters.toReview}
              onChange={(v) => setFilter({ toReview: v ? '1' : null })}
              data-testid="material-filter-to-review"
            />{' '}
            {t('sv.material.toReview')}
          </label>
        )}
        <span className="toolbar-spacer" />
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="material-new"
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
          isUnitLeader={roles.has('unit_admin')}
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
  const { message } = App.useApp();
  const { first, items, cursor, loadMore, loadingMore } = useKeysetPages<MaterialView>('/supervision/materials', {
    org: orgId,
    status: filters.status,
    kind: filters.kind,
    toReview: filters.toReview ? true : undefined,
    limit: PAGE,
  });
  const more = () => loadMore().catch((e: unknown) => message.error(e instanceof ApiError ? e.message : String(e)));
  const empty = t(filters.toReview ? 'sv.material.noneToReview' : 'sv.material.none');
  const versionText = (m: MaterialView) => t('sv.material.versionN', { n: m.version });

  if (first.error) return <Empty description={`${t('common.loadFailed')}: ${first.error.message}`} />;

  const list = mobile ? (
    <div className="problem-tiles" data-testid="material-table">
      {items.map((m) => (
        <Link key={m.id} to={`/materials/${m.id}`} className="problem-tile" data-testid={`material-row-${m.id}`}>
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
      ))}
      {items.length === 0 && !first.loading && <Empty description={empty} />}
      {first.loading && items.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<MaterialView>
      rowKey="id"
      size="middle"
      loading={first.loading}
      dataSource={items}
      pagination={false}
      data-testid="material-table"
      scroll={{ x: showUnit ? 1000 : 860 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      onRow={(m) => ({ 'data-testid': `material-row-${m.id}` }) as React.HTMLAttributes<HTMLElement>}
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

  return (
    <>
      {list}
      <div className="pager">
        <Typography.Text type="secondary" data-testid="material-count">
          {t(cursor ? 'sv.material.countMore' : 'sv.material.count', { shown: items.length })}
        </Typography.Text>
        {cursor && (
          <Button
            onClick={() => void more()}
            loading={loadingMore}
            data-testid="material-more"
            block={mobile}
            size={mobile ? 'large' : 'middle'}
          >
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </>
  );
}

interface NewMaterialValues {
  kind: MaterialKind;
  title: string;
  subjectName?: string;
  body?: string;
  checklistId?: number;
  needsLeader: boolean;
  needsTeam: boolean;
}

const NEW_FIELDS = ['kind', 'title', 'subjectName', 'body', 'checklistId', 'needsLeader', 'needsTeam'];

/** 新建材料: kind, title, whose material, the first text, who reviews it and against which criteria. */
function NewMaterialModal({
  org,
  isUnitLeader,
  onClose,
  onCreated,
}: {
  org: OrgDetailView;
  isUnitLeader: boolean;
  onClose: () => void;
  onCreated: (m: MaterialDetailView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<NewMaterialValues>();
  const [busy, setBusy] = useState(false);
  const checklists = useApiData(
    () => api.get<ChecklistView[]>('/supervision/checklists', { org: org.id, kind: 'review' }),
    [org.id],
  );
  const storeKey = `massline.material.new.${org.id}`;
  const initial = useMemo<NewMaterialValues>(() => {
    // Nobody reviews their own material as main leader: a secretary's own report goes to the team.
    const base: NewMaterialValues = {
      kind: 'analysis_report',
      title: '',
      subjectName: '',
      body: '',
      needsLeader: !isUnitLeader,
      needsTeam: true,
    };
    try {
      const raw = localStorage.getItem(storeKey);
      return raw ? { ...base, ...(JSON.parse(raw) as Partial<NewMaterialValues>) } : base;
    } catch {
      return base;
    }
  }, [storeKey, isUnitLeader]);
  const needsLeader = Form.useWatch('needsLeader', form);
  const needsTeam = Form.useWatch('needsTeam', form);

  const keep = () => {
    try {
      localStorage.setItem(storeKey, JSON.stringify(form.getFieldsValue(true)));
    } catch {
      /* storage full or disabled */
    }
  };

  const submit = async (v: NewMaterialValues) => {
    setBusy(true);
    try {
      const created = await api.post<MaterialDetailView>('/supervision/materials', {
        orgId: org.id,
        kind: v.kind,
        title: v.title.trim(),
        subjectName: (v.subjectName ?? '').trim(),
        body: v.body ?? '',
        checklistId: v.checklistId ?? undefined,
        needsLeader: !!v.needsLeader,
        needsTeam: !!v.needsTeam,
      });
      localStorage.removeItem(storeKey);
      message.success(t('sv.material.created'));
      onCreated(created);
    } catch (e) {
      if (!applyFieldErrors(form, e, NEW_FIELDS)) message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const requiredRule = { required: true, message: t('validation.required') };
  const checklistOptions = (checklists.data ?? []).map((c) => ({
    value: c.id,
    label: (
      <span>
        {checklistName(locale, c)}{' '}
        {c.builtin ? (
          <Tag className="sv-inline-tag">{t('sv.checklist.builtin')}</Tag>
        ) : (
          <span className="muted">· {c.orgName}</span>
        )}
      </span>
    ),
    title: checklistName(locale, c),
  }));

  return (
    <Modal
      open
      width={mobile ? '100%' : 720}
      style={mobile ? { top: 8, maxWidth: '100vw', paddingBottom: 0 } : undefined}
      title={t('sv.material.newTitle', { org: org.name })}
      okText={t('sv.material.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'material-new-ok' } as never}
      destroyOnHidden
    >
      <Form<NewMaterialValues>
        form={form}
        layout="vertical"
        className="dense-form"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={keep}
        data-testid="material-new-form"
      >
        <div className="form-row">
          <Form.Item name="kind" label={t('sv.material.kind')} rules={[requiredRule]}>
            <Select options={svOptions(t, 'materialKind')} data-testid="material-new-kind" />
          </Form.Item>
          <Form.Item name="subjectName" label={t('sv.material.subject')} extra={t('sv.material.subjectHelp')}>
            <Input maxLength={100} data-testid="material-new-subject" />
          </Form.Item>
        </div>
        <Form.Item
          name="title"
          label={t('sv.material.title')}
          rules={[requiredRule, { whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={200} data-testid="material-new-title" />
        </Form.Item>
        <Form.Item name="body" label={t('sv.material.body')} extra={t('sv.material.bodyHelp')}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={200000} data-testid="material-new-body" />
        </Form.Item>
        <Form.Item name="checklistId" label={t('sv.material.checklist')} extra={t('sv.material.checklistHelp')}>
          <Select
            allowClear
            loading={checklists.loading}
            options={checklistOptions}
            placeholder={t('sv.material.checklistDefault')}
            data-testid="material-new-checklist"
          />
        </Form.Item>
        <Form.Item
          label={t('sv.material.reviewers')}
          required
          style={{ marginBottom: 4 }}
          extra={t('sv.material.reviewersHelp')}
        >
          <div className="sv-checks">
            <Form.Item name="needsLeader" valuePropName="checked" noStyle>
              <Checkbox data-testid="material-new-needs-leader">{t('sv.material.needsLeader')}</Checkbox>
            </Form.Item>
            <Form.Item name="needsTeam" valuePropName="checked" noStyle>
              <Checkbox data-testid="material-new-needs-team">{t('sv.material.needsTeam')}</Checkbox>
            </Form.Item>
          </div>
        </Form.Item>
        {needsLeader === false && needsTeam === false && (
          <Typography.Text type="warning">{t('sv.material.noReviewer')}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
