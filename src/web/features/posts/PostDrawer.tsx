/**
 * Adds a post to an org's leading body (POST /api/posts): the post, its own wording, the holder —
 * a member of the org or below, picked with PersonPicker, or a person from outside the tree named
 * with their unit — term, appointment document and start date. The server's translated message
 * (POST_TAKEN names the present holder) is shown as it comes.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { OrgPostView } from '../../../shared/api.ts';
import { ORG_POSTS, type OrgPost } from '../../../shared/enums.ts';
import { ApiError } from '../../api/client.ts';
import { PersonPicker, type PersonValue } from '../../components/PersonPicker.tsx';
import { applyFieldErrors, todayDayjs } from '../../components/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { postsApi } from './api.ts';

interface Values {
  post?: OrgPost;
  title?: string;
  holder?: PersonValue | null;
  outsideUnit?: string;
  term?: string;
  document?: string;
  startDate?: Dayjs | null;
}

const FIELDS = ['post', 'title', 'outsideUnit', 'term', 'document', 'startDate'];

export function PostDrawer({
  orgId,
  open,
  onClose,
  onSaved,
}: {
  orgId: number;
  open: boolean;
  onClose: () => void;
  onSaved: (p: OrgPostView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const holder = Form.useWatch('holder', form);
  const outside = !!holder && holder.memberId == null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ startDate: todayDayjs() });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const h = v.holder!;
    try {
      const saved = await postsApi.create({
        orgId,
        post: v.post!,
        title: v.title?.trim() ?? '',
        memberId: h.memberId,
        outsideName: h.memberId == null ? h.name : '',
        outsideUnit: h.memberId == null ? (v.outsideUnit?.trim() ?? '') : '',
        term: v.term?.trim() ?? '',
        document: v.document?.trim() ?? '',
        startDate: v.startDate!.format('YYYY-MM-DD'),
      });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (e) {
      applyFieldErrors(form, e, FIELDS);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('posts.addTitle')}
      size={mobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="post-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="post-form-error" />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark>
        <Form.Item name="post" label={t('posts.post')} rules={[required]}>
          <Select
            data-testid="post-form-post"
            options={ORG_POSTS.map((p) => ({ value: p, label: enumLabel(t, 'orgPost', p) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('posts.wording')} extra={t('posts.wordingHint')}>
          <Input maxLength={40} data-testid="post-form-title" />
        </Form.Item>
        <Form.Item
          name="holder"
          label={t('posts.holder')}
          rules={[
            {
              required: true,
              validator: (_, v: PersonValue | null | undefined) =>
                v?.name ? Promise.resolve() : Promise.reject(new Error(t('validation.required'))),
            },
          ]}
        >
          <PersonPicker orgId={orgId} allowOutside data-testid="post-form-holder" />
        </Form.Item>
        {outside && (
          <Form.Item name="outsideUnit" label={t('posts.unit')}>
            <Input maxLength={80} data-testid="post-form-unit" />
          </Form.Item>
        )}
        <Form.Item name="term" label={t('posts.term')}>
          <Input maxLength={40} data-testid="post-form-term" />
        </Form.Item>
        <Form.Item name="document" label={t('posts.document')}>
          <Input maxLength={120} data-testid="post-form-document" />
        </Form.Item>
        <Form.Item name="startDate" label={t('posts.startDate')} rules={[required]}>
          <DatePicker style={{ width: '100%' }} data-testid="post-form-start" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
