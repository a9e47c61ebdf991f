/**
 * /users — accounts with a grant in the chosen organization's subtree: create, grants (add /
 * remove), disable / enable, reset password, unlock.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  KeyOutlined,
  LockOutlined,
  PlusOutlined,
  StopOutlined,
  CheckCircleOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import type { GrantView, UserView } from '../../../shared/api.ts';
import { LOCALES, ROLES, type Locale, type Role } from '../../../shared/enums.ts';
import { ApiError } from '../../api/client.ts';
import { usersApi } from './api.ts';
import { enumLabel, enumOptions, useI18n, type TFunction } from '../../i18n/index.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useShell } from '../../app/shell.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors, fmtDate } from '../../components/format.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';

export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { me } = useAuth();
  const { currentOrg } = useShell();
  const mobile = useIsMobile();
  // Where the page opens: the org open in the shell, else the server's home org for accounts
  // (null for an administrator without an office grant: every account).
  const homeId = me?.homes.users ?? null;
  const home = homeId === null ? undefined : me?.grants.find((g) => g.orgId === homeId);
  const start = currentOrg
    ? { id: currentOrg.id, name: currentOrg.name }
    : home
      ? { id: home.orgId, name: home.orgName }
      : null;
  const [org, setOrg] = useState<{ id: number; name: string } | null>(start);
  const [q, setQ] = useState('');
  const [qInput, setQInput] = useState('');
  const [creating, setCreating] = useState(false);
  const [grantFor, setGrantFor] = useState<UserView | null>(null);
  const [resetFor, setResetFor] = useState<UserView | null>(null);

  const users = useApiData(() => usersApi.list({ org: org?.id, q: q || undefined }), [org?.id, q]);

  const replace = (u: UserView) => users.setData((users.data ?? []).map((x) => (x.id === u.id ? u : x)));
  const act = async (fn: () => Promise<UserView>, ok: string) => {
    try {
      const u = await fn();
      replace(u);
      message.success(ok);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <div className="page users-page">
      <Card variant="borderless" className="page-head">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title">
              {t('users.title')}
            </Typography.Title>
            <Typography.Text type="secondary">
              {org ? t('users.scope', { org: org.name }) : t('users.scopeAll')}
            </Typography.Text>
          </div>
          {me?.abilities.manageUsers && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="user-create"
              data-ability="manageUsers"
            >
              {t('users.create')}
            </Button>
          )}
        </div>
      </Card>
      <Card variant="borderless">
        <div className="table-toolbar">
          <OrgSelect
            style={{ width: mobile ? '100%' : 300 }}
            value={org?.id ?? null}
            initial={org}
            allowClear
            onChange={(id, o) => setOrg(id != null ? { id, name: o?.name ?? `#${id}` } : null)}
            placeholder={t('users.orgFilter')}
            data-testid="users-org"
          />
          <Input.Search
            allowClear
            className="filter-q"
            placeholder={t('users.searchPlaceholder')}
            value={qInput}
            onChange={(e) => {
              setQInput(e.target.value);
              if (!e.target.value) setQ('');
            }}
            onSearch={(v) => setQ(v.trim())}
          />
        </div>
        {users.error && <Alert type="error" showIcon title={users.error.message} style={{ marginBottom: 12 }} />}
        <div data-testid="users-table">
          <Table<UserView>
            size="small"
            rowKey="id"
            loading={users.loading}
            dataSource={users.data ?? []}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true, size: 'small' }}
            columns={[
              {
                title: t('users.username'),
                dataIndex: 'username',
                render: (v: string) => <span className="mono">{v}</span>,
              },
              {
                title: t('users.displayName'),
                dataIndex: 'displayName',
                render: (v: string, u) => (
                  <Space size={4}>
                    {v}
                    {u.isAdmin && <Tag color="red">{t('users.admin')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('field.status'),
                key: 'status',
                render: (_: unknown, u) => (
                  <Space size={4}>
                    <Tag color={u.status === 'active' ? 'green' : 'default'}>
                      {enumLabel(t, 'userStatus', u.status)}
                    </Tag>
                    {u.locked && (
                      <Tag color="orange" icon={<LockOutlined />}>
                        {t('users.locked')}
                      </Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: t('users.grants'),
                key: 'grants',
                render: (_: unknown, u) => (
                  <div className="grant-tags">
                    {u.grants.map((g) => (
                      <GrantTag
                        key={g.id}
                        g={g}
                        onRemove={
                          u.abilities.manage
                            ? () => act(() => usersApi.removeGrant(g.id), t('users.grantRemoved'))
                            : undefined
                        }
                      />
                    ))}
                    {u.abilities.manage && (
                      <Button
                        size="small"
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => setGrantFor(u)}
                        data-testid="grant-add"
                        data-ability="manage"
                      >
                        {t('users.addGrant')}
                      </Button>
                    )}
                  </div>
                ),
              },
              { title: t('users.locale'), dataIndex: 'locale', render: (v: string) => enumLabel(t, 'locale', v) },
              { title: t('field.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDate(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                fixed: mobile ? undefined : 'right',
                render: (_: unknown, u) =>
                  // The server refuses (404) an account whose scope reaches beyond the reader's; say so instead.
                  !u.abilities.manage ? (
                    <Tooltip title={t('users.outsideScope')}>
                      <Typography.Text type="secondary" data-testid="user-not-managed">
                        {t('users.notManaged')}
                      </Typography.Text>
                    </Tooltip>
                  ) : (
                    <Space size={0} wrap>
                      {u.status === 'active' ? (
                        <Popconfirm
                          title={t('users.disableConfirm', { name: u.displayName })}
                          onConfirm={() => act(() => usersApi.update(u.id, { status: 'disabled' }), t('common.saved'))}
                        >
                          <Button
                            size="small"
                            type="link"
                            danger
                            icon={<StopOutlined />}
                            disabled={u.id === me?.user.id}
                            data-ability="manage"
                          >
                            {t('users.disable')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button
                          size="small"
                          type="link"
                          icon={<CheckCircleOutlined />}
                          data-ability="manage"
                          onClick={() => act(() => usersApi.update(u.id, { status: 'active' }), t('common.saved'))}
                        >
                          {t('users.enable')}
                        </Button>
                      )}
                      <Button
                        size="small"
                        type="link"
                        icon={<KeyOutlined />}
                        data-ability="manage"
                        onClick={() => setResetFor(u)}
                      >
                        {t('users.resetPassword')}
                      </Button>
                      {u.locked && (
                        <Button
                          size="small"
                          type="link"
                          icon={<UnlockOutlined />}
                          data-ability="manage"
                          onClick={() => act(() => usersApi.unlock(u.id), t('users.unlocked'))}
                        >
                          {t('users.unlock')}
                        </Button>
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        </div>
      </Card>

      <CreateUserModal
        open={creating}
        defaultOrg={org}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          users.reload();
        }}
      />
      <AddGrantModal
        user={grantFor}
        defaultOrg={org}
        onClose={() => setGrantFor(null)}
        onSaved={(u) => {
          setGrantFor(null);
          replace(u);
        }}
      />
      <ResetPasswordModal user={resetFor} onClose={() => setResetFor(null)} />
    </div>
  );
}

function GrantTag({ g, onRemove }: { g: GrantView; onRemove?: () => void }) {
  const { t } = useI18n();
  return (
    <Tooltip title={g.orgPath || g.orgName}>
      <Tag
        className="grant-tag"
        color={
          g.role === 'office'
            ? 'red'
            : g.role === 'supervisor'
              ? 'purple'
              : g.role === 'unit_admin'
                ? 'blue'
                : 'default'
        }
      >
        {enumLabel(t, 'role', g.role)} · {g.orgName}
        {onRemove && (
          <Popconfirm title={t('users.removeGrantConfirm')} onConfirm={onRemove}>
            <span className="grant-remove" role="button" aria-label={t('common.remove')} data-ability="manage">
              ×
            </span>
          </Popconfirm>
        )}
      </Tag>
    </Tooltip>
  );
}

/** Password rule shared with the account page: ≥ 10 characters, letters and digits. */
export const passwordRules = (t: TFunction) => [
  { required: true, message: t('validation.required') },
  {
    validator: (_: unknown, v?: string) =>
      !v || (v.length >= 10 && /[A-Za-z]/.test(v) && /\d/.test(v))
        ? Promise.resolve()
        : Promise.reject(new Error(t('validation.password'))),
  },
];

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  locale: Locale;
  role?: Role;
  orgId?: number | null;
}

function CreateUserModal({
  open,
  defaultOrg,
  onClose,
  onSaved,
}: {
  open: boolean;
  defaultOrg: { id: number; name: string } | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ locale, role: 'unit_admin', orgId: defaultOrg?.id ?? null });
      setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async (v: CreateValues) => {
    setBusy(true);
    setError(null);
    try {
      await usersApi.create({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        locale: v.locale,
        grants: v.role && v.orgId ? [{ role: v.role, orgId: v.orgId }] : undefined,
      });
      message.success(t('users.created'));
      onSaved();
    } catch (e) {
      applyFieldErrors(form, e, ['username', 'displayName', 'password', 'locale']);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} className="dense-form">
        <div className="form-row">
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { pattern: /^[A-Za-z0-9_.@-]{2,50}$/, message: t('validation.username') },
            ]}
          >
            <Input autoComplete="off" data-testid="user-form-username" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input data-testid="user-form-displayName" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            rules={passwordRules(t)}
            extra={t('validation.password')}
          >
            <Input.Password autoComplete="new-password" data-testid="user-form-password" />
          </Form.Item>
          <Form.Item name="locale" label={t('users.locale')}>
            <Select options={enumOptions(t, 'locale', LOCALES)} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="role" label={t('users.firstGrantRole')}>
            <Select allowClear options={enumOptions(t, 'role', ROLES)} />
          </Form.Item>
          <Form.Item name="orgId" label={t('users.firstGrantOrg')}>
            <OrgSelect initial={defaultOrg} allowClear />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

function AddGrantModal({
  user,
  defaultOrg,
  onClose,
  onSaved,
}: {
  user: UserView | null;
  defaultOrg: { id: number; name: string } | null;
  onClose: () => void;
  onSaved: (u: UserView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ role: Role; orgId: number | null }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      form.setFieldsValue({ role: 'unit_admin', orgId: defaultOrg?.id ?? null });
      setError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  const submit = async (v: { role: Role; orgId: number | null }) => {
    // The form requires an org, so onFinish never sees null.
    if (!user || v.orgId === null) return;
    setBusy(true);
    setError(null);
    try {
      const u = await usersApi.addGrant(user.id, { role: v.role, orgId: v.orgId });
      message.success(t('users.grantAdded'));
      onSaved(u);
    } catch (e) {
      applyFieldErrors(form, e, ['role', 'orgId']);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={t('users.addGrantTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={enumOptions(t, 'role', ROLES)} data-testid="grant-role" />
        </Form.Item>
        <Form.Item name="orgId" label={t('field.org')} rules={[{ required: true, message: t('validation.required') }]}>
          <OrgSelect initial={defaultOrg} data-testid="grant-org" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(null);
    }
  }, [user, form]);

  const submit = async (v: { password: string }) => {
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      await usersApi.resetPassword(user.id, { password: v.password });
      message.success(t('users.passwordReset'));
      onClose();
    } catch (e) {
      applyFieldErrors(form, e, ['password']);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={t('users.resetPasswordTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={passwordRules(t)}
          extra={t('validation.password')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
