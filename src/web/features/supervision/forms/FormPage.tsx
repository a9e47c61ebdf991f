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
  FORM_TRANSITIONS,
  FORM_STATUSES,
  UPWARD_FORMS,
  type FormAction,
  type FormDetailView,
  type FormStatus,
} from '../../../../shared/supervision.ts';
import { Link } from '../../../app/router.tsx';
import { useI18n, type TFunction } from '../../../i18n/index.tsx';
import { CommentModal } from '../../../components/CommentModal.tsx';
import { fmtDate, fmtDateTime } from '../../../components/format.ts';
import { useApiData, useIsMobile, useRunner } from '../../../components/hooks.ts';
import { HistoryTimeline } from '../../../components/HistoryTimeline.tsx';
import { formActionLabel, formKindLabel, formStatusLabel } from '../labels.ts';
import { FormOverdueTag, FormStatusTag, ProblemList, SvCrumbs, useRouteId } from '../parts/problems.tsx';
import { FormModal } from './FormModal.tsx';
import { LoadFailed } from '../parts/LoadFailed.tsx';
import { formsApi } from './api.ts';
import { PersonName } from '../../ledger/PersonName.tsx';

const ACTION_ICONS: Record<FormAction, React.ReactNode> = {
  issue: <SendOutlined />,
  dismiss: <StopOutlined />,
  reply: <MessageOutlined />,
  accept: <CheckOutlined />,
  reject: <RollbackOutlined />,
};
/** Whether the table (FORM_TRANSITIONS) asks for a comment on this action from the form's status. */
const commentRequired = (f: FormDetailView, a: FormAction) =>
  FORM_TRANSITIONS.some((x) => x.from === f.status && x.action === a && x.kinds.includes(f.kind) && x.commentRequired);
/** The actions in the table's order that the server lets the actor take now. */
const allowedActions = (f: FormDetailView) => FORM_ACTIONS.filter((a) => f.abilities[a]);

/** The reason dialog's texts: a dismissal and a rejection have their own; any other action asks generically. */
function reasonTexts(t: TFunction, a: FormAction, kind: string): { title: string; placeholder: string } {
  switch (a) {
    case 'dismiss':
    case 'reject':
      return { title: t(`sv.form.reasonTitle.${a}`, { kind }), placeholder: t(`sv.form.reasonPlaceholder.${a}`) };
    default:
      return { title: t('sv.form.reasonTitle.other', { kind }), placeholder: t('sv.form.reasonPlaceholder.other') };
  }
}
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
  if (a === 'issue' && UPWARD_FORMS.includes(kind)) return t('sv.action.send');
  return formActionLabel(t, a, kind);
}

export function FormPage({ id: given }: { id?: number } = {}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const mobile = useIsMobile();
  const id = useRouteId('/forms/:id', given);
  const data = useApiData(() => (Number.isFinite(id) ? formsApi.get(id) : Promise.reject(new Error('404'))), [id]);
  const origin = useApiData(
    () =>
      data.data?.escalatedFromId ? formsApi.get(data.data.escalatedFromId).catch(() => null) : Promise.resolve(null),
    [data.data?.escalatedFromId],
  );
  const { busy, run } = useRunner<FormDetailView>({ onDone: data.setData });
  const downloading = useRunner<string>();
  const [reasonFor, setReasonFor] = useState<FormAction | null>(null);
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const f = data.data;

  if (data.error || !Number.isFinite(id))
    return <LoadFailed error={data.error} missing={!Number.isFinite(id)} notFound={t('sv.form.notFound')} />;
  if (!f) return <Skeleton active paragraph={{ rows: 12 }} />;

  const upward = UPWARD_FORMS.includes(f.kind);
  const size = mobile ? 'large' : 'middle';
  const kindName = formKindLabel(t, f.kind);

  const transition = (action: FormAction, comment?: string) =>
    run(
      action,
      () => formsApi.transition(f.id, action, comment),
      t(
        upward && (action === 'issue' || action === 'accept')
          ? `sv.form.done.${action}Upward`
          : `sv.form.done.${action}`,
      ),
    );

  const actions = (
    <div className="problem-actions" data-testid="form-actions">
      {f.abilities.edit && (
        <Button
          icon={<EditOutlined />}
          size={size}
          onClick={() => setEditing(true)}
          data-testid="form-edit"
          data-ability="edit"
        >
          {t('sv.form.edit')}
        </Button>
      )}
      {allowedActions(f).map((a) => (
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
              : commentRequired(f, a)
                ? setReasonFor(a)
                : a === 'issue'
                  ? // Issuing numbers the form and sends it: only on a confirmed decision.
                    modal.confirm({
                      title: t('sv.desk.issueConfirm', {
                        action: actionLabel(t, a, f.kind),
                        form: kindName,
                        unit: f.subjectOrgName,
                      }),
                      content: t('sv.desk.issueConfirmText'),
                      okText: actionLabel(t, a, f.kind),
                      cancelText: t('common.cancel'),
                      onOk: () => transition(a),
                    })
                  : void transition(a)
          }
          data-testid={`form-action-${a}`}
          data-ability={a}
        >
          {actionLabel(t, a, f.kind)}
        </Button>
      ))}
      {f.abilities.docx && (
        <Button
          icon={<FileWordOutlined />}
          size={size}
          loading={downloading.busy === 'docx'}
          onClick={() => void downloading.run('docx', () => formsApi.downloadDocx(f.id))}
          data-testid="form-docx"
          data-ability="docx"
        >
          {t('sv.form.docx')}
        </Button>
      )}
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
        title={t(f.status === 'rejected' ? 'sv.form.rejectedBecause' : 'sv.form.dismissedBecause', {
          reason: f.decisionComment ?? lastReason?.comment ?? '—',
        })}
      />
    ) : null;

  const originName = origin.data
    ? `${formKindLabel(t, origin.data.kind)} ${origin.data.number ?? origin.data.title}`
    : t('sv.formId', { id: f.escalatedFromId ?? 0 });
  const escalation = f.escalatedFromId ? (
    <Alert
      type="info"
      showIcon
      icon={<RiseOutlined />}
      className="sv-escalation"
      data-testid="form-escalated-from"
      title={
        <span>
          {t('sv.form.escalatedFrom')} <Link to={`/forms/${f.escalatedFromId}`}>{originName}</Link>{' '}
          {t('sv.form.escalatedSuffix', { n: f.escalationLevel })}
        </span>
      }
      description={
        origin.data?.deadline
          ? t('sv.form.originDeadline', { date: origin.data.deadline, status: formStatusLabel(t, origin.data.status) })
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
        {f.escalationLevel > 0 && <Tag color="volcano">{t('sv.escalationLevel', { n: f.escalationLevel })}</Tag>}
        {f.deadline && (
          <Typography.Text type={f.overdue ? 'danger' : 'secondary'}>
            {t('sv.forms.deadlineIs', { date: f.deadline })}
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
    { key: 'title', label: t('sv.paper.title'), value: f.title },
    {
      key: 'issuer',
      label: t(`sv.paper.issuer.${f.kind}`),
      value: f.teamName ? `${f.issuerOrgName}（${f.teamName}）` : f.issuerOrgName,
    },
    ...(upward && f.subjectOrgId === f.issuerOrgId
      ? []
      : [{ key: 'subject', label: t(`sv.paper.subject.${f.kind}`), value: f.subjectOrgName, testId: 'form-subject' }]),
    ...(f.kind === 'order'
      ? []
      : [
          {
            key: 'recipient',
            label: t(`sv.paper.recipient.${f.kind}`),
            value: f.recipientOrgName ?? (f.recipientName || dash),
            testId: 'form-recipient',
          },
        ]),
    ...(f.recipientPerson
      ? [
          {
            key: 'recipientPerson',
            label: t('sv.form.recipientPerson'),
            value: <PersonName person={f.recipientPerson} />,
            testId: 'form-recipient-person',
          },
        ]
      : []),
    {
      key: 'content',
      label: t(`sv.form.content.${f.kind}`),
      value: f.content || dash,
      body: true,
      testId: 'form-content',
    },
    ...(f.kind === 'order' || f.deadline
      ? [
          {
            key: 'deadline',
            label: t('sv.paper.deadline'),
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
      label: t('sv.paper.problems'),
      value: <ProblemList rows={f.problems} testId="form-problems" />,
    },
    ...(f.kind === 'order'
      ? [
          {
            key: 'reply',
            label: t('sv.paper.reply'),
            testId: 'form-reply',
            value: f.reply ? (
              <div>
                <div className="sv-reply">{f.reply}</div>
                {f.repliedAt && (
                  <div className="sv-reply-meta muted">{t('sv.form.repliedAt', { at: fmtDateTime(f.repliedAt) })}</div>
                )}
              </div>
            ) : (
              <span className="muted">{f.status === 'issued' ? t('sv.form.awaitingReply') : '—'}</span>
            ),
          },
          {
            key: 'decision',
            label: t('sv.paper.decision'),
            value: f.decisionComment ? <span className="pre-wrap">{f.decisionComment}</span> : dash,
            testId: 'form-decision-comment',
          },
        ]
      : f.decisionComment
        ? [
            {
              key: 'decision',
              label: t('sv.paper.decision'),
              value: <span className="pre-wrap">{f.decisionComment}</span>,
              testId: 'form-decision-comment',
            },
          ]
        : []),
  ];

  const paper = (
    <Card variant="borderless" className="problem-card sv-form-paper" data-testid="form-paper">
      <div className="sv-form-paper-issuer">{f.issuerOrgName}</div>
      <Typography.Title level={3} className="sv-form-paper-kind">
        {kindName}
      </Typography.Title>
      <div className="sv-form-paper-docno">
        <span>
          {t('sv.paper.number')}
          <span className="sv-docno" data-testid="form-number">
            {f.number ?? t('sv.noNumber')}
          </span>
        </span>
        <span className="muted">
          {f.issuedAt
            ? t(upward ? 'sv.paper.sentOn' : 'sv.paper.issuedOn', { date: fmtDate(f.issuedAt) })
            : formStatusLabel(t, f.status)}
        </span>
      </div>
      <div className="sv-form-paper-rule" />
      <table className="sv-form-paper-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className={r.body ? 'sv-form-paper-body' : undefined} data-testid={r.testId}>
                {r.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sv-form-paper-sign muted">
        <span>{t(upward ? 'sv.paper.signUp' : 'sv.paper.sign', { org: f.issuerOrgName })}</span>
        <span>{f.issuedAt ? fmtDate(f.issuedAt) : t('sv.paper.notIssued')}</span>
      </div>
    </Card>
  );

  const history = (
    <Card size="small" variant="borderless" title={t('sv.history')} className="problem-card">
      <HistoryTimeline
        events={f.events}
        actionLabel={(a) => eventLabel(t, a, f.kind)}
        statusLabel={(s) =>
          (FORM_STATUSES as readonly string[]).includes(s) ? formStatusLabel(t, s as FormStatus) : null
        }
        actorLabel={(name) => (!name || name === 'system' ? t('sv.system') : name)}
        colors={EVENT_COLORS}
        empty={t('sv.noHistory')}
        testId="form-history"
      />
    </Card>
  );

  return (
    <div className="page problem-page sv-form-page">
      <SvCrumbs orgId={f.issuerOrgId} orgName={f.issuerOrgName} tab="forms" last={f.number ?? kindName} />
      {head}
      <div className="problem-grid">
        <div className="problem-main">{paper}</div>
        <div className="problem-side">{history}</div>
      </div>
      {reasonFor && (
        <CommentModal
          title={reasonTexts(t, reasonFor, kindName).title}
          placeholder={reasonTexts(t, reasonFor, kindName).placeholder}
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
  const key = `sv.event.${action}`;
  // An event's action is data (create, propose, escalate, … and the moves): its own label when the catalogue has one.
  const own = t.dyn(key);
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
      className="sv-picker-modal"
      title={t('sv.form.replyTitle', { number: form.number ?? form.title })}
      onCancel={onCancel}
      okText={t('sv.form.replySubmit')}
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
          title={t('sv.form.rejectedBecause', { reason: form.decisionComment })}
        />
      )}
      <Typography.Paragraph
        type="secondary"
        className="pre-wrap"
        ellipsis={{ rows: 4, expandable: true, symbol: t('sv.more') }}
      >
        {form.content}
      </Typography.Paragraph>
      <Input.TextArea
        autoSize={{ minRows: 10, maxRows: 22 }}
        maxLength={8000}
        showCount
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('sv.form.replyPlaceholder')}
        data-testid="reply-input"
        autoFocus
      />
    </Modal>
  );
}
