/**
 * The signed-in layout: a red header (brand, navigation, language, user menu), the organization
 * tree on the left (in a drawer on phones) and the page on the right.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Drawer, Dropdown, Layout, Segmented, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  DownOutlined,
  FlagOutlined,
  NotificationOutlined,
  KeyOutlined,
  CommentOutlined,
  AuditOutlined,
  EyeOutlined,
  LogoutOutlined,
  ProfileOutlined,
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

  // Opinions and disclosure live in the user menu (the header has no room left); the ledger page links them too.
  const orgQuery = currentOrg ? `?org=${currentOrg.id}` : '';
  const userMenu = {
    items: [
      ...(mobile && can?.manageUsers
        ? [
            {
              key: 'users',
              icon: <TeamOutlined />,
              label: <span data-ability="manageUsers">{t('nav.users')}</span>,
            },
          ]
        : []),
      ...(can?.readOpinions
        ? [
            {
              key: 'opinions',
              icon: <CommentOutlined />,
              label: (
                <span data-testid="nav-opinions" data-ability="readOpinions">
                  {t('op.nav')}
                </span>
              ),
            },
          ]
        : []),
      ...(can?.readDisclosures
        ? [
            {
              key: 'disclosures',
              icon: <AuditOutlined />,
              label: (
                <span data-testid="nav-disclosures" data-ability="readDisclosures">
                  {t('dc.nav')}
                </span>
              ),
            },
          ]
        : []),
      ...(can?.readOpinions || can?.readDisclosures ? [{ type: 'divider' as const }] : []),
      { key: 'account', icon: <KeyOutlined />, label: t('nav.changePassword') },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'users') navigate('/users');
      if (key === 'opinions') navigate(`/opinions${orgQuery}`);
      if (key === 'disclosures') navigate(`/disclosures${orgQuery}`);
      if (key === 'account') navigate('/account');
      if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }));
    },
  };

  const orgHome = currentOrg ? `/orgs/${currentOrg.id}` : '/';
  const ledgerHome = currentOrg ? `/ledger/${currentOrg.id}` : '/ledger';
  const supervisionHome = currentOrg ? `/supervision/${currentOrg.id}` : '/supervision';

  return (
    <ShellContext.Provider value={value}>
      <Layout className="shell">
        <Layout.Header className="shell-header">
          {mobile && (
            <Button
              type="text"
              className="header-icon-btn"
              icon={<ApartmentOutlined />}
              aria-label={t('nav.orgTree')}
              data-testid="tree-drawer-open"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          <Link to={orgHome} className="brand-link">
            <Brand compact={mobile} />
          </Link>
          {!mobile && (
            <nav className="header-nav">
              <Link to={orgHome} className={onOrgPage ? 'active' : ''}>
                <ApartmentOutlined /> {t('nav.orgs')}
              </Link>
              <Link to="/campaigns" className={onCampaignPage ? 'active' : ''} data-testid="nav-campaigns">
                <FlagOutlined /> {t('nav.campaigns')}
              </Link>
              <Link
                to="/notices"
                className={location.pathname.startsWith('/notices') ? 'active' : ''}
                data-testid="nav-notices"
              >
                <NotificationOutlined /> {t('nav.notices')}
              </Link>
              {can?.readLedger && (
                <Link
                  to={ledgerHome}
                  className={onLedgerPage ? 'active' : ''}
                  data-testid="nav-ledger"
                  data-nav-ability="readLedger"
                >
                  <ProfileOutlined /> {t('nav.ledger')}
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
            <NotificationBell />
            {mobile && (
              <Button
                type="text"
                className="header-icon-btn"
                icon={<NotificationOutlined />}
                aria-label={t('nav.notices')}
                data-testid="nav-notices-mobile"
                onClick={() => navigate('/notices')}
              />
            )}
            {mobile && (
              <Button
                type="text"
                className="header-icon-btn"
                icon={<FlagOutlined />}
                aria-label={t('nav.campaigns')}
                data-testid="nav-campaigns-mobile"
                onClick={() => navigate('/campaigns')}
              />
            )}
            {mobile && can?.readLedger && (
              <Button
                type="text"
                className="header-icon-btn"
                icon={<ProfileOutlined />}
                aria-label={t('nav.ledger')}
                data-testid="nav-ledger-mobile"
                data-nav-ability="readLedger"
                onClick={() => navigate(ledgerHome)}
              />
            )}
            {mobile && can?.readSupervision && (
              <Button
                type="text"
                className="header-icon-btn"
                icon={<EyeOutlined />}
                aria-label={t('nav.supervision')}
                data-testid="nav-supervision-mobile"
                data-nav-ability="readSupervision"
                onClick={() => navigate(supervisionHome)}
              />
            )}
            <LanguageSwitch compact={mobile} onChange={(l) => void changeLocale(l)} />
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Tooltip title={mobile ? me?.user.displayName : undefined}>
                <Button type="text" className="header-user" data-testid="user-menu">
                  <UserOutlined />
                  {!mobile && <span className="header-user-name">{me?.user.displayName}</span>}
                  {!mobile && <DownOutlined style={{ fontSize: 10 }} />}
                </Button>
              </Tooltip>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout className="shell-body">
          {!mobile && (
            <Layout.Sider width={300} theme="light" className="shell-sider">
              {treePanel(Math.max(200, winH - 64 - 64))}
            </Layout.Sider>
          )}
          <Layout.Content className="shell-content">{children}</Layout.Content>
        </Layout>
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
