import type { WorkItemView, WorkbenchCounts, WorkbenchView, WorkSectionView } from '../../../shared/api.ts';
import type { EnumKind } from '../../../shared/labels.ts';
import type { WorkSection } from '../../../shared/workbench.ts';
import type { WorkbenchContext } from './workbench.providers.ts';

/** One row of a section as the page shows it: what, where, by when, in what state, and where it opens. */
export function workItem(
  ctx: WorkbenchContext,
  section: WorkSection,
  entityType: WorkItemView['entityType'],
  row: { id: number; org_id: number; org_name: string; due: string | null; status: string | null },
  o: { title: string; statusKind?: EnumKind; href: string; mine: boolean; open?: boolean },
): WorkItemView {
  return {
    key: `${section}:${entityType}:${row.id}`,
    section,
    entityType,
    entityId: row.id,
    title: o.title,
    orgId: row.org_id,
    orgName: row.org_name,
    due: row.due,
    overdue: (o.open ?? true) && row.due !== null && row.due < ctx.today,
    status: o.statusKind && row.status ? { kind: o.statusKind, value: row.status } : null,
    href: o.href,
    mine: o.mine,
  };
}

/** zh-CN or English of a pair the database holds in two columns. */
export const pick = (ctx: WorkbenchContext, zh: string | null, en: string | null): string =>
  (ctx.locale === 'en' ? en || zh : zh || en) ?? '';

export function presentWorkbench(today: string, sections: WorkSectionView[]): WorkbenchView {
  return { today, total: sections.reduce((n, s) => n + s.count, 0), sections };
}

export function presentCounts(counts: Array<[WorkSection, number]>): WorkbenchCounts {
  return { total: counts.reduce((n, [, c]) => n + c, 0), sections: Object.fromEntries(counts) };
}
