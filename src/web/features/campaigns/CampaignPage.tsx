/**
 * /campaigns/:id?org=&tab= — one campaign seen from one org of its subtree: the figures, a chart
 * per phase, the child units ranked with drill-down, the red list of units overdue past the
 * escalation period, the task list (the unit's own tasks by phase, or the whole subtree's), and
 * the exports (.xlsx tables, .docx notice and report).
 */
import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Dropdown,
  Empty,
  Form,
  List,
  Modal,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowUpOutlined,
  ClockCircleOutlined,
  DownloadOutlined,
  FieldTimeOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
  RightOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type {
  CampaignDetailView,
  ProgressFigures,
  ProgressPart,
  ProgressView,
  TaskView,
} from '../../../shared/campaigns.ts';
import { PROGRESS_PARTS, TASK_STATUSES, type TaskStatus } from '../../../shared/campaigns.ts';
import { ApiError } from '../../api/client.ts';
import { usePagedList } from '../../api/paging.ts';
import { PagedList } from '../../components/PagedList.tsx';
import { campaignsApi } from './api.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { fmtDate } from '../../components/format.ts';
import { Chart } from '../../components/Chart.tsx';
import { txt } from './text.ts';
import { TaskStatusTag } from './TaskStatusTag.tsx';

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
/** Text for the chart tooltip's HTML. */
const esc = (s: string) =>
  s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/**
 * How each part of the breakdown (PROGRESS_PARTS: they sum to the total) is drawn: its label, the
 * colour of its figure and of its bar, and the sub-figure 其中退回 carried by the open parts.
 */
const PART_STYLE: Record<
  ProgressPart,
  { label: MessageKey; text?: string; bar: string; returned?: (f: Omit<ProgressFigures, 'units'>) => number }
> = {
  approved: { label: 'progress.approved', text: '#389e0d', bar: '#52c41a' },
  submitted: { label: 'progress.submitted', text: '#1677ff', bar: '#1677ff' },
  due: { label: 'progress.due', bar: '#bfbfbf', returned: (f) => f.returnedDue },
  overdue: { label: 'progress.overdue', text: '#cf1322', bar: '#cf1322', returned: (f) => f.returnedOverdue },
};

export function CampaignPage({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const { query, navigate } = useRouter();
  const mobile = useIsMobile();
  const orgParam = query.get('org');
  const { message } = App.useApp();
  const detail = useApiData(() => campaignsApi.get(id), [id]);
  const progress = useApiData(() => campaignsApi.progress(id, orgParam), [id, orgParam]);
  const [version, setVersion] = useState(0);
  const c = detail.data;
  const p = progress.data;

  const go = (patch: Record<string, string | null>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) q.delete(k);
      else q.set(k, v);
    }
    const s = q.toString();
    navigate(`/campaigns/${id}${s ? `?${s}` : ''}`, { replace: 'tab' in patch && Object.keys(patch).length === 1 });
  };

  const err = detail.error ?? progress.error;
  if (err) {
    return (
      <Result
        status={err.status === 404 ? '404' : 'error'}
        title={err.status === 404 ? t('campaign.notFound') : t('common.loadFailed')}
        subTitle={err.message}
        extra={<Button onClick={() => navigate('/campaigns')}>{t('campaign.backToList')}</Button>}
      />
    );
  }
  if (!c || !p) return <Skeleton active paragraph={{ rows: 10 }} />;

  const isUnitView = p.children.length === 0;
  const tab = query.get('tab') ?? (isUnitView ? 'tasks' : 'progress');
  const parentId = p.parent?.id ?? null;
  const f = p.figures;
  const exportQuery = { org: p.org.id };

  type ExportFile = 'progress.xlsx' | 'tasks.xlsx' | 'report.docx' | 'notice.docx';
  const download = (file: ExportFile, q?: Record<string, number | boolean>) =>
    void campaignsApi.download(id, file, q).catch((e: unknown) => message.error((e as Error).message));
  const exportItems = [
    ...(c.abilities.export
      ? [
          { key: 'progress.xlsx', label: t('campaign.exportProgress'), q: exportQuery, testId: 'export-progress' },
          { key: 'tasks.xlsx', label: t('campaign.exportTasks'), q: { org: p.org.id, subtree: true } },
          { key: 'report.docx', label: t('campaign.exportReport'), q: exportQuery },
        ]
      : []),
    ...(c.abilities.notice ? [{ key: 'notice.docx', label: t('campaign.exportNotice') }] : []),
  ] as Array<{ key: ExportFile; label: string; q?: Record<string, number | boolean>; testId?: string }>;
  const exportsMenu = {
    items: exportItems.map((x) => ({
      key: x.key,
      label: (
        <span data-testid={x.testId} data-ability={x.key === 'notice.docx' ? 'notice' : 'export'}>
          {x.label}
        </span>
      ),
    })),
    onClick: ({ key }: { key: string }) => download(key as ExportFile, exportItems.find((x) => x.key === key)?.q),
  };

  return (
    <div className="page campaign-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 'l', title: <Link to="/campaigns">{t('nav.campaigns')}</Link> },
          { key: 'c', title: txt(c.name, locale) },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title" data-testid="campaign-title">
              {txt(c.name, locale)}
            </Typography.Title>
            <Space size={[8, 4]} wrap>
              <Tag color={c.status === 'active' ? 'red' : 'default'}>{enumLabel(t, 'campaignStatus', c.status)}</Tag>
              {c.docNumber && <Typography.Text type="secondary">{c.docNumber}</Typography.Text>}
              <Typography.Text type="secondary">
                {c.orgName} · {fmtDate(c.startDate)} — {fmtDate(c.endDate)}
              </Typography.Text>
            </Space>
          </div>
          {exportItems.length > 0 && (
            <Dropdown menu={exportsMenu} trigger={['click']}>
              <Button icon={<DownloadOutlined />} data-testid="campaign-export" data-more-actions="">
                {t('common.export')}
              </Button>
            </Dropdown>
          )}
        </div>
        <div className="campaign-scope">
          <Space wrap>
            <Typography.Text strong data-testid="progress-org">
              {p.org.name}
            </Typography.Text>
            {parentId && (
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                onClick={() => go({ org: String(parentId), tab: null })}
                data-testid="progress-up"
              >
                {t('campaign.upOneLevel')}
              </Button>
            )}
            <Typography.Text type="secondary">{t('campaign.asOf', { date: p.today })}</Typography.Text>
          </Space>
        </div>
      </Card>

      {/* Units, tasks and rate; then the tasks' parts, which add up to the tasks (returned ones are inside due / overdue). */}
      <Row gutter={[12, 12]} className="figure-row" data-testid="progress-figures">
        <Figure title={t('progress.units')} value={f.units} />
        <Figure
          title={
            <Tooltip title={t('progress.partition')}>
              <span>
                {t('progress.total')} <QuestionCircleOutlined className="muted" />
              </span>
            </Tooltip>
          }
          value={f.total}
          testId="figure-total"
        />
        <Figure title={t('progress.rate')} value={pct(f.rate)} testId="figure-rate" />
        {PROGRESS_PARTS.map((k) => {
          const s = PART_STYLE[k];
          return (
            <Figure
              key={k}
              part
              title={t(s.label)}
              value={f[k]}
              color={s.text}
              testId={`figure-${k}`}
              sub={
                s.returned ? (
                  <span data-testid={`figure-${k}-returned`}>
                    {t('progress.ofWhichReturned', { count: s.returned(f) })}
                  </span>
                ) : undefined
              }
            />
          );
        })}
      </Row>

      <Tabs
        activeKey={tab}
        onChange={(k) => go({ tab: k })}
        items={[
          {
            key: 'progress',
            label: t('campaign.tabProgress'),
            children: (
              <ProgressTab c={c} p={p} onDrill={(org) => go({ org: String(org), tab: null })} mobile={mobile} />
            ),
          },
          {
            key: 'red',
            label: (
              <span data-testid="tab-red">
                {t('campaign.tabRedList')} {p.redListCount > 0 && <Tag color="red">{p.redListCount}</Tag>}
              </span>
            ),
            children: <RedListTab id={id} org={p.org.id} onDrill={(org) => go({ org: String(org), tab: 'tasks' })} />,
          },
          {
            key: 'tasks',
            label: (
              <span data-testid="tab-tasks">{isUnitView ? t('campaign.tabOwnTasks') : t('campaign.tabTasks')}</span>
            ),
            children: (
              <TasksTab
                key={`${p.org.id}-${version}`}
                c={c}
                p={p}
                unitView={isUnitView}
                onChanged={() => {
                  setVersion((v) => v + 1);
                  progress.reload();
                  detail.reload();
                }}
              />
            ),
          },
        ]}
      />
    </div>
  );
}

/** A figure card; `part` ones are the breakdown of the tasks (two a row on a phone), `sub` a sub-figure under the value. */
function Figure({
  title,
  value,
  color,
  testId,
  part,
  sub,
}: {
  title: ReactNode;
  value: number | string;
  color?: string;
  testId?: string;
  part?: boolean;
  sub?: ReactNode;
}) {
  return (
    <Col xs={part ? 12 : 8} sm={6} lg={{ flex: '1 1 0' }}>
      <Card size="small" variant="borderless" className="figure-card" data-testid={testId}>
        <Statistic title={title} value={value} valueStyle={color ? { color } : undefined} />
        {sub !== undefined && <div className="figure-sub">{sub}</div>}
      </Card>
    </Col>
  );
}

function ProgressTab({
  c,
  p,
  onDrill,
  mobile,
}: {
  c: CampaignDetailView;
  p: ProgressView;
  onDrill: (org: number) => void;
  mobile: boolean;
}) {
  const { t, locale } = useI18n();
  const phaseName = (key: string) => txt(c.body.phases.find((x) => x.key === key)?.name, locale) || key;
  // One stacked bar per phase, first phase on top (the template's order); the stack is the
  // partition, so each bar ends at the phase's total. The tooltip adds the total and 其中退回.
  const phaseOption = useMemo(
    () => ({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (
          items: Array<{ dataIndex: number; seriesIndex: number; marker: string; seriesName: string; value: number }>,
        ) => {
          const x = p.byPhase[items[0]?.dataIndex ?? 0];
          if (!x) return '';
          const [colon, open, close] = locale === 'en' ? [': ', ' (', ')'] : ['：', '（', '）'];
          const lines = items.map((it) => {
            const s = PART_STYLE[PROGRESS_PARTS[it.seriesIndex]];
            const sub = s.returned
              ? `<span style="color:#8c8c8c">${open}${esc(t('progress.ofWhichReturned', { count: s.returned(x) }))}${close}</span>`
              : '';
            return `${it.marker}${esc(it.seriesName)}${colon}<b>${it.value}</b>${sub}`;
          });
          return [
            `<b>${esc(phaseName(x.phaseKey))}</b>`,
            `${esc(t('progress.total'))}${colon}<b>${x.total}</b>`,
            ...lines,
          ].join('<br/>');
        },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: p.byPhase.map((x) => phaseName(x.phaseKey)),
        axisLabel: { width: mobile ? 90 : 180, overflow: 'truncate' },
      },
      series: PROGRESS_PARTS.map((k) => ({
        name: t(PART_STYLE[k].label),
        type: 'bar',
        stack: 'all',
        color: PART_STYLE[k].bar,
        data: p.byPhase.map((x) => x[k]),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [p, locale, mobile],
  );
  const top = p.children.slice(0, 15);
  const childOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: top.map((x) => x.name),
        axisLabel: { width: mobile ? 110 : 200, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('progress.rate'),
          color: '#c8102e',
          data: top.map((x) => Math.round(x.rate * 1000) / 10),
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [p, locale, mobile],
  );
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('progress.byPhase')} variant="borderless">
            <Chart option={phaseOption} height={Math.max(180, 60 + p.byPhase.length * 48)} testId="chart-phases" />
          </Card>
        </Col>
        {top.length > 0 && (
          <Col xs={24} lg={12}>
            <Card size="small" title={t('progress.ranking')} variant="borderless">
              <Chart option={childOption} height={Math.max(180, 30 + top.length * 26)} testId="chart-children" />
            </Card>
          </Col>
        )}
      </Row>
      {p.children.length > 0 && (
        <Card size="small" variant="borderless" title={t('progress.children')}>
          <Table
            rowKey="orgId"
            size="small"
            data-testid="progress-children"
            dataSource={p.children}
            pagination={p.children.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 960 }}
            onRow={(r) => ({ onClick: () => onDrill(r.orgId), className: 'clickable' })}
            columns={[
              { title: t('progress.rank'), dataIndex: 'rank', width: 64 },
              {
                title: t('progress.unit'),
                dataIndex: 'name',
                render: (v: string) => (
                  <a>
                    {v} <RightOutlined style={{ fontSize: 10 }} />
                  </a>
                ),
              },
              { title: t('progress.units'), dataIndex: 'units', width: 80, sorter: (a, b) => a.units - b.units },
              { title: t('progress.total'), dataIndex: 'total', width: 80 },
              // The parts, adding up to the total; then the sub-figure of the open ones.
              { title: t('progress.approved'), dataIndex: 'approved', width: 80 },
              { title: t('progress.submitted'), dataIndex: 'submitted', width: 90 },
              { title: t('progress.due'), dataIndex: 'due', width: 80 },
              {
                title: t('progress.overdue'),
                dataIndex: 'overdue',
                width: 80,
                sorter: (a, b) => a.overdue - b.overdue,
                render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
              },
              {
                title: t('progress.returnedColumn'),
                dataIndex: 'returned',
                width: 90,
                render: (v: number) => <Typography.Text type="secondary">{v}</Typography.Text>,
              },
              {
                title: t('progress.rate'),
                dataIndex: 'rate',
                width: 90,
                sorter: (a, b) => a.rate - b.rate,
                render: pct,
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function RedListTab({ id, org, onDrill }: { id: number; org: number; onDrill: (org: number) => void }) {
  const { t } = useI18n();
  const red = useApiData(() => campaignsApi.redList(id, org), [id, org]);
  return (
    <Card size="small" variant="borderless">
      {red.data && (
        <Alert
          type={red.data.total > 0 ? 'error' : 'success'}
          showIcon
          icon={<WarningOutlined />}
          style={{ marginBottom: 12 }}
          message={
            red.data.total > 0
              ? t('redList.summary', { count: red.data.total, days: red.data.escalationDays })
              : t('redList.empty', { days: red.data.escalationDays })
          }
        />
      )}
      <Table
        rowKey="orgId"
        size="small"
        loading={red.loading}
        data-testid="red-list"
        dataSource={red.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('redList.none')} /> }}
        onRow={(r) => ({ onClick: () => onDrill(r.orgId), className: 'clickable' })}
        columns={[
          { title: t('progress.unit'), dataIndex: 'name', render: (v: string) => <a>{v}</a> },
          { title: t('redList.overdueTasks'), dataIndex: 'overdue', width: 110 },
          { title: t('redList.oldestDue'), dataIndex: 'oldestDue', width: 120 },
          {
            title: t('redList.daysOverdue'),
            dataIndex: 'daysOverdue',
            width: 110,
            render: (v: number) => <Tag color="red">{t('redList.days', { days: v })}</Tag>,
          },
        ]}
      />
    </Card>
  );
}

function TasksTab({
  c,
  p,
  unitView,
  onChanged,
}: {
  c: CampaignDetailView;
  p: ProgressView;
  unitView: boolean;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [subtree, setSubtree] = useState(!unitView);
  const [status, setStatus] = useState<TaskStatus | undefined>(undefined);
  const [phase, setPhase] = useState<string | undefined>(undefined);
  const [overdue, setOverdue] = useState(false);
  const [deadlineOpen, setDeadlineOpen] = useState(false);
  const q = { org: p.org.id, subtree, status, phase, overdue };
  const first = usePagedList<TaskView>(
    (after) => campaignsApi.tasks(c.id, q, after),
    [c.id, p.org.id, subtree, status, phase, overdue],
  );
  const { items, loadMore } = first;
  // A filter change reloads the first page by itself (usePagedList's deps).
  const resetPaging = () => undefined;
  const phaseName = (key: string) => txt(c.body.phases.find((x) => x.key === key)?.name, locale) || key;
  const ownOptional = c.body.actions.filter(
    (a) => a.kind === 'optional' && !items.some((x) => x.actionKey === a.key && x.orgId === p.org.id),
  );
  const addOptional = async (key: string) => {
    try {
      await campaignsApi.addOptionalTask(c.id, p.org.id, key);
      message.success(t('common.saved'));
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const filters = (
    <Space wrap className="task-filters">
      {!unitView && (
        <span>
          <Switch
            size="small"
            checked={subtree}
            onChange={(v) => {
              setSubtree(v);
              resetPaging();
            }}
          />{' '}
          {t('tasks.includeSubtree')}
        </span>
      )}
      <Select
        allowClear
        placeholder={t('tasks.status')}
        style={{ width: 120 }}
        value={status}
        onChange={(v) => {
          setStatus(v);
          resetPaging();
        }}
        options={TASK_STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'taskStatus', s) }))}
      />
      <Select
        allowClear
        placeholder={t('tasks.phase')}
        style={{ width: 200 }}
        value={phase}
        onChange={(v) => {
          setPhase(v);
          resetPaging();
        }}
        options={c.body.phases.map((x) => ({ value: x.key, label: txt(x.name, locale) }))}
      />
      <span>
        <Switch
          size="small"
          checked={overdue}
          onChange={(v) => {
            setOverdue(v);
            resetPaging();
          }}
          data-testid="filter-overdue"
        />{' '}
        {t('tasks.overdueOnly')}
      </span>
      {c.abilities.setDeadline && (
        <Button
          size="small"
          icon={<FieldTimeOutlined />}
          onClick={() => setDeadlineOpen(true)}
          data-ability="setDeadline"
        >
          {t('deadline.set')}
        </Button>
      )}
      {c.abilities.addOptional && p.addOptional && unitView && ownOptional.length > 0 && (
        <Dropdown
          menu={{
            items: ownOptional.map((a) => ({ key: a.key, label: txt(a.name, locale) })),
            onClick: ({ key }) => void addOptional(key),
          }}
        >
          <Button size="small" icon={<PlusOutlined />} data-ability="addOptional">
            {t('tasks.addOptional')}
          </Button>
        </Dropdown>
      )}
      <Typography.Text type="secondary">{t('tasks.total', { count: first.total ?? 0 })}</Typography.Text>
    </Space>
  );

  const statusCell = (x: TaskView) => (
    <Space size={4} wrap>
      <TaskStatusTag status={x.status} />
      {x.overdue && (
        <Tag color="red" icon={<ClockCircleOutlined />}>
          {t('tasks.overdue')}
        </Tag>
      )}
    </Space>
  );

  // The unit's own list, by phase: what a branch secretary works through on a phone.
  const byPhase = (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="own-tasks">
      {c.body.phases
        .filter((ph) => items.some((x) => x.phaseKey === ph.key))
        .map((ph) => (
          <Card key={ph.key} size="small" title={phaseName(ph.key)} variant="borderless">
            <List
              dataSource={items.filter((x) => x.phaseKey === ph.key)}
              renderItem={(x) => (
                <List.Item className="task-item">
                  <Link
                    to={`/tasks/${x.id}`}
                    className="task-link"
                    data-testid={`task-${x.actionKey}${x.period ? `-${x.period}` : ''}`}
                  >
                    <div className="task-name">
                      {x.kind === 'optional' && <Tag color="blue">{enumLabel(t, 'actionKind', 'optional')}</Tag>}
                      {txt(x.actionName, locale)}
                      {x.period && <span className="muted"> · {x.period}</span>}
                    </div>
                    <div className="task-meta">
                      {statusCell(x)}
                      <span className="muted">{t('tasks.dueOn', { date: x.dueDate })}</span>
                    </div>
                    {x.status === 'returned' && x.lastComment && (
                      <div className="task-comment">{t('tasks.returnedBecause', { comment: x.lastComment })}</div>
                    )}
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        ))}
      {items.length === 0 && !first.loading && <Empty description={t('tasks.none')} />}
    </Space>
  );

  const taskCard = (x: TaskView) => (
    <Link to={`/tasks/${x.id}`} className="task-link" data-testid={`task-row-${x.id}`}>
      <div className="task-name">
        {x.kind === 'optional' && <Tag color="blue">{enumLabel(t, 'actionKind', 'optional')}</Tag>}
        {txt(x.actionName, locale)}
        {x.period && <span className="muted"> · {x.period}</span>}
      </div>
      <div className="muted">
        {x.orgName} · {phaseName(x.phaseKey)}
      </div>
      <div className="task-meta">
        {statusCell(x)}
        <span className="muted">{t('tasks.dueOn', { date: x.dueDate })}</span>
      </div>
    </Link>
  );

  const table = (
    <PagedList<TaskView>
      list={first}
      rowKey="id"
      testId="task-table"
      renderCard={taskCard}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.none')} />}
      tableProps={{ size: 'small', scroll: { x: 900 } }}
      columns={[
        {
          title: t('progress.unit'),
          dataIndex: 'orgName',
          width: 220,
          render: (v: string, x) => <Link to={`/tasks/${x.id}`}>{v}</Link>,
        },
        { title: t('tasks.phase'), dataIndex: 'phaseKey', width: 160, render: phaseName },
        {
          title: t('tasks.action'),
          key: 'action',
          render: (_, x) => (
            <Link to={`/tasks/${x.id}`}>
              {txt(x.actionName, locale)}
              {x.period ? ` · ${x.period}` : ''}
            </Link>
          ),
        },
        { title: t('tasks.due'), dataIndex: 'dueDate', width: 110 },
        { title: t('tasks.status'), key: 'status', width: 170, render: (_, x) => statusCell(x) },
      ]}
    />
  );

  return (
    <Card size="small" variant="borderless">
      {filters}
      <div style={{ marginTop: 12 }}>{subtree ? table : byPhase}</div>
      {!subtree && first.hasMore && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void loadMore()} loading={first.loadingMore} data-testid="tasks-more">
            {t('common.loadMore')} ({items.length}/{first.total ?? 0})
          </Button>
        </div>
      )}
      {deadlineOpen && (
        <DeadlineModal
          c={c}
          orgId={p.org.id}
          orgName={p.org.name}
          onClose={() => setDeadlineOpen(false)}
          onDone={() => {
            setDeadlineOpen(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

/** Tighten a phase's deadline for the org looked at and its subtree (never later than above). */
function DeadlineModal({
  c,
  orgId,
  orgName,
  onClose,
  onDone,
}: {
  c: CampaignDetailView;
  orgId: number;
  orgName: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phaseKey: string; dueDate: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { phaseKey: string; dueDate: Dayjs }) => {
    setBusy(true);
    try {
      await campaignsApi.setDeadline(c.id, {
        orgId,
        phaseKey: v.phaseKey,
        dueDate: v.dueDate.format('YYYY-MM-DD'),
      });
      message.success(t('deadline.done'));
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('deadline.title', { org: orgName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('common.save')}
    >
      <Typography.Paragraph type="secondary">{t('deadline.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="phaseKey"
          label={t('tasks.phase')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select options={c.body.phases.map((x) => ({ value: x.key, label: txt(x.name, locale) }))} />
        </Form.Item>
        <Form.Item
          name="dueDate"
          label={t('deadline.date')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
