import type { WorkSource, WorkbenchContext } from '../../workbench/workbench.providers.ts';
import { workItem } from '../../workbench/workbench.presenter.ts';
import { t } from '../../../platform/i18n.ts';
import * as R from './materials.workbench.repository.ts';

const title = (ctx: WorkbenchContext, r: R.MaterialWorkRow) =>
  r.subject_name
    ? t(ctx.locale, 'wb.materialOf', { title: r.title, subject: r.subject_name })
    : t(ctx.locale, 'wb.material', { title: r.title });

function source(section: 'materials_to_write' | 'materials_to_review'): WorkSource {
  const filter = (ctx: WorkbenchContext): R.MaterialFilter =>
    section === 'materials_to_write'
      ? { kind: 'write', userId: ctx.actor.id, memberId: ctx.memberId }
      : { kind: 'review', userId: ctx.actor.id, memberId: ctx.memberId, today: ctx.today, teamOrgIds: ctx.teamOrgIds };
  return {
    section,
    // Anyone may write their own material; reviews wait only for a member (a post holder) or a team.
    applies: (ctx) => section === 'materials_to_write' || ctx.memberId !== null || ctx.teamOrgIds.length > 0,
    count: (db, ctx) => R.countMaterials(db, filter(ctx)),
    items: async (db, ctx, limit) =>
      (await R.listMaterials(db, filter(ctx), limit)).map((r) =>
        workItem(ctx, section, 'material', r, {
          title: title(ctx, r),
          statusKind: 'materialStatus',
          href: `/materials/${r.id}`,
          mine: section === 'materials_to_write' ? r.mine : false,
        }),
      ),
  };
}

/** Supervision materials: what I write (or is about me) and what waits for my review. */
export const materialWorkSources: WorkSource[] = [source('materials_to_write'), source('materials_to_review')];
