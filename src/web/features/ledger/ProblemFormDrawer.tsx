/**
 * The drawer that records a problem in a ledger (新增问题) or changes a draft's particulars: the
 * five things a problem must make clear (content, owner, standard, measures, deadline), measures
 * and milestones as dynamic lists, and a deadline that a long-term problem may leave empty
 * (长期坚持). What is typed is kept in this browser until the server has it.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type {
  ProblemCategory,
  ProblemDetailView,
  ProblemKind,
  ProblemSource,
  ProblemSubject,
} from '../../../shared/ledger.ts';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS, PROBLEM_SOURCES, PROBLEM_SUBJECTS } from '../../../shared/ledger.ts';
import { ApiError } from '../../api/client.ts';
import { ledgerApi } from './api.ts';
import { enumOptions, useI18n } from '../../i18n/index.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors } from '../../components/format.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';
import { useLocalDraft } from '../../components/useLocalDraft.ts';
import { PersonPicker, type PersonValue } from '../../components/PersonPicker.tsx';
import type { PersonRef } from '../../../shared/api.ts';

interface FormValues {
  orgId: number;
  source: ProblemSource;
  category: ProblemCategory;
  subject: ProblemSubject;
  subjectName?: string;
  description: string;
  standard?: string;
  responsibleLeader?: PersonValue | null;
  responsibleDept?: string;
  responsiblePerson?: PersonValue | null;
  kind: ProblemKind;
  deadline?: Dayjs | null;
  remark?: string;
  measures?: Array<{ content?: string; owner?: PersonValue | null; deadline?: Dayjs | null }>;
  milestones?: Array<{ title?: string; dueDate?: Dayjs | null }>;
}

/** The form as stored in localStorage (dates as strings). */
type Stored = Omit<FormValues, 'deadline' | 'measures' | 'milestones'> & {
  deadline?: string | null;
  measures?: Array<{ content?: string; owner?: PersonValue | null; deadline?: string | null }>;
  milestones?: Array<{ title?: string; dueDate?: string | null }>;
};

/** A person from the view, or from a draft kept before persons were picked (plain text then). */
const person = (v: PersonRef | PersonValue | string | null | undefined): PersonValue | null =>
  typeof v === 'string'
    ? v
      ? { memberId: null, name: v }
      : null
    : v && v.name
      ? { memberId: v.memberId, name: v.name }
      : null;

const FIELDS = [
  'orgId',
  'source',
  'category',
  'subject',
  'subjectName',
  'description',
  'standard',
  'responsibleLeader',
  'responsibleDept',
  'responsiblePerson',
  'kind',
  'deadline',
  'remark',
];
const day = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
const dj = (v: string | null | undefined) => (v ? dayjs(v) : null);

function toStored(v: Partial<FormValues>): Stored {
  return {
    ...(v as Stored),
    deadline: day(v.deadline),
    measures: v.measures?.map((m) => ({ ...m, deadline: day(m?.deadline) })),
    milestones: v.milestones?.map((m) => ({ ...m, dueDate: day(m?.dueDate) })),
  };
}

function fromStored(s: Stored): Partial<FormValues> {
  return {
    ...s,
    responsibleLeader: person(s.responsibleLeader),
    responsiblePerson: person(s.responsiblePerson),
    deadline: dj(s.deadline),
    measures: s.measures?.map((m) => ({ ...m, owner: person(m?.owner), deadline: dj(m?.deadline) })),
    milestones: s.milestones?.map((m) => ({ ...m, dueDate: dj(m?.dueDate) })),
  };
}

function fromProblem(p: ProblemDetailView): Partial<FormValues> {
  return {
    orgId: p.orgId,
    source: p.source,
    category: p.category,
    subject: p.subject,
    subjectName: p.subjectName,
    description: p.description,
    standard: p.standard,
    responsibleLeader: person(p.responsibleLeader),
    responsibleDept: p.responsibleDept,
    responsiblePerson: person(p.responsiblePerson),
    kind: p.kind,
    deadline: dj(p.deadline),
    remark: p.remark,
    measures: p.measures.length
      ? p.measures.map((m) => ({ content: m.content, owner: person(m.owner), deadline: dj(m.deadline) }))
      : [{ content: '', owner: null }],
    milestones: p.milestones.map((m) => ({ title: m.title, dueDate: dj(m.dueDate) })),
  };
}

export interface ProblemFormDrawerProps {
  /** The ledger's org: the default unit, and the subtree the unit is chosen from. */
  org?: { id: number; name: string; path?: string };
  /** Editing a draft; absent: recording a new problem. */
  problem?: ProblemDetailView;
  onClose: () => void;
  onSaved: (p: ProblemDetailView) => void;
}

export function ProblemFormDrawer({ org, problem, onClose, onSaved }: ProblemFormDrawerProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [restored, setRestored] = useState(false);
  const storeKey = problem ? `massline.problem.edit.${problem.id}` : `massline.problem.new.${org?.id ?? 0}`;
  const kind = Form.useWatch('kind', form);
  const subject = Form.useWatch('subject', form);
  const chosenOrg = Form.useWatch('orgId', form);
  // Persons are members of the problem's unit or below.
  const personOrg = problem?.orgId ?? chosenOrg ?? org?.id;
  const started = useRef(false);
  // The form as typed, kept in this browser until it is saved (useLocalDraft).
  const draft = useLocalDraft<Stored>(storeKey, { delay: 0 });

  const defaults: Partial<FormValues> = problem
    ? fromProblem(problem)
    : {
        orgId: org?.id,
        source: 'self_inspection',
        category: 'formalism',
        subject: 'leading_body',
        kind: 'phased',
        measures: [{ content: '', owner: null }],
        milestones: [],
      };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const kept = draft.read();
    if (kept) {
      try {
        form.setFieldsValue(fromStored(kept));
        setRestored(true);
      } catch {
        /* an unreadable draft: start from the defaults */
      }
    }
  }, [form, draft]);

  const keep = () => draft.save(toStored(form.getFieldsValue(true) as FormValues));

  const discard = () => {
    draft.clear();
    form.resetFields();
    setRestored(false);
  };

  const submit = async (v: FormValues) => {
    setBusy(true);
    const body = {
      source: v.source,
      category: v.category,
      subject: v.subject,
      subjectName: v.subject === 'leader' ? (v.subjectName ?? '') : '',
      description: v.description,
      standard: v.standard ?? '',
      responsibleLeader: v.responsibleLeader?.name ?? '',
      responsibleLeaderMemberId: v.responsibleLeader?.memberId ?? null,
      responsibleDept: v.responsibleDept ?? '',
      responsiblePerson: v.responsiblePerson?.name ?? '',
      responsiblePersonMemberId: v.responsiblePerson?.memberId ?? null,
      kind: v.kind,
      deadline: day(v.deadline),
      remark: v.remark ?? '',
      measures: (v.measures ?? [])
        .filter((m) => m?.content?.trim())
        .map((m) => ({
          content: m.content!.trim(),
          owner: m.owner?.name ?? '',
          ownerMemberId: m.owner?.memberId ?? null,
          deadline: day(m.deadline),
        })),
      milestones: (v.milestones ?? [])
        .filter((m) => m?.title?.trim() && m.dueDate)
        .map((m) => ({ title: m.title!.trim(), dueDate: day(m.dueDate)! })),
    };
    try {
      const saved = problem
        ? await ledgerApi.updateProblem(problem.id, body)
        : await ledgerApi.createProblem({ ...body, orgId: v.orgId });
      draft.clear();
      message.success(
        problem
          ? t('common.saved')
          : t(saved.missing.length ? 'problem.created' : 'problem.createdComplete', { seq: saved.seq }),
      );
      onSaved(saved);
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS)) message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const requiredRule = { required: true, message: t('validation.required') };

  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={problem ? t('problem.editTitle', { seq: problem.seq }) : t('ledger.newTitle', { org: org?.name ?? '' })}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="problem-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {restored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('problem.formRestored')}
          action={
            <Button size="small" onClick={discard}>
              {t('problem.discard')}
            </Button>
          }
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('problem.formHelp')}
      </Typography.Paragraph>
      <Form<FormValues>
        form={form}
        layout="vertical"
        className="dense-form problem-form"
        initialValues={defaults}
        onFinish={(v) => void submit(v)}
        onValuesChange={keep}
        data-testid="problem-form"
      >
        {!problem && (
          <Form.Item name="orgId" label={t('problem.unit')} rules={[requiredRule]}>
            <OrgSelect
              initial={org ? { id: org.id, name: org.name } : null}
              filter={org?.path ? (o) => o.path === org.path || o.path.startsWith(`${org.path}.`) : undefined}
              data-testid="problem-form-org"
            />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('problem.description')} rules={[requiredRule]}>
          <Input.TextArea rows={3} maxLength={4000} showCount data-testid="problem-form-description" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="source" label={t('problem.source')} rules={[requiredRule]}>
            <Select
              options={enumOptions(
                t,
                'problemSource',
                PROBLEM_SOURCES.filter((s) => s !== 'import' || problem?.source === 'import'),
              )}
            />
          </Form.Item>
          <Form.Item name="category" label={t('problem.category')} rules={[requiredRule]}>
            <Select
              options={enumOptions(t, 'problemCategory', PROBLEM_CATEGORIES)}
              data-testid="problem-form-category"
            />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="subject" label={t('problem.subject')}>
            <Select options={enumOptions(t, 'problemSubject', PROBLEM_SUBJECTS)} />
          </Form.Item>
          {subject === 'leader' && (
            <Form.Item name="subjectName" label={t('problem.subjectName')}>
              <Input maxLength={100} />
            </Form.Item>
          )}
        </div>
        <Form.Item name="standard" label={t('problem.standard')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="problem-form-standard" />
        </Form.Item>
        <div className="form-row form-row-3">
          <Form.Item name="responsibleLeader" label={t('problem.responsibleLeader')}>
            {personOrg ? (
              <PersonPicker orgId={personOrg} allowOutside data-testid="problem-form-leader" />
            ) : (
              <Input disabled data-testid="problem-form-leader" />
            )}
          </Form.Item>
          <Form.Item name="responsibleDept" label={t('problem.responsibleDept')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="responsiblePerson" label={t('problem.responsiblePerson')}>
            {personOrg ? (
              <PersonPicker orgId={personOrg} allowOutside data-testid="problem-form-person" />
            ) : (
              <Input disabled data-testid="problem-form-person" />
            )}
          </Form.Item>
        </div>
        <Form.Item name="kind" label={t('problem.kind')} rules={[requiredRule]}>
          <Radio.Group
            optionType="button"
            options={enumOptions(t, 'problemKind', PROBLEM_KINDS)}
            data-testid="problem-form-kind"
          />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('problem.deadline')}
          extra={
            kind === 'long_term'
              ? t('problem.deadlineLongTermHelp')
              : kind === 'immediate'
                ? t('problem.deadlineImmediateHelp')
                : undefined
          }
        >
          <DatePicker
            placeholder={kind === 'long_term' ? t('problem.longTerm') : undefined}
            style={{ width: mobile ? '100%' : 200 }}
            data-testid="problem-form-deadline"
          />
        </Form.Item>

        <Typography.Text strong>{t('problem.measures')}</Typography.Text>
        <Form.List name="measures">
          {(fields, { add, remove }) => (
            <div className="dyn-list" data-testid="problem-form-measures">
              {fields.map((f, i) => (
                <div key={f.key} className="dyn-item">
                  <span className="dyn-seq">{i + 1}.</span>
                  <div className="dyn-fields">
                    <Form.Item name={[f.name, 'content']} style={{ marginBottom: 8 }}>
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        maxLength={2000}
                        placeholder={t('problem.measureContent')}
                        data-testid={`measure-content-${i}`}
                      />
                    </Form.Item>
                    <Space wrap size={8}>
                      <Form.Item name={[f.name, 'owner']} style={{ marginBottom: 0, minWidth: 200 }}>
                        {personOrg ? (
                          <PersonPicker
                            orgId={personOrg}
                            allowOutside
                            placeholder={t('problem.measureOwner')}
                            data-testid={`measure-owner-${i}`}
                          />
                        ) : (
                          <Input disabled placeholder={t('problem.measureOwner')} />
                        )}
                      </Form.Item>
                      <Form.Item name={[f.name, 'deadline']} style={{ marginBottom: 0 }}>
                        <DatePicker placeholder={t('problem.measureDeadline')} />
                      </Form.Item>
                    </Space>
                  </div>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => {
                      remove(f.name);
                      keep();
                    }}
                    aria-label={t('common.remove')}
                  />
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ content: '', owner: null })}
                data-testid="measure-add"
              >
                {t('problem.addMeasure')}
              </Button>
            </div>
          )}
        </Form.List>

        <Typography.Text strong>{t('problem.milestones')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', fontSize: 13 }}>
          {kind === 'long_term' ? t('problem.milestonesLongTermHelp') : t('problem.milestonesHelp')}
        </Typography.Paragraph>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <div className="dyn-list" data-testid="problem-form-milestones">
              {fields.map((f, i) => (
                <div key={f.key} className="dyn-item">
                  <span className="dyn-seq">{i + 1}.</span>
                  <div className="dyn-fields dyn-fields-row">
                    <Form.Item
                      name={[f.name, 'title']}
                      rules={[requiredRule]}
                      style={{ marginBottom: 0, flex: '1 1 220px' }}
                    >
                      <Input
                        maxLength={500}
                        placeholder={t('problem.milestoneTitle')}
                        data-testid={`milestone-title-${i}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueDate']} rules={[requiredRule]} style={{ marginBottom: 0 }}>
                      <DatePicker placeholder={t('problem.milestoneDue')} data-testid={`milestone-due-${i}`} />
                    </Form.Item>
                  </div>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => {
                      remove(f.name);
                      keep();
                    }}
                    aria-label={t('common.remove')}
                  />
                </div>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ title: '' })}
                data-testid="milestone-add"
              >
                {t('problem.addMilestone')}
              </Button>
            </div>
          )}
        </Form.List>

        <Form.Item name="remark" label={t('problem.remark')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
