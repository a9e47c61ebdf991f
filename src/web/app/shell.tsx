/**
 * The signed-in layout: a red header (brand, navigation, language, user menu), the organization
 * tree on the left (in a drawer on phones) and the page on the right.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Button, Drawer, Dropdown, Layout, Segmented, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  DownOutlined,
  FlagOutlined,
  NotificationOutlined,
  KeyOutlined,
  CommentOutlined,
  AuditOutlined,
  LogoutOutlined,
  ProfileOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
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

export function LanguageSwitch({ onChange }: { onChange: (l: Locale) => void }) {
  const { locale } = useI18n();
  return (
    <Segmented<Locale>
      data-testid="lang-switch"
      className="lang-switch"
      size="small"
      value={locale}
      onChange={onChange}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { me, logout, changeLocale, canManageUsers } = useAuth();
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
  // On the ledger the tree moves between ledgers (keeping the filters); elsewhere it opens the org.
  const goOrg = (id: number) => {
    if (location.pathname.startsWith('/ledger')) navigate(`/ledger/${id}${location.search}`);
    else if (location.pathname === '/opinions' || location.pathname === '/disclosures') navigate(`${location.pathname}?org=${id}`);
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
  const orgScoped = onOrgPage || location.pathname.startsWith('/ledger/') || location.pathname === '/opinions' || location.pathname === '/disclosures';
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
  const readsOpinions = !!me && (me.user.isAdmin || me.grants.some((g) => g.role !== 'member'));
  const userMenu = {
    items: [
      ...(mobile && canManageUsers ? [{ key: 'users', icon: <TeamOutlined />, label: t('nav.users') }] : []),
      ...(readsOpinions
        ? [
            { key: 'opinions', icon: <CommentOutlined />, label: <span data-testid="nav-opinions">{t('op.nav')}</span> },
            { key: 'disclosures', icon: <AuditOutlined />, label: <span data-testid="nav-disclosures">{t('dc.nav')}</span> },
            { type: 'divider' as const },
          ]
        : []),
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
              <Link to="/notices" className={location.pathname.startsWith('/notices') ? 'active' : ''} data-testid="nav-notices">
                <NotificationOutlined /> {t('nav.notices')}
              </Link>
              <Link to={ledgerHome} className={onLedgerPage ? 'active' : ''} data-testid="nav-ledger">
                <ProfileOutlined /> {t('nav.ledger')}
              </Link>
              {canManageUsers && (
                <Link to="/users" className={location.pathname === '/users' ? 'active' : ''} data-testid="nav-users">
                  <TeamOutlined /> {t('nav.users')}
                </Link>
              )}
            </nav>
          )}
          <div className="header-right">
            <NotificationBell />
            {mobile && (
              <Button type="text" className="header-icon-btn" icon={<NotificationOutlined />} aria-label={t('nav.notices')} data-testid="nav-notices-mobile" onClick={() => navigate('/notices')} />
            )}
            {mobile && (
              <Button type="text" className="header-icon-btn" icon={<FlagOutlined />} aria-label={t('nav.campaigns')} data-testid="nav-campaigns-mobile" onClick={() => navigate('/campaigns')} />
            )}
            {mobile && (
              <Button type="text" className="header-icon-btn" icon={<ProfileOutlined />} aria-label={t('nav.ledger')} data-testid="nav-ledger-mobile" onClick={() => navigate(ledgerHome)} />
            )}
            <LanguageSwitch onChange={(l) => void changeLocale(l)} />
            <Dropdown
              menu={userMenu}
              trigger={['click']}
              placement="bottomRight"
            >
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
