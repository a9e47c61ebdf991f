/**
 * The five forms (三制五单) of an org, a tab of the supervision hub. On top, the office's desk: the
 * escalations the system proposes (拟办: a 通报批评单 after an overdue order, then a 组织调整建议单),
 * each with the order it escalates from and 签发 / 不予签发. Below, every form of the org and its
 * subtree (文号, kind, unit, issuer, status, deadline with 逾期, issue date), filtered by kind and
 * status, loaded by the server's keyset cursor; "新建" draws up a form of a chosen kind. A wide
 * table on a desk, cards on a phone.
 */
import { useState } from 'react';
import { App, Button, Card, Dropdown, Empty, Result, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { AlertOutlined, CheckOutlined, DownOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import type { Role } from '../../../shared/enums.ts';
import {
  FORM_KINDS,
  FORM_STATUSES,
  UPWARD_FORMS,
  type FormDetailView,
  type FormKind,
  type FormStatus,
  type FormView,
} from '../../../shared/supervision.ts';
import { api } from '../../api/client.ts';
import { useTabOrg } from './useTabOrg.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { CommentModal } from '../../components/CommentModal.tsx';
import { fmtDate } from '../../components/format.ts';
import { useApiData, useIsMobile, useRunner } from '../../components/hooks.ts';
import { formActionLabel, formKindLabel, svOptions } from './labels.ts';
import { errText, FormOverdueTag, FormStatusTag } from './parts.b.tsx';
import { FormModal } from './FormModal.b.tsx';
import { useKeysetPages } from './useKeysetPages.ts';

const PAGE = 50;

interface FormPage {
  rows: FormView[];
  nextCursor: string | null;
}

/** The kinds the user may draw up at this org: orders by an office or a supervision team, criticism and adjustment by an office, a unit's upward forms by its secretary or an office. */
function creatableKinds(roles: Set<Role>): FormKind[] {
  const office = roles.has('office');
  return FORM_KINDS.filter((k) => {
    if (UPWARD_FORMS.includes(k)) return office || roles.has('unit_admin');
    if (k === 'order') return office || roles.has('supervisor');
    return office;
  });
}

export function FormsTab({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { query, navigate, location } = useRouter();
  const mobile = useIsMobile();
  const { org, error, roles } = useTabOrg(orgId);
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
  const kinds = org.status === 'active' ? creatableKinds(roles) : [];
  const upKinds = kinds.filter((k) => UPWARD_FORMS.includes(k));
  const downKinds = kinds.filter((k) => !UPWARD_FORMS.includes(k));
  const menuItems = [
    ...downKinds.map((k) => ({ key: k, label: <span data-testid={`form-new-${k}`}>{formKindLabel(t, k)}</span> })),
    ...(upKinds.length > 0 && downKinds.length > 0 ? [{ type: 'divider' as const, key: 'div' }] : []),
    ...upKinds.map((k) => ({ key: k, label: <span data-testid={`form-new-${k}`}>{formKindLabel(t, k)}</span> })),
  ];

  return (
    <div className="sv-tab svb-forms" data-testid="forms-tab">
      <ProposedDesk key={`desk|${version}`} orgId={orgId} onChanged={() => setVersion((v) => v + 1)} />
      <div className="table-toolbar svb-filters">
        <Select
          allowClear
          className="filter-select"
          placeholder={t('svb.forms.kind')}
          value={kind}
          onChange={(v?: FormKind) => setFilter('kind', v)}
          options={svOptions(t, 'formKind')}
          popupMatchSelectWidth={false}
          data-testid="forms-filter-kind"
        />
        <Select
          allowClear
          className="filter-select"
          placeholder={t('svb.forms.status')}
          value={status}
          onChange={(v?: FormStatus) => setFilter('status', v)}
          options={svOptions(t, 'formStatus')}
          popupMatchSelectWidth={false}
          data-testid="forms-filter-status"
        />
        {kinds.length > 0 && (
          <div className="svb-toolbar-actions">
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
              >
                {t('svb.forms.new')} <DownOutlined />
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
 * user may do with it (from the form's own `can.actions`).
 */
function ProposedDesk({ orgId, onChanged }: { orgId: number; onChanged: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const { busy, run } = useRunner();
  const [dismissing, setDismissing] = useState<FormDetailView | null>(null);
  const desk = useApiData(async () => {
    const page = await api.get<FormPage>('/supervision/forms', { org: orgId, status: 'proposed', limit: 20 });
    const details = await Promise.all(
      page.rows.map((f) => api.get<FormDetailView>(`/supervision/forms/${f.id}`).catch(() => null)),
    );
    const fromIds = [...new Set(page.rows.map((f) => f.escalatedFromId).filter((x): x is number => x !== null))];
    const origins = await Promise.all(
      fromIds.map((id) => api.get<FormDetailView>(`/supervision/forms/${id}`).catch(() => null)),
    );
    const byId = new Map(origins.filter((o): o is FormDetailView => !!o).map((o) => [o.id, o]));
    return { rows: details.filter((d): d is FormDetailView => !!d), origins: byId, more: page.nextCursor !== null };
  }, [orgId]);
  const d = desk.data;
  if (!d || d.rows.length === 0) return null;

  const act = (f: FormDetailView, action: 'issue' | 'dismiss', comment?: string) =>
    run(`${action}-${f.id}`, async () => {
      await api.post<FormDetailView>(`/supervision/forms/${f.id}/transition`, { action, comment });
      message.success(t(action === 'issue' ? 'svb.desk.issued' : 'svb.desk.dismissed'));
      onChanged();
    });

  return (
    <Card
      size="small"
      className="svb-desk"
      data-testid="forms-desk"
      title={
        <span className="svb-desk-title">
          <AlertOutlined /> {t('svb.desk.title')} <Tag color="orange">{d.rows.length}</Tag>
        </span>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('svb.desk.intro')}
      </Typography.Paragraph>
      <div className="svb-desk-list">
        {d.rows.map((f) => {
          const origin = f.escalatedFromId ? d.origins.get(f.escalatedFromId) : undefined;
          const size = mobile ? 'large' : 'middle';
          return (
            <div key={f.id} className="svb-desk-item" data-testid={`desk-item-${f.id}`}>
              <div className="svb-desk-main">
                <div className="svb-desk-head">
                  <Tag color="red">{formKindLabel(t, f.kind)}</Tag>
                  <FormStatusTag status={f.status} kind={f.kind} />
                  {f.escalationLevel > 0 && <Tag>{t('svb.escalationLevel', { n: f.escalationLevel })}</Tag>}
                </div>
                <div className="svb-desk-subject">{f.subjectOrgName}</div>
                <Link to={`/forms/${f.id}`} data-testid={`desk-open-${f.id}`}>
                  {f.title}
                </Link>
                <div className="svb-desk-meta muted">
                  {f.escalatedFromId && (
                    <span>
                      {t('svb.desk.from')}{' '}
                      <Link to={`/forms/${f.escalatedFromId}`} data-testid={`desk-origin-${f.id}`}>
                        {origin
                          ? `${formKindLabel(t, origin.kind)} ${origin.number ?? origin.title}`
                          : t('svb.formId', { id: f.escalatedFromId })}
                      </Link>
                      {origin?.deadline && ` · ${t('svb.desk.originDeadline', { date: origin.deadline })}`}
                    </span>
                  )}
                  <span>{t('svb.desk.proposedAt', { date: fmtDate(f.createdAt) })}</span>
                </div>
              </div>
              {(f.can.actions.includes('issue') || f.can.actions.includes('dismiss')) && (
                <div className="svb-desk-actions">
                  {f.can.actions.includes('issue') && (
                    <Button
                      type="primary"
                      size={size}
                      icon={<CheckOutlined />}
                      loading={busy === `issue-${f.id}`}
                      onClick={() =>
                        modal.confirm({
                          title: t('svb.desk.issueConfirm', {
                            action: formActionLabel(t, 'issue', f.kind),
                            form: formKindLabel(t, f.kind),
                            unit: f.subjectOrgName,
                          }),
                          content: t('svb.desk.issueConfirmText'),
                          okText: formActionLabel(t, 'issue', f.kind),
                          cancelText: t('common.cancel'),
                          onOk: () => act(f, 'issue'),
                        })
                      }
                      data-testid={`desk-issue-${f.id}`}
                    >
                      {formActionLabel(t, 'issue', f.kind)}
                    </Button>
                  )}
                  {f.can.actions.includes('dismiss') && (
                    <Button
                      size={size}
                      icon={<StopOutlined />}
                      loading={busy === `dismiss-${f.id}`}
                      onClick={() => setDismissing(f)}
                      data-testid={`desk-dismiss-${f.id}`}
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
          {t('svb.desk.more')}
        </Typography.Paragraph>
      )}
      {dismissing && (
        <CommentModal
          title={t('svb.desk.dismissTitle', {
            kind: formKindLabel(t, dismissing.kind),
            org: dismissing.subjectOrgName,
          })}
          placeholder={t('svb.desk.dismissPlaceholder')}
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
  const { message } = App.useApp();
  const { first, items, cursor, loadMore, loadingMore } = useKeysetPages<FormView>('/supervision/forms', {
    org: orgId,
    kind,
    status,
    limit: PAGE,
  });

  if (first.error) return <Result status="error" title={t('common.loadFailed')} subTitle={first.error.message} />;

  const number = (f: FormView) => f.number ?? <span className="muted">{t('svb.noNumber')}</span>;
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

  const list = mobile ? (
    <div className="svb-tiles" data-testid="forms-table">
      {items.map((f) => (
        <Link
          key={f.id}
          to={`/forms/${f.id}`}
          className={`svb-tile${f.overdue ? ' svb-tile-overdue' : ''}`}
          data-testid={`form-row-${f.id}`}
        >
          <div className="svb-tile-head">
            <span className="muted">
              {formKindLabel(t, f.kind)} · {f.number ?? t('svb.noNumber')}
            </span>
            <FormStatusTag status={f.status} kind={f.kind} />
          </div>
          <div className="svb-tile-title">{f.title}</div>
          <div className="svb-tile-meta muted">
            <span>{t('svb.forms.subjectIs', { org: f.subjectOrgName })}</span>
            {f.issuerOrgId !== f.subjectOrgId && (f.issuerOrgId !== orgId || f.teamName) && (
              <span>{t('svb.forms.issuerIs', { org: issuer(f) })}</span>
            )}
            {f.deadline && (
              <span className={f.overdue ? 'text-danger' : undefined}>
                {t('svb.forms.deadlineIs', { date: f.deadline })}
              </span>
            )}
            {f.overdue && <FormOverdueTag />}
            {f.issuedAt && <span>{t('svb.forms.issuedOn', { date: fmtDate(f.issuedAt) })}</span>}
          </div>
        </Link>
      ))}
      {items.length === 0 && !first.loading && <Empty description={t('svb.forms.none')} />}
      {first.loading && items.length === 0 && <Skeleton active />}
    </div>
  ) : (
    <Table<FormView>
      rowKey="id"
      size="middle"
      loading={first.loading}
      dataSource={items}
      pagination={false}
      data-testid="forms-table"
      scroll={{ x: 900 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('svb.forms.none')} /> }}
      onRow={(f) =>
        ({
          'data-testid': `form-row-${f.id}`,
          className: 'clickable',
          onClick: () => navigate(`/forms/${f.id}`),
        }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          title: t('svb.forms.number'),
          key: 'number',
          width: 190,
          render: (_, f) => (
            <div className="svb-num-cell">
              <div className="svb-num">{number(f)}</div>
              <div className="muted">{formKindLabel(t, f.kind)}</div>
            </div>
          ),
        },
        {
          title: t('svb.forms.titleCol'),
          dataIndex: 'title',
          render: (v: string, f) => (
            <Link to={`/forms/${f.id}`} className="cell-clamp" title={v} onClick={(e) => e.stopPropagation()}>
              {v}
            </Link>
          ),
        },
        {
          title: t('svb.forms.subject'),
          key: 'unit',
          width: 190,
          render: (_, f) => (
            <div className="svb-unit-cell">
              <div className="cell-clamp" title={f.subjectOrgName}>
                {f.subjectOrgName}
              </div>
              {f.issuerOrgId !== f.subjectOrgId && (f.issuerOrgId !== orgId || f.teamName) && (
                <div className="muted cell-clamp" title={issuer(f)}>
                  {t('svb.forms.issuerIs', { org: issuer(f) })}
                </div>
              )}
            </div>
          ),
        },
        {
          title: t('svb.forms.status'),
          dataIndex: 'status',
          width: 112,
          render: (v: FormStatus, f: FormView) => <FormStatusTag status={v} kind={f.kind} />,
        },
        { title: t('svb.forms.deadline'), key: 'deadline', width: 124, render: (_, f) => deadline(f) },
        { title: t('svb.forms.issuedAt'), dataIndex: 'issuedAt', width: 108, render: (v: string | null) => fmtDate(v) },
      ]}
    />
  );

  return (
    <>
      {list}
      <div className="pager">
        <Typography.Text type="secondary" data-testid="forms-count">
          {t('svb.forms.count', { shown: items.length })}
        </Typography.Text>
        {cursor && (
          <Button
            onClick={() => void loadMore().catch((e: unknown) => message.error(errText(e)))}
            loading={loadingMore}
            data-testid="forms-more"
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
