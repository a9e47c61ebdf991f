/**
 * Drawing up one of the five forms (三制五单), or editing a draft: the issuing org is the org the
 * tab is on (for a unit's pre-report or resolution report, the unit itself, sent to the office
 * above, its parent by default); the unit the form is about; title, content, the deadline of an
 * order; the organization department a 组织调整建议单 goes to; the ledger problems it concerns.
 * Saves a draft, or saves and issues (签发 / 报送) at once.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { SelectOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { OrgDetailView, OrgView } from '../../../../shared/api.ts';
import { UPWARD_FORMS, type FormDetailView, type FormKind, type TeamView } from '../../../../shared/supervision.ts';
import { teamsApi } from '../teams/api.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { OrgSelect } from '../../../components/OrgSelect.tsx';
import { applyFieldErrors, todayDayjs } from '../../../components/format.ts';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { formKindLabel } from '../labels.ts';
import { errText, ProblemList, ProblemPickerModal, type PickedProblem } from '../parts/problems.tsx';
import { formsApi } from './api.ts';
import { PersonPicker, type PersonValue } from '../../../components/PersonPicker.tsx';

interface Values {
  teamId?: number | null;
  subjectOrgId?: number;
  recipientOrgId?: number | null;
  recipientName?: string;
  recipientPerson?: PersonValue | null;
  title: string;
  content: string;
  deadline?: Dayjs | null;
}

const FIELDS = ['teamId', 'subjectOrgId', 'recipientOrgId', 'recipientName', 'title', 'content', 'deadline'];

type Props =
  | { mode: 'create'; kind: FormKind; org: OrgDetailView; onClose: () => void; onSaved: (f: FormDetailView) => void }
  | { mode: 'edit'; form: FormDetailView; onClose: () => void; onSaved: (f: FormDetailView) => void };

export function FormModal(props: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const editing = props.mode === 'edit' ? props.form : null;
  const org = props.mode === 'create' ? props.org : null;
  const kind: FormKind = props.mode === 'create' ? props.kind : props.form.kind;
  const upward = UPWARD_FORMS.includes(kind);
  const parent = org && org.parentId ? (org.breadcrumbs.find((b) => b.id === org.parentId) ?? null) : null;
  const [subject, setSubject] = useState<{ id: number; name: string } | null>(
    editing
      ? { id: editing.subjectOrgId, name: editing.subjectOrgName }
      : upward && org
        ? { id: org.id, name: org.name }
        : null,
  );
  const [problems, setProblems] = useState<PickedProblem[]>(editing ? editing.problems.map((p) => ({ ...p })) : []);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState<'draft' | 'issue' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const teams = useApiData(
    () =>
      org && kind === 'order'
        ? teamsApi.list({ org: org.id, limit: 200 }).then((p) => p.items)
        : Promise.resolve([] as TeamView[]),
    [org?.id, kind],
  );
  const activeTeams = (teams.data ?? []).filter((x) => x.status === 'active');

  const initial: Partial<Values> = editing
    ? {
        title: editing.title,
        content: editing.content,
        deadline: editing.deadline ? dayjs(editing.deadline) : null,
        recipientName: editing.recipientName,
        recipientPerson: editing.recipientPerson
          ? { memberId: editing.recipientPerson.memberId, name: editing.recipientPerson.name }
          : null,
      }
    : {
        title: '',
        content: '',
        subjectOrgId: upward && org ? org.id : undefined,
        recipientOrgId: upward ? (parent?.id ?? null) : kind === 'criticism' && org ? org.id : null,
        recipientName: kind === 'org_adjustment' ? t('sv.form.defaultDept') : undefined,
        deadline: null,
      };

  // Downward forms go to units strictly below the issuing office; a unit reports on itself or a unit below it.
  const below = useMemo(
    () =>
      org ? (o: OrgView) => (upward ? o.path === org.path : false) || o.path.startsWith(`${org.path}.`) : undefined,
    [org, upward],
  );
  // An upward form goes to an office above the unit.
  const above = useMemo(() => (org ? (o: OrgView) => org.path.startsWith(`${o.path}.`) : undefined), [org]);

  const save = async (issue: boolean) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(issue ? 'issue' : 'draft');
    setError(null);
    const deadline = v.deadline ? v.deadline.format('YYYY-MM-DD') : null;
    try {
      let f: FormDetailView;
      if (editing) {
        f = await formsApi.update(editing.id, {
          title: v.title.trim(),
          content: v.content ?? '',
          deadline,
          ...(kind === 'org_adjustment' ? { recipientName: (v.recipientName ?? '').trim() } : {}),
          recipientMemberId: v.recipientPerson?.memberId ?? null,
          problemIds: problems.map((p) => p.id),
        });
      } else {
        f = await formsApi.create({
          kind,
          issuerOrgId: org!.id,
          teamId: v.teamId ?? null,
          subjectOrgId: v.subjectOrgId!,
          recipientOrgId: upward || kind === 'criticism' ? (v.recipientOrgId ?? null) : null,
          ...(kind === 'org_adjustment' ? { recipientName: (v.recipientName ?? '').trim() } : {}),
          recipientMemberId: v.recipientPerson?.memberId ?? null,
          title: v.title.trim(),
          content: v.content ?? '',
          deadline: kind === 'order' || kind === 'criticism' ? deadline : null,
          problemIds: problems.map((p) => p.id),
        });
      }
      if (issue) {
        try {
          f = await formsApi.transition(f.id, 'issue');
          message.success(t(upward ? 'sv.form.sent' : 'sv.form.issued'));
        } catch (e) {
          // The draft is kept: say why it was not issued, and open it.
          message.warning(t('sv.form.savedNotIssued', { reason: errText(e) }));
        }
      } else {
        message.success(editing ? t('common.saved') : t('sv.form.draftSaved'));
      }
      props.onSaved(f);
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS)) setError(errText(e));
    } finally {
      setBusy(null);
    }
  };

  const title = editing
    ? t('sv.form.editTitle', { kind: formKindLabel(t, kind) })
    : t('sv.form.newTitle', { kind: formKindLabel(t, kind) });
  const size = mobile ? 'large' : 'middle';
  return (
    <Modal
      open
      width={mobile ? '100%' : 720}
      className="sv-picker-modal"
      title={title}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose} size={size}>
            {t('common.cancel')}
          </Button>
          {editing ? (
            <Button
              type="primary"
              loading={busy === 'draft'}
              onClick={() => void save(false)}
              size={size}
              data-testid="form-edit-submit"
            >
              {t('common.save')}
            </Button>
          ) : (
            <>
              <Button
                loading={busy === 'draft'}
                disabled={busy === 'issue'}
                onClick={() => void save(false)}
                size={size}
                data-testid="form-create-submit"
              >
                {t('sv.form.saveDraft')}
              </Button>
              <Button
                type="primary"
                loading={busy === 'issue'}
                disabled={busy === 'draft'}
                onClick={() => void save(true)}
                size={size}
                data-testid="form-create-issue"
              >
                {t(upward ? 'sv.form.saveSend' : 'sv.form.saveIssue')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} className="dense-form">
        {org && (
          <Form.Item label={t(upward ? 'sv.form.reportingUnit' : 'sv.form.issuer')}>
            <Typography.Text strong data-testid="form-create-issuer">
              {org.name}
            </Typography.Text>
          </Form.Item>
        )}
        {org && kind === 'order' && activeTeams.length > 0 && (
          <Form.Item name="teamId" label={t('sv.form.team')} extra={t('sv.form.teamHint')}>
            <Select
              allowClear
              placeholder={t('sv.form.teamNone')}
              options={activeTeams.map((x) => ({ value: x.id, label: x.name }))}
              data-testid="form-create-team"
            />
          </Form.Item>
        )}
        {org ? (
          <Form.Item
            name="subjectOrgId"
            label={t(upward ? 'sv.form.subjectUp' : `sv.form.subject.${kind}`)}
            rules={[{ required: true, message: t('sv.form.subjectRequired') }]}
          >
            <OrgSelect
              filter={below}
              initial={upward ? { id: org.id, name: org.name } : null}
              onChange={(id, o) => {
                setSubject(id && o ? { id, name: o.name } : null);
                form.setFieldValue('recipientPerson', null);
                setProblems([]);
              }}
              data-testid="form-create-subject"
            />
          </Form.Item>
        ) : (
          <Form.Item label={t(upward ? 'sv.form.subjectUp' : `sv.form.subject.${kind}`)}>
            <Typography.Text strong>{editing?.subjectOrgName}</Typography.Text>
          </Form.Item>
        )}
        {org && upward && (
          <Form.Item
            name="recipientOrgId"
            label={t('sv.form.sendTo')}
            extra={t('sv.form.sendToHint')}
            rules={[{ required: !parent, message: t('sv.form.sendToRequired') }]}
          >
            <OrgSelect filter={above} initial={parent} data-testid="form-create-recipient" />
          </Form.Item>
        )}
        {org && kind === 'criticism' && (
          <Form.Item name="recipientOrgId" label={t('sv.form.circulateTo')} extra={t('sv.form.circulateToHint')}>
            <OrgSelect
              filter={(o) => o.path === org.path || o.path.startsWith(`${org.path}.`)}
              initial={{ id: org.id, name: org.name }}
              data-testid="form-create-recipient"
            />
          </Form.Item>
        )}
        {kind === 'org_adjustment' && (
          <Form.Item
            name="recipientName"
            label={t('sv.form.recipientName')}
            rules={[{ required: true, whitespace: true, message: t('sv.form.recipientNameRequired') }]}
          >
            <Input maxLength={100} data-testid="form-create-recipient-name" />
          </Form.Item>
        )}
        {subject && (
          <Form.Item
            name="recipientPerson"
            label={t('sv.form.recipientPerson')}
            extra={t('sv.form.recipientPersonHint', { unit: subject.name })}
          >
            <PersonPicker key={subject.id} orgId={subject.id} data-testid="form-create-recipient-person" />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('sv.form.titleLabel')}
          rules={[{ required: true, whitespace: true, message: t('sv.form.titleRequired') }]}
        >
          <Input maxLength={200} placeholder={t(`sv.form.titlePlaceholder.${kind}`)} data-testid="form-create-title" />
        </Form.Item>
        <Form.Item name="content" label={t(`sv.form.content.${kind}`)}>
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 14 }}
            maxLength={20000}
            placeholder={t(`sv.form.contentPlaceholder.${kind}`)}
            data-testid="form-create-content"
          />
        </Form.Item>
        {(kind === 'order' || kind === 'criticism') && (
          <Form.Item
            name="deadline"
            label={t('sv.form.deadline')}
            rules={kind === 'order' ? [{ required: true, message: t('sv.form.deadlineRequired') }] : undefined}
          >
            <DatePicker
              style={{ width: mobile ? '100%' : 220 }}
              disabledDate={(d) => d.isBefore(todayDayjs(), 'day')}
              data-testid="form-create-deadline"
              size={size}
            />
          </Form.Item>
        )}
        <Form.Item
          label={t('sv.form.problems')}
          extra={subject ? t('sv.form.problemsHint', { org: subject.name }) : t('sv.form.problemsNeedSubject')}
        >
          <div className="sv-form-problems">
            <ProblemList rows={problems} testId="form-create-problems-list" />
            <Button
              icon={<SelectOutlined />}
              disabled={!subject}
              onClick={() => setPicking(true)}
              style={{ marginTop: 8 }}
              data-testid="form-create-problems"
            >
              {t('sv.form.pickProblems')}
            </Button>
          </div>
        </Form.Item>
      </Form>
      {picking && subject && (
        <ProblemPickerModal
          orgId={subject.id}
          orgName={subject.name}
          selected={problems}
          onCancel={() => setPicking(false)}
          onOk={(rows) => {
            setProblems(rows);
            setPicking(false);
          }}
        />
      )}
    </Modal>
  );
}
