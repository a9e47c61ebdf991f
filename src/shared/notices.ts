/**
 * Notices (通知、工作提示、通报) and in-app notifications: the enumerations and the response shapes
 * the API answers with, read by the web app. Request bodies are the zod schemas in
 * src/server/modules/notices/notices.schema.ts and notifications/notifications.schema.ts.
 */
import type { NoticeKind, TText } from './campaigns.ts';
import type { Page } from './api.ts';

export { NOTICE_KINDS, type NoticeKind } from './campaigns.ts';

/** Who receives a notice: every org below the sending org, or the orgs picked one by one. */
export const NOTICE_AUDIENCES = ['subtree', 'selection'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

/** A draft is edited and given its attachments by the sending office; a sent notice never changes. */
export const NOTICE_STATUSES = ['draft', 'sent'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export interface NoticeAttachmentView {
  id: number;
  filename: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** One recipient org of a notice, as seen by someone acting for it. */
export interface NoticeRecipientView {
  orgId: number;
  orgName: string;
  readAt: string | null;
  /** Display name of the first reader; null until read. */
  readByName: string | null;
}

export interface NoticeView {
  id: number;
  kind: NoticeKind;
  title: string;
  /** 文号, e.g. 城组通〔2026〕5号. */
  docNumber: string | null;
  /** The sending org. */
  orgId: number;
  orgName: string;
  campaignId: number | null;
  status: NoticeStatus;
  audience: NoticeAudience;
  /** Recipient orgs (0 while a draft) and how many of them have read it. */
  recipientCount: number;
  readCount: number;
  attachmentCount: number;
  createdAt: string;
  sentAt: string | null;
  /**
   * Inbox: the recipient rows of the orgs being looked at (the actor's granted orgs, or ?org=),
   * deepest org first. Empty in the sent box.
   */
  recipients: NoticeRecipientView[];
  /** Inbox: true while one of `recipients` has not read it. */
  unread: boolean;
  abilities: NoticeAbilities;
}

/** What the actor may do with a notice (list rows and the detail alike). */
export const NOTICE_ABILITIES = ['edit', 'send', 'markRead', 'receipts'] as const;
export interface NoticeAbilities extends Record<(typeof NOTICE_ABILITIES)[number], boolean> {
  /** Edit the draft, add attachments, send it (an office over the sending org, while a draft). */
  edit: boolean;
  send: boolean;
  /** Mark it read for one of the actor's granted orgs that is a recipient and has not read it. */
  markRead: boolean;
  /** See the read receipts (an office over the sending org, once sent). */
  receipts: boolean;
}

export interface NoticeDetailView extends NoticeView {
  /** Sanitized rich text (p, br, lists, emphasis, h3/h4, blockquote). */
  body: string;
  campaignName: TText | null;
  /** For audience 'selection': the orgs picked. */
  selectedOrgs: Array<{ id: number; name: string }>;
  attachmentList: NoticeAttachmentView[];
}

/** GET /api/notices: newest first; `next` is the ?after= of the next (older) page, null on the last. */
export type NoticePage = Page<NoticeView> & {
  /** Inbox: notices with an unread recipient row among the orgs looked at. Sent box: 0. */
  unread: number;
  /** List level: compose and send a notice (from one of `sendOrgs`), follow the sent box. */
  abilities: NoticeListAbilities;
  /** The orgs of the actor's grants the send rule allows sending from. */
  sendOrgs: Array<{ id: number; name: string }>;
};
export const NOTICE_LIST_ABILITIES = ['send', 'sentBox'] as const;
export type NoticeListAbilities = Record<(typeof NOTICE_LIST_ABILITIES)[number], boolean>;

/** Figures of read receipts; total = read + unread. */
export interface ReceiptFigures {
  total: number;
  read: number;
  unread: number;
}

export interface NoticeReceiptsView extends ReceiptFigures {
  noticeId: number;
  org: { id: number; name: string };
  /** Per child org of the sending org: recipients in that child's subtree (as at sending). */
  children: Array<{ orgId: number; name: string } & ReceiptFigures>;
  /** Unread recipient orgs (filtered by ?child=), by org id, a page at a time (?after= = `next`). */
  unreadOrgs: Array<{ orgId: number; name: string; level: string; childId: number }>;
  /** Number of unread orgs matching the filter (equals the child's `unread`, or the total). */
  unreadTotal: number;
  /** The ?after= of the next page of `unreadOrgs`; null on the last. */
  next: string | null;
}

/**
 * Kinds of in-app notifications and what their `params` hold. Task transitions are written by
 * the campaigns service; reminders and escalations by the reminder scheduler.
 */
export const NOTIFICATION_KINDS = [
  'task_submit',
  'task_approve',
  'task_return',
  'task_reopen',
  'task_due_soon',
  'task_overdue',
  'escalation',
  'problem_due_soon',
  'measure_due_soon',
  'milestone_due_soon',
  'problem_overdue',
  'problem_escalation',
  'problem_finish',
  'problem_verify',
  'problem_return',
  'problem_reopen',
  'material_returned',
  'material_passed',
  'form_issue',
  'form_reply',
  'form_accept',
  'form_reject',
  'form_proposed',
  'inspection_named',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Days an open problem may stay past its deadline before the level above hears of it, when it has no campaign. */
export const PROBLEM_ESCALATION_DAYS = 3;

/** task_submit (to the level above), task_approve / task_return / task_reopen (to the unit). */
export interface TaskTransitionParams {
  /** The unit's org name. */
  unit: string;
  /** Action key of the task (name: the campaign's body, or GET /api/tasks/:id). */
  action: string;
  comment: string | null;
}

/** One action of a reminder: its key and name in both languages. */
export interface ReminderAction {
  key: string;
  name: TText;
  period: string;
}

/**
 * task_due_soon: the unit's open tasks of a campaign sharing one due date. Sent at the latest
 * threshold reached (7, 3 or 1 days before; a missed run catches up within the bucket).
 */
export interface DueSoonParams {
  unit: string;
  campaign: TText;
  dueDate: string;
  /** Days left when sent (0 = due today). */
  days: number;
  /** 7, 3 or 1: the reminder's bucket. */
  threshold: 7 | 3 | 1;
  count: number;
  actions: ReminderAction[];
}

/** task_overdue: the unit's open tasks of a campaign whose due date has just passed. */
export interface OverdueParams {
  unit: string;
  campaign: TText;
  dueDate: string;
  daysOverdue: number;
  count: number;
  actions: ReminderAction[];
}

/** escalation: to the office org that deployed the campaign, once per unit per campaign. */
export interface EscalationParams {
  unit: string;
  unitId: number;
  campaign: TText;
  escalationDays: number;
  /** Open tasks of the unit overdue longer than escalationDays. */
  overdue: number;
  oldestDue: string;
  daysOverdue: number;
}

/**
 * Rectification reminders (the reminder scheduler, over open problems — OPEN_PROBLEM_STATUSES):
 * problem_due_soon (the problem's deadline), measure_due_soon (a measure's deadline) and
 * milestone_due_soon (a milestone not done) at 7, 3 and 1 days before — buckets 4–7, 2–3 and 0–1
 * days left, as for tasks; each to the unit (member_id null) and, when a person is linked (the
 * problem's responsible person; the measure's owner), to that person as a personal row.
 */
export interface ProblemDueSoonParams {
  unit: string;
  problemId: number;
  /** 序号 of the problem in its unit's ledger. */
  seq: number;
  /** The problem's description, cut to 60 characters. */
  description: string;
  dueDate: string;
  days: number;
  threshold: 7 | 3 | 1;
}
export interface MeasureDueSoonParams extends ProblemDueSoonParams {
  measureId: number;
  /** The measure's content, cut to 60 characters. */
  measure: string;
}
export interface MilestoneDueSoonParams extends ProblemDueSoonParams {
  milestoneId: number;
  milestone: string;
}

/** problem_overdue: an open problem whose deadline has just passed, to the unit and the responsible person. */
export interface ProblemOverdueParams {
  unit: string;
  problemId: number;
  seq: number;
  description: string;
  dueDate: string;
  daysOverdue: number;
}

/**
 * problem_escalation: to the level above the problem's unit (its parent org), once, when the
 * problem is still open more than `escalationDays` after its deadline (the campaign's
 * escalation_days when the problem belongs to a campaign, else PROBLEM_ESCALATION_DAYS).
 */
export interface ProblemEscalationParams extends ProblemOverdueParams {
  unitId: number;
  escalationDays: number;
}

export interface NotificationView {
  id: number;
  /** The org it is addressed to (or, for a personal row, the org it concerns). */
  orgId: number;
  orgName: string;
  kind: NotificationKind;
  /** Addressed to one person (the actor's member), not to the unit's inbox. */
  personal: boolean;
  campaignId: number | null;
  campaignName: TText | null;
  taskId: number | null;
  params:
    | TaskTransitionParams
    | DueSoonParams
    | OverdueParams
    | EscalationParams
    | ProblemDueSoonParams
    | MeasureDueSoonParams
    | MilestoneDueSoonParams
    | ProblemOverdueParams
    | ProblemEscalationParams
    | Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** GET /api/notifications: newest first; `next` is the ?after= of the next (older) page. */
export type NotificationPage = Page<NotificationView> & {
  /** Unread notifications addressed to the actor (their personal rows and their units' rows; ?org= narrows). */
  unread: number;
};
