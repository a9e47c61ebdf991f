/**
 * 新建材料: kind, title, whose material (a member picked with the person picker, or a name typed for
 * a leading body or an outside person), the first text, who reviews it and against which criteria.
 * What is typed stays in this browser (useLocalDraft) until the material is created.
 */
import { useMemo, useState } from 'react';
import { App, Checkbox, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import type { OrgDetailView } from '../../../../shared/api.ts';
import type { MaterialDetailView, MaterialKind } from '../../../../shared/supervision.ts';
import { ApiError } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { applyFieldErrors } from '../../../components/format.ts';
import { useLocalDraft } from '../../../components/useLocalDraft.ts';
import { PersonPicker, type PersonValue } from '../../../components/PersonPicker.tsx';
import { checklistsApi } from '../checklists/api.ts';
import { checklistName, svOptions } from '../labels.ts';
import { materialsApi } from './api.ts';

interface NewMaterialValues {
  kind: MaterialKind;
  title: string;
  /** Whose material it is: a member (memberId) or a name given as text (memberId null). */
  subject?: PersonValue | null;
  body?: string;
  checklistId?: number;
  needsLeader: boolean;
  needsTeam: boolean;
}

const NEW_FIELDS = ['kind', 'title', 'subject', 'body', 'checklistId', 'needsLeader', 'needsTeam'];

export function NewMaterialModal({
  org,
  isUnitLeader,
  onClose,
  onCreated,
}: {
  org: OrgDetailView;
  isUnitLeader: boolean;
  onClose: () => void;
  onCreated: (m: MaterialDetailView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<NewMaterialValues>();
  const [busy, setBusy] = useState(false);
  const checklists = useApiData(() => checklistsApi.list(org.id, 'review'), [org.id]);
  const draft = useLocalDraft<Partial<NewMaterialValues>>(`massline.material.new.${org.id}`);
  const stored = draft.stored;
  const initial = useMemo<NewMaterialValues>(() => {
    // Nobody reviews their own material as main leader: a secretary's own report goes to the team.
    const base: NewMaterialValues = {
      kind: 'analysis_report',
      title: '',
      subject: null,
      body: '',
      needsLeader: !isUnitLeader,
      needsTeam: true,
    };
    return stored ? { ...base, ...stored } : base;
  }, [stored, isUnitLeader]);
  const needsLeader = Form.useWatch('needsLeader', form);
  const needsTeam = Form.useWatch('needsTeam', form);

  const keep = () => draft.save(form.getFieldsValue(true) as Partial<NewMaterialValues>);

  const submit = async (v: NewMaterialValues) => {
    setBusy(true);
    try {
      const created = await materialsApi.create({
        orgId: org.id,
        kind: v.kind,
        title: v.title.trim(),
        subjectName: (v.subject?.name ?? '').trim(),
        subjectMemberId: v.subject?.memberId ?? null,
        body: v.body ?? '',
        checklistId: v.checklistId ?? undefined,
        needsLeader: !!v.needsLeader,
        needsTeam: !!v.needsTeam,
      });
      draft.clear();
      message.success(t('sv.material.created'));
      onCreated(created);
    } catch (e) {
      // The server names the subject's member id; the form holds the person as `subject`.
      const subjectIssues =
        e instanceof ApiError ? e.fieldIssues.filter((i) => i.path.replace(/^body[./]/, '') === 'subjectMemberId') : [];
      if (subjectIssues.length) {
        form.setFields([{ name: 'subject', errors: subjectIssues.map((i) => i.message) }]);
        message.error((e as ApiError).message);
      } else if (!applyFieldErrors(form, e, NEW_FIELDS)) message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const requiredRule = { required: true, message: t('validation.required') };
  const checklistOptions = (checklists.data ?? []).map((c) => ({
    value: c.id,
    label: (
      <span>
        {checklistName(locale, c)}{' '}
        {c.builtin ? (
          <Tag className="sv-inline-tag">{t('sv.checklist.builtin')}</Tag>
        ) : (
          <span className="muted">· {c.orgName}</span>
        )}
      </span>
    ),
    title: checklistName(locale, c),
  }));

  return (
    <Modal
      open
      width={mobile ? '100%' : 720}
      style={mobile ? { top: 8, maxWidth: '100vw', paddingBottom: 0 } : undefined}
      title={t('sv.material.newTitle', { org: org.name })}
      okText={t('sv.material.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'material-new-ok' } as never}
      destroyOnHidden
    >
      <Form<NewMaterialValues>
        form={form}
        layout="vertical"
        className="dense-form"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={keep}
        data-testid="material-new-form"
      >
        <div className="form-row">
          <Form.Item name="kind" label={t('sv.material.kind')} rules={[requiredRule]}>
            <Select options={svOptions(t, 'materialKind')} data-testid="material-new-kind" />
          </Form.Item>
          <Form.Item name="subject" label={t('sv.material.subject')} extra={t('sv.material.subjectHelp')}>
            <PersonPicker
              orgId={org.id}
              allowOutside
              placeholder={t('sv.material.subjectPlaceholder')}
              data-testid="material-new-subject"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="title"
          label={t('sv.material.title')}
          rules={[requiredRule, { whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={200} data-testid="material-new-title" />
        </Form.Item>
        <Form.Item name="body" label={t('sv.material.body')} extra={t('sv.material.bodyHelp')}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={200000} data-testid="material-new-body" />
        </Form.Item>
        <Form.Item name="checklistId" label={t('sv.material.checklist')} extra={t('sv.material.checklistHelp')}>
          <Select
            allowClear
            loading={checklists.loading}
            options={checklistOptions}
            placeholder={t('sv.material.checklistDefault')}
            data-testid="material-new-checklist"
          />
        </Form.Item>
        <Form.Item
          label={t('sv.material.reviewers')}
          required
          style={{ marginBottom: 4 }}
          extra={t('sv.material.reviewersHelp')}
        >
          <div className="sv-checks">
            <Form.Item name="needsLeader" valuePropName="checked" noStyle>
              <Checkbox data-testid="material-new-needs-leader">{t('sv.material.needsLeader')}</Checkbox>
            </Form.Item>
            <Form.Item name="needsTeam" valuePropName="checked" noStyle>
              <Checkbox data-testid="material-new-needs-team">{t('sv.material.needsTeam')}</Checkbox>
            </Form.Item>
          </div>
        </Form.Item>
        {needsLeader === false && needsTeam === false && (
          <Typography.Text type="warning">{t('sv.material.noReviewer')}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
