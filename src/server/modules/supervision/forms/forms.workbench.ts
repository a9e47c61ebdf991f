import type { WorkSource } from '../../workbench/workbench.providers.ts';
import { workItem } from '../../workbench/workbench.presenter.ts';
import * as R from './forms.workbench.repository.ts';

/** Supervision forms issued to my unit (or to me) that wait for the answer. */
export const formWorkSources: WorkSource[] = [
  {
    section: 'forms_to_answer',
    applies: (ctx) => ctx.unitOrgIds.length > 0 || ctx.memberId !== null,
    count: (db, ctx) => R.countFormsToAnswer(db, ctx.unitOrgIds, ctx.memberId),
    items: async (db, ctx, limit) =>
      (await R.listFormsToAnswer(db, ctx.unitOrgIds, ctx.memberId, limit)).map((r) =>
        workItem(ctx, 'forms_to_answer', 'form', r, {
          title: r.title,
          statusKind: 'formStatus',
          href: `/forms/${r.id}`,
          mine: r.mine,
        }),
      ),
  },
];
