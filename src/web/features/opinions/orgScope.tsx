/**
 * The organization a page is about when it is addressed as `<base>?org=<id>` (/opinions,
 * /disclosures): without ?org= it goes to the org open in the shell when that lies under the
 * page's home org (`MeView.homes[home]`, chosen by the server from the policy tables), else to
 * the home org itself. Loads the org, tells the shell (so the tree reveals it). What the actor
 * may do there is not judged here: each page reads the abilities its lists and views carry.
 */
import { useEffect } from 'react';
import { Breadcrumb } from 'antd';
import type { MeHome, OrgDetailView } from '../../../shared/api.ts';
import type { ApiError } from '../../api/client.ts';
import { orgsApi } from '../orgs/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useShell, useShellOrg } from '../../app/shell.tsx';
import { useApiData } from '../../components/hooks.ts';

export interface OrgScope {
  orgId: number | null;
  org: OrgDetailView | undefined;
  error: ApiError | undefined;
  /** True when the user has no org to show (the server names no home org for the page). */
  none: boolean;
}

export function useOrgScope(basePath: string, home: MeHome): OrgScope {
  const { query, navigate, location } = useRouter();
  const { me } = useAuth();
  const { currentOrg } = useShell();
  const raw = query.get('org');
  const orgId = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  const homeId = me?.homes[home] ?? null;

  let target: number | null = null;
  if (orgId === null && homeId !== null)
    target = currentOrg && currentOrg.path.includes(homeId) ? currentOrg.id : homeId;

  useEffect(() => {
    if (orgId !== null || target === null || location.pathname !== basePath) return;
    const q = new URLSearchParams(location.search);
    q.set('org', String(target));
    navigate(`${basePath}?${q.toString()}`, { replace: true });
  }, [orgId, target, basePath, location, navigate]);

  const orgData = useApiData(() => (orgId ? orgsApi.get(orgId) : Promise.resolve(undefined)), [orgId]);
  const org = orgId && orgData.data?.id === orgId ? orgData.data : undefined;

  useShellOrg(org);

  const none = orgId === null && target === null;
  return { orgId, org, error: orgData.error, none };
}

/**
 * The org's ancestors as a breadcrumb: from the first the user holds a grant at (or the server
 * names as a home: an administrator's top-level org) they are links to the same page for that
 * org; the ones above stay plain names. `last` ends the trail (a batch, a code).
 */
export function OrgCrumbs({
  org,
  basePath,
  last,
  lastLink,
}: {
  org: OrgDetailView;
  basePath: string;
  last?: string;
  lastLink?: boolean;
}) {
  const { me } = useAuth();
  const crumbs = org.breadcrumbs.filter((b) => b.id !== org.id);
  const reachIds = new Set<number | null>([
    ...(me?.grants.map((g) => g.orgId) ?? []),
    ...Object.values(me?.homes ?? {}),
  ]);
  const first = crumbs.findIndex((b) => reachIds.has(b.id));
  const reachable = (i: number) => first >= 0 && i >= first;
  const href = (id: number) => `${basePath}?org=${id}`;
  return (
    <Breadcrumb
      className="page-breadcrumb"
      items={[
        ...crumbs.map((b, i) => ({ key: b.id, title: reachable(i) ? <Link to={href(b.id)}>{b.name}</Link> : b.name })),
        { key: org.id, title: last && lastLink !== false ? <Link to={href(org.id)}>{org.name}</Link> : org.name },
        ...(last ? [{ key: 'last', title: last }] : []),
      ]}
    />
  );
}
