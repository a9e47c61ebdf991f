/**
 * Organization dialogs: create a child, edit, move under another parent, dissolve, import.
 * Each calls the API, shows field errors in place and hands the new OrgDetailView back.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { ImportResult, OrgDetailView } from '../../../shared/api.ts';
import { ORG_KINDS, ORG_LEVEL_RANK, ORG_LEVELS, type OrgKind, type OrgLevel } from '../../../shared/enums.ts';
import { ApiError } from '../../api/client.ts';
import { orgsApi } from './api.ts';
import { enumOptions, useI18n } from '../../i18n/index.tsx';
import { applyFieldErrors } from '../../components/format.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';
import { ImportPanel } from '../../components/ImportPanel.tsx';

interface OrgFormValues {
  name: string;
  shortName?: string;
  code?: string;
  level: OrgLevel;
  kind: OrgKind;
  sortOrder?: number | null;
}

const ORG_FIELDS = ['name', 'shortName', 'code', 'level', 'kind', 'sortOrder', 'parentId'];

/** Create a child of `parent`, or edit `org` (mode decides). */
export function OrgFormModal({
  mode,
  org,
  open,
  onClose,
  onSaved,
}: {
  mode: 'create' | 'edit';
  /** The parent when creating, the organization itself when editing. */
  org: OrgDetailView;
  open: boolean;
  onClose: () => void;
  onSaved: (o: OrgDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A child must sit lower than its parent.
  const minRank = mode === 'create' ? ORG_LEVEL_RANK[org.level] + 1 : -1;
  const levels = ORG_LEVELS.filter((l) => ORG_LEVEL_RANK[l] >= minRank);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (mode === 'edit') {
      form.setFieldsValue({
        name: org.name,
        shortName: org.shortName ?? undefined,
        code: org.code ?? undefined,
        level: org.level,
        kind: org.kind,
        sortOrder: org.sortOrder,
      });
    } else {
      const next = ORG_LEVELS.find((l) => ORG_LEVEL_RANK[l] === minRank) ?? 'branch';
      form.setFieldsValue({
        level: next,
        kind: org.kind === 'committee' || org.kind === 'party_group' ? undefined : org.kind,
      });
    }
  }, [open, mode, org, form, minRank]);

  const submit = async (v: OrgFormValues) => {
    setBusy(true);
    setError(null);
    const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    try {
      let saved: OrgDetailView;
      if (mode === 'create') {
        saved = await orgsApi.create({
          parentId: org.id,
          name: v.name.trim(),
          shortName: clean(v.shortName),
          code: clean(v.code),
          level: v.level,
          kind: v.kind,
          sortOrder: v.sortOrder ?? undefined,
        });
      } else {
        const body: Record<string, unknown> = {};
        if (v.name.trim() !== org.name) body.name = v.name.trim();
        if ((clean(v.shortName) ?? null) !== org.shortName) body.shortName = clean(v.shortName) ?? null;
        if ((clean(v.code) ?? null) !== org.code) body.code = clean(v.code) ?? null;
        if (v.level !== org.level) body.level = v.level;
        if (v.kind !== org.kind) body.kind = v.kind;
        if (v.sortOrder != null && v.sortOrder !== org.sortOrder) body.sortOrder = v.sortOrder;
        if (Object.keys(body).length === 0) {
          onClose();
          return;
        }
        saved = await orgsApi.update(org.id, body);
      }
      message.success(t(mode === 'create' ? 'org.created' : 'common.saved'));
      onSaved(saved);
    } catch (e) {
      if (!applyFieldErrors(form, e, ORG_FIELDS)) setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={mode === 'create' ? t('org.createChildTitle', { parent: org.name }) : t('org.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'org-form-submit' }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} className="dense-form">
        <Form.Item
          name="name"
          label={t('field.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200 }]}
        >
          <Input data-testid="org-form-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="shortName" label={t('field.shortName')}>
          <Input data-testid="org-form-shortName" maxLength={100} />
        </Form.Item>
        <Form.Item name="code" label={t('field.code')} tooltip={t('org.codeHint')}>
          <Input data-testid="org-form-code" maxLength={50} />
        </Form.Item>
        <div className="form-row">
          <Form.Item
            name="level"
            label={t('field.level')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select data-testid="org-form-level" options={enumOptions(t, 'orgLevel', levels)} />
          </Form.Item>
          <Form.Item
            name="kind"
            label={t('field.kind')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select data-testid="org-form-kind" options={enumOptions(t, 'orgKind', ORG_KINDS)} />
          </Form.Item>
        </div>
        <Form.Item name="sortOrder" label={t('field.sortOrder')}>
          <InputNumber style={{ width: '100%' }} precision={0} min={0} max={1000000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function OrgMoveModal({
  org,
  open,
  onClose,
  onSaved,
}: {
  org: OrgDetailView;
  open: boolean;
  onClose: () => void;
  onSaved: (o: OrgDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [parentId, setParentId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setParentId(null);
      setError(null);
    }
  }, [open]);

  const submit = async () => {
    if (parentId == null) {
      setError(t('org.moveChooseParent'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await orgsApi.move(org.id, parentId);
      message.success(t('org.moved'));
      onSaved(saved);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const rank = ORG_LEVEL_RANK[org.level];
  return (
    <Modal
      open={open}
      title={t('org.moveTitle', { name: org.name })}
      onCancel={onClose}
      onOk={submit}
      okText={t('org.move')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('org.moveHint')}</Typography.Paragraph>
      <OrgSelect
        data-testid="org-move-parent"
        style={{ width: '100%' }}
        value={parentId}
        onChange={(id) => setParentId(id)}
        filter={(o) =>
          o.id !== org.id && o.id !== org.parentId && ORG_LEVEL_RANK[o.level] < rank && o.status === 'active'
        }
        placeholder={t('org.moveSearch')}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

export function OrgDissolveModal({
  org,
  open,
  onClose,
  onSaved,
}: {
  org: OrgDetailView;
  open: boolean;
  onClose: () => void;
  onSaved: (o: OrgDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const submit = async (v: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await orgsApi.dissolve(org.id, v.reason.trim());
      message.success(t('org.dissolved'));
      onSaved(saved);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['reason'])) setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('org.dissolveTitle', { name: org.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.dissolve')}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('org.dissolveWarning')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('field.dissolveReason')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="org-dissolve-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function OrgImportModal({
  org,
  open,
  onClose,
  onImported,
}: {
  org: OrgDetailView;
  open: boolean;
  onClose: () => void;
  onImported: (r: ImportResult) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <Modal
      open={open}
      title={t('org.importTitle', { name: org.name })}
      onCancel={onClose}
      footer={null}
      width={720}
      destroyOnHidden
    >
      <ImportPanel
        templateHref={orgsApi.importTemplateHref(locale)}
        uploadPath="/orgs/import"
        query={{ root: org.id }}
        ids={{ file: 'org-import-file', errors: 'org-import-errors', success: 'org-import-success' }}
        hint={t('org.importHint')}
        onImported={onImported}
      />
    </Modal>
  );
}
