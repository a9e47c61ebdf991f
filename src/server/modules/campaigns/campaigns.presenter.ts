import type { CampaignRow, CampaignTemplateRow } from '../../db/types.ts';
import {
  ZTemplateBody,
  type CampaignView,
  type TaskDetailView,
  type TaskStatus,
  type TaskView,
  type TemplateView,
  type TTemplateBody,
} from '../../../shared/campaigns.ts';
import { sanitizeHtml } from '../../platform/html.ts';

export function presentTemplate(r: CampaignTemplateRow, abilities: TemplateView['abilities']): TemplateView {
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

export function presentTask(t: TaskRowLike, body: TTemplateBody, today: string): TaskView {
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
  };
}

/** A task's stored content as answered: the rich text is sanitized again, so rows stored before a rule changed are harmless. */
export function presentContent(c: TaskDetailView['content'] | undefined): TaskDetailView['content'] {
  if (!c) return null;
  return typeof c.html === 'string' ? { ...c, html: sanitizeHtml(c.html) } : c;
}
