import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { ownGrants, type Actor } from '../../platform/actor.ts';
import { dateIn } from '../../platform/dates.ts';
import type { Role } from '../../../shared/enums.ts';
import type { WorkbenchCounts, WorkbenchView } from '../../../shared/api.ts';
import { WORK_SECTIONS, WORKBENCH_SECTION_LIMIT, type WorkSection } from '../../../shared/workbench.ts';
import { campaignWorkSources } from '../campaigns/campaigns.workbench.ts';
import { ledgerWorkSources } from '../ledger/ledger.workbench.ts';
import { materialWorkSources } from '../supervision/materials/materials.workbench.ts';
import { formWorkSources } from '../supervision/forms/forms.workbench.ts';
import { notificationWorkSources } from '../notifications/notifications.workbench.ts';
import type { NotificationService } from '../notifications/notifications.service.ts';
import type { WorkSource, WorkbenchContext } from './workbench.providers.ts';
import { presentCounts, presentWorkbench } from './workbench.presenter.ts';

const orgsWith = (grants: Actor['grants'], roles: readonly Role[]) => [
  ...new Set(grants.filter((g) => roles.includes(g.role)).map((g) => g.orgId)),
];

/**
 * The context every source reads. Own grants decide where the user works as the unit and as the
 * level above; a supervision team's lent scope counts only for the team's work (verifying,
 * reviewing materials). An administrator's workbench is that of their grants: administration is
 * not a desk of its own.
 */
export function workbenchContext(actor: Actor, today: string): WorkbenchContext {
  const own = ownGrants(actor);
  return {
    actor,
    today,
    locale: actor.locale,
    memberId: actor.memberId,
    unitOrgIds: orgsWith(own, ['unit_admin', 'office']),
    reviewOrgIds: orgsWith(own, ['unit_admin', 'office']),
    verifyOrgIds: orgsWith(actor.grants, ['office', 'supervisor']),
    officeOrgIds: orgsWith(own, ['office']),
    teamOrgIds: orgsWith(actor.grants, ['supervisor']),
  };
}

/**
 * 我的工作台: what waits for the user, gathered from the modules through their WorkSources (one
 * list, in the order of WORK_SECTIONS). Each source answers its own count and first items; the
 * counts endpoint asks only the counts (the navigation's badge).
 */
export class WorkbenchService {
  private sources: WorkSource[];

  constructor(
    private db: Kysely<DB>,
    notifications: NotificationService,
  ) {
    const all = [
      ...campaignWorkSources,
      ...ledgerWorkSources,
      ...materialWorkSources,
      ...formWorkSources,
      ...notificationWorkSources(notifications),
    ];
    const order = (s: WorkSection) => WORK_SECTIONS.indexOf(s);
    this.sources = all.sort((a, b) => order(a.section) - order(b.section));
  }

  private applicable(actor: Actor): { ctx: WorkbenchContext; sources: WorkSource[] } {
    const ctx = workbenchContext(actor, dateIn());
    return { ctx, sources: this.sources.filter((s) => s.applies(ctx)) };
  }

  async view(actor: Actor, limit = WORKBENCH_SECTION_LIMIT): Promise<WorkbenchView> {
    const { ctx, sources } = this.applicable(actor);
    const sections = await Promise.all(
      sources.map(async (s) => {
        const [count, items] = await Promise.all([s.count(this.db, ctx), s.items(this.db, ctx, limit)]);
        return { section: s.section, count, items };
      }),
    );
    return presentWorkbench(ctx.today, sections);
  }

  async counts(actor: Actor): Promise<WorkbenchCounts> {
    const { ctx, sources } = this.applicable(actor);
    const counts = await Promise.all(sources.map(async (s) => [s.section, await s.count(this.db, ctx)] as const));
    return presentCounts(counts.map(([s, n]) => [s, n]));
  }
}
