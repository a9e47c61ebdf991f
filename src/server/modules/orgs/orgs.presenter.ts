import type { OrgDetailView, OrgStatsView, OrgView } from '../../../shared/api.ts';
import type { OrgKind, OrgLevel } from '../../../shared/enums.ts';
import type { OrgStatsRow } from '../../db/types.ts';
import type { OrgWithStats } from './orgs.repository.ts';

export function presentStats(s: Partial<OrgStatsRow> | null): OrgStatsView {
  const n = (v: number | undefined) => Number(v ?? 0);
  return {
    orgs: n(s?.orgs),
    branches: n(s?.branches),
    members: n(s?.members),
    membersOwn: n(s?.members_own),
    byCategory: {
      cadre_bureau: n(s?.cadre_bureau),
      cadre_county: n(s?.cadre_county),
      cadre_section: n(s?.cadre_section),
      ordinary: n(s?.ordinary),
      probationary: n(s?.probationary),
    },
    bySpecialType: { retired: n(s?.retired), floating: n(s?.floating), infirm: n(s?.infirm) },
  };
}

export function presentOrg(o: OrgWithStats): OrgView {
  return {
    id: o.id,
    parentId: o.parent_id,
    name: o.name,
    shortName: o.short_name,
    code: o.code,
    level: o.level as OrgLevel,
    kind: o.kind as OrgKind,
    status: o.status as 'active' | 'dissolved',
    depth: o.depth,
    path: o.path,
    sortOrder: o.sort_order,
    childCount: Number(o.child_count),
    stats: presentStats(o.stats),
  };
}

export function presentOrgDetail(
  o: OrgWithStats,
  breadcrumbs: Array<{ id: number; name: string }>,
  abilities: OrgDetailView['abilities'],
): OrgDetailView {
  const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
  return {
    ...presentOrg(o),
    breadcrumbs,
    createdAt: iso(o.created_at)!,
    updatedAt: iso(o.updated_at)!,
    dissolvedAt: iso(o.dissolved_at),
    dissolveReason: o.dissolve_reason,
    abilities,
  };
}

/** The audited snapshot of an org: what changed is readable in the history drawer. */
export function orgSnapshot(o: {
  name: string;
  short_name: string | null;
  code: string | null;
  level: string;
  kind: string;
  parent_id: number | null;
  status: string;
  sort_order: number;
}) {
  return {
    name: o.name,
    shortName: o.short_name,
    code: o.code,
    level: o.level,
    kind: o.kind,
    parentId: o.parent_id,
    status: o.status,
    sortOrder: o.sort_order,
  };
}
