/**
 * The five forms (三制五单) of an org, a tab of the supervision hub. On top, the office's desk: the
 * escalations the system proposes (拟办: a 通报批评单 after an overdue order, then a 组织调整建议单),
 * each with the order it escalates from and 签发 / 不予签发. Below, every form of the org and its
 * subtree (文号, kind, unit, issuer, status, deadline with 逾期, issue date), filtered by kind and
 * status, loaded by the server's keyset cursor; "新建" draws up a form of a chosen kind. A wide
 * table on a desk, cards on a phone.
 */
import { useState } from 'react';
import { App, Button, Card, Dropdown, Empty, Result, Select, Skeleton, Tag, Typography } from 'antd';
import { AlertOutlined, CheckOutlined, DownOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  FORM_KINDS,
  FORM_TRANSITIONS,
  FORM_STATUSES,
  UPWARD_FORMS,
  type FormDetailView,
  type FormKind,
  type FormStatus,
  type FormView,
  type HubAbility,
} from '../../../../shared/supervision.ts';
import { usePagedList } from '../../../api/paging.ts';
import { PagedList } from '../../../components/PagedList.tsx';
import { formsApi } from './api.ts';
import { useTabOrg } from '../parts/useTabOrg.ts';
import { Link, useRouter } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { CommentModal } from '../../../components/CommentModal.tsx';
import { fmtDate } from '../../../components/format.ts';
import { useApiData, useIsMobile, useRunner } from '../../../components/hooks.ts';
import { formActionLabel, formKindLabel, svOptions } from '../labels.ts';
import { FormOverdueTag, FormStatusTag } from '../parts/problems.tsx';
import { FormModal } from './FormModal.tsx';

const PAGE = 50;

/** Whether FORM_TRANSITIONS asks for a reason to dismiss this proposal. */
const dismissNeedsReason = (f: FormView) =>
  FORM_TRANSITIONS.some(
    (x) => x.from === f.status && x.action === 'dismiss' && x.kinds.includes(f.kind) && x.commentRequired,
  );

/** The hub ability that lets the actor draw up a form of this kind (the server says who holds it). */
const ISSUE_ABILITY: Record<FormKind, HubAbility> = {
  pre_report: 'issueUp',
  resolution_report: 'issueUp',
  order: 'issueOrder',
  criticism: 'issueDown',
  org_adjustment: 'issueDown',
};

export function FormsTab({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { query, navigate, location } = useRouter();
  const mobile = useIsMobile();
  const { org, error, can } = useTabOrg(orgId);
  const [creating, setCreating] = useState<FormKind | null>(null);
  const [version, setVersion] = useState(0);
  const rawKind = query.get('kind');
  const rawStatus = query.get('status');
  const kind = (FORM_KINDS as readonly string[]).includes(rawKind ?? '') ? (rawKind as FormKind) : undefined;
  const status = (FORM_STATUSES as readonly string[]).includes(rawStatus ?? '') ? (rawStatus as FormStatus) : undefined;
  const setFilter = (key: 'kind' | 'status', v: string | undefined) => {
    const q = new URLSearchParams(query);
    if (v) q.set(key, v);
    else q.delete(key);
    navigate(`${location.pathname}?${q.toString()}`, { replace: true });
  };

  if (error)
    return (
      <Result status={error.status === 404 ? '404' : 'error'} title={t('common.loadFailed')} subTitle={error.message} />
    );
  if (!org) return <Skeleton active paragraph={{ rows: 8 }} />;
  const kinds = FORM_KINDS.filter((k) => can(ISSUE_ABILITY[k]));
  const upKinds = kinds.filter((k) => UPWARD_FORMS.includes(k));
  const downKinds = kinds.filter((k) => !UPWARD_FORMS.includes(k));
  const kindItem = (k: FormKind) => (
    <span data-testid={`form-new-${k}`} data-ability={ISSUE_ABILITY[k]}>
      {formKindLabel(t, k)}
    </span>
  );
  const menuItems = [
    ...downKinds.map((k) => ({ key: k, label: kindItem(k) })),
    ...(upKinds.length > 0 && downKinds.length > 0 ? [{ type: 'divider' as const, key: 'div' }] : []),
    ...upKinds.map((k) => ({ key: k, label: kindItem(k) })),
  ];

  return (
    <div className="sv-tab sv-forms" data-testid="forms-tab">
      <ProposedDesk key={`desk|${version}`} orgId={orgId} onChanged={() => setVersion((v) => v + 1)} />
      <div className="table-toolbar sv-hub-filters">
        <Select
          allowClear
          className="filter-select"
          placeholder={t('sv.forms.kind')}
          value={kind}
          onChange={(v?: FormKind) => setFilter('kind', v)}
          options={svOptions(t, 'formKind')}
          popupMatchSelectWidth={false}
          data-testid="forms-filter-kind"
        />
        <Select
          allowClear
          className="filter-select"
          placeholder={t('sv.forms.status')}
          value={status}
          onChange={(v?: FormStatus) => setFilter('status', v)}
          options={svOptions(t, 'formStatus')}
          popupMatchSelectWidth={false}
          data-testid="forms-filter-status"
        />
        {kinds.length > 0 && (
          <div className="sv-toolbar-actions">
            <Dropdown
              menu={{ items: menuItems, onClick: ({ key }) => setCreating(key as FormKind) }}
              trigger={['click']}
            >
              <Button
                type="primary"
                icon={<PlusOutlined />}
                size={mobile ? 'large' : 'middle'}
                block={mobile}
                data-testid="form-new"
                data-more-actions=""
              >
                {t('sv.forms.new')} <DownOutlined />
              </Button>
            </Dropdown>
          </div>
        )}
      </div>
      <FormList
        key={`${orgId}|${kind ?? ''}|${status ?? ''}|${version}`}
        orgId={orgId}
        kind={kind}
        status={status}
        mobile={mobile}
      />
      {creating && (
        <FormModal
          mode="create"
          kind={creating}
          org={org}
          onClose={() => setCreating(null)}
          onSaved={(f) => {
            setCreating(null);
            navigate(`/forms/${f.id}`);
          }}
        />
      )}
    </div>
  );
}

/**
 * 待决定的升级建议: the proposed forms of the org's subtree, each with its order and what the
 * user may do with it (the list row's `abilities`, from the server).
 */
function ProposedDesk({ orgId, onChanged }: { orgId: number; onChanged: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const { busy, run } = useRunner();
  const [dismissing, setDismissing] = useState<FormView | null>(null);
  const desk = useApiData(async () => {
    const page = await formsApi.list({ org: orgId, status: 'proposed', limit: 20 }, null);
    const fromIds = [...new Set(page.items.map((f) => f.escalatedFromId).filter((x): x is number => x !== null))];
    const origins = await Promise.all(fromIds.map((id) => formsApi.get(id).catch(() => null)));
    const byId = new Map(origins.filter((o): o is FormDetailView => !!o).map((o) => [o.id, o]));
    return { rows: page.items, origins: byId, more: page.next !== null };
  }, [orgId]);
  const d = desk.data;
  if (!d || d.rows.length === 0) return null;

  const act = (f: FormView, action: 'issue' | 'dismiss', comment?: string) =>
    run(`${action}-${f.id}`, async () => {
      await formsApi.transition(f.id, action, comment);
      message.success(t(action === 'issue' ? 'sv.desk.issued' : 'sv.desk.dismissed'));
      onChanged();
    });

  return (
    <Card
      size="small"
      className="sv-desk"
      data-testid="forms-desk"
      title={
        <span className="sv-desk-title">
          <AlertOutlined /> {t('sv.desk.title')} <Tag color="orange">{d.rows.length}</Tag>
        </span>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('sv.desk.intro')}
      </Typography.Paragraph>
      <div className="sv-desk-list">
        {d.rows.map((f) => {
          const origin = f.escalatedFromId ? d.origins.get(f.escalatedFromId) : undefined;
          const size = mobile ? 'large' : 'middle';
          return (
            <div key={f.id} className="sv-desk-item" data-testid={`desk-item-${f.id}`}>
              <div className="sv-desk-main">
                <div className="sv-desk-head">
                  <Tag color="red">{formKindLabel(t, f.kind)}</Tag>
                  <FormStatusTag status={f.status} kind={f.kind} />
                  {f.escalationLevel > 0 && <Tag>{t('sv.escalationLevel', { n: f.escalationLevel })}</Tag>}
                </div>
                <div className="sv-desk-subject">{f.subjectOrgName}</div>
                <Link to={`/forms/${f.id}`} data-testid={`desk-open-${f.id}`}>
                  {f.title}
                </Link>
                <div className="sv-desk-meta muted">
                  {f.escalatedFromId && (
                    <span>
                      {t('sv.desk.from')}{' '}
                      <Link to={`/forms/${f.escalatedFromId}`} data-testid={`desk-origin-${f.id}`}>
                        {origin
                          ? `${formKindLabel(t, origin.kind)} ${origin.number ?? origin.title}`
                          : t('sv.formId', { id: f.escalatedFromId })}
                      </Link>
                      {origin?.deadline && ` · ${t('sv.desk.originDeadline', { date: origin.deadline })}`}
                    </span>
                  )}
                  <span>{t('sv.desk.proposedAt', { date: fmtDate(f.createdAt) })}</span>
                </div>
              </div>
              {(f.abilities.issue || f.abilities.dismiss) && (
                <div className="sv-desk-actions">
                  {f.abilities.issue && (
                    <Button
                      type="primary"
                      size={size}
                      icon={<CheckOutlined />}
                      loading={busy === `issue-${f.id}`}
                      onClick={() =>
                        modal.confirm({
                          title: t('sv.desk.issueConfirm', {
                            action: formActionLabel(t, 'issue', f.kind),
                            form: formKindLabel(t, f.kind),
                            unit: f.subjectOrgName,
                          }),
                          content: t('sv.desk.issueConfirmText'),
                          okText: formActionLabel(t, 'issue', f.kind),
                          cancelText: t('common.cancel'),
                          onOk: () => act(f, 'issue'),
                        })
                      }
                      data-testid={`desk-issue-${f.id}`}
                      data-ability="issue"
                    >
                      {formActionLabel(t, 'issue', f.kind)}
                    </Button>
                  )}
                  {f.abilities.dismiss && (
                    <Button
                      size={size}
                      icon={<StopOutlined />}
                      loading={busy === `dismiss-${f.id}`}
                      onClick={() => (dismissNeedsReason(f) ? setDismissing(f) : void act(f, 'dismiss'))}
                      data-testid={`desk-dismiss-${f.id}`}
                      data-ability="dismiss"
                    >
                      {formActionLabel(t, 'dismiss', f.kind)}
                    </Button>
                  )}
                </div>
              )}
            </div>
          );
        })}
      </div>
      {d.more && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('sv.desk.more')}
        </Typography.Paragraph>
      )}
      {dismissing && (
        <CommentModal
          title={t('sv.desk.dismissTitle', {
            kind: formKindLabel(t, dismissing.kind),
            org: dismissing.subjectOrgName,
          })}
          placeholder={t('sv.desk.dismissPlaceholder')}
          okText={formActionLabel(t, 'dismiss', dismissing.kind)}
          onCancel={() => setDismissing(null)}
          onOk={async (reason) => {
            if (await act(dismissing, 'dismiss', reason)) setDismissing(null);
          }}
        />
      )}
    </Card>
  );
}

function FormList({
  orgId,
  kind,
  status,
  mobile,
}: {
  orgId: number;
  kind?: FormKind;
  status?: FormStatus;
  mobile: boolean;
}) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const list = usePagedList<FormView>(
    (after) => formsApi.list({ org: orgId, kind, status, limit: PAGE }, after),
    [orgId, kind, status],
  );

  const number = (f: FormView) => f.number ?? <span className="muted">{t('sv.noNumber')}</span>;
  const issuer = (f: FormView) => (f.teamName ? `${f.issuerOrgName} · ${f.teamName}` : f.issuerOrgName);
  const deadline = (f: FormView) =>
    f.deadline ? (
      <span className="deadline-cell">
        <span className={f.overdue ? 'text-danger' : undefined}>{f.deadline}</span>
        {f.overdue && <FormOverdueTag />}
      </span>
    ) : (
      <span className="muted">—</span>
    );

  const card = (f: FormView) => (
    <Link
      key={f.id}
      to={`/forms/${f.id}`}
      className={`sv-tile${f.overdue ? ' sv-tile-overdue' : ''}`}
      data-testid={`form-row-${f.id}`}
    >
      <div className="sv-tile-head">
        <span className="muted">
          {formKindLabel(t, f.kind)} · {f.number ?? t('sv.noNumber')}
        </span>
        <FormStatusTag status={f.status} kind={f.kind} />
      </div>
      <div className="sv-tile-title">{f.title}</div>
      <div className="sv-tile-meta muted">
        <span>{t('sv.forms.subjectIs', { org: f.subjectOrgName })}</span>
        {f.issuerOrgId !== f.subjectOrgId && (f.issuerOrgId !== orgId || f.teamName) && (
          <span>{t('sv.forms.issuerIs', { org: issuer(f) })}</span>
        )}
        {f.deadline && (
          <span className={f.overdue ? 'text-danger' : undefined}>
            {t('sv.forms.deadlineIs', { date: f.deadline })}
          </span>
        )}
        {f.overdue && <FormOverdueTag />}
        {f.issuedAt && <span>{t('sv.forms.issuedOn', { date: fmtDate(f.issuedAt) })}</span>}
      </div>
    </Link>
  );

  return (
    <PagedList<FormView>
      list={list}
      rowKey="id"
      testId="forms-table"
      layout={mobile ? 'cards' : 'table'}
      renderCard={card}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.forms.none')} />}
      countText={(shown) => t('sv.forms.count', { shown })}
      tableProps={{
        scroll: { x: 900 },
        onRow: (f) =>
          ({
            'data-testid': `form-row-${f.id}`,
            className: 'clickable',
            onClick: () => navigate(`/forms/${f.id}`),
          }) as React.HTMLAttributes<HTMLElement>,
      }}
      columns={[
        {
          title: t('sv.forms.number'),
          key: 'number',
          width: 190,
          render: (_, f) => (
            <div className="sv-num-cell">
              <div className="sv-num">{number(f)}</div>
              <div className="muted">{formKindLabel(t, f.kind)}</div>
            </div>
          ),
        },
        {
          title: t('sv.forms.titleCol'),
          dataIndex: 'title',
          render: (v: string, f) => (
            <Link to={`/forms/${f.id}`} className="cell-clamp" title={v} onClick={(e) => e.stopPropagation()}>
              {v}
            </Link>
          ),
        },
        {
          title: t('sv.forms.subject'),
          key: 'unit',
          width: 190,
          render: (_, f) => (
            <div className="sv-unit-cell">
              <div className="cell-clamp" title={f.subjectOrgName}>
                {f.subjectOrgName}
              </div>
              {f.issuerOrgId !== f.subjectOrgId && (f.issuerOrgId !== orgId || f.teamName) && (
                <div className="muted cell-clamp" title={issuer(f)}>
                  {t('sv.forms.issuerIs', { org: issuer(f) })}
                </div>
              )}
            </div>
          ),
        },
        {
          title: t('sv.forms.status'),
          dataIndex: 'status',
          width: 112,
          render: (v: FormStatus, f: FormView) => <FormStatusTag status={v} kind={f.kind} />,
        },
        { title: t('sv.forms.deadline'), key: 'deadline', width: 124, render: (_, f) => deadline(f) },
        { title: t('sv.forms.issuedAt'), dataIndex: 'issuedAt', width: 108, render: (v: string | null) => fmtDate(v) },
      ]}
    />
  );
}
