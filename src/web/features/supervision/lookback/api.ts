/** Every request of look back (回头看): rounds, a round with its sample and scores, an assessment. */
import type {
  ItemScore,
  LookbackDetailView,
  LookbackFinding,
  LookbackStage,
  LookbackView,
} from '../../../../shared/supervision.ts';
import type { Page } from '../../../../shared/api.ts';
import { api } from '../../../api/client.ts';

export interface NewLookbackBody {
  orgId: number;
  title: string;
  checklistId?: number;
  levels?: string[];
  sampleSize: number;
  seed?: string;
}
export interface AssessmentBody {
  orgId: number;
  stage: LookbackStage;
  scores: ItemScore[];
  summary: string;
  findings: LookbackFinding[];
}

export const lookbacksApi = {
  /** One page of the rounds opened in the org's subtree, newest first. */
  list: (q: { org: number; limit?: number }, after: string | null) =>
    api.get<Page<LookbackView>>('/supervision/lookbacks', { org: q.org, limit: q.limit, after: after ?? undefined }),
  get: (id: number) => api.get<LookbackDetailView>(`/supervision/lookbacks/${id}`),
  create: (body: NewLookbackBody) => api.post<LookbackDetailView>('/supervision/lookbacks', body),
  assess: (id: number, body: AssessmentBody) =>
    api.post<LookbackDetailView>(`/supervision/lookbacks/${id}/assessments`, body),
};
