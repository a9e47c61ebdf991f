/**
 * /ledger/:orgId?status=&kind=&category=&source=&overdue=1&responsible=&subtree=0&sort= — the
 * problem ledger (问题台账) of an org: the figures a leader reads at a glance, the child units by
 * status with drill-down, and the problems themselves (a wide table on a desk, cards on a phone),
 * filtered by what the URL says so that a clerk can bookmark or print a view; recording a
 * problem, importing an office's .xlsx ledger, exporting the ledger. /ledger goes to the user's
 * first org.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowUpOutlined,
  DownloadOutlined,
  FileTextOutlined,
  MessageOutlined,
  PlusOutlined,
  RightOutlined,
  SoundOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type {
  LedgerFigures,
  LedgerSummaryView,
  ProblemCategory,
  ProblemKind,
  ProblemSource,
  ProblemStatus,
  ProblemView,
} from '../../../shared/ledger.ts';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS, PROBLEM_SOURCES, PROBLEM_STATUSES } from '../../../shared/ledger.ts';
import { apiUrl } from '../../api/client.ts';
import { orgsApi } from '../orgs/api.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { Link, Redirect, useRouter } from '../../app/router.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useShellOrg } from '../../app/shell.tsx';
import { useApiData, useDebounced, useIsMobile } from '../../components/hooks.ts';
import { Chart } from '../../components/Chart.tsx';
import { deadlineLabel, openCount, pct, STATUS_COLORS } from './format.ts';
import { OverdueTag, ProblemStatusTag } from './ProblemStatusTag.tsx';
import { ProblemFormDrawer } from './ProblemFormDrawer.tsx';
import { LedgerImportModal } from './LedgerImportModal.tsx';
import { ledgerApi, loadProblems } from './api.ts';
import { usePagedList } from '../../api/paging.ts';
import { PagedList } from '../../components/PagedList.tsx';

const PAGE = 50;
const SORTS = ['newest', 'deadline', 'seq'] as const;
const FILTER_KEYS = ['status', 'kind', 'category', 'source', 'overdue', 'responsible', 'subtree', 'sort'] as const;

/** "/ledger" → the ledger of the org the server names as the user's ledger home (`me.homes.ledger`). */
export function LedgerHome() {
  const { me } = useAuth();
  const { t } = useI18n();
  const home = me?.homes.ledger;
  if (home) return <Redirect to={`/ledger/${home}`} />;
  return <Empty style={{ marginTop: 80 }} description={t('home.noOrgs')} />;
}

export function LedgerPage({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { query, navigate } = useRouter();
  const { me } = useAuth();
  const mobile = useIsMobile();
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const orgData = useApiData(() => orgsApi.get(orgId), [orgId]);
  const summary = useApiData(() => ledgerApi.summary({ org: orgId }), [orgId, version]);
  const org = orgData.data;
  const s = summary.data;
  // What the actor may do in this ledger, as the server says (never judged from roles here).
  const ab = s?.abilities ?? { create: false, import: false, export: false };

  useShellOrg(org);

  // The filters live in the URL; "go" keeps them when moving to another org's ledger.
  const filters = {
    status: query.get('status') ?? undefined,
    kind: query.get('kind') ?? undefined,
    category: query.get('category') ?? undefined,
    source: query.get('source') ?? undefined,
    overdue: query.get('overdue') === '1',
    responsible: query.get('responsible') ?? '',
    subtree: query.get('subtree') !== '0',
    sort: (SORTS as readonly string[]).includes(query.get('sort') ?? '')
      ? (query.get('sort') as (typeof SORTS)[number])
      : 'newest',
  };
  const filterString = () => {
    const q = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = query.get(k);
      if (v) q.set(k, v);
    }
    return q.toString();
  };
  const goOrg = (id: number) => {
    const qs = filterString();
    navigate(`/ledger/${id}${qs ? `?${qs}` : ''}`);
  };
  const setFilter = (patch: Record<string, string | null>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') q.delete(k);
      else q.set(k, v);
    }
    const qs = q.toString();
    navigate(`/ledger/${orgId}${qs ? `?${qs}` : ''}`, { replace: true });
  };

  const err = orgData.error ?? summary.error;
  if (err) {
    return (
      <Result
        status={err.status === 404 ? '404' : 'error'}
        title={err.status === 404 ? t('org.notFound') : t('common.loadFailed')}
        subTitle={err.message}
        extra={<Button onClick={() => navigate('/ledger')}>{t('ledger.backHome')}</Button>}
      />
    );
  }
  if (!org || !s) return <Skeleton active paragraph={{ rows: 10 }} />;

  // Ancestors above the user's grants are named, not linked (their ledger is out of reach).
  const crumbs = org.breadcrumbs.filter((b) => b.id !== org.id);
  const grantIds = new Set(me?.grants.map((g) => g.orgId) ?? []);
  const firstReachable = me?.user.isAdmin ? 0 : crumbs.findIndex((b) => grantIds.has(b.id));
  const reachable = (i: number) => firstReachable >= 0 && i >= firstReachable;

  const f = s.figures;
  const figure = (
    key: string,
    title: string,
    value: number | string,
    opts: { color?: string; patch?: Record<string, string | null>; active?: boolean } = {},
  ) => (
    <Col xs={6} xl={3} key={key}>
      <Card
        size="small"
        variant="borderless"
        className={`figure-card${opts.patch ? ' clickable' : ''}${opts.active ? ' figure-active' : ''}`}
        data-testid={`figure-${key}`}
        onClick={opts.patch ? () => setFilter(opts.patch!) : undefined}
      >
        <Statistic title={title} value={value} valueStyle={opts.color ? { color: opts.color } : undefined} />
      </Card>
    </Col>
  );
  const statusFigure = (st: ProblemStatus, title: string) =>
    figure(st, title, f.byStatus[st], {
      color: st === 'draft' ? undefined : STATUS_COLORS[st],
      patch: { status: filters.status === st ? null : st },
      active: filters.status === st,
    });

  const exportHref = apiUrl(`/orgs/${orgId}/ledger/export.xlsx`, {
    subtree: filters.subtree,
    status: filters.status,
    kind: filters.kind,
    category: filters.category,
  });
  const exportPartial = !!(filters.source || filters.overdue || filters.responsible);

  return (
    <div className="page ledger-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          ...crumbs.map((b, i) => ({
            key: b.id,
            title: reachable(i) ? <Link to={`/ledger/${b.id}`}>{b.name}</Link> : b.name,
          })),
          { key: org.id, title: org.name },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title" data-testid="ledger-title">
              {t('ledger.title', { org: org.name })}
            </Typography.Title>
            <Space size={[8, 4]} wrap>
              <Tag color="red" variant="outlined">
                {enumLabel(t, 'orgLevel', org.level)}
              </Tag>
              {s.parent && (
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  onClick={() => goOrg(s.parent!.id)}
                  data-testid="ledger-up"
                >
                  {t('ledger.upOneLevel', { org: s.parent.name })}
                </Button>
              )}
              {s.children.length > 0 && (
                <Typography.Text type="secondary">
                  {t('ledger.childUnits', { count: s.children.length })}
                </Typography.Text>
              )}
            </Space>
          </div>
          <Space wrap className="page-actions">
            {ab.create && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="problem-new"
                data-ability="create"
              >
                {t('ledger.new')}
              </Button>
            )}
            {ab.import && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="ledger-import"
                data-ability="import"
              >
                {t('ledger.import')}
              </Button>
            )}
            <Link to={`/ledger/${org.id}/plan`} data-testid="ledger-plan">
              <Button icon={<FileTextOutlined />}>{t('plan.title')}</Button>
            </Link>
            {ab.import && (
              <Link to={`/opinions?org=${org.id}`} data-testid="ledger-opinions">
                <Button icon={<MessageOutlined />}>{t('ledger.opinions')}</Button>
              </Link>
            )}
            {ab.export && (
              <Link to={`/disclosures?org=${org.id}`} data-testid="ledger-disclosures">
                <Button icon={<SoundOutlined />}>{t('ledger.disclosures')}</Button>
              </Link>
            )}
            {ab.export && (
              <Tooltip title={exportPartial ? t('ledger.exportPartial') : undefined}>
                <Button icon={<DownloadOutlined />} href={exportHref} data-testid="ledger-export" data-ability="export">
                  {t('ledger.export')}
                </Button>
              </Tooltip>
            )}
            {ab.export && (
              <Tooltip title={t('ledger.effectsHint')}>
                <Button
                  data-ability="export"
                  icon={<DownloadOutlined />}
                  href={apiUrl(`/orgs/${orgId}/ledger/export.xlsx`, { subtree: filters.subtree, view: 'effects' })}
                  data-testid="ledger-effects"
                >
                  {t('ledger.effects')}
                </Button>
              </Tooltip>
            )}
          </Space>
        </div>
      </Card>

      <div data-testid="ledger-summary">
        <Row gutter={[12, 12]} className="figure-row">
          {figure('total', t('ledger.fig.total'), f.total, {
            patch: { status: null, overdue: null },
            active: !filters.status && !filters.overdue,
          })}
          {statusFigure('draft', enumLabel(t, 'problemStatus', 'draft'))}
          {statusFigure('pending', enumLabel(t, 'problemStatus', 'pending'))}
          {statusFigure('in_progress', enumLabel(t, 'problemStatus', 'in_progress'))}
          {statusFigure('awaiting', t('ledger.fig.awaiting'))}
          {statusFigure('closed', enumLabel(t, 'problemStatus', 'closed'))}
          {figure('overdue', t('ledger.fig.overdue'), f.overdue, {
            color: '#cf1322',
            patch: { overdue: filters.overdue ? null : '1' },
            active: filters.overdue,
          })}
          {figure('rate', t('ledger.fig.rate'), pct(f.closureRate))}
        </Row>
        {s.children.length > 0 && <ChildrenPanel s={s} mobile={mobile} onDrill={goOrg} />}
      </div>

      <Card
        size="small"
        variant="borderless"
        className="ledger-list-card"
        title={t('ledger.problems')}
        extra={<SortSelect sort={filters.sort} setFilter={setFilter} />}
      >
        <Filters filters={filters} setFilter={setFilter} hasChildren={s.children.length > 0 || org.childCount > 0} />
        <ProblemList
          key={`${orgId}|${filterString()}|${version}`}
          orgId={orgId}
          filters={filters}
          showUnit={filters.subtree && (s.children.length > 0 || org.childCount > 0)}
          mobile={mobile}
        />
      </Card>

      {creating && (
        <ProblemFormDrawer
          org={{ id: org.id, name: org.name, path: org.path }}
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            navigate(`/problems/${p.id}`);
          }}
        />
      )}
      {importing && (
        <LedgerImportModal
          org={{ id: org.id, name: org.name }}
          onClose={() => setImporting(false)}
          onImported={() => setVersion((v) => v + 1)}
        />
      )}
    </div>
  );
}

type Filters = {
  status?: string;
  kind?: string;
  category?: string;
  source?: string;
  overdue: boolean;
  responsible: string;
  subtree: boolean;
  sort: (typeof SORTS)[number];
};

function Filters({
  filters,
  setFilter,
  hasChildren,
}: {
  filters: Filters;
  setFilter: (patch: Record<string, string | null>) => void;
  hasChildren: boolean;
}) {
  const { t } = useI18n();
  const [resp, setResp] = useState(filters.responsible);
  const debounced = useDebounced(resp.trim(), 400);
  useEffect(() => {
    if (debounced !== filters.responsible) setFilter({ responsible: debounced || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  const select = (
    key: 'status' | 'kind' | 'category' | 'source',
    enumName: string,
    values: readonly string[],
    placeholder: string,
  ) => (
    <Select
      allowClear
      className="filter-select"
      placeholder={placeholder}
      value={filters[key]}
      onChange={(v?: string) => setFilter({ [key]: v ?? null })}
      options={enumOptions(t, enumName, values)}
      popupMatchSelectWidth={false}
      data-testid={`filter-${key}`}
    />
  );
  return (
    <div className="table-toolbar ledger-filters">
      {select('status', 'problemStatus', PROBLEM_STATUSES, t('problem.status'))}
      {select('kind', 'problemKind', PROBLEM_KINDS, t('problem.kind'))}
      {select('category', 'problemCategory', PROBLEM_CATEGORIES, t('problem.category'))}
      {select('source', 'problemSource', PROBLEM_SOURCES, t('problem.source'))}
      <Input.Search
        allowClear
        className="filter-q"
        placeholder={t('ledger.responsibleSearch')}
        value={resp}
        onChange={(e) => setResp(e.target.value)}
        onSearch={(v) => setFilter({ responsible: v.trim() || null })}
        data-testid="filter-responsible"
      />
      <label className="filter-switch">
        <Switch
          size="small"
          checked={filters.overdue}
          onChange={(v) => setFilter({ overdue: v ? '1' : null })}
          data-testid="filter-overdue"
        />{' '}
        {t('ledger.overdueOnly')}
      </label>
      {hasChildren && (
        <label className="filter-switch">
          <Switch
            size="small"
            checked={filters.subtree}
            onChange={(v) => setFilter({ subtree: v ? null : '0' })}
            data-testid="filter-subtree"
          />{' '}
          {t('ledger.includeSubtree')}
        </label>
      )}
    </div>
  );
}

function SortSelect({
  sort,
  setFilter,
}: {
  sort: Filters['sort'];
  setFilter: (patch: Record<string, string | null>) => void;
}) {
  const { t } = useI18n();
  return (
    <Select
      className="filter-sort"
      size="small"
      variant="borderless"
      value={sort}
      onChange={(v) => setFilter({ sort: v === 'newest' ? null : v })}
      options={SORTS.map((x) => ({ value: x, label: t(`ledger.sort.${x}`) }))}
      popupMatchSelectWidth={false}
      data-testid="ledger-sort"
    />
  );
}

function ChildrenPanel({
  s,
  mobile,
  onDrill,
}: {
  s: LedgerSummaryView;
  mobile: boolean;
  onDrill: (id: number) => void;
}) {
  const { t, locale } = useI18n();
  const withProblems = useMemo(
    () =>
      [...s.children]
        .filter((c) => c.figures.total > 0)
        .sort((a, b) => b.figures.total - a.figures.total)
        .slice(0, 20),
    [s],
  );
  const statuses: ProblemStatus[] = ['closed', 'awaiting', 'in_progress', 'pending', 'draft'];
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 16, top: mobile ? 52 : 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: withProblems.map((c) => c.org.name),
        axisLabel: { width: mobile ? 100 : 170, overflow: 'truncate' },
      },
      series: statuses.map((st) => ({
        name: enumLabel(t, 'problemStatus', st),
        type: 'bar',
        stack: 'all',
        color: STATUS_COLORS[st],
        barMaxWidth: 22,
        data: withProblems.map((c) => c.figures.byStatus[st]),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [withProblems, locale, mobile],
  );
  const rows: ChildRow[] = s.children.map((c) => ({ key: c.org.id, id: c.org.id, name: c.org.name, f: c.figures }));
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <Card size="small" variant="borderless" title={t('ledger.chartTitle')} className="ledger-chart-card">
          {withProblems.length > 0 ? (
            <Chart
              option={option}
              height={Math.max(200, (mobile ? 70 : 50) + withProblems.length * 30)}
              testId="ledger-chart"
              onClick={(e) => onDrill(withProblems[e.dataIndex].org.id)}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.noProblemsBelow')} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" variant="borderless" title={t('ledger.childrenTitle')}>
          {mobile ? (
            <ChildList rows={rows} onDrill={onDrill} />
          ) : (
            <Table<ChildRow>
              size="small"
              data-testid="ledger-children"
              dataSource={rows}
              pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small' } : false}
              onRow={(r) => ({ onClick: () => onDrill(r.id), className: 'clickable' })}
              columns={[
                {
                  title: t('ledger.unit'),
                  dataIndex: 'name',
                  render: (v: string) => (
                    <a className="child-name">
                      {v} <RightOutlined style={{ fontSize: 10 }} />
                    </a>
                  ),
                },
                {
                  title: t('ledger.col.total'),
                  key: 'total',
                  width: 70,
                  align: 'right',
                  sorter: (a, b) => a.f.total - b.f.total,
                  render: (_, r) => r.f.total,
                },
                {
                  title: t('ledger.open'),
                  key: 'open',
                  width: 76,
                  align: 'right',
                  sorter: (a, b) => openCount(a.f) - openCount(b.f),
                  render: (_, r) => openCount(r.f),
                },
                {
                  title: t('ledger.fig.overdue'),
                  key: 'overdue',
                  width: 76,
                  align: 'right',
                  sorter: (a, b) => a.f.overdue - b.f.overdue,
                  render: (_, r) =>
                    r.f.overdue > 0 ? <Typography.Text type="danger">{r.f.overdue}</Typography.Text> : 0,
                },
                {
                  title: t('ledger.fig.rate'),
                  key: 'rate',
                  width: 90,
                  align: 'right',
                  sorter: (a, b) => a.f.closureRate - b.f.closureRate,
                  render: (_, r) => rateCell(r.f),
                },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

interface ChildRow {
  key: number;
  id: number;
  name: string;
  f: LedgerFigures;
}

/** On a phone: the units below as a compact list, those with the most problems first. */
function ChildList({ rows, onDrill }: { rows: ChildRow[]; onDrill: (id: number) => void }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const sorted = useMemo(() => [...rows].sort((a, b) => b.f.overdue - a.f.overdue || b.f.total - a.f.total), [rows]);
  const shown = all ? sorted : sorted.slice(0, 6);
  return (
    <div className="child-list" data-testid="ledger-children">
      {shown.map((r) => (
        <a key={r.id} className="child-item" onClick={() => onDrill(r.id)}>
          <span className="child-item-name">{r.name}</span>
          <span className="child-item-figs">
            <span>{t('ledger.childFigs', { total: r.f.total, open: openCount(r.f) })}</span>
            {r.f.overdue > 0 && <span className="text-danger">{t('ledger.childOverdue', { n: r.f.overdue })}</span>}
            <span className="muted">{rateCell(r.f)}</span>
            <RightOutlined style={{ fontSize: 10 }} />
          </span>
        </a>
      ))}
      {sorted.length > 6 && (
        <Button type="link" block onClick={() => setAll((v) => !v)} data-testid="ledger-children-all">
          {all ? t('ledger.childrenFewer') : t('ledger.childrenAll', { count: sorted.length })}
        </Button>
      )}
    </div>
  );
}

function rateCell(f: LedgerFigures) {
  return f.total - f.byStatus.draft > 0 ? pct(f.closureRate) : '—';
}

function ProblemList({
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
  const q = {
    org: orgId,
    subtree: filters.subtree,
    // The filters come from the address bar; the server refuses a value it does not know.
    status: filters.status as ProblemStatus | undefined,
    kind: filters.kind as ProblemKind | undefined,
    category: filters.category as ProblemCategory | undefined,
    source: filters.source as ProblemSource | undefined,
    overdue: filters.overdue ? true : undefined,
    responsible: filters.responsible,
    sort: filters.sort,
    limit: PAGE,
  };
  const pages = usePagedList<ProblemView>((after) => loadProblems(q, after), [JSON.stringify(q)]);

  const deadlineCell = (p: ProblemView) => (
    <span className="deadline-cell">
      <span className={p.overdue ? 'text-danger' : !p.deadline ? 'muted' : undefined}>
        {deadlineLabel(t, p.deadline, p.kind)}
      </span>
      {p.overdue && <OverdueTag days={p.daysOverdue} />}
    </span>
  );

  const card = (p: ProblemView) => (
    <Link
      to={`/problems/${p.id}`}
      className={`problem-tile${p.overdue ? ' problem-tile-overdue' : ''}`}
      data-testid={`problem-row-${p.id}`}
    >
      <div className="problem-tile-head">
        <span className="muted">
          {t('problem.seqN', { seq: p.seq })}
          {showUnit && ` · ${p.orgName}`}
        </span>
        <ProblemStatusTag status={p.status} />
      </div>
      <div className="problem-tile-desc">{p.description}</div>
      <div className="problem-tile-meta">
        <Tag>{enumLabel(t, 'problemCategory', p.category)}</Tag>
        <Tag>{enumLabel(t, 'problemKind', p.kind)}</Tag>
        {deadlineCell(p)}
      </div>
      {(p.responsibleLeader.name || p.responsiblePerson.name) && (
        <div className="problem-tile-owner muted">
          {[
            p.responsibleLeader.name && t('problem.leaderIs', { name: p.responsibleLeader.name }),
            p.responsiblePerson.name && t('problem.personIs', { name: p.responsiblePerson.name }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </div>
      )}
    </Link>
  );

  return (
    <PagedList<ProblemView>
      list={pages}
      rowKey="id"
      testId="ledger-table"
      layout={mobile ? 'cards' : 'table'}
      renderCard={card}
      cardClassName=""
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.none')} />}
      countText={(shown, total) => t('ledger.count', { shown, total: total ?? 0 })}
      tableProps={{
        scroll: { x: showUnit ? 960 : 820 },
        onRow: (p) => ({ 'data-testid': `problem-row-${p.id}` }) as React.HTMLAttributes<HTMLElement>,
      }}
      columns={[
        { title: t('problem.seq'), dataIndex: 'seq', width: 56, align: 'right' },
        ...(showUnit
          ? [
              {
                title: t('ledger.unit'),
                dataIndex: 'orgName',
                width: 150,
                render: (v: string) => (
                  <span className="cell-clamp" title={v}>
                    {v}
                  </span>
                ),
              },
            ]
          : []),
        {
          title: t('problem.description'),
          dataIndex: 'description',
          render: (v: string, p: ProblemView) => (
            <Link to={`/problems/${p.id}`} className="cell-clamp" title={v}>
              {v}
            </Link>
          ),
        },
        {
          title: t('problem.category'),
          dataIndex: 'category',
          width: 88,
          render: (v: string) => enumLabel(t, 'problemCategory', v),
        },
        {
          title: t('problem.kind'),
          dataIndex: 'kind',
          width: 100,
          render: (v: string) => enumLabel(t, 'problemKind', v),
        },
        {
          title: t('problem.owner'),
          key: 'owner',
          width: 104,
          render: (_: unknown, p: ProblemView) => (
            <div className="owner-cell">
              <div>{p.responsibleLeader.name || '—'}</div>
              <div className="muted">{p.responsiblePerson.name || '—'}</div>
            </div>
          ),
        },
        {
          title: t('problem.deadline'),
          key: 'deadline',
          width: 124,
          render: (_: unknown, p: ProblemView) => deadlineCell(p),
        },
        {
          title: t('problem.status'),
          dataIndex: 'status',
          width: 112,
          render: (v: ProblemStatus) => <ProblemStatusTag status={v} />,
        },
      ]}
    />
  );
}
