import type {
  InspectionAbilities,
  InspectionDetailView,
  InspectionKind,
  InspectionStatus,
  InspectionView,
} from '../../../../shared/supervision.ts';
import { iso } from '../supervision.presenter.ts';
import type { NamedRow, ReportRow } from './inspections.repository.ts';

export function presentReport(r: ReportRow): InspectionView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    teamId: r.team_id,
    teamName: r.team_name,
    kind: r.kind as InspectionKind,
    title: r.title,
    inspectedOn: r.inspected_on,
    status: r.status as InspectionStatus,
    circulatedAt: iso(r.circulated_at),
    namedCount: Number(r.named_count),
    answeredCount: Number(r.answered_count),
    createdAt: iso(r.created_at)!,
  };
}

export function presentReportDetail(
  r: ReportRow,
  named: Array<{ row: NamedRow; canAnswer: boolean }>,
  abilities: InspectionAbilities,
): InspectionDetailView {
  return {
    ...presentReport(r),
    body: r.body,
    named: named.map(({ row: n, canAnswer }) => ({
      orgId: n.org_id,
      orgName: n.name,
      finding: n.finding,
      problemIds: n.problem_ids,
      answer: n.answer,
      answeredAt: iso(n.answered_at),
      answeredBy: n.answered_by,
      canAnswer,
      abilities: { answer: canAnswer },
    })),
    can: { edit: abilities.edit, circulate: abilities.circulate },
    abilities,
  };
}
