import type { ProblemRow } from '../../db/types.ts';
import type { PersonRef } from '../../../shared/api.ts';
import { daysBetween } from '../../platform/dates.ts';
import {
  fiveClearMissing,
  OPEN_PROBLEM_STATUSES,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  PROBLEM_STATUSES,
  type LedgerFigures,
  type PlanAbilities,
  type PlanDetailView,
  type PlanStatus,
  type PlanView,
  type ProblemAbilities,
  type ProblemDetailView,
  type ProblemView,
} from '../../../shared/ledger.ts';
import type { FigureRow, ProblemParts, ProblemWithOrg } from './ledger.repository.ts';
import type { PlanEventRow, PlanProblemRow, PlanRow } from './plans.repository.ts';

/** A person on an item: linked (member id), outside (text only) or none (empty name). */
export function personRef(name: string, memberId: number | null): PersonRef {
  return { memberId: memberId ?? null, name, outside: memberId == null && name.trim() !== '' };
}

const iso = (d: Date | string | null) => (d == null ? null : d instanceof Date ? d.toISOString() : String(d));

/** A problem row (with its unit's name) as a list row; "overdue" is judged on `today`. */
export function presentProblem(
  p: ProblemRow & { org_name: string },
  today: string,
  abilities: ProblemAbilities,
): ProblemView {
  const open = (OPEN_PROBLEM_STATUSES as readonly string[]).includes(p.status);
  const overdue = open && !!p.deadline && p.deadline < today;
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    campaignId: p.campaign_id,
    seq: p.seq,
    source: p.source as ProblemView['source'],
    category: p.category as ProblemView['category'],
    subject: p.subject as ProblemView['subject'],
    subjectName: p.subject_name,
    description: p.description,
    standard: p.standard,
    responsibleLeader: personRef(p.responsible_leader, p.responsible_leader_member_id),
    responsibleDept: p.responsible_dept,
    responsiblePerson: personRef(p.responsible_person, p.responsible_person_member_id),
    kind: p.kind as ProblemView['kind'],
    deadline: p.deadline,
    deadlineText: p.deadline_text,
    status: p.status as ProblemView['status'],
    cycle: p.cycle,
    overdue,
    daysOverdue: overdue ? daysBetween(p.deadline!, today) : 0,
    progress: p.progress,
    effect: p.effect,
    remark: p.remark,
    updatedAt: iso(p.updated_at)!,
    closedAt: iso(p.closed_at),
    abilities,
  };
}

/** A problem with its measures, milestones, evidence versions, history and what is still missing. */
export function presentProblemDetail(
  p: ProblemWithOrg,
  parts: ProblemParts,
  o: { today: string; abilities: ProblemAbilities; sentDownFrom: string | null },
): ProblemDetailView {
  const { measures, milestones, evidence, events } = parts;
  return {
    ...presentProblem(p, o.today, o.abilities),
    orgPath: p.org_path,
    measures: measures.map((m) => ({
      id: m.id,
      seq: m.seq,
      content: m.content,
      owner: personRef(m.owner, m.owner_member_id),
      deadline: m.deadline,
    })),
    milestones: milestones.map((m) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      dueDate: m.due_date,
      doneAt: iso(m.done_at),
      note: m.note,
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      cycle: e.cycle,
      milestoneId: e.milestone_id,
      sha256: e.sha256,
      filename: e.filename,
      mime: e.mime,
      size: e.size,
      version: e.version,
      note: e.note,
      createdAt: iso(e.created_at)!,
      verifiedAt: iso(e.verified_at),
      url: `/api/problems/${p.id}/evidence/${e.id}`,
    })),
    events: events.map((e) => ({
      id: e.id,
      cycle: e.cycle,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      comment: e.comment,
      actorName: e.actor_name,
      at: iso(e.at)!,
    })),
    opinionIds: parts.opinionIds,
    sentDownFrom: o.sentDownFrom,
    missing: fiveClearMissing({
      description: p.description,
      responsible_leader: p.responsible_leader,
      responsible_person: p.responsible_person,
      standard: p.standard,
      measures: measures.length,
      kind: p.kind,
      deadline: p.deadline,
      milestones: milestones.length,
    }),
  };
}

export function emptyFigures(): LedgerFigures {
  return {
    total: 0,
    byStatus: Object.fromEntries(PROBLEM_STATUSES.map((s) => [s, 0])) as LedgerFigures['byStatus'],
    byKind: Object.fromEntries(PROBLEM_KINDS.map((s) => [s, 0])) as LedgerFigures['byKind'],
    byCategory: Object.fromEntries(PROBLEM_CATEGORIES.map((s) => [s, 0])) as LedgerFigures['byCategory'],
    overdue: 0,
    closureRate: 0,
  };
}

/** The counter rows of some orgs folded into each org's figures (every org present, zero when empty). */
export function presentFigures(orgIds: number[], rows: FigureRow[]): Map<number, LedgerFigures> {
  const out = new Map<number, LedgerFigures>(orgIds.map((id) => [id, emptyFigures()]));
  for (const r of rows) {
    const f = out.get(r.org_id)!;
    const n = Number(r.n);
    f.total += n;
    f.byStatus[r.status as keyof LedgerFigures['byStatus']] += n;
    f.byKind[r.kind as keyof LedgerFigures['byKind']] += n;
    f.byCategory[r.category as keyof LedgerFigures['byCategory']] += n;
    f.overdue += Number(r.overdue ?? 0);
  }
  for (const f of out.values()) {
    const confirmed = f.total - f.byStatus.draft;
    f.closureRate = confirmed > 0 ? Math.round((f.byStatus.closed / confirmed) * 1000) / 1000 : 0;
  }
  return out;
}

// ---------- rectification plans ----------

export function presentPlan(r: PlanRow): PlanView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    campaignId: r.campaign_id,
    title: r.title,
    status: r.status as PlanStatus,
    problemCount: Number(r.problem_count),
    lastComment: r.last_comment,
    updatedAt: iso(r.updated_at)!,
  };
}

export function presentPlanDetail(
  view: PlanView,
  r: { principles: string; objectives: string; measures: string; time_limits: string },
  problems: PlanProblemRow[],
  events: PlanEventRow[],
  abilities: PlanAbilities,
): PlanDetailView {
  return {
    ...view,
    principles: r.principles,
    objectives: r.objectives,
    measures: r.measures,
    timeLimits: r.time_limits,
    problems: problems.map((p) => ({
      id: p.id,
      seq: p.seq,
      description: p.description,
      status: p.status as never,
      kind: p.kind as never,
      deadline: p.deadline,
    })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      comment: e.comment,
      actorName: e.actor_name,
      at: iso(e.at)!,
    })),
    abilities,
  };
}
