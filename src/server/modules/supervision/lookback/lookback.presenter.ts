import type {
  AssessmentView,
  ItemScore,
  LookbackAbilities,
  LookbackStage,
  LookbackView,
} from '../../../../shared/supervision.ts';
import { LOOKBACK_STAGES } from '../../../../shared/supervision.ts';
import { fromJson, iso } from '../supervision.presenter.ts';
import type { AssessmentRow, RoundRow } from './lookback.repository.ts';

export function presentRound(r: RoundRow): LookbackView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    campaignId: r.campaign_id,
    title: r.title,
    checklistId: r.checklist_id,
    participantCount: Number(r.participant_count),
    sampleSize: r.sample_size,
    seed: r.seed,
    createdAt: iso(r.created_at)!,
  };
}

export function presentAssessment(a: AssessmentRow): AssessmentView {
  return {
    id: a.id,
    orgId: a.org_id,
    stage: a.stage as LookbackStage,
    scores: fromJson<ItemScore[]>(a.scores),
    total: Number(a.total),
    summary: a.summary,
    authorName: a.author_name,
    createdAt: iso(a.created_at)!,
    problemIds: a.problem_ids,
  };
}

/** The stages as abilities: assess_self, assess_spot, assess_office. */
export const stageAbilities = (stages: readonly LookbackStage[]): LookbackAbilities =>
  Object.fromEntries(LOOKBACK_STAGES.map((s) => [`assess_${s}`, stages.includes(s)])) as LookbackAbilities;
