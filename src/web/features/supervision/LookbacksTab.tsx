/**
 * The look-back (回头看) rounds of an org, a tab of the supervision hub: each round's title, how
 * many units take part and how many the supervision team spot-checks, the recorded seed of the
 * sample, when it began. An office starts a round ("开展回头看"): title, the checklist (the built-in
 * six checks and six looks by default), which levels of its subtree take part (its direct children
 * by default), the sample size and, optionally, the seed. A table on a desk, cards on a phone.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OrgDetailView } from '../../../shared/api.ts';
import { ORG_LEVELS, type OrgLevel } from '../../../shared/enums.ts';
import type { ChecklistView, LookbackDetailView, LookbackView } from '../../../shared/supervision.ts';
import { api } from '../../api/client.ts';
import { useTabOrg } from './useTabOrg.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { applyFieldErrors, fmtDate } from '../../components/format.ts';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { checklistName } from './labels.ts';
import { errText } from './parts.b.tsx';

export function LookbacksTab({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const { org, error, roles } = useTabOrg(orgId);
  const [creating, setCreating] = useState(false);
  const list = useApiData(() => api.get<LookbackView[]>('/supervision/lookbacks', { org: orgId }), [orgId]);

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
  const rows = list.data ?? [];
  const canCreate = roles.has('office') && org.status === 'active';

  const body = mobile ? (
    <div className="svb-tiles" data-testid="lookbacks-table">
      {rows.map((l) => (
        <Link key={l.id} to={`/lookbacks/${l.id}`} className="svb-tile" data-testid={`lookback-row-${l.id}`}>
          <div className="svb-tile-head">
            <span className="muted">{l.orgName}</span>
            <span className="muted">{fmtDate(l.createdAt)}</span>
          </div>
          <div className="svb-tile-title">{l.title}</div>
          <div className="svb-tile-meta muted">
            <span>{t('svb.lb.participantsN', { n: l.participantCount })}</span>
            <span>{t('svb.lb.sampleN', { n: l.sampleSize })}</span>
            <span>
              {t('svb.lb.seed')} <span className="mono">{l.seed}</span>
            </span>
          </div>
        </Link>
      ))}
      {rows.length === 0 && !list.loading && <Empty description={t('svb.lb.none')} />}
      {list.loading && rows.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<LookbackView>
      rowKey="id"
      size="middle"
      loading={list.loading}
      dataSource={rows}
      pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      data-testid="lookbacks-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('svb.lb.none')} /> }}
      onRow={(l) =>
        ({
          'data-testid': `lookback-row-${l.id}`,
          className: 'clickable',
          onClick: () => navigate(`/lookbacks/${l.id}`),
        }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('svb.lb.titleCol'),
          dataIndex: 'title',
          render: (v: string, l) => (
            <Link to={`/lookbacks/${l.id}`} onClick={(e) => e.stopPropagation()} className="cell-clamp" title={v}>
              {v}
            </Link>
          ),
        },
        {
          title: t('svb.lb.org'),
          dataIndex: 'orgName',
          width: 200,
          render: (v: string) => (
            <span className="cell-clamp" title={v}>
              {v}
            </span>
          ),
        },
        { title: t('svb.lb.participants'), dataIndex: 'participantCount', width: 100, align: 'right' },
        { title: t('svb.lb.sample'), dataIndex: 'sampleSize', width: 100, align: 'right' },
        {
          title: t('svb.lb.seed'),
          dataIndex: 'seed',
          width: 160,
          render: (v: string) => <span className="mono">{v}</span>,
        },
        { title: t('svb.lb.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => fmtDate(v) },
      ]}
    />
  );

  return (
    <div className="sv-tab svb-lookbacks" data-testid="lookbacks-tab">
      <div className="table-toolbar svb-filters">
        <Typography.Text type="secondary">{t('svb.lb.intro')}</Typography.Text>
        {canCreate && (
          <div className="svb-toolbar-actions">
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              size={mobile ? 'large' : 'middle'}
              block={mobile}
              data-testid="lookback-new"
            >
              {t('svb.lb.new')}
            </Button>
          </div>
        )}
      </div>
      {body}
      {creating && (
        <NewLookbackModal
          org={org}
          onClose={() => setCreating(false)}
          onCreated={(l) => {
            setCreating(false);
            navigate(`/lookbacks/${l.id}`);
          }}
        />
      )}
    </div>
  );
}

interface Values {
  title: string;
  checklistId?: number;
  levels: OrgLevel[];
  sampleSize: number;
  seed?: string;
}

function NewLookbackModal({
  org,
  onClose,
  onCreated,
}: {
  org: OrgDetailView;
  onClose: () => void;
  onCreated: (l: LookbackDetailView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const checklists = useApiData(
    () => api.get<ChecklistView[]>('/supervision/checklists', { org: org.id, kind: 'lookback' }),
    [org.id],
  );
  const lists = checklists.data ?? [];
  const builtin = lists.find((c) => c.builtin) ?? lists[0];
  // Levels below the org's own.
  const levels = useMemo(() => ORG_LEVELS.slice(ORG_LEVELS.indexOf(org.level) + 1), [org.level]);
  const chosen = Form.useWatch('checklistId', form) ?? builtin?.id;
  const chosenList = lists.find((c) => c.id === chosen);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const l = await api.post<LookbackDetailView>('/supervision/lookbacks', {
        orgId: org.id,
        title: v.title.trim(),
        checklistId: v.checklistId ?? builtin?.id,
        ...(v.levels && v.levels.length > 0 ? { levels: v.levels } : {}),
        sampleSize: v.sampleSize ?? 0,
        ...(v.seed && v.seed.trim() ? { seed: v.seed.trim() } : {}),
      });
      message.success(t('svb.lb.created', { n: l.participantCount }));
      onCreated(l);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['title', 'checklistId', 'levels', 'sampleSize', 'seed'])) setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={mobile ? '100%' : 620}
      className="svb-picker-modal"
      title={t('svb.lb.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('svb.lb.start')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'lookback-create-submit' } as never}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        className="dense-form"
        initialValues={{
          title: t('svb.lb.defaultTitle', { org: org.name }),
          levels: [],
          sampleSize: Math.min(3, Math.max(org.childCount, 0)),
        }}
      >
        <Form.Item
          name="title"
          label={t('svb.lb.titleCol')}
          rules={[{ required: true, whitespace: true, message: t('svb.lb.titleRequired') }]}
        >
          <Input maxLength={200} data-testid="lookback-create-title" />
        </Form.Item>
        <Form.Item
          name="checklistId"
          label={t('svb.lb.checklist')}
          extra={chosenList ? t('svb.lb.checklistItems', { n: chosenList.items.length }) : undefined}
        >
          <Select
            loading={checklists.loading}
            placeholder={builtin ? checklistName(locale, builtin) : t('svb.lb.checklistDefault')}
            options={lists.map((c) => ({
              value: c.id,
              label: `${checklistName(locale, c)}${c.builtin ? ` · ${t('svb.lb.builtin')}` : ''}`,
            }))}
            data-testid="lookback-create-checklist"
          />
        </Form.Item>
        <Form.Item name="levels" label={t('svb.lb.levels')} extra={t('svb.lb.levelsHint')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('svb.lb.levelsDefault')}
            options={levels.map((l) => ({ value: l, label: enumLabel(t, 'orgLevel', l) }))}
            data-testid="lookback-create-levels"
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item
            name="sampleSize"
            label={t('svb.lb.sampleSize')}
            extra={t('svb.lb.sampleHint')}
            rules={[{ required: true, message: t('svb.lb.sampleRequired') }]}
          >
            <InputNumber
              min={0}
              max={1000}
              precision={0}
              style={{ width: '100%' }}
              data-testid="lookback-create-sample"
            />
          </Form.Item>
          <Form.Item name="seed" label={t('svb.lb.seed')} extra={t('svb.lb.seedHint')}>
            <Input
              maxLength={64}
              placeholder={t('svb.lb.seedPlaceholder')}
              className="mono"
              data-testid="lookback-create-seed"
            />
          </Form.Item>
        </div>
        {chosenList && (
          <div className="muted" style={{ fontSize: 13 }}>
            {chosenList.items.map((i, n) => (
              <Tag key={i.key} style={{ marginBottom: 4 }}>
                {n + 1}. {locale === 'en' && i.en ? i.en : i.zh}
              </Tag>
            ))}
          </div>
        )}
      </Form>
    </Modal>
  );
}
