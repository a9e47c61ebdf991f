import type { Selectable } from 'kysely';
import type { CampaignBatchRow, CampaignRow, CampaignTaskEventTable, CampaignTemplateRow } from '../../db/types.ts';
import {
  ZTemplateBody,
  type CampaignAbilities,
  type CampaignDetailView,
  type CampaignView,
  type ProgressFigures,
  type ProgressView,
  type RedListView,
  type TaskAbilities,
  type TaskDetailView,
  type TaskStatus,
  type TaskView,
  type TemplateView,
  type TTemplateBody,
} from '../../../shared/campaigns.ts';
import { sanitizeHtml } from '../../platform/html.ts';
import { daysBetween } from '../../platform/dates.ts';
import type { ProgressRow } from './campaigns.repository.ts';

/** A batch's phase dates, as stored in campaign_batches.phases. */
export type BatchPhases = Array<{ key: string; start: string; end: string }>;

export function presentTemplate(
  r: CampaignTemplateRow,
  abilities: TemplateView['abilities'],
  cloneOrg: TemplateView['cloneOrg'],
): TemplateView {
  const body = ZTemplateBody.parse(r.body);
  return {
    id: r.id,
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    description: { zh: r.description_zh, en: r.description_en },
    builtin: r.builtin,
    ownerOrgId: r.owner_org_id,
    status: r.status as TemplateView['status'],
    phases: body.phases.length,
    prescribed: body.actions.filter((a) => a.kind === 'prescribed').length,
    optional: body.actions.filter((a) => a.kind === 'optional').length,
    updatedAt: r.updated_at.toISOString(),
    abilities,
    cloneOrg,
  };
}

export function presentCampaign(
  c: CampaignRow & { org_name: string },
  startDate: string,
  endDate: string,
): CampaignView {
  return {
    id: c.id,
    name: { zh: c.name_zh, en: c.name_en },
    docNumber: c.doc_number,
    orgId: c.org_id,
    orgName: c.org_name,
    templateId: c.template_id,
    status: c.status as CampaignView['status'],
    escalationDays: c.escalation_days,
    startDate,
    endDate,
    createdAt: c.created_at.toISOString(),
  };
}

interface TaskRowLike {
  id: number;
  campaign_id: number;
  org_id: number;
  org_name: string;
  action_key: string;
  phase_key: string;
  kind: string;
  period: string;
  due_date: string;
  base_due: string;
  status: string;
  cycle: number;
  submitted_at: Date | null;
  decided_at: Date | null;
  last_comment: string | null;
}

export function presentTask(t: TaskRowLike, body: TTemplateBody, today: string, abilities: TaskAbilities): TaskView {
  const action = body.actions.find((a) => a.key === t.action_key);
  const status = t.status as TaskStatus;
  return {
    id: t.id,
    campaignId: t.campaign_id,
    orgId: t.org_id,
    orgName: t.org_name,
    actionKey: t.action_key,
    actionName: action?.name ?? { zh: t.action_key, en: t.action_key },
    phaseKey: t.phase_key,
    kind: t.kind as TaskView['kind'],
    period: t.period,
    dueDate: t.due_date,
    baseDue: t.base_due,
    status,
    overdue: (status === 'draft' || status === 'returned') && t.due_date < today,
    cycle: t.cycle,
    submittedAt: t.submitted_at?.toISOString() ?? null,
    decidedAt: t.decided_at?.toISOString() ?? null,
    lastComment: t.last_comment,
    abilities,
  };
}

/** A task's stored content as answered: the rich text is sanitized again, so rows stored before a rule changed are harmless. */
export function presentContent(c: TaskDetailView['content'] | undefined): TaskDetailView['content'] {
  if (!c) return null;
  return typeof c.html === 'string' ? { ...c, html: sanitizeHtml(c.html) } : c;
}

/** A campaign with its batches, the deadlines the actor may see and the actor's abilities. */
export function presentCampaignDetail(
  c: CampaignRow & { org_name: string },
  body: TTemplateBody,
  batches: CampaignBatchRow[],
  deadlines: Array<{ org_id: number; name: string; phase_key: string; due_date: string }>,
  abilities: CampaignAbilities,
): CampaignDetailView {
  const start = batches.reduce((m, b) => (b.start_date < m ? b.start_date : m), batches[0]?.start_date ?? '');
  const end = batches.reduce((m, b) => (b.end_date > m ? b.end_date : m), batches[0]?.end_date ?? '');
  return {
    ...presentCampaign(c, start, end),
    noticeBody: c.notice_body,
    body,
    batches: batches.map((b) => ({
      id: b.id,
      seq: b.seq,
      name: b.name,
      levels: b.levels,
      kinds: b.kinds,
      startDate: b.start_date,
      endDate: b.end_date,
      phases: b.phases as BatchPhases,
    })),
    deadlines: deadlines.map((d) => ({ orgId: d.org_id, orgName: d.name, phaseKey: d.phase_key, dueDate: d.due_date })),
    abilities,
  };
}

/** One unit of the red list, with its days overdue as of `today`. */
export function presentRedListItem(
  r: { org_id: number; name: string; overdue: number; oldest_due: string },
  today: string,
): RedListView['items'][number] {
  return {
    orgId: r.org_id,
    name: r.name,
    overdue: r.overdue,
    oldestDue: r.oldest_due,
    daysOverdue: daysBetween(r.oldest_due, today),
  };
}

/** A task with its campaign's name, its action, content, attachments, history and the actor's abilities. */
export function presentTaskDetail(
  t: TaskRowLike & { content: unknown },
  c: Pick<CampaignRow, 'name_zh' | 'name_en'>,
  body: TTemplateBody,
  today: string,
  attachments: Array<{ id: number; filename: string; size: number; sha256: string; created_at: Date }>,
  events: Array<Selectable<CampaignTaskEventTable>>,
  abilities: TaskAbilities,
): TaskDetailView {
  return {
    ...presentTask(t, body, today, abilities),
    campaignName: { zh: c.name_zh, en: c.name_en },
    action: body.actions.find((a) => a.key === t.action_key)!,
    content: presentContent(t.content as TaskDetailView['content']),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      sha256: a.sha256,
      createdAt: a.created_at.toISOString(),
    })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      from: e.from_status,
      to: e.to_status,
      comment: e.comment,
      actorName: e.actor_name,
      at: e.at.toISOString(),
    })),
  };
}

/**
 * Sums counter rows into the figures of PROGRESS_PARTS (approved, submitted, due, overdue — a
 * partition of total) and the sub-figures of the open parts (returned, draft).
 */
function figures(rows: ProgressRow[], units: number): ProgressFigures {
  const f = {
    units,
    total: 0,
    approved: 0,
    submitted: 0,
    due: 0,
    overdue: 0,
    returned: 0,
    returnedDue: 0,
    returnedOverdue: 0,
    draft: 0,
    rate: 0,
  };
  for (const r of rows) {
    f.total += r.total;
    f.approved += r.approved;
    f.submitted += r.submitted;
    f.due += r.due;
    f.overdue += r.overdue;
    f.returned += r.returned;
    f.returnedDue += r.returned_due;
    f.returnedOverdue += r.returned_overdue;
    f.draft += r.draft;
  }
  f.rate = f.total ? Math.round((f.approved / f.total) * 1000) / 1000 : 0;
  return f;
}

/**
 * The progress of an org from its counter rows: its figures, one row per phase in the template's
 * order, and the children taking part ranked by completion rate (then fewer overdue, then id).
 */
export function presentProgress(p: {
  campaignId: number;
  org: { id: number; name: string; path: string };
  parent: { id: number; name: string } | null;
  today: string;
  body: TTemplateBody;
  children: Array<{ id: number; name: string; level: string }>;
  rows: ProgressRow[];
  units: Map<number, number>;
  redListCount: number;
  addOptional: boolean;
}): ProgressView {
  const sum = (oid: number) =>
    figures(
      p.rows.filter((r) => r.org_id === oid),
      p.units.get(oid) ?? 0,
    );
  const byPhase = p.body.phases.map((ph) => {
    const { units: _u, ...f } = figures(
      p.rows.filter((r) => r.org_id === p.org.id && r.phase_key === ph.key),
      0,
    );
    return { phaseKey: ph.key, ...f };
  });
  const children = p.children
    .map((ch) => ({ orgId: ch.id, name: ch.name, level: ch.level, rank: 0, ...sum(ch.id) }))
    .filter((ch) => ch.units > 0 || ch.total > 0)
    .sort((a, b) => b.rate - a.rate || a.overdue - b.overdue || a.orgId - b.orgId);
  children.forEach((ch, i) => (ch.rank = i + 1));
  return {
    campaignId: p.campaignId,
    org: { id: p.org.id, name: p.org.name, path: p.org.path },
    parent: p.parent ? { id: p.parent.id, name: p.parent.name } : null,
    today: p.today,
    figures: sum(p.org.id),
    byPhase,
    children,
    redListCount: p.redListCount,
    addOptional: p.addOptional,
  };
}
