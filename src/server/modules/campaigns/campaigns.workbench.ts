import type { WorkSource, WorkbenchContext } from '../workbench/workbench.providers.ts';
import { pick, workItem } from '../workbench/workbench.presenter.ts';
import type { WorkSection } from '../../../shared/workbench.ts';
import * as R from './campaigns.workbench.repository.ts';

function filterOf(section: WorkSection, ctx: WorkbenchContext): R.TaskFilter {
  if (section === 'tasks_to_fill') return { kind: 'fill', orgIds: ctx.unitOrgIds };
  if (section === 'tasks_to_review') return { kind: 'review', parentIds: ctx.reviewOrgIds };
  return { kind: 'overdue', parentIds: ctx.officeOrgIds, today: ctx.today };
}

function taskSource(section: 'tasks_to_fill' | 'tasks_to_review' | 'overdue_below'): WorkSource {
  return {
    section,
    applies: (ctx) => {
      const f = filterOf(section, ctx);
      return (f.kind === 'fill' ? f.orgIds : f.parentIds).length > 0;
    },
    count: (db, ctx) => R.countTasks(db, filterOf(section, ctx)),
    items: async (db, ctx, limit) =>
      (await R.listTasks(db, filterOf(section, ctx), limit)).map((r) =>
        workItem(ctx, section, 'task', r, {
          title: `${pick(ctx, r.campaign_zh, r.campaign_en)} · ${pick(ctx, r.action_zh, r.action_en)}`,
          statusKind: 'taskStatus',
          href: `/tasks/${r.id}`,
          mine: false,
          open: r.status === 'draft' || r.status === 'returned',
        }),
      ),
  };
}

/** Campaign tasks: the unit's to fill, the children's to review, the children's overdue (an office's desk). */
export const campaignWorkSources: WorkSource[] = [
  taskSource('tasks_to_fill'),
  taskSource('tasks_to_review'),
  taskSource('overdue_below'),
];
