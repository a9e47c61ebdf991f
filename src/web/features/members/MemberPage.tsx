/**
 * /members/:id — the member's details, the history of transfers and status changes, and edit /
 * transfer / change status / audit as the abilities allow.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { AuditOutlined, EditOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { MemberEventView, MemberView } from '../../../shared/api.ts';
import { MEMBER_STATUSES, type MemberStatus } from '../../../shared/enums.ts';
import { ApiError } from '../../api/client.ts';
import { orgsApi } from '../orgs/api.ts';
import { membersApi } from './api.ts';
import { enumLabel, enumOptions, useI18n, type TFunction } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useShell } from '../../app/shell.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors, dash, fmtDate, fmtDateTime } from '../../components/format.ts';
import { AuditDrawer } from '../../components/AuditDrawer.tsx';
import { OrgSelect } from '../../components/OrgSelect.tsx';
import { MemberFormDrawer } from './MemberFormDrawer.tsx';
import { STATUS_COLORS } from './MembersTab.tsx';

type Dialog = null | 'edit' | 'transfer' | 'status' | 'audit';

export function MemberPage({ id }: { id: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const { setCurrentOrg } = useShell();
  const mobile = useIsMobile();
  const detail = useApiData(() => membersApi.get(id), [id]);
  const m = detail.data;
  const orgId = m?.orgId;
  // The member's organization, for breadcrumbs and to open the tree at it.
  const org = useApiData(() => (orgId ? orgsApi.get(orgId) : Promise.resolve(undefined)), [orgId]);
  const [dialog, setDialog] = useState<Dialog>(null);

  useEffect(() => {
    const o = org.data;
    if (!o) return;
    const path = o.breadcrumbs.map((b) => b.id);
    if (path[path.length - 1] !== o.id) path.push(o.id);
    setCurrentOrg({ id: o.id, name: o.name, path });
  }, [org.data, setCurrentOrg]);

  if (detail.error) {
    return (
      <Result
        status={detail.error.status === 404 ? '404' : 'error'}
        title={detail.error.status === 404 ? t('members.notFound') : t('common.loadFailed')}
        subTitle={detail.error.message}
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      />
    );
  }
  if (!m) return <Skeleton active paragraph={{ rows: 10 }} />;

  const saved = () => {
    setDialog(null);
    detail.reload();
  };
  const ab = m.abilities;
  const crumbs = org.data ? org.data.breadcrumbs.filter((b) => b.id !== org.data!.id) : [];

  return (
    <div className="page member-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          ...crumbs.map((b) => ({ key: b.id, title: <Link to={`/orgs/${b.id}`}>{b.name}</Link> })),
          { key: 'org', title: <Link to={`/orgs/${m.orgId}?tab=members`}>{m.orgName}</Link> },
          { key: 'me', title: m.name },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title" data-testid="member-title">
              {m.name}
            </Typography.Title>
            <Space size={[4, 4]} wrap>
              <Tag color={STATUS_COLORS[m.status]}>{enumLabel(t, 'memberStatus', m.status)}</Tag>
              <Tag color="red" variant="outlined">
                {enumLabel(t, 'memberCategory', m.category)}
              </Tag>
              {m.specialTypes.map((s) => (
                <Tag key={s} color="orange" variant="outlined">
                  {enumLabel(t, 'specialType', s)}
                </Tag>
              ))}
            </Space>
          </div>
          <Space wrap className="page-actions">
            {ab.update && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => setDialog('edit')}
                data-testid="member-edit"
              >
                {t('common.edit')}
              </Button>
            )}
            {ab.transfer && m.status === 'active' && (
              <Button icon={<SwapOutlined />} onClick={() => setDialog('transfer')} data-testid="member-transfer">
                {t('members.transfer')}
              </Button>
            )}
            {ab.changeStatus && (
              <Button icon={<UserSwitchOutlined />} onClick={() => setDialog('status')} data-testid="member-status">
                {t('members.changeStatus')}
              </Button>
            )}
            {ab.readAudit && (
              <Button icon={<AuditOutlined />} onClick={() => setDialog('audit')} data-testid="audit-open">
                {t('audit.open')}
              </Button>
            )}
          </Space>
        </div>
      </Card>

      <div className="member-grid">
        <Card title={t('members.details')} variant="borderless" size="small" className="member-details">
          {m.masked && <Alert type="info" showIcon title={t('members.maskedNotice')} style={{ marginBottom: 12 }} />}
          <Descriptions
            size="small"
            bordered
            column={mobile ? 1 : 2}
            data-testid="member-details"
            items={[
              { key: 'name', label: t('field.memberName'), children: m.name },
              { key: 'gender', label: t('field.gender'), children: enumLabel(t, 'gender', m.gender) },
              {
                key: 'birthDate',
                label: t('field.birthDate'),
                children: m.birthDate
                  ? t('members.birthWithAge', { date: fmtDate(m.birthDate), age: m.age ?? '—' })
                  : '—',
              },
              { key: 'ethnicity', label: t('field.ethnicity'), children: dash(m.ethnicity) },
              { key: 'education', label: t('field.education'), children: dash(m.education) },
              {
                key: 'idNumber',
                label: t('field.idNumber'),
                children: <span className="mono">{dash(m.idNumber)}</span>,
              },
              { key: 'phone', label: t('field.phone'), children: <span className="mono">{dash(m.phone)}</span> },
              { key: 'category', label: t('field.category'), children: enumLabel(t, 'memberCategory', m.category) },
              {
                key: 'specialTypes',
                label: t('field.specialTypes'),
                children: m.specialTypes.length
                  ? m.specialTypes.map((s) => enumLabel(t, 'specialType', s)).join('、')
                  : '—',
              },
              { key: 'joinDate', label: t('field.joinDate'), children: fmtDate(m.joinDate) },
              { key: 'position', label: t('field.position'), children: dash(m.position) },
              { key: 'org', label: t('field.org'), children: <Link to={`/orgs/${m.orgId}`}>{m.orgName}</Link> },
              {
                key: 'status',
                label: t('field.status'),
                children: (
                  <>
                    {enumLabel(t, 'memberStatus', m.status)}
                    {m.statusNote && <Typography.Text type="secondary"> · {m.statusNote}</Typography.Text>}
                  </>
                ),
              },
              { key: 'updatedAt', label: t('field.updatedAt'), children: fmtDateTime(m.updatedAt) },
            ]}
          />
        </Card>
        <Card title={t('members.history')} variant="borderless" size="small" className="member-history">
          {m.events.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('members.noHistory')} />
          ) : (
            <Timeline
              data-testid="member-history"
              items={[...m.events]
                .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
                .map((ev) => ({
                  key: ev.id,
                  color: ev.kind === 'transfer' ? 'blue' : ev.kind === 'status' ? 'red' : 'green',
                  title: fmtDateTime(ev.at),
                  content: <EventText ev={ev} t={t} />,
                }))}
            />
          )}
        </Card>
      </div>

      {ab.update && (
        <MemberFormDrawer
          mode="edit"
          member={m}
          open={dialog === 'edit'}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
      <TransferModal member={m} open={dialog === 'transfer'} onClose={() => setDialog(null)} onSaved={saved} />
      <StatusModal member={m} open={dialog === 'status'} onClose={() => setDialog(null)} onSaved={saved} />
      <AuditDrawer
        open={dialog === 'audit'}
        onClose={() => setDialog(null)}
        entityType="member"
        entityId={m.id}
        title={t('audit.titleOf', { name: m.name })}
      />
    </div>
  );
}

/** One member event as a line of the history (the member page, 我的). */
export function EventText({ ev, t }: { ev: MemberEventView; t: TFunction }) {
  const org = (o: { id: number; name: string } | null) => (o ? <Link to={`/orgs/${o.id}`}>{o.name}</Link> : '—');
  return (
    <div className="member-event">
      <b>{enumLabel(t, 'memberEventKind', ev.kind)}</b>
      {ev.kind === 'transfer' && (
        <div>
          {org(ev.fromOrg)} → {org(ev.toOrg)}
        </div>
      )}
      {(ev.kind === 'created' || ev.kind === 'imported') && ev.toOrg && <div>{org(ev.toOrg)}</div>}
      {ev.kind === 'status' && (
        <div>
          {enumLabel(t, 'memberStatus', ev.fromStatus) || '—'} → {enumLabel(t, 'memberStatus', ev.toStatus) || '—'}
        </div>
      )}
      {ev.note && <Typography.Text type="secondary">{ev.note}</Typography.Text>}
    </div>
  );
}

function TransferModal({
  member,
  open,
  onClose,
  onSaved,
}: {
  member: MemberView;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toOrgId: number | null; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  const submit = async (v: { toOrgId: number | null; note?: string }) => {
    setBusy(true);
    setError(null);
    try {
      // toOrgId: the form requires it (a missing one is the server's field error, as before).
      await membersApi.transfer(member.id, { toOrgId: v.toOrgId as number, note: v.note?.trim() || undefined });
      message.success(t('members.transferred'));
      onSaved();
    } catch (e) {
      applyFieldErrors(form, e, ['toOrgId', 'note']);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('members.transferTitle', { name: member.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('members.transfer')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('members.transferFrom', { org: member.orgName })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="toOrgId"
          label={t('members.transferTo')}
          rules={[{ required: true, message: t('validation.required') }]}
          extra={t('members.branchOnly')}
        >
          <OrgSelect
            data-testid="member-transfer-org"
            level="branch"
            filter={(o) => o.level === 'branch' && o.status === 'active' && o.id !== member.orgId}
            placeholder={t('members.chooseBranch')}
          />
        </Form.Item>
        <Form.Item name="note" label={t('field.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StatusModal({
  member,
  open,
  onClose,
  onSaved,
}: {
  member: MemberView;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ status: MemberStatus; note: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ status: member.status === 'active' ? 'transferred_out' : 'active' });
      setError(null);
    }
  }, [open, form, member.status]);

  const submit = async (v: { status: MemberStatus; note: string }) => {
    setBusy(true);
    setError(null);
    try {
      await membersApi.changeStatus(member.id, { status: v.status, note: v.note.trim() });
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      applyFieldErrors(form, e, ['status', 'note']);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('members.statusTitle', { name: member.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="status"
          label={t('members.newStatus')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            data-testid="member-status-select"
            options={enumOptions(t, 'memberStatus', MEMBER_STATUSES).map((o) => ({
              ...o,
              disabled: o.value === member.status,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('field.note')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            data-testid="member-status-note"
            placeholder={t('members.statusNotePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
