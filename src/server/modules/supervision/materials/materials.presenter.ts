import type {
  ChecklistView,
  CriterionResult,
  MaterialAbilities,
  MaterialDetailView,
  MaterialKind,
  MaterialStatus,
  MaterialView,
  ReviewerKind,
  SimilarMaterial,
} from '../../../../shared/supervision.ts';
import type { PersonRef } from '../../../../shared/api.ts';
import { fromJson, iso } from '../supervision.presenter.ts';
import type { ReviewRow } from './materials.repository.ts';

export interface MaterialListRow {
  id: number;
  org_id: number;
  org_name: string;
  campaign_id: number | null;
  kind: string;
  title: string;
  subject_name: string;
  subject_member_id: number | null;
  author_name: string;
  status: string;
  needs_leader: boolean;
  needs_team: boolean;
  version: number;
  submitted_version: number | null;
  round: number;
  updated_at: Date;
}

export function presentMaterial(r: MaterialListRow, abilities: MaterialAbilities): MaterialView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    campaignId: r.campaign_id,
    kind: r.kind as MaterialKind,
    title: r.title,
    subjectName: r.subject_name,
    subject: {
      memberId: r.subject_member_id,
      name: r.subject_name,
      outside: r.subject_member_id === null && r.subject_name !== '',
    },
    authorName: r.author_name,
    status: r.status as MaterialStatus,
    needsLeader: r.needs_leader,
    needsTeam: r.needs_team,
    version: r.version,
    submittedVersion: r.submitted_version,
    round: r.round,
    updatedAt: iso(r.updated_at)!,
    abilities,
  };
}

export const presentVersion = (v: { version: number; author_name: string; created_at: Date; submitted: boolean }) => ({
  version: v.version,
  authorName: v.author_name,
  createdAt: iso(v.created_at)!,
  submitted: v.submitted,
});

export function presentMaterialDetail(
  r: MaterialListRow,
  d: {
    abilities: MaterialAbilities;
    review: ReviewerKind[];
    checklist: ChecklistView;
    body: string;
    versions: Array<{ version: number; author_name: string; created_at: Date; submitted: boolean }>;
    reviews: ReviewRow[];
    baseline: { version: number; body: string } | null;
    similar: SimilarMaterial[];
    leader: { org_id: number; org_name: string; member_id: number | null; name: string } | null;
  },
): MaterialDetailView {
  const leaderReviewer: PersonRef | null = d.leader
    ? { memberId: d.leader.member_id, name: d.leader.name, outside: d.leader.member_id === null }
    : null;
  return {
    ...presentMaterial(r, d.abilities),
    checklist: d.checklist,
    body: d.body,
    versions: d.versions.map(presentVersion),
    reviews: d.reviews.map((x) => ({
      id: x.id,
      version: x.version,
      reviewer: x.reviewer as ReviewerKind,
      reviewerName: x.reviewer_name,
      pass: x.pass,
      results: fromJson<CriterionResult[]>(x.results),
      comment: x.comment,
      createdAt: iso(x.created_at)!,
    })),
    baseline: d.baseline,
    similar: d.similar,
    leaderReviewer,
    leaderReviewerOrg: d.leader ? { id: d.leader.org_id, name: d.leader.org_name } : null,
    can: { edit: d.abilities.edit, submit: d.abilities.submit, review: d.review },
  };
}
