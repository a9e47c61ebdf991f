/**
 * /tasks/:id — one unit's task: what the action asks for, the deliverable (text, meeting record,
 * figure, files), save as draft and submit; for the level above: approve, return with a comment,
 * reopen; the history of every move. Typing is kept in this browser until the server has it, so a
 * weak signal or a closed tab loses nothing.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import {
  CheckOutlined,
  ClockCircleOutlined,
  PaperClipOutlined,
  RollbackOutlined,
  SaveOutlined,
  SendOutlined,
  UndoOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { TASK_TRANSITIONS, type TaskAction, type TaskDetailView } from '../../../shared/campaigns.ts';
import { useLocalDraft } from '../../components/useLocalDraft.ts';
import { campaignsApi } from './api.ts';
import { apiUrl } from '../../api/client.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useRunner } from '../../components/hooks.ts';
import { fmtDateTime } from '../../components/format.ts';
import { RichText } from '../../components/RichText.tsx';
import { TaskStatusTag } from './TaskStatusTag.tsx';
import { txt } from './text.ts';
import { CommentModal } from '../../components/CommentModal.tsx';

interface Draft {
  html: string;
  figure: number | null;
  meeting: { date: string | null; place: string; attendees: number | null };
}

const emptyDraft: Draft = { html: '', figure: null, meeting: { date: null, place: '', attendees: null } };
const localKey = (id: number) => `massline.task.${id}`;
const DECIDE_OK: Record<TaskAction, MessageKey> = {
  submit: 'tasks.submit',
  approve: 'tasks.approve',
  return: 'tasks.return',
  reopen: 'tasks.reopen',
};

function draftOf(task: TaskDetailView): Draft {
  const c = task.content ?? {};
  return {
    html: c.html ?? '',
    figure: c.figure ?? null,
    meeting: { date: c.meeting?.date ?? null, place: c.meeting?.place ?? '', attendees: c.meeting?.attendees ?? null },
  };
}

export function TaskPage({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const { navigate } = useRouter();
  const task = useApiData(() => campaignsApi.task(id), [id]);
  const local = useLocalDraft<Draft>(localKey(id));
  const { busy, run } = useRunner<TaskDetailView>({ onDone: task.setData });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [dirty, setDirty] = useState(false);
  const [stored, setStored] = useState<Draft | null>(null);
  const [decide, setDecide] = useState<TaskAction | null>(null);
  const loadedFor = useRef<string | null>(null);
  const d = task.data;

  // On (re)load from the server: take its content, and offer what this browser still keeps unsaved.
  useEffect(() => {
    if (!d) return;
    const stamp = `${d.id}:${d.status}:${d.cycle}:${JSON.stringify(d.content)}`;
    if (loadedFor.current === stamp) return;
    loadedFor.current = stamp;
    const server = draftOf(d);
    setDraft(server);
    setDirty(false);
    const kept = local.read();
    setStored(kept && d.abilities.edit && JSON.stringify(kept) !== JSON.stringify(server) ? kept : null);
    if (!d.abilities.edit) local.clear();
  }, [d, local]);

  const change = (patch: Partial<Draft>) => {
    setDraft((cur) => {
      const next = { ...cur, ...patch };
      local.save(next);
      return next;
    });
    setDirty(true);
  };

  if (task.error) {
    return (
      <Result
        status={task.error.status === 404 ? '404' : 'error'}
        title={task.error.status === 404 ? t('tasks.notFound') : t('common.loadFailed')}
        subTitle={task.error.message}
        extra={<Button onClick={() => navigate('/campaigns')}>{t('campaign.backToList')}</Button>}
      />
    );
  }
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;

  const a = d.action;
  const ab = d.abilities;
  const editing = ab.edit;

  const payload = () => ({
    html: draft.html,
    ...(a.deliverable === 'figure' ? { figure: draft.figure } : {}),
    ...(a.deliverable === 'meeting'
      ? { meeting: { date: draft.meeting.date, place: draft.meeting.place, attendees: draft.meeting.attendees } }
      : {}),
  });

  const save = () =>
    run(
      'save',
      async () => {
        const r = await campaignsApi.saveTask(id, payload());
        local.clear();
        setDirty(false);
        return r;
      },
      t('tasks.savedDraft'),
    );

  const submit = () =>
    run(
      'submit',
      async () => {
        if (dirty || stored) await campaignsApi.saveTask(id, payload());
        local.clear();
        setDirty(false);
        return campaignsApi.transition(id, 'submit');
      },
      t('tasks.submitted'),
    );

  // A move whose transition (TASK_TRANSITIONS) requires a comment asks for it first.
  const ask = (action: TaskAction) => {
    const tr = TASK_TRANSITIONS.find((x) => x.from === d.status && x.action === action);
    if (tr?.commentRequired) setDecide(action);
    else void transition(action);
  };
  const transition = (action: TaskAction, comment?: string) =>
    run(action, () => campaignsApi.transition(id, action, comment), t(`tasks.done.${action}`));

  const upload = async (file: File) => {
    await run('upload', () => campaignsApi.uploadAttachment(id, file), t('tasks.uploaded'));
    return false;
  };

  const deliverable = (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {a.deliverable === 'meeting' && (
        <Space wrap>
          <Form.Item label={t('tasks.meetingDate')} style={{ marginBottom: 0 }}>
            <DatePicker
              disabled={!editing}
              value={draft.meeting.date ? dayjs(draft.meeting.date) : null}
              onChange={(v) => change({ meeting: { ...draft.meeting, date: v ? v.format('YYYY-MM-DD') : null } })}
              data-testid="meeting-date"
            />
          </Form.Item>
          <Form.Item label={t('tasks.meetingPlace')} style={{ marginBottom: 0 }}>
            <Input
              disabled={!editing}
              value={draft.meeting.place}
              maxLength={200}
              onChange={(e) => change({ meeting: { ...draft.meeting, place: e.target.value } })}
              data-testid="meeting-place"
            />
          </Form.Item>
          <Form.Item label={t('tasks.meetingAttendees')} style={{ marginBottom: 0 }}>
            <InputNumber
              disabled={!editing}
              min={0}
              value={draft.meeting.attendees}
              onChange={(v) => change({ meeting: { ...draft.meeting, attendees: v ?? null } })}
              data-testid="meeting-attendees"
            />
          </Form.Item>
        </Space>
      )}
      {a.deliverable === 'figure' && (
        <Form.Item label={t('tasks.figure')} style={{ marginBottom: 0 }}>
          <Space>
            <InputNumber
              disabled={!editing}
              min={0}
              value={draft.figure}
              onChange={(v) => change({ figure: v ?? null })}
              data-testid="task-figure"
            />
            {a.figureUnit && <span>{txt(a.figureUnit, locale)}</span>}
          </Space>
        </Form.Item>
      )}
      <div>
        <Typography.Text strong>
          {a.deliverable === 'meeting'
            ? t('tasks.minutes')
            : a.deliverable === 'figure'
              ? t('tasks.explanation')
              : t('tasks.content')}
        </Typography.Text>
        {editing ? (
          <RichText
            value={draft.html}
            onChange={(html) => change({ html })}
            placeholder={t('tasks.contentPlaceholder')}
            testId="task-editor"
          />
        ) : draft.html ? (
          <RichText value={draft.html} readOnly />
        ) : (
          <div className="muted">{t('tasks.noContent')}</div>
        )}
      </div>
      <div>
        <Typography.Text strong>{t('tasks.attachments')}</Typography.Text>
        <List
          size="small"
          dataSource={d.attachments}
          locale={{ emptyText: t('tasks.noAttachments') }}
          renderItem={(f) => (
            <List.Item>
              <a href={apiUrl(`/attachments/${f.id}`)}>
                <PaperClipOutlined /> {f.filename}
              </a>
              <span className="muted">
                {Math.max(1, Math.round(f.size / 1024))} KB · {fmtDateTime(f.createdAt)}
              </span>
            </List.Item>
          )}
        />
        {editing && (
          <Upload
            beforeUpload={(file) => void upload(file)}
            showUploadList={false}
            accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.txt,.zip"
          >
            <Button icon={<UploadOutlined />} loading={busy === 'upload'}>
              {t('tasks.upload')}
            </Button>
          </Upload>
        )}
      </div>
    </Space>
  );

  return (
    <div className="page task-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 'l', title: <Link to="/campaigns">{t('nav.campaigns')}</Link> },
          {
            key: 'c',
            title: (
              <Link to={`/campaigns/${d.campaignId}?org=${d.orgId}&tab=tasks`}>{txt(d.campaignName, locale)}</Link>
            ),
          },
          { key: 't', title: txt(a.name, locale) },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="task-title">
          {txt(a.name, locale)}
          {d.period && <span className="muted"> · {d.period}</span>}
        </Typography.Title>
        <Space size={[8, 4]} wrap>
          <TaskStatusTag status={d.status} />
          {d.overdue && (
            <Tag color="red" icon={<ClockCircleOutlined />}>
              {t('tasks.overdue')}
            </Tag>
          )}
          <Tag color={a.kind === 'prescribed' ? 'red' : 'blue'}>{enumLabel(t, 'actionKind', a.kind)}</Tag>
          <Typography.Text type="secondary">{d.orgName}</Typography.Text>
          <Typography.Text type="secondary">{t('tasks.dueOn', { date: d.dueDate })}</Typography.Text>
          {d.cycle > 0 && <Typography.Text type="secondary">{t('tasks.cycle', { n: d.cycle + 1 })}</Typography.Text>}
        </Space>
        {a.description && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            {txt(a.description, locale)}
          </Typography.Paragraph>
        )}
      </Card>

      {d.status === 'returned' && d.lastComment && (
        <Alert
          type="warning"
          showIcon
          className="task-alert"
          message={t('tasks.returnedBecause', { comment: d.lastComment })}
          data-testid="task-returned"
        />
      )}
      {stored && (
        <Alert
          type="info"
          showIcon
          className="task-alert"
          message={t('tasks.localDraft')}
          action={
            <Space>
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setDraft(stored);
                  setDirty(true);
                  setStored(null);
                }}
              >
                {t('tasks.restore')}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  local.clear();
                  setStored(null);
                }}
              >
                {t('tasks.discard')}
              </Button>
            </Space>
          }
        />
      )}

      <Card variant="borderless" title={enumLabel(t, 'deliverable', a.deliverable)} className="task-card">
        {deliverable}
        {(editing || ab.submit || ab.approve || ab.return || ab.reopen) && (
          <div className="task-actions">
            {editing && (
              <Button
                icon={<SaveOutlined />}
                loading={busy === 'save'}
                onClick={() => void save()}
                data-testid="task-save"
                data-ability="edit"
              >
                {t('tasks.saveDraft')}
              </Button>
            )}
            {ab.submit && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy === 'submit'}
                onClick={() => void submit()}
                data-testid="task-submit"
                data-ability="submit"
              >
                {t('tasks.submit')}
              </Button>
            )}
            {ab.approve && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={busy === 'approve'}
                onClick={() => ask('approve')}
                data-testid="task-approve"
                data-ability="approve"
              >
                {t('tasks.approve')}
              </Button>
            )}
            {ab.return && (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => ask('return')}
                data-testid="task-return"
                data-ability="return"
              >
                {t('tasks.return')}
              </Button>
            )}
            {ab.reopen && (
              <Button
                icon={<UndoOutlined />}
                onClick={() => ask('reopen')}
                data-testid="task-reopen"
                data-ability="reopen"
              >
                {t('tasks.reopen')}
              </Button>
            )}
          </div>
        )}
      </Card>

      <Card variant="borderless" title={t('tasks.history')} className="task-card">
        {d.events.length === 0 ? (
          <div className="muted">{t('tasks.noHistory')}</div>
        ) : (
          <Timeline
            data-testid="task-history"
            items={d.events.map((e) => ({
              key: e.id,
              color: e.action === 'approve' ? 'green' : e.action === 'submit' ? 'blue' : 'orange',
              children: (
                <div>
                  <Typography.Text strong>{enumLabel(t, 'taskAction', e.action)}</Typography.Text>
                  <span className="muted">
                    {' '}
                    · {e.actorName} · {fmtDateTime(e.at)}
                  </span>
                  {e.comment && <div className="task-comment">{e.comment}</div>}
                </div>
              ),
            }))}
          />
        )}
        <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('tasks.baseDue')}>{d.baseDue}</Descriptions.Item>
          {d.submittedAt && (
            <Descriptions.Item label={t('tasks.submittedAt')}>{fmtDateTime(d.submittedAt)}</Descriptions.Item>
          )}
          {d.decidedAt && (
            <Descriptions.Item label={t('tasks.decidedAt')}>{fmtDateTime(d.decidedAt)}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {decide && (
        <CommentModal
          title={decide === 'reopen' ? t('tasks.reopenTitle') : t('tasks.returnTitle')}
          placeholder={t('tasks.commentPlaceholder')}
          okText={t(DECIDE_OK[decide])}
          onCancel={() => setDecide(null)}
          onOk={async (comment) => {
            if (await transition(decide, comment)) setDecide(null);
          }}
        />
      )}
    </div>
  );
}
