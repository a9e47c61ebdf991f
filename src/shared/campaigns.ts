/**
 * Campaigns (活动): the template document, the task transition table and the enumerations both the
 * server and the web app use. A template's body is stored as JSON in `campaign_templates.body`
 * and validated by ZTemplateBody; built-in templates are seeded from JSON files, then editable.
 */
import { z } from 'zod';
import type { Page } from './api.ts';
import type { Locale } from './enums.ts';

/** Text in both languages: every template name and description is shown in zh-CN or en. */
export const ZText = z.object({ zh: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) });
export type TText = z.infer<typeof ZText>;

/** Which field of a TText a language reads. */
export const TEXT_FIELD: Record<Locale, keyof TText> = { 'zh-CN': 'zh', en: 'en' };
/** A TText in one language. */
export const textIn = (x: TText, locale: Locale): string => x[TEXT_FIELD[locale]];

export const DELIVERABLES = ['form', 'files', 'meeting', 'figure'] as const;
export type Deliverable = (typeof DELIVERABLES)[number];

/** Who must do an action: leading bodies (committees, party groups), every branch, every member. */
export const ASSIGNEES = ['leading_body', 'branch', 'member'] as const;
export type Assignee = (typeof ASSIGNEES)[number];

export const ACTION_KINDS = ['prescribed', 'optional'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const RECURRENCES = ['monthly', 'quarterly', 'annual'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const REQUIREMENT_KINDS = ['study_hours', 'essays', 'other'] as const;

const ZKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

export const ZPhase = z.object({
  key: ZKey,
  name: ZText,
  description: ZText.optional(),
  /** Default dates when deploying: days after the campaign start, and length in days. */
  startOffsetDays: z.number().int().min(0).max(3650),
  durationDays: z.number().int().min(1).max(3650),
});

export const ZAction = z.object({
  key: ZKey,
  phaseKey: ZKey,
  kind: z.enum(ACTION_KINDS),
  name: ZText,
  description: ZText.optional(),
  deliverable: z.enum(DELIVERABLES),
  assignee: z.enum(ASSIGNEES),
  /** A repeating report (月报告、季检查、年互评): one task per period within the phase. */
  recurrence: z.enum(RECURRENCES).optional(),
  /** For a figure: what is counted, e.g. {zh:'学时', en:'hours'}. */
  figureUnit: ZText.optional(),
});

export const ZRequirement = z.object({
  key: ZKey,
  kind: z.enum(REQUIREMENT_KINDS),
  /** A member category (enums MEMBER_CATEGORIES), 'leading_cadre' (any cadre), or absent for all. */
  category: z.string().max(40).optional(),
  value: z.number().min(0).max(100000),
  unit: ZText,
  note: ZText.optional(),
});

export const ZTemplateBody = z
  .object({
    phases: z.array(ZPhase).min(1).max(20),
    actions: z.array(ZAction).max(200),
    requirements: z.array(ZRequirement).max(50).default([]),
  })
  .superRefine((b, ctx) => {
    const phaseKeys = new Set<string>();
    b.phases.forEach((p, i) => {
      if (phaseKeys.has(p.key))
        ctx.addIssue({ code: 'custom', path: ['phases', i, 'key'], message: `duplicate phase key ${p.key}` });
      phaseKeys.add(p.key);
    });
    const actionKeys = new Set<string>();
    b.actions.forEach((a, i) => {
      if (actionKeys.has(a.key))
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'key'], message: `duplicate action key ${a.key}` });
      actionKeys.add(a.key);
      if (!phaseKeys.has(a.phaseKey))
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'phaseKey'], message: `unknown phase ${a.phaseKey}` });
    });
  });
export type TTemplateBody = z.infer<typeof ZTemplateBody>;
export type TPhase = z.infer<typeof ZPhase>;
export type TAction = z.infer<typeof ZAction>;

/** A built-in template file (src/server/modules/campaigns/builtin/*.json). */
export const ZBuiltinTemplate = z.object({
  code: ZKey,
  name: ZText,
  description: ZText,
  body: ZTemplateBody,
});
export type TBuiltinTemplate = z.infer<typeof ZBuiltinTemplate>;

/** States of a unit's task. `draft` is where every task starts. */
export const TASK_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who moves a task: the unit doing it, or the level above reviewing it. */
export type TaskActorSide = 'unit' | 'reviewer';

export interface TaskTransition {
  from: TaskStatus;
  to: TaskStatus;
  action: 'submit' | 'approve' | 'return' | 'reopen';
  by: TaskActorSide;
  /** A comment must accompany it (a return says why; a reopen says why). */
  commentRequired: boolean;
}

/**
 * The whole workflow of a task: anything not listed here is refused by the server.
 * draft → submitted → returned / approved; returned → submitted; approved → returned by reopening.
 */
export const TASK_TRANSITIONS: readonly TaskTransition[] = [
  { from: 'draft', to: 'submitted', action: 'submit', by: 'unit', commentRequired: false },
  { from: 'returned', to: 'submitted', action: 'submit', by: 'unit', commentRequired: false },
  { from: 'submitted', to: 'approved', action: 'approve', by: 'reviewer', commentRequired: false },
  { from: 'submitted', to: 'returned', action: 'return', by: 'reviewer', commentRequired: true },
  { from: 'approved', to: 'returned', action: 'reopen', by: 'reviewer', commentRequired: true },
];
export type TaskAction = TaskTransition['action'];

/** Tasks still to be done by the unit; past their due date they are overdue. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['draft', 'returned'];

export const NOTICE_KINDS = ['notice', 'tip', 'bulletin'] as const; // 通知、工作提示、通报
export type NoticeKind = (typeof NOTICE_KINDS)[number];

// ---- Response shapes (what the campaigns API answers) ----

export interface TemplateView {
  id: number;
  code: string | null;
  name: TText;
  description: TText;
  builtin: boolean;
  ownerOrgId: number | null;
  status: 'active' | 'archived';
  phases: number;
  prescribed: number;
  optional: number;
  updatedAt: string;
  abilities: { edit: boolean; clone: boolean; deploy: boolean };
  /** Where a clone lands: the first org the actor may keep templates for (null when none). */
  cloneOrg: OrgRef | null;
}
/** An org named in an answer (a deploying org, a clone target). */
export interface OrgRef {
  id: number;
  name: string;
}
export interface TemplateDetailView extends TemplateView {
  body: TTemplateBody;
}

export interface BatchView {
  id: number;
  seq: number;
  name: string;
  levels: string[];
  kinds: string[];
  startDate: string;
  endDate: string;
  phases: Array<{ key: string; start: string; end: string }>;
}
export interface CampaignView {
  id: number;
  name: TText;
  docNumber: string | null;
  orgId: number;
  orgName: string;
  templateId: number;
  status: 'active' | 'closed';
  escalationDays: number;
  startDate: string;
  endDate: string;
  createdAt: string;
}
export interface CampaignDetailView extends CampaignView {
  noticeBody: string;
  body: TTemplateBody;
  batches: BatchView[];
  deadlines: Array<{ orgId: number; orgName: string; phaseKey: string; dueDate: string }>;
  abilities: CampaignAbilities;
}

/**
 * What the actor may do with a campaign: deploy (another one from the deploying org), tighten a
 * phase's deadline or add an optional action (自选动作) somewhere in its subtree while it runs,
 * export progress/tasks/report, download the deployment notice (.docx).
 */
export const CAMPAIGN_ABILITIES = ['deploy', 'setDeadline', 'addOptional', 'export', 'notice'] as const;
export type CampaignAbilities = Record<(typeof CAMPAIGN_ABILITIES)[number], boolean>;

/**
 * The parts every breakdown of a campaign's tasks shows, in this order (cards, phase bars, the
 * children's table, the exports): each task is in exactly one, so they sum to `total` — for an
 * org, each phase and each child. The open tasks (draft or returned) are split by due date only;
 * a returned task is "not yet due" or "overdue" like a draft, and `returned` is a sub-figure of
 * those two parts (其中退回), never a part of its own.
 */
export const PROGRESS_PARTS = ['approved', 'submitted', 'due', 'overdue'] as const;
export type ProgressPart = (typeof PROGRESS_PARTS)[number];

export interface ProgressFigures {
  /** Participating units (not a task count). */
  units: number;
  /** Every active task: approved + submitted + due + overdue. */
  total: number;
  /** Part: approved by the level above. */
  approved: number;
  /** Part: submitted, awaiting review. */
  submitted: number;
  /** Part: open (draft or returned) and not yet past its due date. */
  due: number;
  /** Part: open (draft or returned) and past its due date. */
  overdue: number;
  /** Sub-figure of the open parts (due + overdue): returned for rework; returnedDue + returnedOverdue. */
  returned: number;
  /** Sub-figure of `due`: returned and not yet past the due date. */
  returnedDue: number;
  /** Sub-figure of `overdue`: returned and past the due date. */
  returnedOverdue: number;
  /** Sub-figure of the open parts: never submitted yet (due + overdue − returned). */
  draft: number;
  /** approved / total, 0..1 (0 when there are no tasks). */
  rate: number;
}
export interface ProgressView {
  campaignId: number;
  org: { id: number; name: string; path: string };
  /** The org one level up, when it lies in the campaign and the actor's scope (to go back up). */
  parent: { id: number; name: string } | null;
  today: string;
  figures: ProgressFigures;
  /** One row per phase of the campaign, in the template's order. */
  byPhase: Array<{ phaseKey: string } & Omit<ProgressFigures, 'units'>>;
  /** Child organizations taking part, ranked by completion rate (highest first). */
  children: Array<{ orgId: number; name: string; level: string; rank: number } & ProgressFigures>;
  redListCount: number;
  /** The actor may add one of the template's optional actions (自选动作) to this org's own tasks (the policy over this org). */
  addOptional: boolean;
}
export interface RedListView {
  cutoff: string;
  escalationDays: number;
  total: number;
  items: Array<{ orgId: number; name: string; overdue: number; oldestDue: string; daysOverdue: number }>;
}

export interface TaskView {
  id: number;
  campaignId: number;
  orgId: number;
  orgName: string;
  actionKey: string;
  actionName: TText;
  phaseKey: string;
  kind: 'prescribed' | 'optional';
  period: string;
  dueDate: string;
  baseDue: string;
  status: TaskStatus;
  overdue: boolean;
  cycle: number;
  submittedAt: string | null;
  decidedAt: string | null;
  lastComment: string | null;
  abilities: TaskAbilities;
}

/**
 * What the actor may do with a task: edit its draft (and attach files) while open, and the moves
 * of TASK_TRANSITIONS from its status that the actor's side may make (`commentRequired` there).
 */
export const TASK_ABILITIES = ['edit', 'submit', 'approve', 'return', 'reopen'] as const;
export type TaskAbilities = Record<(typeof TASK_ABILITIES)[number], boolean>;

export interface TaskDetailView extends TaskView {
  campaignName: TText;
  action: TAction;
  content: {
    html?: string;
    figure?: number | null;
    meeting?: { date?: string | null; place?: string; attendees?: number | null };
  } | null;
  attachments: Array<{ id: number; filename: string; size: number; sha256: string; createdAt: string }>;
  events: Array<{
    id: number;
    action: string;
    from: string | null;
    to: string | null;
    comment: string | null;
    actorName: string | null;
    at: string;
  }>;
}
/** GET /api/campaigns/:id/tasks: a page of the filtered tasks (`next` is the following page's ?after=) and how many match. */
export type TaskPage = Page<TaskView> & { total: number };
/**
 * GET /api/campaigns: the campaigns concerning the actor, newest first, with what the actor may
 * do at list level: deploy a campaign, from one of `deployOrgs` (the orgs of the actor's grants
 * the deploy rule allows; an administrator may pick any org).
 */
export type CampaignPage = Page<CampaignView> & {
  abilities: CampaignListAbilities;
  deployOrgs: OrgRef[];
};
export const CAMPAIGN_LIST_ABILITIES = ['deploy'] as const;
export type CampaignListAbilities = Record<(typeof CAMPAIGN_LIST_ABILITIES)[number], boolean>;
