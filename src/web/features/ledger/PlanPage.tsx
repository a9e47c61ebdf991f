/**
 * /ledger/:orgId/plan?campaignId= — the rectification plan (整改方案) of a unit: its principles,
 * objectives, measures and time limits, the problems of its own ledger it covers, the moves the
 * user may make now (from the server's `abilities` only: submit / approve / return / reopen) and
 * the history; below, the plans of the units one level down (who has drawn one up, who has not).
 * On a phone everything stacks with large buttons.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  FileAddOutlined,
  RightOutlined,
  RollbackOutlined,
  SaveOutlined,
  SelectOutlined,
  SendOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import type {
  PlanAction,
  PlanDetailView,
  PlanOverview,
  PlanStatus,
  PlanView,
  ProblemStatus,
  ProblemView,
} from '../../../shared/ledger.ts';
import { PLAN_ACTIONS } from '../../../shared/ledger.ts';
import { TASK_TRANSITIONS } from '../../../shared/campaigns.ts';
import { ApiError } from '../../api/client.ts';
import { orgsApi } from '../orgs/api.ts';
import { ledgerApi } from './api.ts';
import { enumLabel, hasKey, useI18n, type MessageKey, type TFunction } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useShellOrg } from '../../app/shell.tsx';
import { useApiData, useIsMobile, useRunner } from '../../components/hooks.ts';
import { fmtDateTime } from '../../components/format.ts';
import { HistoryTimeline } from '../../components/HistoryTimeline.tsx';
import { deadlineLabel } from './format.ts';
import { ProblemStatusTag } from './ProblemStatusTag.tsx';
import { CommentModal } from '../../components/CommentModal.tsx';

const SECTIONS = [
  { key: 'principles', label: 'plan.principles', testId: 'plan-principles', max: 8000 },
  { key: 'objectives', label: 'plan.objectives', testId: 'plan-objectives', max: 8000 },
  { key: 'measures', label: 'plan.measures', testId: 'plan-measures', max: 20000 },
  { key: 'timeLimits', label: 'plan.timeLimits', testId: 'plan-timelimits', max: 8000 },
] as const;
type Texts = Record<(typeof SECTIONS)[number]['key'], string>;

const STATUS_COLORS: Record<PlanStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'error',
  approved: 'success',
};
const EVENT_COLORS: Record<string, string> = {
  create: 'gray',
  submit: 'blue',
  approve: 'green',
  return: 'red',
  reopen: 'orange',
};
const ACTION_ICONS: Record<PlanAction, React.ReactNode> = {
  submit: <SendOutlined />,
  approve: <CheckOutlined />,
  return: <RollbackOutlined />,
  reopen: <UndoOutlined />,
};
/** Whether a plan action needs a comment: from the deliverable's transition table (src/shared). */
const commentRequired = (a: PlanAction) => TASK_TRANSITIONS.some((x) => x.action === a && x.commentRequired);

export function PlanStatusTag({ status, testId }: { status: PlanStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {enumLabel(t, 'taskStatus', status)}
    </Tag>
  );
}

/** The server's refusal, with the fields it names (e.g. "measures") in the page's words. */
function errorText(t: TFunction, e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  const fields = e.fieldIssues
    .map((i) => i.path.replace(/^body[./]/, '').split(/[./[]/)[0])
    .map((f) =>
      f === 'problemIds'
        ? t('plan.problems')
        : SECTIONS.find((s) => s.key === f)
          ? t(SECTIONS.find((s) => s.key === f)!.label)
          : null,
    )
    .filter((x): x is string => !!x);
  return fields.length > 0 ? `${e.message}${t('plan.missing', { fields: fields.join(t('plan.listSep')) })}` : e.message;
}

export function PlanPage({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { query, navigate } = useRouter();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const campaignId = query.get('campaignId') ? Number(query.get('campaignId')) : undefined;
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const orgData = useApiData(() => orgsApi.get(orgId), [orgId]);
  const overview = useApiData(() => ledgerApi.plans({ org: orgId, campaignId }), [orgId, campaignId, version]);
  const org = orgData.data;
  const o = overview.data;

  useShellOrg(org);

  const err = orgData.error ?? overview.error;
  if (err) {
    return (
      <Result
        status={err.status === 404 ? '404' : 'error'}
        title={err.status === 404 ? t('common.notFound') : t('common.loadFailed')}
        subTitle={err.message}
        extra={<Button onClick={() => navigate('/ledger')}>{t('ledger.backHome')}</Button>}
      />
    );
  }
  if (!org || !o) return <Skeleton active paragraph={{ rows: 10 }} />;

  const create = async () => {
    setCreating(true);
    try {
      await ledgerApi.createPlan({
        orgId,
        campaignId,
        title: t('plan.defaultTitle', { org: org.name }),
      });
      message.success(t('plan.created'));
      setVersion((v) => v + 1);
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setCreating(false);
    }
  };

  return (
    <div className="page plan-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 'l', title: <Link to={`/ledger/${org.id}`}>{t('ledger.titleShort', { org: org.name })}</Link> },
          { key: 'p', title: t('plan.title') },
        ]}
      />
      {o.own ? (
        <PlanDetail key={`${o.own.id}|${version}`} planId={o.own.id} orgId={org.id} mobile={mobile} />
      ) : (
        <Card className="page-head" variant="borderless">
          <Typography.Title level={4} className="plan-head-title">
            {t('plan.defaultTitle', { org: org.name })}
          </Typography.Title>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noneYet')}>
            {o.abilities.create && (
              <Button
                type="primary"
                size="large"
                icon={<FileAddOutlined />}
                loading={creating}
                onClick={() => void create()}
                data-testid="plan-create"
                data-ability="create"
                block={mobile}
              >
                {t('plan.create')}
              </Button>
            )}
          </Empty>
        </Card>
      )}
      {o.children.length > 0 && <ChildPlans rows={o.children} mobile={mobile} />}
    </div>
  );
}

function PlanDetail({ planId, orgId, mobile }: { planId: number; orgId: number; mobile: boolean }) {
  const { t } = useI18n();
  const plan = useApiData(() => ledgerApi.plan(planId), [planId]);
  const { busy, run } = useRunner<PlanDetailView>({ onDone: plan.setData, errorText: (e) => errorText(t, e) });
  const [texts, setTexts] = useState<Texts>({ principles: '', objectives: '', measures: '', timeLimits: '' });
  const [dirty, setDirty] = useState(false);
  const [commentFor, setCommentFor] = useState<PlanAction | null>(null);
  const [picking, setPicking] = useState(false);
  const p = plan.data;

  useEffect(() => {
    if (!p) return;
    setTexts({ principles: p.principles, objectives: p.objectives, measures: p.measures, timeLimits: p.timeLimits });
    setDirty(false);
  }, [p]);

  if (plan.error) return <Result status="error" title={t('common.loadFailed')} subTitle={plan.error.message} />;
  if (!p) return <Skeleton active paragraph={{ rows: 10 }} />;

  const buttonSize = mobile ? 'large' : 'middle';

  const save = () => ledgerApi.updatePlan(planId, texts);
  const transition = (action: PlanAction, comment?: string) =>
    run(
      action,
      async () => {
        // Submitting checks the stored measures: send what was typed first.
        if (dirty && p.abilities.edit) await save();
        return ledgerApi.planTransition(planId, { action, comment });
      },
      t(`plan.done.${action}`),
    );

  const lastDecision = [...p.events].reverse().find((e) => e.action === 'return' || e.action === 'reopen');
  const showDecision = (p.status === 'returned' || p.status === 'draft') && lastDecision?.comment;

  const possible = PLAN_ACTIONS.filter((a) => p.abilities[a]);
  const actions = possible.length > 0 && (
    <div className="problem-actions plan-actions" data-testid="plan-actions">
      {possible.map((a) => (
        <Button
          key={a}
          type={a === 'return' || a === 'reopen' ? 'default' : 'primary'}
          danger={a === 'return'}
          icon={ACTION_ICONS[a]}
          size={buttonSize}
          loading={busy === a}
          onClick={() => (commentRequired(a) ? setCommentFor(a) : void transition(a))}
          data-testid={`plan-action-${a}`}
          data-ability={a}
        >
          {t(`plan.action.${a}`)}
        </Button>
      ))}
    </div>
  );

  const head = (
    <Card className="page-head" variant="borderless">
      <Typography.Title
        level={4}
        className="plan-head-title"
        data-testid="plan-title"
        editable={
          p.abilities.edit
            ? {
                maxLength: 200,
                triggerType: ['icon'],
                onChange: (v) => {
                  const title = v.trim();
                  if (title && title !== p.title)
                    void run('title', () => ledgerApi.updatePlan(planId, { title }), t('common.saved'));
                },
              }
            : false
        }
      >
        {p.title}
      </Typography.Title>
      <Space size={[6, 6]} wrap>
        <PlanStatusTag status={p.status} testId="plan-status" />
        <Typography.Text type="secondary">{t('plan.problemsCount', { count: p.problems.length })}</Typography.Text>
        <Typography.Text type="secondary">{t('plan.updatedAt', { at: fmtDateTime(p.updatedAt) })}</Typography.Text>
      </Space>
      {showDecision && lastDecision && (
        <Alert
          type="warning"
          showIcon
          className="problem-decision"
          title={t(lastDecision.action === 'return' ? 'plan.returnedBecause' : 'plan.reopenedBecause', {
            comment: lastDecision.comment ?? '',
          })}
          data-testid="plan-returned"
        />
      )}
      {actions}
    </Card>
  );

  const sections = (
    <Card size="small" variant="borderless" title={t('plan.content')} className="problem-card">
      {SECTIONS.map((s) => (
        <div className="plan-section" key={s.key}>
          <div className="plan-section-label">{t(s.label)}</div>
          {p.abilities.edit ? (
            <Input.TextArea
              autoSize={{ minRows: s.key === 'measures' ? 5 : 3, maxRows: 16 }}
              maxLength={s.max}
              value={texts[s.key]}
              onChange={(e) => {
                const v = e.target.value;
                setTexts((cur) => ({ ...cur, [s.key]: v }));
                setDirty(true);
              }}
              placeholder={t(`plan.placeholder.${s.key}`)}
              data-testid={s.testId}
            />
          ) : (
            <div className="pre-wrap readonly-text" data-testid={s.testId}>
              {p[s.key] || <span className="muted">{t('plan.empty')}</span>}
            </div>
          )}
        </div>
      ))}
      {p.abilities.edit && (
        <div className="progress-save">
          <Button
            icon={<SaveOutlined />}
            size={buttonSize}
            type={dirty ? 'primary' : 'default'}
            loading={busy === 'save'}
            onClick={() => void run('save', save, t('common.saved'))}
            data-testid="plan-save"
            data-ability="edit"
          >
            {t('plan.save')}
          </Button>
          {dirty && <span className="muted">{t('plan.unsaved')}</span>}
        </div>
      )}
    </Card>
  );

  const problems = (
    <Card
      size="small"
      variant="borderless"
      className="problem-card"
      title={t('plan.problems')}
      extra={
        p.abilities.edit && !mobile ? (
          <Button
            size="small"
            icon={<SelectOutlined />}
            onClick={() => setPicking(true)}
            data-testid="plan-problems-edit"
            data-ability="edit"
          >
            {t('plan.pickProblems')}
          </Button>
        ) : undefined
      }
    >
      {mobile ? (
        <div className="problem-tiles" data-testid="plan-problems">
          {p.problems.map((x) => (
            <Link key={x.id} to={`/problems/${x.id}`} className="problem-tile">
              <div className="problem-tile-head">
                <span className="muted">{t('problem.seqN', { seq: x.seq })}</span>
                <ProblemStatusTag status={x.status} />
              </div>
              <div className="problem-tile-desc">{x.description}</div>
              <div className="problem-tile-meta muted">{deadlineLabel(t, x.deadline, x.kind)}</div>
            </Link>
          ))}
          {p.problems.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noProblems')} />}
        </div>
      ) : (
        <Table
          rowKey="id"
          size="small"
          data-testid="plan-problems"
          dataSource={p.problems}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noProblems')} /> }}
          columns={[
            { title: t('problem.seq'), dataIndex: 'seq', width: 64, align: 'right' },
            {
              title: t('problem.description'),
              dataIndex: 'description',
              render: (v: string, x) => (
                <Link to={`/problems/${x.id}`} className="cell-clamp" title={v}>
                  {v}
                </Link>
              ),
            },
            {
              title: t('problem.status'),
              dataIndex: 'status',
              width: 112,
              render: (v: ProblemStatus) => <ProblemStatusTag status={v} />,
            },
            {
              title: t('problem.deadline'),
              key: 'deadline',
              width: 124,
              render: (_: unknown, x) => deadlineLabel(t, x.deadline, x.kind),
            },
          ]}
        />
      )}
      {p.abilities.edit && mobile && (
        <Button
          block
          size="large"
          icon={<SelectOutlined />}
          onClick={() => setPicking(true)}
          data-testid="plan-problems-edit"
          data-ability="edit"
          className="plan-pick-mobile"
        >
          {t('plan.pickProblems')}
        </Button>
      )}
    </Card>
  );

  const history = (
    <Card size="small" variant="borderless" title={t('plan.history')} className="problem-card">
      <HistoryTimeline
        events={p.events}
        actionLabel={(a) => (hasKey(`plan.event.${a}`) ? t(`plan.event.${a}` as MessageKey) : a)}
        statusLabel={(s) => enumLabel(t, 'taskStatus', s)}
        actorLabel={(name) => name ?? t('problem.system')}
        colors={EVENT_COLORS}
        empty={t('plan.noHistory')}
        testId="plan-history"
      />
    </Card>
  );

  return (
    <>
      {head}
      <div className="problem-grid">
        <div className="problem-main">
          {sections}
          {problems}
        </div>
        <div className="problem-side">{history}</div>
      </div>
      {commentFor && (
        <CommentModal
          title={
            hasKey(`plan.commentTitle.${commentFor}`)
              ? t(`plan.commentTitle.${commentFor}` as MessageKey)
              : t(`plan.action.${commentFor}`)
          }
          placeholder={t('plan.commentPlaceholder')}
          okText={t(`plan.action.${commentFor}`)}
          onCancel={() => setCommentFor(null)}
          onOk={async (comment) => {
            if (await transition(commentFor, comment)) setCommentFor(null);
          }}
        />
      )}
      {picking && (
        <ProblemPicker
          orgId={orgId}
          selected={p.problems.map((x) => x.id)}
          onCancel={() => setPicking(false)}
          onOk={async (ids) => {
            if (await run('pick', () => ledgerApi.updatePlan(planId, { problemIds: ids }), t('common.saved')))
              setPicking(false);
          }}
        />
      )}
    </>
  );
}

/** A checkbox table of the unit's own problems (its ledger, not the units below). */
function ProblemPicker({
  orgId,
  selected,
  onCancel,
  onOk,
}: {
  orgId: number;
  selected: number[];
  onCancel: () => void;
  onOk: (ids: number[]) => Promise<void>;
}) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const list = useApiData(() => ledgerApi.problems({ org: orgId, subtree: false, limit: 200 }, null), [orgId]);
  const [ids, setIds] = useState<number[]>(selected);
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      width={mobile ? '100%' : 860}
      className="plan-picker-modal"
      title={t('plan.pickTitle')}
      onCancel={onCancel}
      okText={t('plan.pickOk', { n: ids.length })}
      okButtonProps={{ 'data-testid': 'plan-pick-ok' } as never}
      confirmLoading={busy}
      onOk={async () => {
        setBusy(true);
        await onOk(ids);
        setBusy(false);
      }}
    >
      {list.error ? (
        <Alert type="error" title={list.error.message} />
      ) : (
        <Table<ProblemView>
          rowKey="id"
          size="small"
          data-testid="plan-problems-pick"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ y: mobile ? 420 : 480 }}
          rowSelection={{ selectedRowKeys: ids, onChange: (keys) => setIds(keys.map(Number)) }}
          onRow={(r) =>
            ({
              onClick: () => setIds((cur) => (cur.includes(r.id) ? cur.filter((x) => x !== r.id) : [...cur, r.id])),
              className: 'clickable',
              'data-testid': `plan-pick-${r.id}`,
            }) as React.HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plan.noOwnProblems')} /> }}
          columns={[
            { title: t('problem.seq'), dataIndex: 'seq', width: 56, align: 'right' },
            {
              title: t('problem.description'),
              dataIndex: 'description',
              render: (v: string) => (
                <span className="cell-clamp" title={v}>
                  {v}
                </span>
              ),
            },
            ...(mobile
              ? []
              : [
                  {
                    title: t('problem.deadline'),
                    key: 'deadline',
                    width: 120,
                    render: (_: unknown, x: ProblemView) => deadlineLabel(t, x.deadline, x.kind),
                  },
                ]),
            {
              title: t('problem.status'),
              dataIndex: 'status',
              width: mobile ? 84 : 104,
              render: (v: ProblemStatus) => <ProblemStatusTag status={v} />,
            },
          ]}
        />
      )}
    </Modal>
  );
}

function ChildPlans({ rows, mobile }: { rows: PlanOverview['children']; mobile: boolean }) {
  const { t } = useI18n();
  const drawn = useMemo(() => rows.filter((r) => r.plan).length, [rows]);
  const title = (
    <span>
      {t('plan.children')}{' '}
      <span className="muted plan-children-count">{t('plan.childrenDrawn', { drawn, total: rows.length })}</span>
    </span>
  );
  return (
    <Card size="small" variant="borderless" title={title} className="problem-card plan-children-card">
      {mobile ? (
        <div className="child-list" data-testid="plan-children">
          {rows.map((r) => (
            <Link key={r.org.id} to={`/ledger/${r.org.id}/plan`} className="child-item plan-child-item">
              <span className="plan-child-main">
                <span className="child-item-name">{r.org.name}</span>
                {r.plan && <span className="muted plan-child-title">{r.plan.title}</span>}
              </span>
              <span className="child-item-figs">
                {r.plan ? <PlanStatusTag status={r.plan.status} /> : <Tag>{t('plan.notDrawn')}</Tag>}
                {r.plan && <span className="muted">{t('plan.problemsShort', { count: r.plan.problemCount })}</span>}
                <RightOutlined style={{ fontSize: 10 }} />
              </span>
            </Link>
          ))}
        </div>
      ) : (
        <Table
          rowKey={(r) => r.org.id}
          size="small"
          data-testid="plan-children"
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small' } : false}
          columns={[
            {
              title: t('plan.col.unit'),
              key: 'unit',
              render: (_: unknown, r) => <Link to={`/ledger/${r.org.id}/plan`}>{r.org.name}</Link>,
            },
            {
              title: t('plan.col.plan'),
              key: 'plan',
              render: (_: unknown, r) =>
                r.plan ? (
                  <span className="cell-clamp" title={r.plan.title}>
                    {r.plan.title}
                  </span>
                ) : (
                  <span className="muted">—</span>
                ),
            },
            {
              title: t('plan.col.status'),
              key: 'status',
              width: 110,
              sorter: (a, b) => statusOrder(a.plan) - statusOrder(b.plan),
              render: (_: unknown, r) =>
                r.plan ? <PlanStatusTag status={r.plan.status} /> : <Tag>{t('plan.notDrawn')}</Tag>,
            },
            {
              title: t('plan.col.problems'),
              key: 'problems',
              width: 90,
              align: 'right',
              render: (_: unknown, r) => (r.plan ? r.plan.problemCount : '—'),
            },
            {
              title: t('plan.col.updated'),
              key: 'updated',
              width: 170,
              render: (_: unknown, r) => (r.plan ? fmtDateTime(r.plan.updatedAt) : '—'),
            },
            {
              title: '',
              key: 'open',
              width: 80,
              render: (_: unknown, r) => (
                <Link to={`/ledger/${r.org.id}/plan`} data-testid={`plan-child-${r.org.id}`}>
                  {t('plan.open')} <RightOutlined style={{ fontSize: 10 }} />
                </Link>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function statusOrder(p: PlanView | null): number {
  return p ? ['submitted', 'returned', 'draft', 'approved'].indexOf(p.status) : 9;
}
