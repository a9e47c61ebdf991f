import type { WorkSource, WorkbenchContext } from '../workbench/workbench.providers.ts';
import { workItem } from '../workbench/workbench.presenter.ts';
import { t } from '../../platform/i18n.ts';
import * as R from './ledger.workbench.repository.ts';

const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);
const title = (ctx: WorkbenchContext, r: R.ProblemWorkRow) =>
  `${t(ctx.locale, 'wb.problemSeq', { seq: r.seq })} ${short(r.text.replace(/\s+/g, ' ').trim())}`;
const mineFilter = (ctx: WorkbenchContext) => ({
  kind: 'mine' as const,
  memberId: ctx.memberId,
  unitOrgIds: ctx.unitOrgIds,
});
const verifyFilter = (ctx: WorkbenchContext) => ({ kind: 'verify' as const, orgIds: ctx.verifyOrgIds });

/** The ledger: problems I (or my unit) rectify, measures I own, problems below waiting for my verification. */
export const ledgerWorkSources: WorkSource[] = [
  {
    section: 'problems_mine',
    applies: (ctx) => ctx.memberId !== null || ctx.unitOrgIds.length > 0,
    count: (db, ctx) => R.countProblems(db, mineFilter(ctx)),
    items: async (db, ctx, limit) =>
      (await R.listProblems(db, mineFilter(ctx), limit)).map((r) =>
        workItem(ctx, 'problems_mine', 'problem', r, {
          title: title(ctx, r),
          statusKind: 'problemStatus',
          href: `/problems/${r.id}`,
          mine: r.mine,
        }),
      ),
  },
  {
    section: 'measures_mine',
    applies: (ctx) => ctx.memberId !== null,
    count: (db, ctx) => (ctx.memberId === null ? Promise.resolve(0) : R.countMeasures(db, ctx.memberId)),
    items: async (db, ctx, limit) =>
      ctx.memberId === null
        ? []
        : (await R.listMeasures(db, ctx.memberId, limit)).map((r) =>
            workItem(ctx, 'measures_mine', 'measure', r, {
              title: title(ctx, r),
              statusKind: 'problemStatus',
              href: `/problems/${r.problem_id}`,
              mine: true,
            }),
          ),
  },
  {
    section: 'problems_to_verify',
    applies: (ctx) => ctx.verifyOrgIds.length > 0,
    count: (db, ctx) => R.countProblems(db, verifyFilter(ctx)),
    items: async (db, ctx, limit) =>
      (await R.listProblems(db, verifyFilter(ctx), limit)).map((r) =>
        workItem(ctx, 'problems_to_verify', 'problem', r, {
          title: title(ctx, r),
          statusKind: 'problemStatus',
          href: `/problems/${r.id}`,
          mine: false,
          open: false,
        }),
      ),
  },
];
