/**
 * /problems/:id — one problem of a ledger: its particulars and the five-clear checklist (五个明确),
 * the measures, the milestones with their evidence, every evidence version (kept with its SHA-256),
 * progress (完成情况) and effect (成效), the moves the user may make now (from the server's
 * `abilities` only) and the history of every move. On a phone everything stacks in one column
 * with large buttons. Unsaved progress and effect text is kept in this browser.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  List,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import {
  CheckCircleFilled,
  CheckCircleOutlined,
  CheckOutlined,
  EditOutlined,
  ExclamationCircleFilled,
  PaperClipOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  SaveOutlined,
  SendOutlined,
  SoundOutlined,
  UndoOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { EvidenceView, MilestoneView, ProblemAction, ProblemDetailView } from '../../../shared/ledger.ts';
import { FIVE_CLEAR, PROBLEM_ACTIONS, problemCommentRequired } from '../../../shared/ledger.ts';
import { ledgerApi } from './api.ts';
import { uploadFile } from '../../api/upload.ts';
import { useLocalDraft } from '../../components/useLocalDraft.ts';
import { enumLabel, hasKey, useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useIsMobile, useRunner } from '../../components/hooks.ts';
import { fmtDate, fmtDateTime, officeToday } from '../../components/format.ts';
import { HistoryTimeline } from '../../components/HistoryTimeline.tsx';
import { deadlineLabel, fileSize } from './format.ts';
import { OverdueTag, ProblemStatusTag } from './ProblemStatusTag.tsx';
import { ProblemFormDrawer } from './ProblemFormDrawer.tsx';
import { PersonName } from './PersonName.tsx';
import { CommentModal } from '../../components/CommentModal.tsx';

interface Texts {
  progress: string;
  effect: string;
}

const localKey = (id: number) => `massline.problem.${id}.progress`;
const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png,.gif,.txt,.zip,.rar,.mp4';
const ACTION_ICONS: Record<ProblemAction, React.ReactNode> = {
  confirm: <CheckCircleOutlined />,
  start: <PlayCircleOutlined />,
  report: <SoundOutlined />,
  finish: <SendOutlined />,
  verify: <SafetyCertificateOutlined />,
  return: <RollbackOutlined />,
  reopen: <UndoOutlined />,
};
const EVENT_COLORS: Record<string, string> = {
  verify: 'green',
  finish: 'blue',
  return: 'red',
  reopen: 'orange',
  confirm: 'gray',
  create: 'gray',
  import: 'gray',
};

export function ProblemPage({ id }: { id: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const problem = useApiData(() => ledgerApi.problem(id), [id]);
  const { busy, run } = useRunner<ProblemDetailView>({ onDone: problem.setData });
  const [texts, setTexts] = useState<Texts>({ progress: '', effect: '' });
  const [dirty, setDirty] = useState(false);
  const [stored, setStored] = useState<Texts | null>(null);
  // What was typed and not yet saved, kept in this browser (useLocalDraft): offered back on return.
  const draft = useLocalDraft<Texts>(localKey(id), { delay: 0 });
  const [commentFor, setCommentFor] = useState<ProblemAction | null>(null);
  const [doneFor, setDoneFor] = useState<MilestoneView | null>(null);
  const [editing, setEditing] = useState(false);
  const loadedFor = useRef<string | null>(null);
  const p = problem.data;

  // On (re)load: take the server's text, and offer what this browser still keeps unsaved.
  useEffect(() => {
    if (!p) return;
    const stamp = `${p.id}:${p.status}:${p.cycle}:${p.progress}:${p.effect}`;
    if (loadedFor.current === stamp) return;
    loadedFor.current = stamp;
    const server = { progress: p.progress, effect: p.effect };
    setTexts(server);
    setDirty(false);
    const editable = p.abilities.edit || p.abilities.uploadEvidence;
    const local = draft.read();
    setStored(local && editable && JSON.stringify(local) !== JSON.stringify(server) ? local : null);
    if (!editable) draft.clear();
  }, [p, draft]);

  if (problem.error) {
    return (
      <Result
        status={problem.error.status === 404 ? '404' : 'error'}
        title={problem.error.status === 404 ? t('problem.notFound') : t('common.loadFailed')}
        subTitle={problem.error.message}
        extra={<Button onClick={() => navigate('/ledger')}>{t('ledger.backHome')}</Button>}
      />
    );
  }
  if (!p) return <Skeleton active paragraph={{ rows: 12 }} />;

  const canWrite = p.abilities.edit || p.abilities.uploadEvidence;
  const canMilestone = p.abilities.uploadEvidence && p.status === 'in_progress';

  const change = (patch: Partial<Texts>) => {
    const next = { ...texts, ...patch };
    setTexts(next);
    draft.save(next);
    setDirty(true);
  };

  const saveTexts = async () => {
    const r = await ledgerApi.saveProgress(id, texts);
    draft.clear();
    setDirty(false);
    setStored(null);
    return r;
  };

  const transition = (action: ProblemAction, comment?: string) =>
    run(
      action,
      async () => {
        // Asking for verification needs the effect statement: send what was typed first.
        if ((dirty || stored) && (action === 'finish' || action === 'report')) await saveTexts();
        return ledgerApi.transition(id, { action, comment });
      },
      t(`problem.done.${action}`),
    );

  const upload = async (file: File, milestoneId?: number) => {
    await run(
      `upload-${milestoneId ?? 0}`,
      () => uploadFile<ProblemDetailView>(`/problems/${id}/evidence`, file, { fields: { milestoneId } }),
      t('problem.uploaded', { name: file.name }),
    );
  };

  const uploadButton = (milestoneId: number | undefined, testId: string, small = false) => (
    <span data-testid={testId} className="upload-wrap" data-ability="uploadEvidence">
      <Upload
        beforeUpload={(f) => {
          void upload(f, milestoneId);
          return false;
        }}
        showUploadList={false}
        accept={ACCEPT}
        multiple
      >
        <Button
          icon={<UploadOutlined />}
          size={small ? 'small' : mobile ? 'large' : 'middle'}
          loading={busy === `upload-${milestoneId ?? 0}`}
        >
          {milestoneId ? t('problem.uploadForMilestone') : t('problem.uploadEvidence')}
        </Button>
      </Upload>
    </span>
  );

  const lastDecision = [...p.events].reverse().find((e) => e.action === 'return' || e.action === 'reopen');
  const showDecision =
    lastDecision && p.status === 'in_progress' && lastDecision.cycle === p.cycle && lastDecision.comment;
  const milestoneName = (mid: number | null) => (mid ? p.milestones.find((m) => m.id === mid)?.title : undefined);
  const buttonSize = mobile ? 'large' : 'middle';

  const possible = PROBLEM_ACTIONS.filter((a) => p.abilities[a]);
  const actions = (p.abilities.edit || possible.length > 0) && (
    <div className="problem-actions" data-testid="problem-actions">
      {p.abilities.edit && (
        <Button
          icon={<EditOutlined />}
          size={buttonSize}
          onClick={() => setEditing(true)}
          data-testid="problem-edit"
          data-ability="edit"
        >
          {t('problem.editParticulars')}
        </Button>
      )}
      {possible.map((a) => (
        <Button
          key={a}
          type={a === 'return' || a === 'report' || a === 'reopen' ? 'default' : 'primary'}
          danger={a === 'return'}
          icon={ACTION_ICONS[a]}
          size={buttonSize}
          loading={busy === a}
          onClick={() => (problemCommentRequired(a) ? setCommentFor(a) : void transition(a))}
          data-testid={`problem-action-${a}`}
          data-ability={a}
        >
          {t(`problem.action.${a}`)}
        </Button>
      ))}
    </div>
  );

  const fiveClear = (
    <Card
      size="small"
      variant="borderless"
      title={t('problem.fiveClear')}
      className="problem-card"
      data-testid="problem-five-clear"
    >
      <div className="five-clear">
        {FIVE_CLEAR.map((k) => {
          const missing = p.missing.includes(k);
          return (
            <span
              key={k}
              className={`five-clear-item ${missing ? 'missing' : 'ok'}`}
              data-testid={`five-clear-${k}`}
              data-missing={missing ? '1' : '0'}
            >
              {missing ? <ExclamationCircleFilled /> : <CheckCircleFilled />} {enumLabel(t, 'fiveClear', k)}
            </span>
          );
        })}
      </div>
      {p.status === 'draft' && p.missing.length > 0 && (
        <Typography.Paragraph className="five-clear-hint">
          {t('problem.fiveClearMissing', {
            items: p.missing.map((k) => enumLabel(t, 'fiveClear', k)).join(t('common.listSep')),
          })}
        </Typography.Paragraph>
      )}
      {p.status === 'draft' && p.missing.length === 0 && (
        <Typography.Paragraph type="secondary" className="five-clear-hint ok">
          {t('problem.fiveClearOk')}
        </Typography.Paragraph>
      )}
    </Card>
  );

  const dash = <span className="muted">—</span>;
  const wide = mobile ? 1 : 2;
  const particularItems = [
    { key: 'unit', label: t('problem.unit'), children: <Link to={`/ledger/${p.orgId}?subtree=0`}>{p.orgName}</Link> },
    {
      key: 'source',
      label: t('problem.source'),
      children: p.sentDownFrom
        ? `${enumLabel(t, 'problemSource', p.source)} · ${p.sentDownFrom}`
        : enumLabel(t, 'problemSource', p.source),
    },
    {
      key: 'subject',
      label: t('problem.subject'),
      children: `${enumLabel(t, 'problemSubject', p.subject)}${p.subjectName ? ` · ${p.subjectName}` : ''}`,
    },
    { key: 'kind', label: t('problem.kind'), children: enumLabel(t, 'problemKind', p.kind) },
    {
      key: 'leader',
      label: t('problem.responsibleLeader'),
      children: <PersonName person={p.responsibleLeader} empty={dash} />,
    },
    {
      key: 'person',
      label: t('problem.responsiblePerson'),
      children: <PersonName person={p.responsiblePerson} empty={dash} />,
    },
    { key: 'dept', label: t('problem.responsibleDept'), children: p.responsibleDept || dash },
    {
      key: 'deadline',
      label: t('problem.deadline'),
      children: (
        <>
          <span className={p.overdue ? 'text-danger' : undefined} data-testid="problem-deadline">
            {deadlineLabel(t, p.deadline, p.kind)}
          </span>
          {p.deadlineText && p.deadlineText !== p.deadline && (
            <span className="muted"> {t('problem.asWritten', { text: p.deadlineText })}</span>
          )}
        </>
      ),
    },
    {
      key: 'standard',
      label: t('problem.standard'),
      span: wide,
      children: <span className="pre-wrap">{p.standard || dash}</span>,
    },
    ...(p.remark
      ? [
          {
            key: 'remark',
            label: t('problem.remark'),
            span: wide,
            children: <span className="pre-wrap">{p.remark}</span>,
          },
        ]
      : []),
    ...(p.opinionIds.length > 0
      ? [
          {
            key: 'opinions',
            label: t('problem.fromOpinions'),
            span: wide,
            children: t('problem.opinionCount', { count: p.opinionIds.length }),
          },
        ]
      : []),
    { key: 'updated', label: t('problem.updatedAt'), span: p.closedAt ? 1 : wide, children: fmtDateTime(p.updatedAt) },
    ...(p.closedAt ? [{ key: 'closed', label: t('problem.closedAt'), children: fmtDateTime(p.closedAt) }] : []),
  ];
  const particulars = (
    <Card size="small" variant="borderless" title={t('problem.particulars')} className="problem-card">
      <Descriptions
        size="small"
        column={wide}
        bordered={!mobile}
        className="problem-desc"
        data-testid="problem-particulars"
        items={particularItems}
      />
    </Card>
  );

  const measures = (
    <Card size="small" variant="borderless" title={t('problem.measures')} className="problem-card">
      {p.measures.length === 0 ? (
        <div className="muted">{t('problem.noMeasures')}</div>
      ) : (
        <ol className="measure-list" data-testid="problem-measures">
          {p.measures.map((m) => (
            <li key={m.id}>
              <div className="pre-wrap">{m.content}</div>
              {(m.owner.name || m.deadline) && (
                <div className="muted measure-meta">
                  {m.owner.name && (
                    <span>
                      {t('problem.measureOwnerIs', { name: '' })}
                      <PersonName person={m.owner} />
                    </span>
                  )}
                  {m.owner.name && m.deadline && ' · '}
                  {m.deadline && t('problem.measureDeadlineIs', { date: m.deadline })}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );

  const evidenceLink = (e: EvidenceView) => (
    <a href={e.url} className="evidence-name" title={e.filename}>
      <PaperClipOutlined /> {e.filename}
    </a>
  );

  const today = officeToday();
  const milestones = (p.milestones.length > 0 || p.kind !== 'immediate') && (
    <Card size="small" variant="borderless" title={t('problem.milestones')} className="problem-card">
      {p.milestones.length === 0 ? (
        <div className="muted">{t('problem.noMilestones')}</div>
      ) : (
        <div className="milestone-list" data-testid="problem-milestones">
          {p.milestones.map((m) => {
            const ev = p.evidence.filter((e) => e.milestoneId === m.id);
            const late = !m.doneAt && m.dueDate < today && p.status !== 'draft' && p.status !== 'closed';
            return (
              <div
                key={m.id}
                className={`milestone${m.doneAt ? ' milestone-done' : ''}`}
                data-testid={`milestone-${m.seq}`}
                data-done={m.doneAt ? '1' : '0'}
              >
                <div className="milestone-head">
                  <span className="milestone-mark">
                    {m.doneAt ? <CheckCircleFilled /> : <span className="milestone-dot">{m.seq}</span>}
                  </span>
                  <div className="milestone-body">
                    <div className="milestone-title">{m.title}</div>
                    <div className="milestone-meta">
                      <span className={late ? 'text-danger' : 'muted'}>
                        {t('problem.milestoneDueOn', { date: m.dueDate })}
                      </span>
                      {m.doneAt ? (
                        <Tag color="success">{t('problem.milestoneDoneAt', { at: fmtDate(m.doneAt) })}</Tag>
                      ) : late ? (
                        <Tag color="red">{t('problem.milestoneLate')}</Tag>
                      ) : (
                        <Tag>{t('problem.milestoneOpen')}</Tag>
                      )}
                    </div>
                    {m.note && <div className="muted pre-wrap">{m.note}</div>}
                    {ev.length > 0 && (
                      <div className="milestone-evidence">
                        {ev.map((e) => (
                          <div key={e.id}>
                            {evidenceLink(e)} <span className="muted">v{e.version}</span>
                          </div>
                        ))}
                      </div>
                    )}
                  </div>
                </div>
                {(p.abilities.uploadEvidence || canMilestone) && (
                  <div className="milestone-actions">
                    {p.abilities.uploadEvidence &&
                      !m.doneAt &&
                      uploadButton(m.id, `milestone-upload-${m.seq}`, !mobile)}
                    {canMilestone && !m.doneAt && (
                      <Tooltip title={ev.length === 0 ? t('problem.milestoneNeedsEvidence') : undefined}>
                        <Button
                          type="primary"
                          ghost
                          icon={<CheckOutlined />}
                          size={mobile ? 'large' : 'small'}
                          disabled={ev.length === 0}
                          onClick={() => setDoneFor(m)}
                          data-testid={`milestone-done-${m.seq}`}
                        >
                          {t('problem.milestoneDone')}
                        </Button>
                      </Tooltip>
                    )}
                    {canMilestone && m.doneAt && (
                      <Button
                        type="link"
                        size="small"
                        loading={busy === `undo-${m.id}`}
                        onClick={() =>
                          void run(`undo-${m.id}`, () => ledgerApi.milestone(id, m.id, { done: false, note: '' }))
                        }
                        data-testid={`milestone-undo-${m.seq}`}
                      >
                        {t('problem.milestoneUndo')}
                      </Button>
                    )}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );

  const showCycle = p.cycle > 1;
  const evidence = (
    <Card
      size="small"
      variant="borderless"
      title={t('problem.evidence')}
      className="problem-card"
      extra={p.abilities.uploadEvidence && !mobile ? uploadButton(undefined, 'evidence-upload', true) : undefined}
    >
      {mobile ? (
        <List
          size="small"
          dataSource={[...p.evidence].reverse()}
          data-testid="problem-evidence"
          locale={{ emptyText: t('problem.noEvidence') }}
          renderItem={(e) => (
            <List.Item className="evidence-item">
              <div style={{ minWidth: 0, width: '100%' }}>
                <div className="evidence-line">
                  {evidenceLink(e)}
                  <Tag>v{e.version}</Tag>
                  {e.verifiedAt && (
                    <Tag color="success" icon={<CheckOutlined />}>
                      {t('problem.verified')}
                    </Tag>
                  )}
                </div>
                <div className="muted evidence-meta">
                  {fileSize(e.size)} · {fmtDateTime(e.createdAt)} ·{' '}
                  <span className="mono">{e.sha256.slice(0, 12)}</span>
                  {milestoneName(e.milestoneId) && ` · ${milestoneName(e.milestoneId)}`}
                  {showCycle && ` · ${t('problem.cycleN', { n: e.cycle })}`}
                </div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<EvidenceView>
          rowKey="id"
          size="small"
          pagination={false}
          data-testid="problem-evidence"
          dataSource={[...p.evidence].reverse()}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problem.noEvidence')} /> }}
          scroll={{ x: 640 }}
          columns={[
            {
              title: t('problem.evFile'),
              key: 'file',
              render: (_, e) => (
                <div className="evidence-file">
                  {evidenceLink(e)}
                  {milestoneName(e.milestoneId) && (
                    <div className="muted evidence-ms">
                      {t('problem.forMilestone', { title: milestoneName(e.milestoneId)! })}
                    </div>
                  )}
                </div>
              ),
            },
            { title: t('problem.evVersion'), dataIndex: 'version', width: 60, render: (v: number) => `v${v}` },
            ...(showCycle ? [{ title: t('problem.evCycle'), dataIndex: 'cycle', width: 70 }] : []),
            { title: t('problem.evSize'), dataIndex: 'size', width: 76, align: 'right' as const, render: fileSize },
            {
              title: 'SHA-256',
              dataIndex: 'sha256',
              width: 124,
              render: (v: string) => (
                <Typography.Text className="mono" copyable={{ text: v }}>
                  <Tooltip title={v}>{v.slice(0, 12)}</Tooltip>
                </Typography.Text>
              ),
            },
            {
              title: t('problem.evUploadedAt'),
              dataIndex: 'createdAt',
              width: 140,
              render: (v: string) => fmtDateTime(v, { seconds: false }),
            },
            {
              title: t('problem.verified'),
              dataIndex: 'verifiedAt',
              width: 72,
              align: 'center' as const,
              render: (v: string | null) =>
                v ? (
                  <Tooltip title={fmtDateTime(v)}>
                    <CheckCircleFilled className="text-success" />
                  </Tooltip>
                ) : (
                  <span className="muted">—</span>
                ),
            },
          ]}
        />
      )}
      {p.abilities.uploadEvidence && mobile && (
        <div style={{ marginTop: 12 }}>{uploadButton(undefined, 'evidence-upload')}</div>
      )}
    </Card>
  );

  const progressCard = (
    <Card size="small" variant="borderless" title={t('problem.progressTitle')} className="problem-card">
      {stored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('problem.localDraft')}
          action={
            <Space direction={mobile ? 'vertical' : 'horizontal'}>
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setTexts(stored);
                  setDirty(true);
                  setStored(null);
                }}
              >
                {t('problem.restore')}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  draft.clear();
                  setStored(null);
                }}
              >
                {t('problem.discard')}
              </Button>
            </Space>
          }
        />
      )}
      <div className="progress-field">
        <Typography.Text strong>{t('problem.progress')}</Typography.Text>
        {canWrite ? (
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={4000}
            value={texts.progress}
            onChange={(e) => change({ progress: e.target.value })}
            placeholder={t('problem.progressPlaceholder')}
            data-testid="progress-input"
          />
        ) : (
          <div className="pre-wrap readonly-text">
            {p.progress || <span className="muted">{t('problem.nothingYet')}</span>}
          </div>
        )}
      </div>
      <div className="progress-field">
        <Typography.Text strong>{t('problem.effect')}</Typography.Text>
        {canWrite ? (
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={4000}
            value={texts.effect}
            onChange={(e) => change({ effect: e.target.value })}
            placeholder={t('problem.effectPlaceholder')}
            data-testid="effect-input"
          />
        ) : (
          <div className="pre-wrap readonly-text">
            {p.effect || <span className="muted">{t('problem.nothingYet')}</span>}
          </div>
        )}
      </div>
      {canWrite && (
        <div className="progress-save">
          <Button
            icon={<SaveOutlined />}
            size={buttonSize}
            type={dirty ? 'primary' : 'default'}
            loading={busy === 'save'}
            onClick={() => void run('save', saveTexts, t('common.saved'))}
            data-testid="progress-save"
          >
            {t('problem.saveProgress')}
          </Button>
          {dirty && <span className="muted">{t('problem.unsaved')}</span>}
        </div>
      )}
    </Card>
  );

  const history = (
    <Card size="small" variant="borderless" title={t('problem.history')} className="problem-card">
      <HistoryTimeline
        events={p.events}
        actionLabel={(a) => enumLabel(t, 'problemEvent', a)}
        statusLabel={(s) => enumLabel(t, 'problemStatus', s)}
        actorLabel={(name) => name ?? t('problem.system')}
        colors={EVENT_COLORS}
        extra={(e) => showCycle && <Tag className="cycle-tag">{t('problem.cycleN', { n: e.cycle })}</Tag>}
        empty={t('problem.noHistory')}
        testId="problem-history"
      />
    </Card>
  );

  return (
    <div className="page problem-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 'l', title: <Link to={`/ledger/${p.orgId}`}>{t('ledger.titleShort', { org: p.orgName })}</Link> },
          { key: 'p', title: t('problem.seqN', { seq: p.seq }) },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <div className="problem-head-line">
          <Typography.Text type="secondary" className="problem-seq" data-testid="problem-seq">
            {t('problem.seqN', { seq: p.seq })} · {p.orgName}
          </Typography.Text>
        </div>
        <Typography.Title level={4} className="problem-title" data-testid="problem-title">
          {p.description}
        </Typography.Title>
        <Space size={[6, 6]} wrap>
          <ProblemStatusTag status={p.status} testId="problem-status" />
          {p.overdue && <OverdueTag days={p.daysOverdue} />}
          <Tag color="red" variant="outlined">
            {enumLabel(t, 'problemKind', p.kind)}
          </Tag>
          <Tag>{enumLabel(t, 'problemCategory', p.category)}</Tag>
          <Tag>{enumLabel(t, 'problemSource', p.source)}</Tag>
          <Typography.Text type={p.overdue ? 'danger' : 'secondary'}>
            {t('problem.deadlineIs', { deadline: deadlineLabel(t, p.deadline, p.kind) })}
          </Typography.Text>
          {showCycle && <Typography.Text type="secondary">{t('problem.cycleN', { n: p.cycle })}</Typography.Text>}
        </Space>
        {showDecision && (
          <Alert
            type="warning"
            showIcon
            className="problem-decision"
            title={t(lastDecision.action === 'return' ? 'problem.returnedBecause' : 'problem.reopenedBecause', {
              comment: lastDecision.comment ?? '',
            })}
            data-testid="problem-returned"
          />
        )}
        {actions}
      </Card>

      <div className="problem-grid">
        <div className="problem-main">
          {p.status === 'draft' && fiveClear}
          {p.status !== 'draft' && progressCard}
          {milestones}
          {p.status !== 'draft' && evidence}
          {particulars}
          {measures}
          {p.status !== 'draft' && fiveClear}
          {p.status === 'draft' && (p.progress || p.effect || canWrite) && progressCard}
        </div>
        <div className="problem-side">{history}</div>
      </div>

      {commentFor && (
        <CommentModal
          title={
            hasKey(`problem.commentTitle.${commentFor}`)
              ? t(`problem.commentTitle.${commentFor}` as MessageKey)
              : t(`problem.action.${commentFor}`)
          }
          placeholder={t(commentFor === 'report' ? 'problem.reportPlaceholder' : 'problem.commentPlaceholder')}
          okText={t(`problem.action.${commentFor}`)}
          onCancel={() => setCommentFor(null)}
          onOk={async (comment) => {
            if (await transition(commentFor, comment)) setCommentFor(null);
          }}
        />
      )}
      {doneFor && (
        <CommentModal
          title={t('problem.milestoneDoneTitle', { title: doneFor.title })}
          placeholder={t('problem.milestoneNotePlaceholder')}
          okText={t('problem.milestoneDone')}
          optional
          onCancel={() => setDoneFor(null)}
          onOk={async (note) => {
            if (
              await run(
                `done-${doneFor.id}`,
                () => ledgerApi.milestone(id, doneFor.id, { done: true, note }),
                t('problem.milestoneDoneOk'),
              )
            )
              setDoneFor(null);
          }}
        />
      )}
      {editing && (
        <ProblemFormDrawer
          problem={p}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            problem.setData(next);
          }}
        />
      )}
    </div>
  );
}
