import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Locale } from '../../../shared/enums.ts';
import type { WorkItemView } from '../../../shared/api.ts';
import type { WorkSection } from '../../../shared/workbench.ts';

/**
 * Who is asking, resolved once per request: the member their account stands for and the orgs of
 * their own grants by what those grants let them do there. Sources read these lists; they never
 * look at roles themselves, so the workbench and the policies cannot drift apart silently (the
 * workbench test compares every section with the modules' own lists).
 */
export interface WorkbenchContext {
  actor: Actor;
  today: string;
  locale: Locale;
  /** The member the account stands for (users.member_id), or null. */
  memberId: number | null;
  /** Orgs the user works for as the unit (unit_admin or office grant): its tasks, its problems, its forms. */
  unitOrgIds: number[];
  /** Orgs whose direct children's submitted tasks the user reviews (office or unit_admin: the level above). */
  reviewOrgIds: number[];
  /** Orgs whose direct children's finished problems the user verifies (office or supervisor). */
  verifyOrgIds: number[];
  /** Orgs whose direct children's overdue tasks sit on the user's desk (office). */
  officeOrgIds: number[];
  /** Orgs whose subtree's materials the user reviews as the supervision team (supervisor grants, own or a team's). */
  teamOrgIds: number[];
}

/**
 * One section of the workbench, given by the module that owns its items. A later module (study,
 * meetings, appraisal) adds its own sources to WORK_SOURCES below and a value to WORK_SECTIONS.
 */
export interface WorkSource {
  section: WorkSection;
  /** Whether the user can have items here at all (the page shows an applicable section even when empty). */
  applies(ctx: WorkbenchContext): boolean;
  count(db: Kysely<DB>, ctx: WorkbenchContext): Promise<number>;
  /** The first `limit` items, nearest deadline first (no deadline last). */
  items(db: Kysely<DB>, ctx: WorkbenchContext, limit: number): Promise<WorkItemView[]>;
}
