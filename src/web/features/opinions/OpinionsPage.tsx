/**
 * /opinions?org=&status=&channel=&group=&q= — the opinions and suggestions (意见建议) of an org's
 * subtree: entered by staff per channel or sent through the public form, filtered by what the URL
 * says, a wide table on a desk and cards on a phone, newest first with "load more"; triage in
 * batches (merge duplicates, convert into one draft problem of the ledger) and per opinion
 * (answer, decline with a reason). The public form's address is shown for posters.
 * /opinions/:id — one opinion, the duplicates merged into it and the problems it became.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  Result,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  CloseOutlined,
  MergeCellsOutlined,
  NodeIndexOutlined,
  PlusOutlined,
  ProfileOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type {
  OpinionChannel,
  OpinionGroup,
  OpinionListAbilities,
  OpinionStatus,
  OpinionView,
} from '../../../shared/opinions.ts';
import { formatReceiptCode, OPINION_CHANNELS, OPINION_GROUPS, OPINION_STATUSES } from '../../../shared/opinions.ts';
import { usePagedList } from '../../api/paging.ts';
import { opinionsApi } from './api.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useShell } from '../../app/shell.tsx';
import { useApiData, useDebounced, useIsMobile } from '../../components/hooks.ts';
import { fmtDate, fmtDateTime } from '../../components/format.ts';
import { ProblemStatusTag } from '../ledger/ProblemStatusTag.tsx';
import { OrgCrumbs, useOrgScope } from './orgScope.tsx';
import { CloseOpinionModal, ConvertModal, EnterOpinionDrawer, MergeModal } from './OpinionDialogs.tsx';
import { OpinionStatusTag, opOptions, PublicFormLink, ReceiptCode, Submitter } from './parts.tsx';
import { OpinionImportModal } from './OpinionImportModal.tsx';

const PAGE = 30;
const NO_ABILITIES: OpinionListAbilities = { create: false, import: false, triage: false };
const FILTER_KEYS = ['status', 'channel', 'group', 'q'] as const;

type Dialog =
  { kind: 'answer' | 'decline'; opinion: OpinionView } | { kind: 'convert' | 'merge'; opinions: OpinionView[] } | null;

interface Filters {
  status?: string;
  channel?: string;
  group?: string;
  q: string;
}

export function OpinionsPage() {
  const { t } = useI18n();
  const { query, navigate } = useRouter();
  const mobile = useIsMobile();
  const scope = useOrgScope('/opinions', 'opinions');
  const [version, setVersion] = useState(0);
  const [entering, setEntering] = useState(false);
  const [importing, setImporting] = useState(false);
  const { org } = scope;
  // What the actor may do at this org: the list's answer says it (create, import, triage).
  const [abilities, setAbilities] = useState<OpinionListAbilities>(NO_ABILITIES);
  const canTriage = abilities.triage;

  const filters: Filters = {
    status: query.get('status') ?? undefined,
    channel: query.get('channel') ?? undefined,
    group: query.get('group') ?? undefined,
    q: query.get('q') ?? '',
  };
  const setFilter = (patch: Record<string, string | null>) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') q.delete(k);
      else q.set(k, v);
    }
    navigate(`/opinions?${q.toString()}`, { replace: true });
  };
  const filterKey = FILTER_KEYS.map((k) => query.get(k) ?? '').join('|');

  if (scope.none) return <Empty style={{ marginTop: 80 }} description={t('op.noOrg')} />;
  if (scope.error) {
    return (
      <Result
        status={scope.error.status === 404 ? '404' : scope.error.status === 403 ? '403' : 'error'}
        title={t('op.loadFailed')}
        subTitle={scope.error.message}
      />
    );
  }
  if (!org) return <Skeleton active paragraph={{ rows: 10 }} />;

  return (
    <div className="page op-page">
      <OrgCrumbs org={org} basePath="/opinions" />
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title" data-testid="opinions-title">
              {t('op.title', { org: org.name })}
            </Typography.Title>
            <Space size={[12, 4]} wrap>
              <Typography.Text type="secondary">{t('op.intro')}</Typography.Text>
              <Link to={`/disclosures?org=${org.id}`} data-testid="opinions-to-disclosures">
                <ProfileOutlined /> {t('dc.nav')}
              </Link>
            </Space>
          </div>
          {(abilities.create || abilities.import) && (
            <Space wrap className="page-actions">
              {abilities.create && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setEntering(true)}
                  data-testid="opinion-new"
                  data-ability="create"
                  size={mobile ? 'large' : 'middle'}
                  block={mobile}
                >
                  {t('op.enter.open')}
                </Button>
              )}
              {abilities.import && (
                <Button
                  icon={<UploadOutlined />}
                  onClick={() => setImporting(true)}
                  data-testid="opinion-import"
                  data-ability="import"
                  size={mobile ? 'large' : 'middle'}
                  block={mobile}
                >
                  {t('op.import.open')}
                </Button>
              )}
            </Space>
          )}
        </div>
        <PublicFormLink orgId={org.id} orgName={org.name} />
      </Card>

      <Card size="small" variant="borderless" className="op-list-card" title={t('op.listTitle')}>
        <OpinionFilters filters={filters} setFilter={setFilter} />
        <OpinionList
          key={`${org.id}|${filterKey}|${version}`}
          orgId={org.id}
          filters={filters}
          showUnit={org.childCount > 0}
          canTriage={canTriage}
          onAbilities={setAbilities}
          mobile={mobile}
          onChanged={() => setVersion((v) => v + 1)}
        />
      </Card>

      {entering && (
        <EnterOpinionDrawer
          org={{ id: org.id, name: org.name, path: org.path }}
          onClose={() => setEntering(false)}
          onSaved={() => setVersion((v) => v + 1)}
        />
      )}
      {importing && (
        <OpinionImportModal
          org={{ id: org.id, name: org.name }}
          onClose={() => setImporting(false)}
          onImported={() => setVersion((v) => v + 1)}
        />
      )}
    </div>
  );
}

function OpinionFilters({
  filters,
  setFilter,
}: {
  filters: Filters;
  setFilter: (patch: Record<string, string | null>) => void;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState(filters.q);
  const debounced = useDebounced(q.trim(), 400);
  useEffect(() => {
    if (debounced !== filters.q) setFilter({ q: debounced || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  const select = (key: 'status' | 'channel' | 'group', values: readonly string[], placeholder: string) => (
    <Select
      allowClear
      className="op-filter-select"
      placeholder={placeholder}
      value={filters[key]}
      onChange={(v?: string) => setFilter({ [key]: v ?? null })}
      options={opOptions(t, key, values)}
      popupMatchSelectWidth={false}
      data-testid={`opinion-filter-${key}`}
    />
  );
  return (
    <div className="op-filters">
      {select('status', OPINION_STATUSES, t('op.status'))}
      {select('channel', OPINION_CHANNELS, t('op.channel'))}
      {select('group', OPINION_GROUPS, t('op.group'))}
      <Input.Search
        allowClear
        className="op-filter-q"
        placeholder={t('op.searchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => setFilter({ q: v.trim() || null })}
        data-testid="opinion-filter-q"
      />
    </div>
  );
}

function OpinionList({
  orgId,
  filters,
  showUnit,
  canTriage,
  onAbilities,
  mobile,
  onChanged,
}: {
  orgId: number;
  filters: Filters;
  showUnit: boolean;
  canTriage: boolean;
  /** Receives the list's abilities at the org with the first page. */
  onAbilities: (a: OpinionListAbilities) => void;
  mobile: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const q = {
    org: orgId,
    // The filters come from the address bar; the server refuses a value it does not know.
    status: filters.status as OpinionStatus | undefined,
    channel: filters.channel as OpinionChannel | undefined,
    group: filters.group as OpinionGroup | undefined,
    q: filters.q || undefined,
  };
  // The component is keyed on the org and the filters: the query is read once.
  const first = usePagedList<OpinionView>(async (after) => {
    const page = await opinionsApi.list(q, after, PAGE);
    if (after === null) onAbilities(page.abilities);
    return page;
  }, []);
  const { items, loadMore, loadingMore } = first;
  const [selected, setSelected] = useState<number[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);

  const chosen = items.filter((o) => selected.includes(o.id));
  const sameOrg = new Set(chosen.map((o) => o.orgId)).size <= 1;
  const selectable = (o: OpinionView) => o.abilities.merge || o.abilities.convert;
  const toggle = (id: number, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  const done = () => {
    setDialog(null);
    onChanged();
  };

  const rowActions = (o: OpinionView, large = false) =>
    o.abilities.answer || o.abilities.decline ? (
      <Space size={large ? 8 : 4} className="op-row-actions" wrap>
        {o.abilities.answer && (
          <Button
            size={large ? 'large' : 'small'}
            icon={<CheckOutlined />}
            onClick={() => setDialog({ kind: 'answer', opinion: o })}
            data-testid="opinion-answer"
            data-ability="answer"
          >
            {t('op.answer.open')}
          </Button>
        )}
        {o.abilities.decline && (
          <Button
            size={large ? 'large' : 'small'}
            danger
            icon={<CloseOutlined />}
            onClick={() => setDialog({ kind: 'decline', opinion: o })}
            data-testid="opinion-decline"
            data-ability="decline"
          >
            {t('op.decline.open')}
          </Button>
        )}
      </Space>
    ) : null;

  const source = (o: OpinionView) => (
    <div className="op-source">
      <div>{enumLabel(t, 'opinionChannel', o.channel)}</div>
      <div className="muted">{enumLabel(t, 'opinionGroup', o.group)}</div>
    </div>
  );

  const list = mobile ? (
    <div className="op-tiles" data-testid="opinions-table">
      {items.map((o) => (
        <div
          key={o.id}
          className={`op-tile${selected.includes(o.id) ? ' op-tile-selected' : ''}`}
          data-testid={`opinion-row-${o.id}`}
        >
          <div className="op-tile-head">
            {canTriage && (
              <Checkbox
                checked={selected.includes(o.id)}
                disabled={!selectable(o)}
                onChange={(e) => toggle(o.id, e.target.checked)}
                aria-label={formatReceiptCode(o.receiptCode)}
                className="op-tile-check"
              />
            )}
            <Link to={`/opinions/${o.id}`} className="op-tile-code">
              <ReceiptCode code={o.receiptCode} />
            </Link>
            <OpinionStatusTag status={o.status} />
          </div>
          <Link to={`/opinions/${o.id}`} className="op-tile-content">
            {o.content}
          </Link>
          <div className="op-tile-meta">
            <Tag>{enumLabel(t, 'opinionChannel', o.channel)}</Tag>
            <Tag>{enumLabel(t, 'opinionGroup', o.group)}</Tag>
            {o.group !== 'anonymous' && <Submitter o={o} hidden={!o.abilities.viewSubmitter} />}
            <span className="muted">{fmtDate(o.createdAt)}</span>
          </div>
          {showUnit && <div className="op-tile-unit muted">{o.orgName}</div>}
          {o.answer && (o.status === 'answered' || o.status === 'declined') && (
            <div className="op-tile-answer">
              <span className="muted">{o.status === 'answered' ? t('op.answerPrefix') : t('op.declinePrefix')}</span>
              {o.answer}
            </div>
          )}
          {rowActions(o, true)}
        </div>
      ))}
      {items.length === 0 && !first.loading && (
        <Empty
          description={
            filters.q || filters.status || filters.channel || filters.group ? t('op.noneFiltered') : t('op.none')
          }
        />
      )}
      {first.loading && items.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<OpinionView>
      rowKey="id"
      size="middle"
      loading={first.loading}
      dataSource={items}
      pagination={false}
      data-testid="opinions-table"
      tableLayout="fixed"
      scroll={{ x: 900 }}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              filters.q || filters.status || filters.channel || filters.group ? t('op.noneFiltered') : t('op.none')
            }
          />
        ),
      }}
      onRow={(o) => ({ 'data-testid': `opinion-row-${o.id}` }) as React.HTMLAttributes<HTMLElement>}
      rowSelection={
        canTriage
          ? {
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys as number[]),
              getCheckboxProps: (o) => ({ disabled: !selectable(o) }),
              columnWidth: 40,
            }
          : undefined
      }
      columns={[
        {
          title: t('op.receiptCodeDate'),
          dataIndex: 'receiptCode',
          width: 132,
          render: (v: string, o) => (
            <div className="op-code-cell">
              <Link to={`/opinions/${o.id}`}>
                <ReceiptCode code={v} />
              </Link>
              <div className="muted">{fmtDate(o.createdAt)}</div>
            </div>
          ),
        },
        {
          title: t('op.content'),
          dataIndex: 'content',
          render: (v: string, o) => (
            <div className="op-content">
              {showUnit && <div className="op-content-unit muted">{o.orgName}</div>}
              <Link to={`/opinions/${o.id}`} className="cell-clamp op-content-cell" title={v}>
                {v}
              </Link>
              {o.answer && (o.status === 'answered' || o.status === 'declined') && (
                <div className="op-answer-line muted" title={o.answer}>
                  {o.status === 'answered' ? t('op.answerPrefix') : t('op.declinePrefix')}
                  {o.answer}
                </div>
              )}
            </div>
          ),
        },
        { title: t('op.source'), key: 'source', width: 112, render: (_: unknown, o: OpinionView) => source(o) },
        {
          title: t('op.submitter'),
          key: 'submitter',
          width: 116,
          render: (_: unknown, o: OpinionView) => <Submitter o={o} hidden={!o.abilities.viewSubmitter} />,
        },
        {
          title: t('op.status'),
          dataIndex: 'status',
          width: 104,
          render: (v: OpinionView['status']) => <OpinionStatusTag status={v} />,
        },
        ...(canTriage
          ? [
              {
                title: t('op.actions'),
                key: 'actions',
                width: 200,
                render: (_: unknown, o: OpinionView) => rowActions(o),
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <>
      {canTriage && (
        <div className={`op-batch-bar${selected.length ? ' op-batch-bar-active' : ''}`} data-testid="opinion-batch-bar">
          <span className="op-batch-count">
            {selected.length ? t('op.selected', { count: selected.length }) : t('op.selectHint')}
            {selected.length > 0 && (
              <Button type="link" size="small" onClick={() => setSelected([])} className="op-batch-clear">
                {t('op.clearSelection')}
              </Button>
            )}
          </span>
          {(!mobile || selected.length > 0) && (
            <div className="op-batch-buttons">
              <Tooltip title={!sameOrg ? t('op.sameOrgOnly') : undefined}>
                <Button
                  icon={<MergeCellsOutlined />}
                  disabled={selected.length === 0 || !sameOrg}
                  onClick={() => setDialog({ kind: 'merge', opinions: chosen })}
                  data-testid="opinion-merge"
                  size={mobile ? 'large' : 'middle'}
                >
                  {t('op.merge.open')}
                </Button>
              </Tooltip>
              <Tooltip title={!sameOrg ? t('op.sameOrgOnly') : undefined}>
                <Button
                  type="primary"
                  icon={<NodeIndexOutlined />}
                  disabled={selected.length === 0 || !sameOrg}
                  onClick={() => setDialog({ kind: 'convert', opinions: chosen })}
                  data-testid="opinion-convert"
                  size={mobile ? 'large' : 'middle'}
                >
                  {t('op.convert.open')}
                </Button>
              </Tooltip>
            </div>
          )}
        </div>
      )}
      {first.error && <Alert type="error" showIcon title={first.error.message} style={{ marginBottom: 12 }} />}
      {list}
      {mobile && selected.length > 0 && <div className="op-batch-spacer" />}
      <div className="pager">
        <Typography.Text type="secondary" data-testid="opinions-count">
          {t('op.shown', { count: items.length })}
        </Typography.Text>
        {first.hasMore && (
          <Button
            onClick={() => void loadMore()}
            loading={loadingMore}
            data-testid="opinions-more"
            block={mobile}
            size={mobile ? 'large' : 'middle'}
          >
            {t('op.loadMore')}
          </Button>
        )}
      </div>
      {dialog && (dialog.kind === 'answer' || dialog.kind === 'decline') && (
        <CloseOpinionModal opinion={dialog.opinion} mode={dialog.kind} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'merge' && (
        <MergeModal opinions={dialog.opinions} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'convert' && (
        <ConvertModal
          opinions={dialog.opinions}
          onClose={() => setDialog(null)}
          onDone={(r) => navigate(`/problems/${r.problemId}`)}
        />
      )}
    </>
  );
}

// ---------- one opinion ----------

export function OpinionPage({ id }: { id: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { setCurrentOrg } = useShell();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const data = useApiData(() => opinionsApi.get(id), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const o = data.data;

  useEffect(() => {
    if (!o) return;
    setCurrentOrg({ id: o.orgId, name: o.orgName, path: o.orgPath.split('.').map(Number) });
  }, [o, setCurrentOrg]);

  if (data.error) {
    return (
      <Result
        status={data.error.status === 404 ? '404' : data.error.status === 403 ? '403' : 'error'}
        title={t('op.notFound')}
        subTitle={data.error.message}
        extra={<Button onClick={() => navigate('/opinions')}>{t('op.back')}</Button>}
      />
    );
  }
  if (!o) return <Skeleton active paragraph={{ rows: 8 }} />;

  const closed = o.status === 'answered' || o.status === 'declined';
  const item = (label: string, children: ReactNode) => ({ key: label, label, children });
  return (
    <div className="page op-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 'l', title: <Link to={`/opinions?org=${o.orgId}`}>{t('op.crumb', { org: o.orgName })}</Link> },
          { key: 'o', title: formatReceiptCode(o.receiptCode) },
        ]}
      />
      <Card variant="borderless" className="op-detail-card" data-testid="opinion-detail">
        <div className="op-detail-head">
          <Space size={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('op.detailTitle')} <ReceiptCode code={o.receiptCode} />
            </Typography.Title>
            <OpinionStatusTag status={o.status} />
          </Space>
        </div>
        <Typography.Paragraph className="op-detail-content pre-wrap" data-testid="opinion-content">
          {o.content}
        </Typography.Paragraph>
        {closed && o.answer && (
          <Alert
            className="op-detail-answer"
            type={o.status === 'answered' ? 'success' : 'warning'}
            showIcon
            title={`${o.status === 'answered' ? t('op.answerLabel') : t('op.declineLabel')} · ${fmtDateTime(o.answeredAt)}`}
            description={<span className="pre-wrap">{o.answer}</span>}
          />
        )}
        {o.status === 'merged' && o.mergedInto && (
          <Alert
            className="op-detail-answer"
            type="info"
            showIcon
            title={
              <span>
                {t('op.mergedIntoText')} <Link to={`/opinions/${o.mergedInto}`}>{t('op.openTarget')}</Link>
              </span>
            }
          />
        )}
        <Descriptions
          size="small"
          column={mobile ? 1 : 2}
          bordered={!mobile}
          className="op-detail-desc"
          items={[
            item(t('op.unit'), o.orgName),
            item(t('op.receivedOn'), fmtDateTime(o.createdAt)),
            item(t('op.channel'), enumLabel(t, 'opinionChannel', o.channel)),
            item(t('op.group'), enumLabel(t, 'opinionGroup', o.group)),
            item(t('op.submitter'), <Submitter o={o} hidden={!o.abilities.viewSubmitter} />),
            item(t('op.enteredBy'), o.enteredBy ?? t('op.viaPublicForm')),
          ]}
        />
        {(o.abilities.answer || o.abilities.convert || o.abilities.merge || o.abilities.decline) && (
          <div className="op-detail-actions">
            {o.abilities.answer && (
              <Button
                icon={<CheckOutlined />}
                onClick={() => setDialog({ kind: 'answer', opinion: o })}
                data-testid="opinion-answer"
                data-ability="answer"
                size={mobile ? 'large' : 'middle'}
                block={mobile}
              >
                {t('op.answer.open')}
              </Button>
            )}
            {o.abilities.convert && (
              <Button
                type="primary"
                icon={<NodeIndexOutlined />}
                onClick={() => setDialog({ kind: 'convert', opinions: [o] })}
                data-testid="opinion-convert"
                data-ability="convert"
                size={mobile ? 'large' : 'middle'}
                block={mobile}
              >
                {t('op.convert.open')}
              </Button>
            )}
            {o.abilities.merge && (
              <Button
                icon={<MergeCellsOutlined />}
                onClick={() => setDialog({ kind: 'merge', opinions: [o] })}
                data-testid="opinion-merge"
                data-ability="merge"
                size={mobile ? 'large' : 'middle'}
                block={mobile}
              >
                {t('op.merge.openOne')}
              </Button>
            )}
            {o.abilities.decline && (
              <Button
                danger
                icon={<CloseOutlined />}
                onClick={() => setDialog({ kind: 'decline', opinion: o })}
                data-testid="opinion-decline"
                data-ability="decline"
                size={mobile ? 'large' : 'middle'}
                block={mobile}
              >
                {t('op.decline.open')}
              </Button>
            )}
          </div>
        )}
      </Card>

      <Card
        variant="borderless"
        size="small"
        className="op-detail-card"
        title={t('op.problemsTitle', { count: o.problems.length })}
        data-testid="opinion-problems"
      >
        {o.problems.length === 0 ? (
          <Typography.Text type="secondary">{t('op.noProblems')}</Typography.Text>
        ) : (
          <div className="op-detail-list">
            {o.problems.map((p) => (
              <div key={p.id} className="op-detail-list-item">
                <Space wrap size={[8, 4]}>
                  <Link to={`/problems/${p.id}`} data-testid={`opinion-problem-${p.id}`}>
                    {t('op.problemSeq', { seq: p.seq })}
                  </Link>
                  <Tag>{enumLabel(t, 'problemCategory', p.category)}</Tag>
                  <Tag>{enumLabel(t, 'problemKind', p.kind)}</Tag>
                  <ProblemStatusTag status={p.status} />
                </Space>
              </div>
            ))}
          </div>
        )}
      </Card>

      <Card
        variant="borderless"
        size="small"
        className="op-detail-card"
        title={t('op.mergedTitle', { count: o.merged.length })}
        data-testid="opinion-merged"
      >
        {o.merged.length === 0 ? (
          <Typography.Text type="secondary">{t('op.noMerged')}</Typography.Text>
        ) : (
          <div className="op-detail-list">
            {o.merged.map((m) => (
              <div key={m.id} className="op-detail-list-item op-merged-item">
                <Link to={`/opinions/${m.id}`} className="cell-clamp">
                  {m.content}
                </Link>
                <div className="muted op-merged-meta">
                  {enumLabel(t, 'opinionChannel', m.channel)} · {enumLabel(t, 'opinionGroup', m.group)} ·{' '}
                  {fmtDate(m.createdAt)}
                </div>
              </div>
            ))}
          </div>
        )}
      </Card>

      {dialog && (dialog.kind === 'answer' || dialog.kind === 'decline') && (
        <CloseOpinionModal
          opinion={dialog.opinion}
          mode={dialog.kind}
          onClose={() => setDialog(null)}
          onDone={(d) => {
            setDialog(null);
            data.setData(d);
          }}
        />
      )}
      {dialog?.kind === 'merge' && (
        <MergeModal
          opinions={dialog.opinions}
          onClose={() => setDialog(null)}
          onDone={(target) => {
            setDialog(null);
            message.info(t('op.merge.openedTarget'));
            navigate(`/opinions/${target.id}`);
          }}
        />
      )}
      {dialog?.kind === 'convert' && (
        <ConvertModal
          opinions={dialog.opinions}
          onClose={() => setDialog(null)}
          onDone={(r) => navigate(`/problems/${r.problemId}`)}
        />
      )}
    </div>
  );
}
