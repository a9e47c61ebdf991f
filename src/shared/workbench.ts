/**
 * The workbench's sections, in the order the page shows them. A member sees their own
 * (problems, measures, materials, forms addressed to them, unread notices); a unit admin
 * (branch secretary) also the unit's tasks and problems; an office its desk (approvals,
 * escalations, overdue units below).
 */
export const WORK_SECTIONS = [
  'tasks_to_fill',
  'tasks_to_review',
  'problems_mine',
  'measures_mine',
  'problems_to_verify',
  'materials_to_write',
  'materials_to_review',
  'forms_to_answer',
  'overdue_below',
  'notifications_unread',
] as const;
export type WorkSection = (typeof WORK_SECTIONS)[number];

/** How many items of one section the page carries (the count is always the whole). */
export const WORKBENCH_SECTION_LIMIT = 20;
