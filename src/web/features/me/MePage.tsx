/**
 * /me — 我的, at desk and on a phone: the account and its grants; when the account is linked to a
 * member, the member's record as they may see it (the phone they may correct), their posts
 * current and past, their items (the workbench's counts) and their history; and, as a labelled
 * list, every page the shell offers that has no tab of its own on a phone.
 */
import { useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CommentOutlined,
  EditOutlined,
  EyeOutlined,
  KeyOutlined,
  LogoutOutlined,
  RightOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MemberEventView, MeProfileView, WorkbenchCounts } from '../../../shared/api.ts';
import { WORK_SECTIONS } from '../../../shared/workbench.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../app/auth.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors, fmtDate, fmtDateTime } from '../../components/format.ts';
import { ApiError } from '../../api/client.ts';
import { meApi } from './api.ts';
import { EventText } from '../members/MemberPage.tsx';

const dash = (v: string | null | undefined) => (v ? v : '—');

export function MePage() {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const profile = useApiData(() => meApi.profile(), []);
  const counts = useApiData(() => meApi.workbenchCounts(), []);
  const p = profile.data;
  const record = (
    <>
      {p?.member && <MemberRecord profile={p} onSaved={profile.setData} mobile={mobile} />}
      {p && !p.member && <Alert type="info" showIcon title={t('me.notLinked')} data-testid="me-not-linked" />}
    </>
  );
  const items = <ItemsCard counts={counts.data} failed={!!counts.error} />;
  const rest = (
    <>
      {p?.member && <PostsCard profile={p} />}
      {p?.member && <HistoryCard events={p.member.events} />}
    </>
  );

  return (
    <div className="page me-page" data-testid="me-page">
      <Card variant="borderless" className="page-head">
        <Typography.Title level={3} className="org-title" data-testid="me-title">
          {t('me.title')}
          {p && <span className="me-title-name"> · {p.member?.name ?? p.account.displayName}</span>}
        </Typography.Title>
      </Card>
      {profile.error && <Alert type="error" showIcon title={profile.error.message} />}
      {mobile ? (
        // A phone: what waits, then every other page one tap away, then the record.
        <div className="me-col">
          {items}
          <MeLinks />
          {record}
          {rest}
          {p && <AccountCard profile={p} />}
        </div>
      ) : (
        <div className="me-grid">
          <div className="me-col">
            {record}
            {items}
            {rest}
          </div>
          <div className="me-col">
            <MeLinks />
            {p && <AccountCard profile={p} />}
          </div>
        </div>
      )}
    </div>
  );
}

function MemberRecord({
  profile,
  onSaved,
  mobile,
}: {
  profile: MeProfileView;
  onSaved: (p: MeProfileView) => void;
  mobile: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phone: string }>();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const m = profile.member!;
  const correct = profile.abilities.correct;

  const save = async (v: { phone: string }) => {
    setBusy(true);
    try {
      onSaved(await meApi.correct({ phone: (v.phone ?? '').trim() }));
      setEditing(false);
      message.success(t('me.phoneSaved'));
    } catch (e) {
      if (!applyFieldErrors(form, e, ['phone'])) message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const phone = editing ? (
    <Form
      form={form}
      layout="inline"
      onFinish={save}
      initialValues={{ phone: m.phone ?? '' }}
      className="me-phone-form"
    >
      <Form.Item name="phone" style={{ marginRight: 8, minWidth: 160, flex: '1 1 160px' }}>
        <Input
          inputMode="numeric"
          autoComplete="tel"
          maxLength={11}
          placeholder={t('me.phonePlaceholder')}
          data-testid="me-phone-input"
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="me-phone-save">
          {t('common.save')}
        </Button>
        <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  ) : (
    <Space wrap>
      <span className="mono" data-testid="me-phone">
        {dash(m.phone)}
      </span>
      {correct && (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => {
            form.setFieldsValue({ phone: m.phone ?? '' });
            setEditing(true);
          }}
          data-ability="correct"
          data-testid="me-phone-edit"
        >
          {t('me.editPhone')}
        </Button>
      )}
    </Space>
  );

  return (
    <Card variant="borderless" size="small" title={t('me.record')} data-testid="me-record">
      <Descriptions
        size="small"
        bordered
        column={mobile ? 1 : 2}
        items={[
          { key: 'name', label: t('field.memberName'), children: m.name },
          { key: 'org', label: t('field.org'), children: <Link to={`/orgs/${m.orgId}`}>{m.orgName}</Link> },
          { key: 'category', label: t('field.category'), children: enumLabel(t, 'memberCategory', m.category) },
          { key: 'joinDate', label: t('field.joinDate'), children: fmtDate(m.joinDate) },
          { key: 'position', label: t('field.position'), children: dash(m.position) },
          { key: 'status', label: t('field.status'), children: enumLabel(t, 'memberStatus', m.status) },
          { key: 'phone', label: t('field.phone'), children: phone, span: mobile ? 1 : 2 },
        ]}
      />
      <Typography.Paragraph type="secondary" className="me-hint">
        {correct ? t('me.recordHint') : t('me.recordLocked', { status: enumLabel(t, 'memberStatus', m.status) })}
      </Typography.Paragraph>
    </Card>
  );
}

function ItemsCard({ counts, failed }: { counts: WorkbenchCounts | undefined; failed: boolean }) {
  const { t } = useI18n();
  const sections = WORK_SECTIONS.filter((s) => (counts?.sections[s] ?? 0) > 0);
  return (
    <Card
      variant="borderless"
      size="small"
      title={t('me.items')}
      data-testid="me-items"
      extra={
        <Link to="/workbench" data-testid="me-open-workbench">
          {t('me.openWorkbench')} <RightOutlined />
        </Link>
      }
    >
      {failed ? (
        <Typography.Text type="secondary">{t('me.itemsUnavailable')}</Typography.Text>
      ) : !counts ? null : counts.total === 0 ? (
        <Typography.Text type="secondary">{t('me.itemsNone')}</Typography.Text>
      ) : (
        <div className="me-items">
          <Link to="/workbench" className="me-items-total" data-testid="me-items-total">
            {t('me.itemsTotal', { count: counts.total })}
          </Link>
          <Space wrap size={[6, 6]}>
            {sections.map((s) => (
              <Link key={s} to={`/workbench#${s}`} className="me-item-chip">
                <Tag>
                  {enumLabel(t, 'workSection', s)} <b>{counts.sections[s]}</b>
                </Tag>
              </Link>
            ))}
          </Space>
        </div>
      )}
    </Card>
  );
}

function PostsCard({ profile }: { profile: MeProfileView }) {
  const { t } = useI18n();
  const posts = profile.member!.posts;
  return (
    <Card variant="borderless" size="small" title={t('me.posts')} data-testid="me-posts">
      {posts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('me.noPosts')} />
      ) : (
        <List
          size="small"
          dataSource={posts}
          renderItem={(p) => (
            <List.Item key={p.id}>
              <div className="me-post">
                <div>
                  <Tag color={p.current ? 'red' : undefined}>{p.current ? t('me.postCurrent') : t('me.postPast')}</Tag>
                  <b>{p.title || enumLabel(t, 'orgPost', p.post)}</b>
                  {p.term && <Typography.Text type="secondary"> · {p.term}</Typography.Text>}
                </div>
                <div className="muted">
                  <Link to={`/orgs/${p.orgId}`}>{p.orgName}</Link> ·{' '}
                  {p.endDate
                    ? t('me.postRange', { from: fmtDate(p.startDate), to: fmtDate(p.endDate) })
                    : t('me.postSince', { from: fmtDate(p.startDate) })}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function HistoryCard({ events }: { events: MemberEventView[] }) {
  const { t } = useI18n();
  return (
    <Card variant="borderless" size="small" title={t('me.history')} data-testid="me-history">
      {events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('members.noHistory')} />
      ) : (
        <Timeline
          items={events.map((ev) => ({
            key: ev.id,
            color: ev.kind === 'transfer' ? 'blue' : ev.kind === 'status' ? 'red' : 'green',
            title: fmtDateTime(ev.at),
            content: <EventText ev={ev} t={t} />,
          }))}
        />
      )}
    </Card>
  );
}

function AccountCard({ profile }: { profile: MeProfileView }) {
  const { t } = useI18n();
  const a = profile.account;
  return (
    <Card variant="borderless" size="small" title={t('me.account')} data-testid="me-account">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'd', label: t('users.displayName'), children: a.displayName },
          { key: 'u', label: t('users.username'), children: <span className="mono">{a.username}</span> },
          {
            key: 'g',
            label: t('users.grants'),
            children: a.grants.length ? (
              <div data-testid="me-grants">
                {a.grants.map((g) => (
                  <div key={`${g.id}-${g.teamId ?? ''}`}>
                    {enumLabel(t, 'role', g.role)} · <Link to={`/orgs/${g.orgId}`}>{g.orgName}</Link>
                  </div>
                ))}
              </div>
            ) : a.isAdmin ? (
              t('users.admin')
            ) : (
              t('me.noGrants')
            ),
          },
        ]}
      />
    </Card>
  );
}

interface NavLinkItem {
  key: string;
  to: string | null;
  icon: ReactNode;
  label: string;
  ability?: string;
}

/**
 * The labelled list of the pages without a tab on a phone (the tree, supervision, opinions,
 * disclosure, accounts, the password, signing out), each only when /api/me's abilities allow it.
 * Marked data-nav-ability (as the header's links), not data-ability: it is navigation.
 */
export function MeLinks() {
  const { t } = useI18n();
  const { me, logout } = useAuth();
  const { navigate } = useRouter();
  const can = me?.abilities;
  const homes = me?.homes;
  const items: NavLinkItem[] = [
    ...(homes?.orgs != null
      ? [{ key: 'orgs', to: `/orgs/${homes.orgs}`, icon: <ApartmentOutlined />, label: t('me.link.orgs') }]
      : []),
    ...(can?.readSupervision
      ? [
          {
            key: 'supervision',
            to: '/supervision',
            icon: <EyeOutlined />,
            label: t('nav.supervision'),
            ability: 'readSupervision',
          },
        ]
      : []),
    ...(can?.readOpinions
      ? [{ key: 'opinions', to: '/opinions', icon: <CommentOutlined />, label: t('op.nav'), ability: 'readOpinions' }]
      : []),
    ...(can?.readDisclosures
      ? [
          {
            key: 'disclosures',
            to: '/disclosures',
            icon: <AuditOutlined />,
            label: t('dc.nav'),
            ability: 'readDisclosures',
          },
        ]
      : []),
    ...(can?.manageUsers
      ? [{ key: 'users', to: '/users', icon: <TeamOutlined />, label: t('nav.users'), ability: 'manageUsers' }]
      : []),
    { key: 'account', to: '/account', icon: <KeyOutlined />, label: t('nav.changePassword') },
    { key: 'logout', to: null, icon: <LogoutOutlined />, label: t('nav.logout') },
  ];
  return (
    <Card variant="borderless" size="small" title={t('me.links')} className="me-links-card">
      <nav className="me-links" data-testid="me-links">
        {items.map((i) =>
          i.to ? (
            <Link
              key={i.key}
              to={i.to}
              className="me-link"
              data-testid={`me-link-${i.key}`}
              {...(i.ability ? { 'data-nav-ability': i.ability } : {})}
            >
              <span className="me-link-icon">{i.icon}</span>
              <span className="me-link-label">{i.label}</span>
              <RightOutlined className="me-link-arrow" />
            </Link>
          ) : (
            <button
              key={i.key}
              type="button"
              className="me-link me-link-button"
              data-testid={`me-link-${i.key}`}
              onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
            >
              <span className="me-link-icon">{i.icon}</span>
              <span className="me-link-label">{i.label}</span>
              <RightOutlined className="me-link-arrow" />
            </button>
          ),
        )}
      </nav>
    </Card>
  );
}
