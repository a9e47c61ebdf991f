/**
 * /disclosures?org= — the public disclosure batches (公示, e.g. 第二批整改问题公示) of an org: number,
 * title, publicity period, status and item count; offices create a batch. /disclosures/:id — one
 * batch: its items as the public will read them (the redacted snapshot), adding problems of the
 * org's subtree (confirmed ones as problems, closed ones as finished rectifications), publishing,
 * withdrawing an item with the reason, and the public page's address.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { ExportOutlined, PlusOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type {
  DisclosureBatchDetailView,
  DisclosureBatchRowView,
  DisclosureItemView,
  DisclosureStatus,
} from '../../../shared/opinions.ts';
import { formatDeadline } from '../../../shared/ledger.ts';
import { ApiError } from '../../api/client.ts';
import { orgsApi } from '../orgs/api.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useShell } from '../../app/shell.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors, fmtDate, fmtDateTime, todayDayjs } from '../../components/format.ts';
import { OrgCrumbs, useOrgScope } from '../opinions/orgScope.tsx';
import { usePagedList } from '../../api/paging.ts';
import { PagedList } from '../../components/PagedList.tsx';
import { disclosureApi } from './api.ts';
import { AddProblemsModal } from './AddProblemsModal.tsx';
import './disclosure.css';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export function DisclosureStatusTag({ status }: { status: DisclosureStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'published' ? 'red' : 'default'} data-status={status}>
      {enumLabel(t, 'disclosureStatus', status)}
    </Tag>
  );
}

/** The address the public reads a batch (or the org's list) at. */
const publicUrl = (path: string) => `${window.location.origin}${path}`;

export function DisclosuresPage() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const scope = useOrgScope('/disclosures', 'disclosures');
  const { org } = scope;
  const [creating, setCreating] = useState(false);
  // Whether the actor may start a batch here: the list's answer says it.
  const [canCreate, setCanCreate] = useState(false);
  const batches = usePagedList<DisclosureBatchRowView>(
    async (after) => {
      if (!org) return { items: [], next: null };
      const page = await disclosureApi.listBatches(org.id, after);
      if (after === null) setCanCreate(page.abilities.create);
      return page;
    },
    [org?.id],
  );

  if (scope.none) return <Empty style={{ marginTop: 80 }} description={t('dc.noOrg')} />;
  const err = scope.error ?? batches.error;
  if (err)
    return (
      <Result
        status={err.status === 404 ? '404' : err.status === 403 ? '403' : 'error'}
        title={t('dc.loadFailed')}
        subTitle={err.message}
      />
    );
  if (!org) return <Skeleton active paragraph={{ rows: 8 }} />;

  const list = batches.items;
  const nextSeq = list.reduce((m, b) => Math.max(m, b.seq), 0) + 1;
  const listUrl = publicUrl(`/p/disclosures?org=${org.id}`);

  return (
    <div className="page dc-page">
      <OrgCrumbs org={org} basePath="/disclosures" />
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title" data-testid="disclosures-title">
              {t('dc.title', { org: org.name })}
            </Typography.Title>
            <Space size={[12, 4]} wrap>
              <Typography.Text type="secondary">{t('dc.intro')}</Typography.Text>
              <Link to={`/opinions?org=${org.id}`}>{t('op.nav')}</Link>
            </Space>
          </div>
          <Space wrap className="page-actions">
            {canCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="disclosure-new"
                data-ability="create"
                size={mobile ? 'large' : 'middle'}
              >
                {t('dc.new')}
              </Button>
            )}
            <Button
              icon={<ExportOutlined />}
              href={listUrl}
              target="_blank"
              rel="noreferrer"
              data-testid="disclosures-public-link"
              size={mobile ? 'large' : 'middle'}
            >
              {t('dc.publicList')}
            </Button>
          </Space>
        </div>
      </Card>

      <Card size="small" variant="borderless" title={t('dc.batches')}>
        <div data-testid="disclosures-table">
          <PagedList<DisclosureBatchRowView>
            list={batches}
            rowKey="id"
            testId="disclosures-list"
            cardClassName=""
            empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dc.none')} />}
            renderCard={(b) => (
              <Link key={b.id} to={`/disclosures/${b.id}`} className="dc-tile" data-testid={`disclosure-row-${b.id}`}>
                <div className="dc-tile-head">
                  <span className="muted">{t('dc.batchSeq', { seq: b.seq })}</span>
                  <DisclosureStatusTag status={b.status} />
                </div>
                <div className="dc-tile-title">{b.title}</div>
                <div className="dc-tile-meta muted">
                  <span>{t('dc.periodValue', { start: fmtDate(b.startsOn), end: fmtDate(b.endsOn) })}</span>
                  <span>{t('dc.itemCount', { count: b.itemCount })}</span>
                  {b.publishedAt && <span>{t('dc.publishedOn', { date: fmtDate(b.publishedAt) })}</span>}
                </div>
              </Link>
            )}
            tableProps={{
              size: 'middle',
              onRow: (b) =>
                ({
                  'data-testid': `disclosure-row-${b.id}`,
                  className: 'clickable',
                  onClick: () => navigate(`/disclosures/${b.id}`),
                }) as React.HTMLAttributes<HTMLElement>,
            }}
            columns={[
              { title: t('dc.seq'), dataIndex: 'seq', width: 96, render: (v: number) => t('dc.batchSeq', { seq: v }) },
              {
                title: t('dc.batchTitle'),
                dataIndex: 'title',
                render: (v: string, b) => (
                  <Link to={`/disclosures/${b.id}`} onClick={(e) => e.stopPropagation()}>
                    {v}
                  </Link>
                ),
              },
              {
                title: t('dc.period'),
                key: 'period',
                width: 230,
                render: (_, b) => t('dc.periodValue', { start: fmtDate(b.startsOn), end: fmtDate(b.endsOn) }),
              },
              { title: t('dc.items'), dataIndex: 'itemCount', width: 80, align: 'right' },
              {
                title: t('dc.statusCol'),
                dataIndex: 'status',
                width: 100,
                render: (v: DisclosureStatus) => <DisclosureStatusTag status={v} />,
              },
              {
                title: t('dc.publishedAt'),
                dataIndex: 'publishedAt',
                width: 120,
                render: (v: string | null) => fmtDate(v),
              },
            ]}
          />
        </div>
      </Card>

      {creating && (
        <CreateBatchModal
          orgId={org.id}
          nextSeq={nextSeq}
          onClose={() => setCreating(false)}
          onCreated={(b) => {
            setCreating(false);
            navigate(`/disclosures/${b.id}`);
          }}
        />
      )}
    </div>
  );
}

const CN_NUMS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 12 → 十二, 23 → 二十三 (batch numbers stay small). */
function cnNumber(n: number): string {
  if (n <= 10) return CN_NUMS[n];
  if (n < 20) return `十${CN_NUMS[n - 10]}`;
  if (n < 100) return `${CN_NUMS[Math.floor(n / 10)]}十${n % 10 ? CN_NUMS[n % 10] : ''}`;
  return String(n);
}

interface BatchForm {
  title: string;
  startsOn: Dayjs;
  endsOn: Dayjs;
}

/** A new numbered batch: title (第N批整改问题公示) and the publicity period (公示期, 7 days by default). */
function CreateBatchModal({
  orgId,
  nextSeq,
  onClose,
  onCreated,
}: {
  orgId: number;
  nextSeq: number;
  onClose: () => void;
  onCreated: (b: DisclosureBatchDetailView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<BatchForm>();
  const [busy, setBusy] = useState(false);
  const startsOn = Form.useWatch('startsOn', form);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const b = await disclosureApi.createBatch(orgId, {
        title: v.title,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn.format('YYYY-MM-DD'),
      });
      message.success(t('dc.created'));
      onCreated(b);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['title', 'startsOn', 'endsOn'])) message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };
  const title =
    locale === 'en' ? t('dc.defaultTitle', { seq: nextSeq }) : t('dc.defaultTitle', { seq: cnNumber(nextSeq) });
  return (
    <Modal
      open
      width={mobile ? '100%' : 560}
      title={t('dc.new')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('dc.create')}
      cancelText={t('op.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'disclosure-create-submit' } as never}
    >
      <Form<BatchForm>
        form={form}
        layout="vertical"
        initialValues={{ title, startsOn: todayDayjs(), endsOn: todayDayjs().add(7, 'day') }}
      >
        <Form.Item
          name="title"
          label={t('dc.batchTitle')}
          extra={t('dc.batchSeqHint', { seq: nextSeq })}
          rules={[{ required: true, whitespace: true, message: t('op.required') }]}
        >
          <Input maxLength={200} data-testid="disclosure-title" />
        </Form.Item>
        <div className="dc-dates">
          <Form.Item name="startsOn" label={t('dc.startsOn')} rules={[{ required: true, message: t('op.required') }]}>
            <DatePicker
              allowClear={false}
              style={{ width: '100%' }}
              inputReadOnly={mobile}
              data-testid="disclosure-starts"
            />
          </Form.Item>
          <Form.Item
            name="endsOn"
            label={t('dc.endsOn')}
            dependencies={['startsOn']}
            rules={[
              { required: true, message: t('op.required') },
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | undefined) =>
                  !v || !getFieldValue('startsOn') || !v.isBefore(getFieldValue('startsOn'), 'day')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('dc.endsBeforeStarts'))),
              }),
            ]}
          >
            <DatePicker
              allowClear={false}
              style={{ width: '100%' }}
              inputReadOnly={mobile}
              disabledDate={(d) => !!startsOn && d.isBefore(startsOn, 'day')}
              data-testid="disclosure-ends"
            />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

// ---------- one batch ----------

export function DisclosurePage({ id }: { id: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { modal, message } = App.useApp();
  const { setCurrentOrg } = useShell();
  const mobile = useIsMobile();
  const data = useApiData(() => disclosureApi.get(id), [id]);
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<DisclosureItemView | null>(null);
  const b = data.data;
  const orgData = useApiData(() => (b ? orgsApi.get(b.orgId) : Promise.resolve(undefined)), [b?.orgId]);
  const org = orgData.data;

  useEffect(() => {
    if (!org) return;
    const path = org.breadcrumbs.map((c) => c.id);
    if (path[path.length - 1] !== org.id) path.push(org.id);
    setCurrentOrg({ id: org.id, name: org.name, path });
  }, [org, setCurrentOrg]);

  if (data.error) {
    return (
      <Result
        status={data.error.status === 404 ? '404' : data.error.status === 403 ? '403' : 'error'}
        title={t('dc.notFound')}
        subTitle={data.error.message}
        extra={<Button onClick={() => navigate('/disclosures')}>{t('dc.back')}</Button>}
      />
    );
  }
  if (!b) return <Skeleton active paragraph={{ rows: 10 }} />;

  const manage = b.abilities.manage;
  const ab = b.abilities;
  const draft = b.status === 'draft';
  const active = b.items.filter((i) => !i.withdrawnAt);
  const withdrawn = b.items.filter((i) => i.withdrawnAt);
  const problems = active.filter((i) => i.kind === 'problem');
  const done = active.filter((i) => i.kind === 'rectification');
  const url = publicUrl(b.publicUrl);

  const publish = () => {
    modal.confirm({
      title: t('dc.publishConfirmTitle', { title: b.title }),
      content: t('dc.publishConfirm', { count: active.length, start: fmtDate(b.startsOn), end: fmtDate(b.endsOn) }),
      okText: t('dc.publish'),
      cancelText: t('op.cancel'),
      okButtonProps: { 'data-testid': 'disclosure-publish-confirm' } as never,
      onOk: async () => {
        try {
          data.setData(await disclosureApi.publish(b.id));
          message.success(t('dc.published'));
        } catch (e) {
          message.error(errText(e));
        }
      },
    });
  };

  const itemCard = (i: DisclosureItemView) => (
    <ItemCard key={i.id} item={i} canWithdraw={ab.withdrawItem} onWithdraw={() => setWithdrawing(i)} />
  );

  return (
    <div className="page dc-page">
      {org && org.id === b.orgId ? (
        <OrgCrumbs org={org} basePath="/disclosures" last={b.title} />
      ) : (
        <Breadcrumb
          className="page-breadcrumb"
          items={[
            { key: 'l', title: <Link to={`/disclosures?org=${b.orgId}`}>{t('dc.crumb', { org: b.orgName })}</Link> },
            { key: 'b', title: b.title },
          ]}
        />
      )}
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Space size={8} wrap>
              <Typography.Title level={3} className="org-title" data-testid="disclosure-title-view">
                {b.title}
              </Typography.Title>
              <DisclosureStatusTag status={b.status} />
            </Space>
            <div className="dc-head-meta muted">
              <span>{t('dc.batchSeq', { seq: b.seq })}</span>
              <span>{b.orgName}</span>
              <span>{t('dc.periodLabel', { start: fmtDate(b.startsOn), end: fmtDate(b.endsOn) })}</span>
              {b.publishedAt && <span>{t('dc.publishedOn', { date: fmtDateTime(b.publishedAt) })}</span>}
            </div>
          </div>
          {(ab.addItems || ab.publish) && (
            <Space wrap className="page-actions dc-actions">
              {ab.addItems && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => setAdding(true)}
                  data-testid="disclosure-add"
                  data-ability="addItems"
                  size={mobile ? 'large' : 'middle'}
                >
                  {t('dc.add')}
                </Button>
              )}
              {ab.publish && (
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  onClick={publish}
                  data-testid="disclosure-publish"
                  data-ability="publish"
                  size={mobile ? 'large' : 'middle'}
                >
                  {t('dc.publish')}
                </Button>
              )}
            </Space>
          )}
        </div>
        <div className="dc-public-link" data-testid="disclosure-public-link">
          <span className="dc-public-link-label">{t('dc.publicPage')}</span>
          <Typography.Text
            copyable={{ text: url, tooltips: [t('op.publicLink.copy'), t('op.publicLink.copied')] }}
            className="dc-public-link-url"
          >
            <a href={url} target="_blank" rel="noreferrer">
              {url}
            </a>
          </Typography.Text>
          {draft && (
            <Typography.Text type="warning" className="dc-public-link-note">
              {t('dc.publicAfterPublish')}
            </Typography.Text>
          )}
        </div>
      </Card>

      {draft && manage && <Alert className="dc-review-note" type="info" showIcon title={t('dc.reviewNote')} />}

      <Card
        size="small"
        variant="borderless"
        className="dc-section"
        title={t('dc.problemsSection', { count: problems.length })}
        data-testid="disclosure-problems"
      >
        {problems.length ? (
          <div className="dc-items">{problems.map(itemCard)}</div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dc.noProblems')} />
        )}
      </Card>
      <Card
        size="small"
        variant="borderless"
        className="dc-section"
        title={t('dc.rectificationsSection', { count: done.length })}
        data-testid="disclosure-rectifications"
      >
        {done.length ? (
          <div className="dc-items">{done.map(itemCard)}</div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dc.noRectifications')} />
        )}
      </Card>
      {withdrawn.length > 0 && (
        <Card
          size="small"
          variant="borderless"
          className="dc-section"
          title={t('dc.withdrawnSection', { count: withdrawn.length })}
          data-testid="disclosure-withdrawn"
        >
          <div className="dc-items">{withdrawn.map(itemCard)}</div>
        </Card>
      )}

      {adding && (
        <AddProblemsModal
          batch={b}
          onClose={() => setAdding(false)}
          onAdded={(d) => {
            setAdding(false);
            data.setData(d);
          }}
        />
      )}
      {withdrawing && (
        <WithdrawModal
          batch={b}
          item={withdrawing}
          onClose={() => setWithdrawing(null)}
          onDone={(d) => {
            setWithdrawing(null);
            data.setData(d);
          }}
        />
      )}
    </div>
  );
}

/** One item as the public reads it: category, kind, text, measures, deadline, status, effect. */
function ItemCard({
  item,
  canWithdraw,
  onWithdraw,
}: {
  item: DisclosureItemView;
  canWithdraw: boolean;
  onWithdraw: () => void;
}) {
  const { t, locale } = useI18n();
  const x = item.text;
  const deadline = formatDeadline(x.deadline, x.kind, locale) || x.deadlineText;
  return (
    <div
      className={`dc-item${item.withdrawnAt ? ' dc-item-withdrawn' : ''}`}
      data-testid={`disclosure-item-${item.id}`}
    >
      <div className="dc-item-head">
        <Space size={4} wrap>
          <Tag color={item.kind === 'rectification' ? 'green' : 'red'} variant="outlined">
            {enumLabel(t, 'disclosureKind', item.kind)}
          </Tag>
          <Tag>{enumLabel(t, 'problemCategory', x.category)}</Tag>
          <Tag>{enumLabel(t, 'problemKind', x.kind)}</Tag>
          {item.withdrawnAt && <Tag color="default">{t('dc.withdrawnTag')}</Tag>}
        </Space>
        {canWithdraw && !item.withdrawnAt && (
          <Button
            size="small"
            danger
            type="text"
            icon={<StopOutlined />}
            onClick={onWithdraw}
            data-testid={`disclosure-withdraw-${item.id}`}
            data-ability="withdrawItem"
          >
            {t('dc.withdraw')}
          </Button>
        )}
      </div>
      <div className="dc-item-desc pre-wrap">{x.description}</div>
      <dl className="dc-item-fields">
        {x.measures.length > 0 && (
          <>
            <dt>{t('dc.measures')}</dt>
            <dd>
              <ol>
                {x.measures.map((m, k) => (
                  <li key={k} className="pre-wrap">
                    {m}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
        {deadline && (
          <>
            <dt>{t('dc.deadline')}</dt>
            <dd>{deadline}</dd>
          </>
        )}
        <dt>{t('dc.problemStatus')}</dt>
        <dd>{enumLabel(t, 'problemStatus', x.status)}</dd>
        {x.effect && (
          <>
            <dt>{t('dc.effect')}</dt>
            <dd className="pre-wrap">{x.effect}</dd>
          </>
        )}
      </dl>
      <div className="dc-item-foot muted">
        <span>{t('dc.itemSeq', { org: x.orgName, seq: x.seq })}</span>
        <Link to={`/problems/${item.problemId}`}>{t('dc.openProblem')}</Link>
      </div>
      {item.withdrawnAt && (
        <div className="dc-item-withdrawn-reason">
          {t('dc.withdrawnLine', { at: fmtDateTime(item.withdrawnAt), reason: item.withdrawnReason ?? '' })}
        </div>
      )}
    </div>
  );
}

function WithdrawModal({
  batch,
  item,
  onClose,
  onDone,
}: {
  batch: DisclosureBatchDetailView;
  item: DisclosureItemView;
  onClose: () => void;
  onDone: (d: DisclosureBatchDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('dc.withdrawRequired'));
      return;
    }
    setBusy(true);
    try {
      const d = await disclosureApi.withdrawItem(batch.id, item.id, reason);
      message.success(t('dc.withdrawn'));
      onDone(d);
    } catch (e) {
      setError(e instanceof ApiError && e.fieldIssues.length ? e.fieldIssues[0].message : errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('dc.withdrawTitle', { org: item.text.orgName, seq: item.text.seq })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('dc.withdraw')}
      cancelText={t('op.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'disclosure-withdraw-submit' } as never}
      confirmLoading={busy}
    >
      <Typography.Paragraph type="secondary">
        {batch.status === 'published' ? t('dc.withdrawHintPublished') : t('dc.withdrawHintDraft')}
      </Typography.Paragraph>
      <Input.TextArea
        rows={4}
        maxLength={1000}
        showCount
        value={reason}
        status={error ? 'error' : undefined}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        placeholder={t('dc.withdrawPlaceholder')}
        data-testid="disclosure-withdraw-reason"
        autoFocus
      />
      {error && (
        <div className="op-error text-danger" role="alert">
          {error}
        </div>
      )}
    </Modal>
  );
}
