/**
 * Providers (language, antd theme and locale, router, session) and the route table:
 * /login, /orgs/:id, /members/:id, /users, /account, /campaigns, /campaigns/:id, /tasks/:id, /notices, /notices/:id,
 * /ledger (→ the first granted org's ledger), /ledger/:orgId, /ledger/:orgId/plan, /problems/:id, /opinions?org=, /opinions/:id,
 * /disclosures?org=, /disclosures/:id, /supervision (→ the first granted org's), /supervision/:orgId?tab=,
 * /supervision/teams/:id, /materials/:id, /forms/:id, /lookbacks/:id, /inspections/:id, /workbench (我的工作台),
 * /me (我的); "/" (and the brand) goes to the workbench, every role's landing page.
 */
import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from '../i18n/index.tsx';
import { AuthProvider, useAuth } from './auth.tsx';
import { matchPath, Redirect, RouterProvider, useRouter } from './router.tsx';
import { Shell } from './shell.tsx';
import { theme } from './theme.ts';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { OrgPage } from '../features/orgs/OrgPage.tsx';
import { MemberPage } from '../features/members/MemberPage.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { AccountPage } from '../features/account/AccountPage.tsx';
import { CampaignsPage } from '../features/campaigns/CampaignsPage.tsx';
import { TaskPage } from '../features/campaigns/TaskPage.tsx';
import { NoticePage, NoticesPage } from '../features/notices/NoticesPage.tsx';

// The campaign dashboard carries the charting library: loaded when first opened, so a phone on a
// weak signal gets the rest of the app without it.
const CampaignPage = lazy(() =>
  import('../features/campaigns/CampaignPage.tsx').then((m) => ({ default: m.CampaignPage })),
);
// The ledger's dashboard carries it too.
const LedgerPage = lazy(() => import('../features/ledger/LedgerPage.tsx').then((m) => ({ default: m.LedgerPage })));
const LedgerHome = lazy(() => import('../features/ledger/LedgerPage.tsx').then((m) => ({ default: m.LedgerHome })));
const OpinionsPage = lazy(() =>
  import('../features/opinions/OpinionsPage.tsx').then((m) => ({ default: m.OpinionsPage })),
);
const OpinionPage = lazy(() =>
  import('../features/opinions/OpinionsPage.tsx').then((m) => ({ default: m.OpinionPage })),
);
const DisclosuresPage = lazy(() =>
  import('../features/disclosure/DisclosuresPage.tsx').then((m) => ({ default: m.DisclosuresPage })),
);
const DisclosurePage = lazy(() =>
  import('../features/disclosure/DisclosuresPage.tsx').then((m) => ({ default: m.DisclosurePage })),
);
const PlanPage = lazy(() => import('../features/ledger/PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const ProblemPage = lazy(() => import('../features/ledger/ProblemPage.tsx').then((m) => ({ default: m.ProblemPage })));
// Everyone's landing page, and one's own page.
const WorkbenchPage = lazy(() =>
  import('../features/workbench/WorkbenchPage.tsx').then((m) => ({ default: m.WorkbenchPage })),
);
const MePage = lazy(() => import('../features/me/MePage.tsx').then((m) => ({ default: m.MePage })));
// Supervision (督导): the module page with its tabs, and the pages its lists open.
const SupervisionHome = lazy(() =>
  import('../features/supervision/SupervisionPage.tsx').then((m) => ({ default: m.SupervisionHome })),
);
const SupervisionPage = lazy(() =>
  import('../features/supervision/SupervisionPage.tsx').then((m) => ({ default: m.SupervisionPage })),
);
const TeamPage = lazy(() =>
  import('../features/supervision/teams/TeamPage.tsx').then((m) => ({ default: m.TeamPage })),
);
const MaterialPage = lazy(() =>
  import('../features/supervision/materials/MaterialPage.tsx').then((m) => ({ default: m.MaterialPage })),
);
const FormPage = lazy(() =>
  import('../features/supervision/forms/FormPage.tsx').then((m) => ({ default: m.FormPage })),
);
const LookbackPage = lazy(() =>
  import('../features/supervision/lookback/LookbackPage.tsx').then((m) => ({ default: m.LookbackPage })),
);
const InspectionPage = lazy(() =>
  import('../features/supervision/inspections/InspectionPage.tsx').then((m) => ({ default: m.InspectionPage })),
);

export function App() {
  return (
    <I18nProvider>
      <Themed>
        <RouterProvider>
          <AuthProvider>
            <Routes />
          </AuthProvider>
        </RouterProvider>
      </Themed>
    </I18nProvider>
  );
}

function Themed({ children }: { children: React.ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function FullPageSpin() {
  return (
    <div className="full-page-center">
      <Spin size="large" />
    </div>
  );
}

function Routes() {
  const { state, me } = useAuth();
  const { location, query } = useRouter();
  const path = location.pathname;

  if (state.status === 'loading') return <FullPageSpin />;

  if (state.status === 'anonymous') {
    if (path !== '/login') {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(path + location.search)}`;
      return <Redirect to={`/login${next}`} />;
    }
    return <LoginPage />;
  }

  if (path === '/login') {
    const next = query.get('next');
    return <Redirect to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} />;
  }

  let page: React.ReactNode;
  let params: Record<string, string> | null;
  if (path === '/' || path === '') page = <Redirect to="/workbench" />;
  else if (path === '/workbench') page = <WorkbenchPage />;
  else if (path === '/me') page = <MePage />;
  else if ((params = matchPath('/orgs/:id', path))) page = <OrgPage key={params.id} id={Number(params.id)} />;
  else if ((params = matchPath('/members/:id', path))) page = <MemberPage key={params.id} id={Number(params.id)} />;
  else if (path === '/users') page = me?.abilities.manageUsers ? <UsersPage /> : <NotFound />;
  else if (path === '/account') page = <AccountPage />;
  else if (path === '/campaigns') page = <CampaignsPage />;
  else if ((params = matchPath('/campaigns/:id', path))) page = <CampaignPage key={params.id} id={Number(params.id)} />;
  else if ((params = matchPath('/tasks/:id', path))) page = <TaskPage key={params.id} id={Number(params.id)} />;
  else if (path === '/notices') page = <NoticesPage />;
  else if ((params = matchPath('/notices/:id', path))) page = <NoticePage key={params.id} id={Number(params.id)} />;
  else if (path === '/opinions') page = <OpinionsPage />;
  else if ((params = matchPath('/opinions/:id', path)) && /^\d+$/.test(params.id))
    page = <OpinionPage key={params.id} id={Number(params.id)} />;
  else if (path === '/disclosures') page = <DisclosuresPage />;
  else if ((params = matchPath('/disclosures/:id', path)) && /^\d+$/.test(params.id))
    page = <DisclosurePage key={params.id} id={Number(params.id)} />;
  else if (path === '/ledger' || path === '/ledger/') page = <LedgerHome />;
  else if ((params = matchPath('/ledger/:orgId/plan', path)) && /^\d+$/.test(params.orgId))
    page = <PlanPage key={params.orgId} orgId={Number(params.orgId)} />;
  else if ((params = matchPath('/ledger/:orgId', path)) && /^\d+$/.test(params.orgId))
    page = <LedgerPage key={params.orgId} orgId={Number(params.orgId)} />;
  else if ((params = matchPath('/problems/:id', path)) && /^\d+$/.test(params.id))
    page = <ProblemPage key={params.id} id={Number(params.id)} />;
  else if (path === '/supervision' || path === '/supervision/') page = <SupervisionHome />;
  else if ((params = matchPath('/supervision/teams/:id', path)) && /^\d+$/.test(params.id))
    page = <TeamPage key={params.id} id={Number(params.id)} />;
  else if ((params = matchPath('/supervision/:orgId', path)) && /^\d+$/.test(params.orgId))
    page = <SupervisionPage key={params.orgId} orgId={Number(params.orgId)} />;
  else if ((params = matchPath('/materials/:id', path)) && /^\d+$/.test(params.id))
    page = <MaterialPage key={params.id} id={Number(params.id)} />;
  else if ((params = matchPath('/forms/:id', path)) && /^\d+$/.test(params.id))
    page = <FormPage key={params.id} id={Number(params.id)} />;
  else if ((params = matchPath('/lookbacks/:id', path)) && /^\d+$/.test(params.id))
    page = <LookbackPage key={params.id} id={Number(params.id)} />;
  else if ((params = matchPath('/inspections/:id', path)) && /^\d+$/.test(params.id))
    page = <InspectionPage key={params.id} id={Number(params.id)} />;
  else page = <NotFound />;

  return (
    <Shell key={me?.user.id}>
      <Suspense fallback={<FullPageSpin />}>{page}</Suspense>
    </Shell>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}
