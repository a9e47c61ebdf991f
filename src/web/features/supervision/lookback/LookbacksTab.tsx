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
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { OrgDetailView } from '../../../../shared/api.ts';
import { ORG_LEVELS, type OrgLevel } from '../../../../shared/enums.ts';
import type { LookbackDetailView, LookbackView } from '../../../../shared/supervision.ts';
import { usePagedList } from '../../../api/paging.ts';
import { PagedList } from '../../../components/PagedList.tsx';
import { checklistsApi } from '../checklists/api.ts';
import { lookbacksApi } from './api.ts';
import { useTabOrg } from '../parts/useTabOrg.ts';
import { Link, useRouter } from '../../../app/router.tsx';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { applyFieldErrors, fmtDate } from '../../../components/format.ts';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { checklistName, itemText } from '../labels.ts';
import { errText } from '../parts/problems.tsx';

const PAGE = 50;

export function LookbacksTab({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const { org, error, can } = useTabOrg(orgId);
  const [creating, setCreating] = useState(false);
  const list = usePagedList<LookbackView>((after) => lookbacksApi.list({ org: orgId, limit: PAGE }, after), [orgId]);

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
  const canCreate = can('openLookback');

  const card = (l: LookbackView) => (
    <Link key={l.id} to={`/lookbacks/${l.id}`} className="sv-tile" data-testid={`lookback-row-${l.id}`}>
      <div className="sv-tile-head">
        <span className="muted">{l.orgName}</span>
        <span className="muted">{fmtDate(l.createdAt)}</span>
      </div>
      <div className="sv-tile-title">{l.title}</div>
      <div className="sv-tile-meta muted">
        <span>{t('sv.lb.participantsN', { n: l.participantCount })}</span>
        <span>{t('sv.lb.sampleN', { n: l.sampleSize })}</span>
        <span>
          {t('sv.lb.seed')} <span className="mono">{l.seed}</span>
        </span>
      </div>
    </Link>
  );

  const body = (
    <PagedList<LookbackView>
      list={list}
      rowKey="id"
      testId="lookbacks-table"
      layout={mobile ? 'cards' : 'table'}
      renderCard={card}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.lb.none')} />}
      tableProps={{
        onRow: (l) =>
          ({
            'data-testid': `lookback-row-${l.id}`,
            className: 'clickable',
            onClick: () => navigate(`/lookbacks/${l.id}`),
          }) as React.HTMLAttributes<HTMLElement>,
      }}
      columns={[
        {
          title: t('sv.lb.titleCol'),
          dataIndex: 'title',
          render: (v: string, l) => (
            <Link to={`/lookbacks/${l.id}`} onClick={(e) => e.stopPropagation()} className="cell-clamp" title={v}>
              {v}
            </Link>
          ),
        },
        {
          title: t('sv.lb.org'),
          dataIndex: 'orgName',
          width: 200,
          render: (v: string) => (
            <span className="cell-clamp" title={v}>
              {v}
            </span>
          ),
        },
        { title: t('sv.lb.participants'), dataIndex: 'participantCount', width: 100, align: 'right' },
        { title: t('sv.lb.sample'), dataIndex: 'sampleSize', width: 100, align: 'right' },
        {
          title: t('sv.lb.seed'),
          dataIndex: 'seed',
          width: 160,
          render: (v: string) => <span className="mono">{v}</span>,
        },
        { title: t('sv.lb.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => fmtDate(v) },
      ]}
    />
  );

  return (
    <div className="sv-tab sv-lookbacks" data-testid="lookbacks-tab">
      <div className="table-toolbar sv-hub-filters">
        <Typography.Text type="secondary">{t('sv.lb.intro')}</Typography.Text>
        {canCreate && (
          <div className="sv-toolbar-actions">
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              size={mobile ? 'large' : 'middle'}
              block={mobile}
              data-testid="lookback-new"
              data-ability="openLookback"
            >
              {t('sv.lb.new')}
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
  const checklists = useApiData(() => checklistsApi.list(org.id, 'lookback'), [org.id]);
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
      const l = await lookbacksApi.create({
        orgId: org.id,
        title: v.title.trim(),
        checklistId: v.checklistId ?? builtin?.id,
        ...(v.levels && v.levels.length > 0 ? { levels: v.levels } : {}),
        sampleSize: v.sampleSize ?? 0,
        ...(v.seed && v.seed.trim() ? { seed: v.seed.trim() } : {}),
      });
      message.success(t('sv.lb.created', { n: l.participantCount }));
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
      className="sv-picker-modal"
      title={t('sv.lb.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('sv.lb.start')}
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
          title: t('sv.lb.defaultTitle', { org: org.name }),
          levels: [],
          sampleSize: Math.min(3, Math.max(org.childCount, 0)),
        }}
      >
        <Form.Item
          name="title"
          label={t('sv.lb.titleCol')}
          rules={[{ required: true, whitespace: true, message: t('sv.lb.titleRequired') }]}
        >
          <Input maxLength={200} data-testid="lookback-create-title" />
        </Form.Item>
        <Form.Item
          name="checklistId"
          label={t('sv.lb.checklist')}
          extra={chosenList ? t('sv.lb.checklistItems', { n: chosenList.items.length }) : undefined}
        >
          <Select
            loading={checklists.loading}
            placeholder={builtin ? checklistName(locale, builtin) : t('sv.lb.checklistDefault')}
            options={lists.map((c) => ({
              value: c.id,
              label: `${checklistName(locale, c)}${c.builtin ? ` · ${t('sv.lb.builtin')}` : ''}`,
            }))}
            data-testid="lookback-create-checklist"
          />
        </Form.Item>
        <Form.Item name="levels" label={t('sv.lb.levels')} extra={t('sv.lb.levelsHint')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('sv.lb.levelsDefault')}
            options={levels.map((l) => ({ value: l, label: enumLabel(t, 'orgLevel', l) }))}
            data-testid="lookback-create-levels"
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item
            name="sampleSize"
            label={t('sv.lb.sampleSize')}
            extra={t('sv.lb.sampleHint')}
            rules={[{ required: true, message: t('sv.lb.sampleRequired') }]}
          >
            <InputNumber
              min={0}
              max={1000}
              precision={0}
              style={{ width: '100%' }}
              data-testid="lookback-create-sample"
            />
          </Form.Item>
          <Form.Item name="seed" label={t('sv.lb.seed')} extra={t('sv.lb.seedHint')}>
            <Input
              maxLength={64}
              placeholder={t('sv.lb.seedPlaceholder')}
              className="mono"
              data-testid="lookback-create-seed"
            />
          </Form.Item>
        </div>
        {chosenList && (
          <div className="muted" style={{ fontSize: 13 }}>
            {chosenList.items.map((i, n) => (
              <Tag key={i.key} style={{ marginBottom: 4 }}>
                {n + 1}. {itemText(locale, i)}
              </Tag>
            ))}
          </div>
        )}
      </Form>
    </Modal>
  );
}
