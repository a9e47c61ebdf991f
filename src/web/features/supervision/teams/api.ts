/** Every request of the supervision teams (督导组): teams, their visit logs and the users who could join. */
import type { TeamCandidateView, TeamDetailView, TeamView } from '../../../../shared/supervision.ts';
import type { Page } from '../../../../shared/api.ts';
import type { z } from 'zod';
import type {
  ZCandidateQuery,
  ZCreateTeam,
  ZTeamQuery,
  ZUpdateTeam,
  ZVisit,
} from '../../../../shared/schemas/supervision/teams.ts';
import { api } from '../../../api/client.ts';

/** A new team's fields but the forming office (`orgId`, the list's org). */
export type TeamBody = Omit<z.input<typeof ZCreateTeam>, 'orgId'>;
export type VisitBody = z.input<typeof ZVisit>;

export const teamsApi = {
  /**
   * One page of the teams formed in the org's subtree (`mine`: only those the user belongs to);
   * `after` is the previous page's `next`.
   */
  list: (q: Omit<z.input<typeof ZTeamQuery>, 'after'>, after: string | null = null) =>
    api.get<Page<TeamView>>('/supervision/teams', {
      org: q.org,
      mine: q.mine ? true : undefined,
      limit: q.limit,
      after: after ?? undefined,
    } satisfies z.input<typeof ZTeamQuery>),
  get: (id: number) => api.get<TeamDetailView>(`/supervision/teams/${id}`),
  create: (orgId: number, body: TeamBody) =>
    api.post<TeamDetailView>('/supervision/teams', { ...body, orgId } satisfies z.input<typeof ZCreateTeam>),
  update: (id: number, body: z.input<typeof ZUpdateTeam>) =>
    api.patch<TeamDetailView>(`/supervision/teams/${id}`, body),
  logVisit: (id: number, body: VisitBody) => api.post<TeamDetailView>(`/supervision/teams/${id}/visits`, body),
  /** Users with a grant in the forming office's subtree, matching `q`. */
  candidates: (org: number, q?: string) =>
    api.get<TeamCandidateView[]>('/supervision/candidates', {
      org,
      q: q || undefined,
    } satisfies z.input<typeof ZCandidateQuery>),
};
