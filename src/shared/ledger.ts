import type { Page, PersonRef } from './api.ts';
import type { Locale } from './enums.ts';

/**
 * The problem ledger (问题台账): enumerations, the rectification transition table, the
 * "five clear" completeness check (五个明确) and the API's response shapes, shared by the server
 * and the web app.
 */

export const PROBLEM_SOURCES = [
  'opinion',
  'self_inspection',
  'meeting',
  'supervision',
  'higher_level',
  'import',
  'look_back',
] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

/** The four winds (四风) first, then other dimensions a campaign looks at. */
export const PROBLEM_CATEGORIES = [
  'formalism',
  'bureaucratism',
  'hedonism',
  'extravagance',
  'discipline',
  'service',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** Whose problem it is: the leading body (领导班子), a named leader (领导个人), or the unit. */
export const PROBLEM_SUBJECTS = ['leading_body', 'leader', 'unit'] as const;
export type ProblemSubject = (typeof PROBLEM_SUBJECTS)[number];

/** 立行立改 / 阶段性整改 / 长期整改 */
export const PROBLEM_KINDS = ['immediate', 'phased', 'long_term'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** 草稿 → 待整改 → 整改中 → 已整改待验收 → 已销号 */
export const PROBLEM_STATUSES = ['draft', 'pending', 'in_progress', 'awaiting', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** Problems still being worked on: past their deadline they are overdue (computed, never stored). */
export const OPEN_PROBLEM_STATUSES: readonly ProblemStatus[] = ['pending', 'in_progress', 'awaiting'];

/**
 * Who moves a problem: the unit that owns it (its secretary or an office over it) or the verifier
 * — the level above (strictly above the unit: nobody verifies their own unit's rectification).
 */
export type ProblemActor = 'unit' | 'verifier';

export interface ProblemTransition {
  from: ProblemStatus;
  to: ProblemStatus;
  action: ProblemAction;
  by: ProblemActor;
  commentRequired: boolean;
  /** Restricted to these kinds; absent means every kind. */
  kinds?: readonly ProblemKind[];
}

export const PROBLEM_ACTIONS = ['confirm', 'start', 'report', 'finish', 'verify', 'return', 'reopen'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

/**
 * The transition table. `report` is a progress report that keeps the status (long-term problems
 * report periodically and stay "long-term, ongoing" until verified). `finish` asks for
 * verification: it needs evidence and an effect statement (and, for phased and long-term
 * problems, every milestone done). `verify` closes (销号) and marks the cycle's evidence
 * verified; `return` sends it back; `reopen` starts a new numbered cycle.
 */
export const PROBLEM_TRANSITIONS: readonly ProblemTransition[] = [
  { from: 'draft', to: 'pending', action: 'confirm', by: 'unit', commentRequired: false },
  { from: 'pending', to: 'in_progress', action: 'start', by: 'unit', commentRequired: false },
  { from: 'pending', to: 'awaiting', action: 'finish', by: 'unit', commentRequired: false, kinds: ['immediate'] },
  { from: 'in_progress', to: 'in_progress', action: 'report', by: 'unit', commentRequired: true },
  { from: 'in_progress', to: 'awaiting', action: 'finish', by: 'unit', commentRequired: false },
  { from: 'awaiting', to: 'closed', action: 'verify', by: 'verifier', commentRequired: false },
  { from: 'awaiting', to: 'in_progress', action: 'return', by: 'verifier', commentRequired: true },
  { from: 'closed', to: 'in_progress', action: 'reopen', by: 'verifier', commentRequired: true },
];

export function findTransition(from: string, action: string, kind: string): ProblemTransition | undefined {
  return PROBLEM_TRANSITIONS.find(
    (t) => t.from === from && t.action === action && (!t.kinds || t.kinds.includes(kind as ProblemKind)),
  );
}

/** The five things a problem must make clear (五个明确) before it leaves draft. */
export const FIVE_CLEAR = ['content', 'owner', 'standard', 'measures', 'deadline'] as const;
export type FiveClearItem = (typeof FIVE_CLEAR)[number];

export interface FiveClearInput {
  description: string;
  responsible_leader: string;
  responsible_person: string;
  standard: string;
  measures: number;
  kind: string;
  deadline: string | null;
  milestones: number;
}

/** The items still missing; empty when the problem is complete. */
export function fiveClearMissing(p: FiveClearInput): FiveClearItem[] {
  const missing: FiveClearItem[] = [];
  if (!p.description.trim()) missing.push('content');
  if (!p.responsible_leader.trim() || !p.responsible_person.trim()) missing.push('owner');
  if (!p.standard.trim()) missing.push('standard');
  if (p.measures < 1) missing.push('measures');
  // Long-term problems may have no end date (长期坚持) but need dated milestones instead.
  if (p.kind === 'long_term' ? !p.deadline && p.milestones < 1 : !p.deadline) missing.push('deadline');
  return missing;
}

/**
 * Reads a deadline as offices write it in their ledgers: "2014年5月底前", "2014年5月20日前",
 * "2014年6月", "2014-05-31", "2014/5/31", "长期坚持" / "长期" (no date, long-term), "立即整改"
 * / "立行立改" (immediate, no date given). Answers the ISO date (a month means its last day),
 * `null` with longTerm / immediate flags, or `undefined` when the text is not a deadline.
 * Full-width digits and punctuation ("２０１４．７．３１") read as their ASCII forms. A month or a
 * year-end without a year ("7月底前", "年底前") is refused: the ledger does not say which year.
 */
export function parseDeadline(
  text: string,
): { date: string | null; longTerm: boolean; immediate: boolean } | undefined {
  const s = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[（(].*?[）)]/g, '');
  if (!s) return undefined;
  if (/^(长期坚持|长期|持续推进|长期整改)$/.test(s)) return { date: null, longTerm: true, immediate: false };
  if (/^(立即整改|立行立改|即知即改|立即)$/.test(s)) return { date: null, longTerm: false, immediate: true };
  let m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(前|以前|之前)?$/);
  if (m) return dateOf(+m[1], +m[2], +m[3]);
  m = s.match(/^(\d{4})年(\d{1,2})月(底|末|中旬|上旬|下旬)?(前|以前|之前)?$/);
  if (m) {
    const y = +m[1];
    const mo = +m[2];
    const day = m[3] === '上旬' ? 10 : m[3] === '中旬' ? 20 : lastDay(y, mo);
    return dateOf(y, mo, day);
  }
  m = s.match(/^(\d{4})年(底|末)(前|以前|之前)?$/);
  if (m) return dateOf(+m[1], 12, 31);
  return undefined;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function dateOf(y: number, m: number, d: number) {
  if (m < 1 || m > 12 || d < 1 || d > lastDay(y, m) || y < 1990 || y > 2100) return undefined;
  return {
    date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    longTerm: false,
    immediate: false,
  };
}

/** The words a ledger writes a deadline with, per locale (the only place they are chosen). */
interface DeadlineWords {
  /** No date, long-term (长期坚持). */
  longTerm: string;
  /** No date, immediate (立行立改). */
  immediate: string;
  /** A dated deadline, from the ISO date's year, month and day. */
  by: (iso: string, y: number, m: number, d: number) => string;
}
export const DEADLINE_WORDS: Record<Locale, DeadlineWords> = {
  'zh-CN': { longTerm: '长期坚持', immediate: '立行立改', by: (_iso, y, m, d) => `${y}年${m}月${d}日前` },
  en: { longTerm: 'Ongoing (long-term)', immediate: 'Immediately', by: (iso) => `by ${iso}` },
};

/** How a deadline is written back in a ledger: "2014年5月31日前", or the long-term text. */
export function formatDeadline(date: string | null, kind: string, locale: Locale): string {
  const w = DEADLINE_WORDS[locale] ?? DEADLINE_WORDS['zh-CN'];
  if (!date) return kind === 'long_term' ? w.longTerm : kind === 'immediate' ? w.immediate : '';
  const [y, m, d] = date.split('-').map(Number);
  return w.by(date, y, m, d);
}

// ---- Response shapes ----

/**
 * What the actor may do with a problem, computed by the server from the policy table and
 * PROBLEM_TRANSITIONS: `edit` (a draft's particulars), `uploadEvidence`, and each action of the table
 * that is possible now. The web shows a button only when its ability is true.
 */
export const PROBLEM_ABILITY_KEYS = ['edit', 'uploadEvidence', ...PROBLEM_ACTIONS] as const;
export type ProblemAbilityKey = (typeof PROBLEM_ABILITY_KEYS)[number];
export type ProblemAbilities = Record<ProblemAbilityKey, boolean>;

/** What the actor may do in an org's ledger: record a problem, import an .xlsx ledger, export it. */
export interface LedgerAbilities {
  create: boolean;
  import: boolean;
  export: boolean;
}

/** Whether an action of the table needs a comment (from PROBLEM_TRANSITIONS, whatever the status). */
export function problemCommentRequired(action: ProblemAction): boolean {
  return PROBLEM_TRANSITIONS.some((t) => t.action === action && t.commentRequired);
}

export interface ProblemView {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number | null;
  seq: number;
  source: ProblemSource;
  category: ProblemCategory;
  subject: ProblemSubject;
  subjectName: string;
  description: string;
  standard: string;
  /** 责任领导: a linked member, an outside person (text only), or empty (name ''). */
  responsibleLeader: PersonRef;
  responsibleDept: string;
  responsiblePerson: PersonRef;
  kind: ProblemKind;
  deadline: string | null;
  deadlineText: string;
  status: ProblemStatus;
  cycle: number;
  overdue: boolean;
  daysOverdue: number;
  progress: string;
  effect: string;
  remark: string;
  updatedAt: string;
  closedAt: string | null;
  abilities: ProblemAbilities;
}

export interface MeasureView {
  id: number;
  seq: number;
  content: string;
  owner: PersonRef;
  deadline: string | null;
}

export interface MilestoneView {
  id: number;
  seq: number;
  title: string;
  dueDate: string;
  doneAt: string | null;
  note: string;
}

export interface EvidenceView {
  id: number;
  cycle: number;
  milestoneId: number | null;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  version: number;
  note: string;
  createdAt: string;
  verifiedAt: string | null;
  url: string;
}

export interface ProblemEventView {
  id: number;
  cycle: number;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  actorName: string | null;
  at: string;
}

export interface ProblemDetailView extends ProblemView {
  orgPath: string;
  measures: MeasureView[];
  milestones: MilestoneView[];
  evidence: EvidenceView[];
  events: ProblemEventView[];
  opinionIds: number[];
  /** The higher level that fed the problem back or assigned it (its name), when it came from above. */
  sentDownFrom: string | null;
  missing: FiveClearItem[];
}

/** One page of a ledger (`?after=&limit=`), with the filtered total. */
export type ProblemPage = Page<ProblemView> & { total: number };

export interface LedgerFigures {
  total: number;
  byStatus: Record<ProblemStatus, number>;
  byKind: Record<ProblemKind, number>;
  byCategory: Record<ProblemCategory, number>;
  overdue: number;
  /** closed / (total − draft), 0 when nothing is confirmed yet. */
  closureRate: number;
}

export interface LedgerSummaryView {
  org: { id: number; name: string; level: string };
  /** What the actor may do in this org's ledger. */
  abilities: LedgerAbilities;
  parent: { id: number; name: string } | null;
  figures: LedgerFigures;
  children: Array<{ org: { id: number; name: string; level: string; hasChildren: boolean }; figures: LedgerFigures }>;
}

// ---- Rectification plans (整改方案) ----

/** A plan goes through the same table as a campaign deliverable: draft → submitted → approved / returned. */
export const PLAN_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_ACTIONS = ['submit', 'approve', 'return', 'reopen'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** What the actor may do with a plan: `edit` (draft or returned) and each action of the table possible now. */
export const PLAN_ABILITY_KEYS = ['edit', ...PLAN_ACTIONS] as const;
export type PlanAbilityKey = (typeof PLAN_ABILITY_KEYS)[number];
export type PlanAbilities = Record<PlanAbilityKey, boolean>;

export interface PlanView {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number | null;
  title: string;
  status: PlanStatus;
  problemCount: number;
  lastComment: string | null;
  updatedAt: string;
}

export interface PlanDetailView extends PlanView {
  principles: string;
  objectives: string;
  measures: string;
  timeLimits: string;
  problems: Array<{
    id: number;
    seq: number;
    description: string;
    status: ProblemStatus;
    kind: ProblemKind;
    deadline: string | null;
  }>;
  events: Array<{
    id: number;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    comment: string | null;
    actorName: string | null;
    at: string;
  }>;
  abilities: PlanAbilities;
}

/** The plans of an org's children (and the org's own), for the office checking who has submitted. */
export interface PlanOverview {
  own: PlanView | null;
  children: Array<{ org: { id: number; name: string }; plan: PlanView | null }>;
  /** `create`: the actor may write this org's plan (an active org). */
  abilities: { create: boolean };
}
