import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { ApiError } from '../../api/client.ts';
import { accountApi } from './api.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../components/format.ts';
import { passwordRules } from '../users/UsersPage.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** /account — who I am, my grants, and changing my password. */
export function AccountPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await accountApi.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('account.passwordChanged'));
      form.resetFields();
    } catch (e) {
      applyFieldErrors(form, e, ['currentPassword', 'newPassword']);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page account-page">
      <Card variant="borderless" className="page-head">
        <Typography.Title level={3} className="org-title">
          {t('account.title')}
        </Typography.Title>
      </Card>
      <div className="account-grid">
        <Card variant="borderless" size="small" title={t('account.profile')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'u', label: t('users.username'), children: <span className="mono">{me?.user.username}</span> },
              { key: 'd', label: t('users.displayName'), children: me?.user.displayName },
              { key: 'l', label: t('users.locale'), children: enumLabel(t, 'locale', me?.user.locale) },
              {
                key: 'g',
                label: t('users.grants'),
                children: me?.grants.length
                  ? me.grants.map((g) => (
                      <div key={g.id}>
                        {enumLabel(t, 'role', g.role)} · {g.orgName}
                      </div>
                    ))
                  : me?.user.isAdmin
                    ? t('users.admin')
                    : '—',
              },
            ]}
          />
        </Card>
        <Card variant="borderless" size="small" title={t('account.changePassword')}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" onFinish={submit} className="password-form">
            <Form.Item
              name="currentPassword"
              label={t('account.currentPassword')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Input.Password autoComplete="current-password" data-testid="account-current" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('account.newPassword')}
              rules={passwordRules(t)}
              extra={t('validation.password')}
            >
              <Input.Password autoComplete="new-password" data-testid="account-new" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('account.confirmPassword')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('validation.required') },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    !v || v === getFieldValue('newPassword')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.passwordMismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="account-confirm" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="account-submit">
              {t('account.submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
