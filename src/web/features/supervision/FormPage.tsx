/**
 * /forms/:id — one of the five forms (三制五单) laid out like the paper form: the issuing org, the
 * form's name, its number (文号), then a ruled table of who sends it where, the unit it is about,
 * the content, the deadline of an order, the ledger problems it concerns, the unit's reply and the
 * decision on it. The escalation it came from, the moves the user may make now (from the server's
 * `can.actions` only), editing a draft, the .docx in the official layout, and the history. On a
 * phone everything stacks with large buttons.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import {
  CheckOutlined,
  EditOutlined,
  FileWordOutlined,
  MessageOutlined,
  RiseOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  FORM_ACTIONS,
  FORM_STATUSES,
  UPWARD_FORMS,
  type FormAction,
  type FormDetailView,
  type FormStatus,
} from '../../../shared/supervision.ts';
import { api, apiUrl } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useI18n, type TFunction } from '../../i18n/index.tsx';
import { CommentModal } from '../../components/CommentModal.tsx';
import { fmtDate, fmtDateTime } from '../../components/format.ts';
import { useApiData, useIsMobile, useRunner } from '../../components/hooks.ts';
import { HistoryTimeline } from '../../components/HistoryTimeline.tsx';
import { formActionLabel, formKindLabel, formStatusLabel } from './labels.ts';
import { FormOverdueTag, FormStatusTag, ProblemList, SvCrumbs, useRouteId } from './parts.b.tsx';
import { FormModal } from './FormModal.b.tsx';
import { LoadFailed } from './LoadFailed.tsx';

const ACTION_ICONS: Record<FormAction, React.ReactNode> = {
  issue: <SendOutlined />,
  dismiss: <StopOutlined />,
  reply: <MessageOutlined />,
  accept: <CheckOutlined />,
  reject: <RollbackOutlined />,
};
const REASON_ACTIONS: readonly FormAction[] = ['dismiss', 'reject'];
const EVENT_COLORS: Record<string, string> = {
  create: 'gray',
  propose: 'orange',
  issue: 'blue',
  reply: 'purple',
  accept: 'green',
  reject: 'red',
  dismiss: 'gray',
};

/** The label of an action on this form: a unit sends (报送) its own form rather than issuing it. */
function actionLabel(t: TFunction, a: FormAction, kind: FormDetailView['kind']): string {
  if (a === 'issue' && UPWARD_FORMS.includes(kind)) return t('svb.action.send');
  return formActionLabel(t, a, kind);
}

export function FormPage({ id: given }: { id?: number } = {}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const mobile = useIsMobile();
  const id = useRouteId('/forms/:id', given);
  const data = useApiData(
    () =>
      Number.isFinite(id) ? api.get<FormDetailView>(`/supervision/forms/${id}`) : Promise.reject(new Error('404')),
    [id],
  );
  const origin = useApiData(
    () =>
      data.data?.escalatedFromId
        ? api.get<FormDetailView>(`/supervision/forms/${data.data.escalatedFromId}`).catch(() => null)
        : Promise.resolve(null),
    [data.data?.escalatedFromId],
  );
  const { busy, run } = useRunner<FormDetailView>({ onDone: data.setData });
  const [reasonFor, setReasonFor] = useState<FormAction | null>(null);
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const f = data.data;

  if (data.error || !Number.isFinite(id))
    return <LoadFailed error={data.error} missing={!Number.isFinite(id)} notFound={t('svb.form.notFound')} />;
  if (!f) return <Skeleton active paragraph={{ rows: 12 }} />;

  const upward = UPWARD_FORMS.includes(f.kind);
  const size = mobile ? 'large' : 'middle';
  const kindName = formKindLabel(t, f.kind);

  const transition = (action: FormAction, comment?: string) =>
    run(
      action,
      () => api.post<FormDetailView>(`/supervision/forms/${f.id}/transition`, { action, comment }),
      t(
        upward && (action === 'issue' || action === 'accept')
          ? `svb.form.done.${action}Upward`
          : `svb.form.done.${action}`,
      ),
    );

  const actions = (
    <div className="problem-actions" data-testid="form-actions">
      {f.can.edit && (
        <Button icon={<EditOutlined />} size={size} onClick={() => setEditing(true)} data-testid="form-edit">
          {t('svb.form.edit')}
        </Button>
      )}
      {f.can.actions.map((a) => (
        <Button
          key={a}
          type={a === 'dismiss' || a === 'reject' ? 'default' : 'primary'}
          danger={a === 'reject'}
          icon={ACTION_ICONS[a]}
          size={size}
          loading={busy === a}
          onClick={() =>
            a === 'reply'
              ? setReplying(true)
              : REASON_ACTIONS.includes(a)
                ? setReasonFor(a)
                : a === 'issue'
                  ? // Issuing numbers the form and sends it: only on a confirmed decision.
                    modal.confirm({
                      title: t('svb.desk.issueConfirm', {
                        action: actionLabel(t, a, f.kind),
                        form: kindName,
                        unit: f.subjectOrgName,
                      }),
                      content: t('svb.desk.issueConfirmText'),
                      okText: actionLabel(t, a, f.kind),
                      cancelText: t('common.cancel'),
                      onOk: () => transition(a),
                    })
                  : void transition(a)
          }
          data-testid={`form-action-${a}`}
        >
          {actionLabel(t, a, f.kind)}
        </Button>
      ))}
      <Button
        icon={<FileWordOutlined />}
        size={size}
        href={apiUrl(`/supervision/forms/${f.id}/docx`)}
        data-testid="form-docx"
      >
        {t('svb.form.docx')}
      </Button>
    </div>
  );

  const lastReason = [...f.events]
    .reverse()
    .find((e) => (e.action === 'reject' || e.action === 'dismiss') && e.comment);
  const decision =
    f.status === 'rejected' || f.status === 'dismissed' ? (
      <Alert
        type={f.status === 'rejected' ? 'error' : 'warning'}
        showIcon
        className="problem-decision"
        data-testid="form-decision"
        title={t(f.status === 'rejected' ? 'svb.form.rejectedBecause' : 'svb.form.dismissedBecause', {
          reason: f.decisionComment ?? lastReason?.comment ?? '—',
        })}
      />
    ) : null;

  const originName = origin.data
    ? `${formKindLabel(t, origin.data.kind)} ${origin.data.number ?? origin.data.title}`
    : t('svb.formId', { id: f.escalatedFromId ?? 0 });
  const escalation = f.escalatedFromId ? (
    <Alert
      type="info"
      showIcon
      icon={<RiseOutlined />}
      className="svb-escalation"
      data-testid="form-escalated-from"
      title={
        <span>
          {t('svb.form.escalatedFrom')} <Link to={`/forms/${f.escalatedFromId}`}>{originName}</Link>{' '}
          {t('svb.form.escalatedSuffix', { n: f.escalationLevel })}
        </span>
      }
      description={
        origin.data?.deadline
          ? t('svb.form.originDeadline', { date: origin.data.deadline, status: formStatusLabel(t, origin.data.status) })
          : undefined
      }
    />
  ) : null;

  const head = (
    <Card className="page-head" variant="borderless">
      <div className="problem-head-line">
        <Typography.Text type="secondary">
          {kindName} · {f.issuerOrgName}
          {f.teamName ? ` · ${f.teamName}` : ''}
        </Typography.Text>
      </div>
      <Typography.Title level={4} className="problem-title" data-testid="form-title">
        {f.title}
      </Typography.Title>
      <Space size={[6, 6]} wrap>
        <FormStatusTag status={f.status} kind={f.kind} testId="form-status" />
        {f.overdue && <FormOverdueTag />}
        {f.escalationLevel > 0 && <Tag color="volcano">{t('svb.escalationLevel', { n: f.escalationLevel })}</Tag>}
        {f.deadline && (
          <Typography.Text type={f.overdue ? 'danger' : 'secondary'}>
            {t('svb.forms.deadlineIs', { date: f.deadline })}
          </Typography.Text>
        )}
      </Space>
      {decision}
      {escalation}
      {actions}
    </Card>
  );

  const dash = <span className="muted">—</span>;
  const rows: Array<{ key: string; label: string; value: React.ReactNode; testId?: string; body?: boolean }> = [
    { key: 'title', label: t('svb.paper.title'), value: f.title },
    {
      key: 'issuer',
      label: t(`svb.paper.issuer.${f.kind}`),
      value: f.teamName ? `${f.issuerOrgName}（${f.teamName}）` : f.issuerOrgName,
    },
    ...(upward && f.subjectOrgId === f.issuerOrgId
      ? []
      : [{ key: 'subject', label: t(`svb.paper.subject.${f.kind}`), value: f.subjectOrgName, testId: 'form-subject' }]),
    ...(f.kind === 'order'
      ? []
      : [
          {
            key: 'recipient',
            label: t(`svb.paper.recipient.${f.kind}`),
            value: f.recipientOrgName ?? (f.recipientName || dash),
            testId: 'form-recipient',
          },
        ]),
    {
      key: 'content',
      label: t(`svb.form.content.${f.kind}`),
      value: f.content || dash,
      body: true,
      testId: 'form-content',
    },
    ...(f.kind === 'order' || f.deadline
      ? [
          {
            key: 'deadline',
            label: t('svb.paper.deadline'),
            value: f.deadline ? (
              <span className="deadline-cell" data-testid="form-deadline">
                <span className={f.overdue ? 'text-danger' : undefined}>{f.deadline}</span>
                {f.overdue && <FormOverdueTag />}
              </span>
            ) : (
              dash
            ),
          },
        ]
      : []),
    {
      key: 'problems',
      label: t('svb.paper.problems'),
      value: <ProblemList rows={f.problems} testId="form-problems" />,
    },
    ...(f.kind === 'order'
      ? [
          {
            key: 'reply',
            label: t('svb.paper.reply'),
            testId: 'form-reply',
            value: f.reply ? (
              <div>
                <div className="svb-reply">{f.reply}</div>
                {f.repliedAt && (
                  <div className="svb-reply-meta muted">
                    {t('svb.form.repliedAt', { at: fmtDateTime(f.repliedAt) })}
                  </div>
                )}
              </div>
            ) : (
              <span className="muted">{f.status === 'issued' ? t('svb.form.awaitingReply') : '—'}</span>
            ),
          },
          {
            key: 'decision',
            label: t('svb.paper.decision'),
            value: f.decisionComment ? <span className="pre-wrap">{f.decisionComment}</span> : dash,
            testId: 'form-decision-comment',
          },
        ]
      : f.decisionComment
        ? [
            {
              key: 'decision',
              label: t('svb.paper.decision'),
              value: <span className="pre-wrap">{f.decisionComment}</span>,
              testId: 'form-decision-comment',
            },
          ]
        : []),
  ];

  const paper = (
    <Card variant="borderless" className="problem-card svb-paper" data-testid="form-paper">
      <div className="svb-paper-issuer">{f.issuerOrgName}</div>
      <Typography.Title level={3} className="svb-paper-kind">
        {kindName}
      </Typography.Title>
      <div className="svb-paper-docno">
        <span>
          {t('svb.paper.number')}
          <span className="svb-docno" data-testid="form-number">
            {f.number ?? t('svb.noNumber')}
          </span>
        </span>
        <span className="muted">
          {f.issuedAt
            ? t(upward ? 'svb.paper.sentOn' : 'svb.paper.issuedOn', { date: fmtDate(f.issuedAt) })
            : formStatusLabel(t, f.status)}
        </span>
      </div>
      <div className="svb-paper-rule" />
      <table className="svb-paper-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className={r.body ? 'svb-paper-body' : undefined} data-testid={r.testId}>
                {r.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="svb-paper-sign muted">
        <span>{t(upward ? 'svb.paper.signUp' : 'svb.paper.sign', { org: f.issuerOrgName })}</span>
        <span>{f.issuedAt ? fmtDate(f.issuedAt) : t('svb.paper.notIssued')}</span>
      </div>
    </Card>
  );

  const history = (
    <Card size="small" variant="borderless" title={t('svb.history')} className="problem-card">
      <HistoryTimeline
        events={f.events}
        actionLabel={(a) => eventLabel(t, a, f.kind)}
        statusLabel={(s) =>
          (FORM_STATUSES as readonly string[]).includes(s) ? formStatusLabel(t, s as FormStatus) : null
        }
        actorLabel={(name) => (!name || name === 'system' ? t('svb.system') : name)}
        colors={EVENT_COLORS}
        empty={t('svb.noHistory')}
        testId="form-history"
      />
    </Card>
  );

  return (
    <div className="page problem-page svb-form-page">
      <SvCrumbs orgId={f.issuerOrgId} orgName={f.issuerOrgName} tab="forms" last={f.number ?? kindName} />
      {head}
      <div className="problem-grid">
        <div className="problem-main">{paper}</div>
        <div className="problem-side">{history}</div>
      </div>
      {reasonFor && (
        <CommentModal
          title={t(`svb.form.reasonTitle.${reasonFor}`, { kind: kindName })}
          placeholder={t(`svb.form.reasonPlaceholder.${reasonFor}`)}
          okText={actionLabel(t, reasonFor, f.kind)}
          onCancel={() => setReasonFor(null)}
          onOk={async (comment) => {
            if (await transition(reasonFor, comment)) setReasonFor(null);
          }}
        />
      )}
      {replying && (
        <ReplyModal
          form={f}
          onCancel={() => setReplying(false)}
          onOk={async (text) => {
            if (await transition('reply', text)) setReplying(false);
          }}
        />
      )}
      {editing && (
        <FormModal
          mode="edit"
          form={f}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            data.setData(next);
          }}
        />
      )}
    </div>
  );
}

function eventLabel(t: TFunction, action: string, kind: FormDetailView['kind']): string {
  const key = `svb.event.${action}`;
  const own = t(key);
  if (own !== key) return own;
  if ((FORM_ACTIONS as readonly string[]).includes(action)) return actionLabel(t, action as FormAction, kind);
  return action;
}

/** The unit's reply to an order (整改落实情况): a large text box, the order's content above it. */
function ReplyModal({
  form,
  onCancel,
  onOk,
}: {
  form: FormDetailView;
  onCancel: () => void;
  onOk: (text: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [text, setText] = useState(form.status === 'rejected' ? form.reply : '');
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      width={mobile ? '100%' : 720}
      className="svb-picker-modal"
      title={t('svb.form.replyTitle', { number: form.number ?? form.title })}
      onCancel={onCancel}
      okText={t('svb.form.replySubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !text.trim(), 'data-testid': 'reply-ok' } as never}
      onOk={async () => {
        setBusy(true);
        try {
          await onOk(text.trim());
        } finally {
          setBusy(false);
        }
      }}
    >
      {form.status === 'rejected' && form.decisionComment && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('svb.form.rejectedBecause', { reason: form.decisionComment })}
        />
      )}
      <Typography.Paragraph
        type="secondary"
        className="pre-wrap"
        ellipsis={{ rows: 4, expandable: true, symbol: t('svb.more') }}
      >
        {form.content}
      </Typography.Paragraph>
      <Input.TextArea
        autoSize={{ minRows: 10, maxRows: 22 }}
        maxLength={8000}
        showCount
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('svb.form.replyPlaceholder')}
        data-testid="reply-input"
        autoFocus
      />
    </Modal>
  );
}
