/**
 * The signed-in layout: a red header (brand, navigation, language, user menu), the organization
 * tree on the left and the page on the right. On a phone the header keeps the tree's button
 * (labelled 组织), the brand and the language; a labelled tab bar at the bottom carries 工作台, 活动,
 * 台账, 消息 and 我的, and 我的 lists every other page. The brand and "/" open the workbench.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Badge, Button, Drawer, Dropdown, Layout, Segmented } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CommentOutlined,
  DesktopOutlined,
  DownOutlined,
  EyeOutlined,
  FlagOutlined,
  KeyOutlined,
  LogoutOutlined,
  MessageOutlined,
  NotificationOutlined,
  ProfileOutlined,
  RightOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { OrgDetailView } from '../../shared/api.ts';
import type { Locale } from '../../shared/enums.ts';
import { useI18n } from '../i18n/index.tsx';
import { useAuth } from './auth.tsx';
import { Link, useRouter } from './router.tsx';
import { OrgTree } from '../features/orgs/OrgTree.tsx';
import { OrgSelect } from '../components/OrgSelect.tsx';
import { useIsMobile, useWindowHeight } from '../components/hooks.ts';
import { NotificationBell } from '../features/notices/NotificationBell.tsx';
import { useNavCounts } from '../features/me/useNavCounts.ts';

export interface CurrentOrg {
  id: number;
  name: string;
  /** Ancestors and itself, top first. */
  path: number[];
}

interface ShellValue {
  currentOrg: CurrentOrg | null;
  setCurrentOrg: (org: CurrentOrg | null) => void;
  /** Reloads the tree (after create, move, dissolve, import). */
  refreshTree: () => void;
}

const ShellContext = createContext<ShellValue | null>(null);

export function useShell(): ShellValue {
  const v = useContext(ShellContext);
  if (!v) throw new Error('useShell outside Shell');
  return v;
}

/** Marks `org`, once loaded, as the current org in the tree on the left (opened down to it). */
export function useShellOrg(org: OrgDetailView | undefined) {
  const { setCurrentOrg } = useShell();
  useEffect(() => {
    if (!org) return;
    const path = org.breadcrumbs.map((b) => b.id);
    if (path[path.length - 1] !== org.id) path.push(org.id);
    setCurrentOrg({ id: org.id, name: org.name, path });
  }, [org, setCurrentOrg]);
}

export function Brand({ compact }: { compact?: boolean }) {
  const { t } = useI18n();
  return (
    <span className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="6" fill="#fff" fillOpacity="0.14" />
        <path d="M16 5l2.7 6.6 7.1.5-5.4 4.6 1.7 6.9L16 19.9l-6.1 3.7 1.7-6.9-5.4-4.6 7.1-.5z" fill="#ffd54a" />
      </svg>
      {!compact && <span className="brand-title">{t('app.title')}</span>}
      {!compact && <span className="brand-name">Massline</span>}
    </span>
  );
}

/** 中文 / English; `compact` (a phone's header, short of room): 中 / EN. */
export function LanguageSwitch({ onChange, compact }: { onChange: (l: Locale) => void; compact?: boolean }) {
  const { locale } = useI18n();
  return (
    <Segmented<Locale>
      data-testid="lang-switch"
      className="lang-switch"
      size="small"
      value={locale}
      onChange={onChange}
      options={[
        { value: 'zh-CN', label: compact ? <span title="中文">中</span> : '中文' },
        { value: 'en', label: compact ? <span title="English">EN</span> : 'English' },
      ]}
    />
  );
}

/** The supervision tab a path belongs to (the tree moves to that tab of another org), or null off supervision. */
function supervisionTabOf(pathname: string): string | null {
  if (pathname.startsWith('/supervision/teams/')) return 'teams';
  if (pathname === '/supervision' || pathname.startsWith('/supervision/')) return 'materials';
  if (pathname.startsWith('/materials/')) return 'materials';
  if (pathname.startsWith('/forms/')) return 'forms';
  if (pathname.startsWith('/lookbacks/')) return 'lookbacks';
  if (pathname.startsWith('/inspections/')) return 'inspections';
  return null;
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { me, logout, changeLocale } = useAuth();
  // What the shell offers is the server's word (MeView.abilities), never the roles. The header's
  // links carry data-nav-ability (not data-ability: the pages' own controls are compared with
  // their answers over the whole body); the user menu's items carry data-ability.
  const can = me?.abilities;
  const { navigate, location } = useRouter();
  const mobile = useIsMobile();
  const winH = useWindowHeight();
  const [currentOrg, setCurrentOrg] = useState<CurrentOrg | null>(null);
  const [version, setVersion] = useState(0);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [searchKey, setSearchKey] = useState(0);
  const counts = useNavCounts(location.pathname);

  const refreshTree = useCallback(() => setVersion((v) => v + 1), []);
  const value = useMemo(() => ({ currentOrg, setCurrentOrg, refreshTree }), [currentOrg, refreshTree]);

  const onLedgerPage = location.pathname.startsWith('/ledger') || location.pathname.startsWith('/problems/');
  // Supervision: the module page (/supervision/:orgId?tab=) and the pages its tabs open.
  const svTab = supervisionTabOf(location.pathname);
  const onSupervisionPage = svTab !== null;
  const onSupervisionOrg = /^\/supervision\/\d+\/?$/.test(location.pathname);
  // On the ledger the tree moves between ledgers (keeping the filters), on supervision between
  // orgs' supervision pages (keeping the tab); elsewhere it opens the org.
  const goOrg = (id: number) => {
    if (location.pathname.startsWith('/ledger')) navigate(`/ledger/${id}${location.search}`);
    else if (onSupervisionOrg) navigate(`/supervision/${id}${location.search}`);
    else if (svTab) navigate(`/supervision/${id}${svTab === 'materials' ? '' : `?tab=${svTab}`}`);
    else if (location.pathname === '/opinions' || location.pathname === '/disclosures')
      navigate(`${location.pathname}?org=${id}`);
    else navigate(`/orgs/${id}`);
    setDrawerOpen(false);
  };
  const searchOrg = (id: number | null) => {
    if (id == null) return;
    goOrg(id);
    setSearchKey((k) => k + 1);
  };

  const onOrgPage = location.pathname.startsWith('/orgs/') || location.pathname.startsWith('/members/');
  const onCampaignPage = location.pathname.startsWith('/campaigns') || location.pathname.startsWith('/tasks/');
  const orgScoped =
    onOrgPage ||
    location.pathname.startsWith('/ledger/') ||
    location.pathname === '/opinions' ||
    location.pathname === '/disclosures' ||
    onSupervisionOrg;
  const selectedId = orgScoped ? (currentOrg?.id ?? null) : null;

  const treePanel = (treeHeight: number) => (
    <div className="tree-panel">
      <OrgSelect
        key={searchKey}
        data-testid="org-search"
        style={{ width: '100%' }}
        placeholder={t('org.searchPlaceholder')}
        onChange={searchOrg}
      />
      <OrgTree
        selectedId={selectedId}
        revealPath={currentOrg?.path ?? []}
        version={version}
        height={treeHeight}
        onSelect={goOrg}
      />
    </div>
  );

  const orgQuery = currentOrg ? `?org=${currentOrg.id}` : '';
  const orgHome = currentOrg ? `/orgs/${currentOrg.id}` : me?.homes.orgs != null ? `/orgs/${me.homes.orgs}` : '/';
  const ledgerHome = currentOrg ? `/ledger/${currentOrg.id}` : '/ledger';
  const supervisionHome = currentOrg ? `/supervision/${currentOrg.id}` : '/supervision';
  const onWorkbench = location.pathname === '/workbench';
  const onNotices = location.pathname.startsWith('/notices');
  const onOpinions = location.pathname.startsWith('/opinions');
  const onDisclosures = location.pathname.startsWith('/disclosures');
  // The pages a phone reaches through 我的 light its tab.
  const onMePage =
    location.pathname === '/me' ||
    location.pathname === '/account' ||
    location.pathname === '/users' ||
    onOpinions ||
    onDisclosures ||
    onSupervisionPage;

  // Desk: the user menu holds the account's own pages (every other page has a header link).
  const userMenu = {
    items: [
      { key: 'me', icon: <UserOutlined />, label: <span data-testid="nav-me">{t('shell.tab.me')}</span> },
      { key: 'account', icon: <KeyOutlined />, label: t('nav.changePassword') },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'me') navigate('/me');
      if (key === 'account') navigate('/account');
      if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
    },
  };

  const waitingBadge = (size: 'small' | 'default') =>
    counts.waiting > 0 ? (
      <Badge
        count={counts.waiting}
        size={size}
        overflowCount={99}
        className="nav-count"
        title={t('shell.waiting', { count: counts.waiting })}
        data-testid="nav-workbench-count"
      />
    ) : null;

  return (
    <ShellContext.Provider value={value}>
      <Layout className={`shell${mobile ? ' shell-phone' : ''}`}>
        <Layout.Header className="shell-header">
          {mobile && (
            <Button
              type="text"
              className="header-icon-btn header-tree-btn"
              icon={<ApartmentOutlined />}
              aria-label={t('nav.orgTree')}
              data-testid="tree-drawer-open"
              onClick={() => setDrawerOpen(true)}
            >
              {t('shell.orgsButton')}
            </Button>
          )}
          <Link to="/workbench" className="brand-link" data-testid="brand-link">
            <Brand />
          </Link>
          {!mobile && (
            <nav className="header-nav">
              <Link to="/workbench" className={onWorkbench ? 'active' : ''} data-testid="nav-workbench">
                <DesktopOutlined /> {t('shell.nav.workbench')}
                {waitingBadge('small')}
              </Link>
              <Link to={orgHome} className={onOrgPage ? 'active' : ''} data-testid="nav-orgs">
                <ApartmentOutlined /> {t('shell.nav.orgs')}
              </Link>
              <Link to="/campaigns" className={onCampaignPage ? 'active' : ''} data-testid="nav-campaigns">
                <FlagOutlined /> {t('nav.campaigns')}
              </Link>
              <Link to="/notices" className={onNotices ? 'active' : ''} data-testid="nav-notices">
                <NotificationOutlined /> {t('nav.notices')}
              </Link>
              {can?.readLedger && (
                <Link
                  to={ledgerHome}
                  className={onLedgerPage ? 'active' : ''}
                  data-testid="nav-ledger"
                  data-nav-ability="readLedger"
                >
                  <ProfileOutlined /> {t('shell.nav.ledger')}
                </Link>
              )}
              {can?.readSupervision && (
                <Link
                  to={supervisionHome}
                  className={onSupervisionPage ? 'active' : ''}
                  data-testid="nav-supervision"
                  data-nav-ability="readSupervision"
                >
                  <EyeOutlined /> {t('nav.supervision')}
                </Link>
              )}
              {can?.readOpinions && (
                <Link
                  to={`/opinions${orgQuery}`}
                  className={onOpinions ? 'active' : ''}
                  data-testid="nav-opinions"
                  data-nav-ability="readOpinions"
                >
                  <CommentOutlined /> {t('op.nav')}
                </Link>
              )}
              {can?.readDisclosures && (
                <Link
                  to={`/disclosures${orgQuery}`}
                  className={onDisclosures ? 'active' : ''}
                  data-testid="nav-disclosures"
                  data-nav-ability="readDisclosures"
                >
                  <AuditOutlined /> {t('shell.nav.disclosures')}
                </Link>
              )}
              {can?.manageUsers && (
                <Link
                  to="/users"
                  className={location.pathname === '/users' ? 'active' : ''}
                  data-testid="nav-users"
                  data-nav-ability="manageUsers"
                >
                  <TeamOutlined /> {t('nav.users')}
                </Link>
              )}
            </nav>
          )}
          <div className="header-right">
            {!mobile && <NotificationBell />}
            <LanguageSwitch compact={mobile} onChange={(l) => void changeLocale(l)} />
            {!mobile && (
              <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" className="header-user" data-testid="user-menu">
                  <UserOutlined />
                  <span className="header-user-name">{me?.user.displayName}</span>
                  <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            )}
          </div>
        </Layout.Header>
        <Layout className="shell-body">
          {!mobile && (
            <Layout.Sider width={300} theme="light" className="shell-sider">
              {treePanel(Math.max(200, winH - 64 - 64))}
            </Layout.Sider>
          )}
          <Layout.Content className="shell-content">
            {mobile && onNotices && (
              // On a phone the bell lives on 消息: the in-app notifications open from here.
              <div
                className="phone-notify-strip"
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest('button'))
                    e.currentTarget.querySelector<HTMLButtonElement>('button')?.click();
                }}
              >
                <NotificationBell />
                <span className="phone-notify-label">{t('notify.title')}</span>
                {counts.unread > 0 && (
                  <span className="phone-notify-count">{t('shell.unread', { count: counts.unread })}</span>
                )}
                <RightOutlined className="phone-notify-arrow" />
              </div>
            )}
            {children}
          </Layout.Content>
        </Layout>
        {mobile && (
          <nav className="tab-bar" aria-label={t('shell.tabBar')} data-testid="tab-bar">
            <TabLink
              to="/workbench"
              active={onWorkbench}
              icon={<DesktopOutlined />}
              label={t('shell.tab.workbench')}
              count={counts.waiting}
              testId="nav-workbench-mobile"
            />
            <TabLink
              to="/campaigns"
              active={onCampaignPage}
              icon={<FlagOutlined />}
              label={t('shell.tab.campaigns')}
              testId="nav-campaigns-mobile"
            />
            {can?.readLedger && (
              <TabLink
                to={ledgerHome}
                active={onLedgerPage}
                icon={<ProfileOutlined />}
                label={t('shell.tab.ledger')}
                testId="nav-ledger-mobile"
                ability="readLedger"
              />
            )}
            <TabLink
              to="/notices"
              active={onNotices}
              icon={<MessageOutlined />}
              label={t('shell.tab.messages')}
              count={counts.unread}
              testId="nav-notices-mobile"
            />
            <TabLink
              to="/me"
              active={onMePage}
              icon={<UserOutlined />}
              label={t('shell.tab.me')}
              testId="nav-me-mobile"
            />
          </nav>
        )}
        {mobile && (
          <Drawer
            title={t('nav.orgTree')}
            placement="left"
            size="86%"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            styles={{ body: { padding: 12 } }}
          >
            <div data-testid="tree-drawer">{treePanel(Math.max(200, winH - 56 - 24 - 44))}</div>
          </Drawer>
        )}
      </Layout>
    </ShellContext.Provider>
  );
}

/** One tab of the phone's bottom bar: icon over label, the count as a badge on the icon. */
function TabLink({
  to,
  active,
  icon,
  label,
  count = 0,
  testId,
  ability,
}: {
  to: string;
  active: boolean;
  icon: ReactNode;
  label: string;
  count?: number;
  testId: string;
  ability?: string;
}) {
  return (
    <Link
      to={to}
      className={`tab-bar-item${active ? ' active' : ''}`}
      aria-current={active ? 'page' : undefined}
      data-testid={testId}
      {...(ability ? { 'data-nav-ability': ability } : {})}
    >
      <span className="tab-bar-icon">
        <Badge count={count} size="small" overflowCount={99} offset={[6, -2]}>
          {icon}
        </Badge>
      </span>
      <span className="tab-bar-label">{label}</span>
    </Link>
  );
}
