/**
 * /supervision/:orgId?tab= — supervision (督导) of an org's subtree, in tabs that deep-link by
 * ?tab=: material review (审核把关), the three systems and five forms (三制五单), look back (回头看),
 * inspections and circulated reports (督查通报), supervision teams (督导组) and the review criteria
 * and look-back checklists (审核标准). The header's org tree moves between orgs, keeping the tab.
 * /supervision goes to the user's first granted org.
 */
import { useMemo } from 'react';
import { Breadcrumb, Card, Empty, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, Redirect, useRouter } from '../../app/router.tsx';
import { useAuth } from '../../app/auth.tsx';
import { useShellOrg } from '../../app/shell.tsx';
import { useTabOrg } from './parts/useTabOrg.ts';
import { MaterialsTab } from './materials/MaterialsTab.tsx';
import { FormsTab } from './forms/FormsTab.tsx';
import { LookbacksTab } from './lookback/LookbacksTab.tsx';
import { InspectionsTab } from './inspections/InspectionsTab.tsx';
import { TeamsTab } from './teams/TeamsTab.tsx';
import { ChecklistsTab } from './checklists/ChecklistsTab.tsx';
import { LoadFailed } from './parts/LoadFailed.tsx';
import { SUPERVISION_TABS, supervisionHref, type SupervisionTab } from './links.ts';
import './supervision.css';

/** "/supervision" → the hub of the org the server names as the user's supervision home (`me.homes.supervision`). */
export function SupervisionHome() {
  const { me } = useAuth();
  const { t } = useI18n();
  const { location } = useRouter();
  const home = me?.homes.supervision;
  if (home) return <Redirect to={`/supervision/${home}${location.search}`} />;
  return <Empty style={{ marginTop: 80 }} description={t('home.noOrgs')} />;
}

export function SupervisionPage({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const { query, navigate } = useRouter();
  const { me } = useAuth();
  const { org, abilities, error } = useTabOrg(orgId);
  // A member's supervision work is their own materials; the other tabs are for those the server lets read them.
  const memberOnly = !!abilities && !abilities.read;
  const tabs = memberOnly ? (['materials'] as const) : SUPERVISION_TABS;
  const raw = query.get('tab');
  const tab: SupervisionTab = (tabs as readonly string[]).includes(raw ?? '') ? (raw as SupervisionTab) : 'materials';

  useShellOrg(org);

  // Ancestors above the user's grants are named, not linked.
  const crumbs = useMemo(() => (org ? org.breadcrumbs.filter((b) => b.id !== org.id) : []), [org]);

  if (error) return <LoadFailed error={error} notFound={t('org.notFound')} />;
  if (!org) return <Skeleton active paragraph={{ rows: 10 }} />;

  const grantIds = new Set(me?.grants.map((g) => g.orgId) ?? []);
  const firstReachable = me?.user.isAdmin ? 0 : crumbs.findIndex((b) => grantIds.has(b.id));
  const reachable = (i: number) => firstReachable >= 0 && i >= firstReachable;

  // Switching tabs drops the other tab's filters.
  const setTab = (key: string) => navigate(supervisionHref(orgId, key as SupervisionTab), { replace: true });

  const tabLabel = (key: SupervisionTab) => <span data-testid={`sv-tab-${key}`}>{t(`sv.tab.${key}`)}</span>;
  const pane = (key: SupervisionTab) => {
    if (key !== tab) return null;
    switch (key) {
      case 'materials':
        return <MaterialsTab orgId={orgId} org={org} />;
      case 'forms':
        return <FormsTab orgId={orgId} />;
      case 'lookbacks':
        return <LookbacksTab orgId={orgId} />;
      case 'inspections':
        return <InspectionsTab orgId={orgId} />;
      case 'teams':
        return <TeamsTab orgId={orgId} org={org} />;
      case 'checklists':
        return <ChecklistsTab orgId={orgId} org={org} />;
    }
  };

  return (
    <div className="page sv-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          ...crumbs.map((b, i) => ({
            key: b.id,
            title: reachable(i) ? <Link to={supervisionHref(b.id, tab)}>{b.name}</Link> : b.name,
          })),
          { key: org.id, title: org.name },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <div className="page-head-title">
          <Typography.Title level={3} className="org-title" data-testid="sv-title">
            {t('sv.title', { org: org.name })}
          </Typography.Title>
          <Space size={[8, 4]} wrap>
            <Tag color="red" variant="outlined">
              {enumLabel(t, 'orgLevel', org.level)}
            </Tag>
            <Typography.Text type="secondary">{t(memberOnly ? 'sv.introMember' : 'sv.intro')}</Typography.Text>
          </Space>
        </div>
      </Card>
      <Card className="page-tabs sv-tabs" variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={tabs.map((key) => ({ key, label: tabLabel(key), children: pane(key) }))}
          data-testid="sv-tabs"
        />
      </Card>
    </div>
  );
}
