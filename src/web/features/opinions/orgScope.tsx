/**
 * The organization a page is about when it is addressed as `<base>?org=<id>` (/opinions,
 * /disclosures): without ?org= it goes to the org open in the shell (when the user holds one of the
 * page's roles over it) or to the first org granted with one of them. Loads the org, tells the
 * shell (so the tree reveals it). What the actor may do there is not judged here: each page reads
 * the abilities its lists and views carry from the server.
 */
import { useEffect, useMemo } from 'react';
import { Breadcrumb } from 'antd';
import type { OrgDetailView, OrgView } from '../../../shared/api.ts';
import type { Role } from '../../../shared/enums.ts';
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
  /** True when the user has no org to show (no grant with one of the roles, no root). */
  none: boolean;
}

export function useOrgScope(basePath: string, pageRoles: readonly Role[]): OrgScope {
  const { query, navigate, location } = useRouter();
  const { me } = useAuth();
  const { currentOrg } = useShell();
  const raw = query.get('org');
  const orgId = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  const isAdmin = !!me?.user.isAdmin;
  const grants = useMemo(() => (me?.grants ?? []).filter((g) => pageRoles.includes(g.role)), [me, pageRoles]);

  let fallback: number | null = null;
  if (orgId === null) {
    if (currentOrg && (isAdmin || grants.some((g) => currentOrg.path.includes(g.orgId)))) fallback = currentOrg.id;
    else fallback = grants[0]?.orgId ?? null;
  }
  const needRoots = orgId === null && fallback === null && isAdmin;
  const roots = useApiData(() => (needRoots ? orgsApi.list() : Promise.resolve([] as OrgView[])), [needRoots]);
  const target = fallback ?? (needRoots ? (roots.data?.[0]?.id ?? null) : null);

  useEffect(() => {
    if (orgId !== null || target === null || location.pathname !== basePath) return;
    const q = new URLSearchParams(location.search);
    q.set('org', String(target));
    navigate(`${basePath}?${q.toString()}`, { replace: true });
  }, [orgId, target, basePath, location, navigate]);

  const orgData = useApiData(() => (orgId ? orgsApi.get(orgId) : Promise.resolve(undefined)), [orgId]);
  const org = orgId && orgData.data?.id === orgId ? orgData.data : undefined;

  useShellOrg(org);

  const none = orgId === null && target === null && (!needRoots || !roots.loading);
  return { orgId, org, error: orgData.error, none };
}

/**
 * The org's ancestors as a breadcrumb: those the user holds a grant at or below are links to the
 * same page for that org; the ones above stay plain names. `last` ends the trail (a batch, a code).
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
  const grantIds = new Set(me?.grants.map((g) => g.orgId) ?? []);
  const first = me?.user.isAdmin ? 0 : crumbs.findIndex((b) => grantIds.has(b.id));
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
