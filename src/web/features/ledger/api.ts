/**
 * Every request of the ledger feature (/api/problems…, /api/rectification-plans…), typed; the
 * problem list is shared with the supervision and disclosure pickers. Evidence uploads go through
 * uploadFile (src/web/api/upload.ts), the ledger's Excel files through the import/export helpers.
 */
import type {
  LedgerSummaryView,
  PlanDetailView,
  PlanOverview,
  ProblemDetailView,
  ProblemPage,
} from '../../../shared/ledger.ts';
import type { z } from 'zod';
import type {
  ZCreatePlan,
  ZPlanQuery,
  ZPlanTransition,
  ZUpdatePlan,
  ZCreateProblem,
  ZMilestoneDone,
  ZProblemQuery,
  ZProblemTransition,
  ZProgress,
  ZSummaryQuery,
  ZUpdateProblem,
} from '../../../shared/schemas/ledger.ts';
import { api } from '../../api/client.ts';

/** The filters of GET /api/problems (and a page size); `after` is the list's. */
export type ProblemQuery = Omit<z.input<typeof ZProblemQuery>, 'after'>;
export type CreateProblemBody = z.input<typeof ZCreateProblem>;
export type UpdateProblemBody = z.input<typeof ZUpdateProblem>;
export type ProgressBody = z.input<typeof ZProgress>;
export type ProblemTransitionBody = z.input<typeof ZProblemTransition>;
export type MilestoneDoneBody = z.input<typeof ZMilestoneDone>;
export type SummaryQuery = z.input<typeof ZSummaryQuery>;

export type PlanQuery = z.input<typeof ZPlanQuery>;
export type CreatePlanBody = z.input<typeof ZCreatePlan>;
export type UpdatePlanBody = z.input<typeof ZUpdatePlan>;
export type PlanTransitionBody = z.input<typeof ZPlanTransition>;

/**
 * One page of `/api/problems` for a query, after the key `after` (null: the first page); read it
 * with `usePagedList((after) => loadProblems(q, after), deps)` of src/web/api/paging.ts.
 */
export const loadProblems = (q: ProblemQuery, after: string | null) =>
  api.get<ProblemPage>('/problems', { ...q, after: after ?? undefined });

export const ledgerApi = {
  problems: loadProblems,
  summary: (q: SummaryQuery) => api.get<LedgerSummaryView>('/problems/summary', q),
  problem: (id: number) => api.get<ProblemDetailView>(`/problems/${id}`),
  createProblem: (body: CreateProblemBody) => api.post<ProblemDetailView>('/problems', body),
  updateProblem: (id: number, patch: UpdateProblemBody) => api.patch<ProblemDetailView>(`/problems/${id}`, patch),
  /** What the unit writes while rectifying: progress and the effect statement. */
  saveProgress: (id: number, body: ProgressBody) => api.patch<ProblemDetailView>(`/problems/${id}/progress`, body),
  transition: (id: number, body: ProblemTransitionBody) =>
    api.post<ProblemDetailView>(`/problems/${id}/transition`, body),
  /** Marks a milestone done (with a note) or not done. */
  milestone: (id: number, milestoneId: number, body: MilestoneDoneBody) =>
    api.post<ProblemDetailView>(`/problems/${id}/milestones/${milestoneId}`, body),

  plans: (q: PlanQuery) => api.get<PlanOverview>('/rectification-plans', q),
  plan: (id: number) => api.get<PlanDetailView>(`/rectification-plans/${id}`),
  createPlan: (body: CreatePlanBody) => api.post<PlanDetailView>('/rectification-plans', body),
  updatePlan: (id: number, patch: UpdatePlanBody) => api.patch<PlanDetailView>(`/rectification-plans/${id}`, patch),
  planTransition: (id: number, body: PlanTransitionBody) =>
    api.post<PlanDetailView>(`/rectification-plans/${id}/transition`, body),
};
