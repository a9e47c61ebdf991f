/** Addresses inside the supervision module, for links back to a tab of an org's supervision page. */

export const SUPERVISION_TABS = ['materials', 'forms', 'lookbacks', 'inspections', 'teams', 'checklists'] as const;
export type SupervisionTab = (typeof SUPERVISION_TABS)[number];

/** /supervision/:orgId?tab= (the materials tab is the default and needs no ?tab=). */
export function supervisionHref(orgId: number, tab: SupervisionTab = 'materials'): string {
  return `/supervision/${orgId}${tab === 'materials' ? '' : `?tab=${tab}`}`;
}
