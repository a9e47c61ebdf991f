/** Every request of the supervision teams (督导组): teams, their visit logs and the users who could join. */
import type { TeamCandidateView, TeamDetailView, TeamView } from '../../../../shared/supervision.ts';
import type { Page } from '../../../../shared/api.ts';
import { api } from '../../../api/client.ts';

export interface TeamBody {
  name: string;
  leaderId: number;
  memberIds: number[];
  unitIds: number[];
}
export interface VisitBody {
  orgId: number;
  visitDate: string;
  seen: string;
  meetings: string;
}

export const teamsApi = {
  /**
   * One page of the teams formed in the org's subtree (`mine`: only those the user belongs to);
   * `after` is the previous page's `next`.
   */
  list: (q: { org: number; mine?: boolean; limit?: number }, after: string | null = null) =>
    api.get<Page<TeamView>>('/supervision/teams', {
      org: q.org,
      mine: q.mine ? true : undefined,
      limit: q.limit,
      after: after ?? undefined,
    }),
  get: (id: number) => api.get<TeamDetailView>(`/supervision/teams/${id}`),
  create: (orgId: number, body: TeamBody) => api.post<TeamDetailView>('/supervision/teams', { ...body, orgId }),
  update: (id: number, body: Partial<TeamBody> & { status?: 'active' | 'disbanded' }) =>
    api.patch<TeamDetailView>(`/supervision/teams/${id}`, body),
  logVisit: (id: number, body: VisitBody) => api.post<TeamDetailView>(`/supervision/teams/${id}/visits`, body),
  /** Users with a grant in the forming office's subtree, matching `q`. */
  candidates: (org: number, q?: string) =>
    api.get<TeamCandidateView[]>('/supervision/candidates', { org, q: q || undefined }),
};
