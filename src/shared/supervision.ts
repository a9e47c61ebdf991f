/**
 * Supervision (督导): teams and their visit logs, material review against a criteria checklist
 * (审核把关, the five "not passed" criteria), the three systems and five forms (三制五单) with
 * their escalation ladder, look back (回头看) and circulated inspection reports. Enumerations,
 * transition tables, pure rules (the review outcome, the reproducible sample, the line diff)
 * and the API's response shapes, shared by the server and the web app.
 */
import type { Page, PersonRef } from './api.ts';
import type { MaterialAction } from './labels.ts';
import type { ProblemCategory, ProblemKind, ProblemStatus } from './ledger.ts';

// ---------- the hub of an org ----------

/**
 * What the actor may do in an org's supervision hub (GET /api/supervision/abilities?org=): the
 * supervision policy's actions over that org, computed by the server. The tabs' "new" buttons
 * read them; nothing else decides what is shown.
 */
export const HUB_ABILITIES = [
  'read',
  'manageTeam',
  'editChecklist',
  'writeMaterial',
  'reviewAsLeader',
  'reviewAsTeam',
  'issueDown',
  'issueOrder',
  'issueUp',
  'openLookback',
  'writeInspection',
] as const;
export type HubAbility = (typeof HUB_ABILITIES)[number];
export type HubAbilities = Record<HubAbility, boolean>;
/** The hub abilities that create something (a team, a checklist, a material, a form, …): an active org only. */
export const HUB_CREATE_ABILITIES: readonly HubAbility[] = [
  'manageTeam',
  'editChecklist',
  'writeMaterial',
  'issueDown',
  'issueOrder',
  'issueUp',
  'openLookback',
  'writeInspection',
];

// ---------- teams ----------

export const TEAM_ROLES = ['leader', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface TeamMemberView {
  userId: number;
  displayName: string;
  username: string;
  role: TeamRole;
}
export interface TeamUnitView {
  orgId: number;
  name: string;
}
export interface TeamView {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number | null;
  name: string;
  status: 'active' | 'disbanded';
  leaderName: string | null;
  memberCount: number;
  unitCount: number;
  createdAt: string;
  /** What the actor may do with the team (a list row carries it too). */
  abilities: TeamAbilities;
}
export const TEAM_ABILITIES = ['manage', 'logVisit'] as const;
export type TeamAbilities = Record<(typeof TEAM_ABILITIES)[number], boolean>;
export interface VisitView {
  id: number;
  teamId: number;
  orgId: number;
  orgName: string;
  visitDate: string;
  seen: string;
  meetings: string;
  authorName: string;
  createdAt: string;
}
export interface TeamDetailView extends TeamView {
  members: TeamMemberView[];
  units: TeamUnitView[];
  visits: VisitView[];
  /** The same as `abilities` (kept for older readers). */
  can: { manage: boolean; logVisit: boolean };
}
/** GET /api/supervision/teams: keyset-paged by `after=`. */
export type TeamPage = Page<TeamView>;
/** A user who could join a team: anyone with a grant in the forming office's subtree. */
export interface TeamCandidateView {
  userId: number;
  username: string;
  displayName: string;
}

// ---------- checklists (review criteria and look-back items) ----------

export const CHECKLIST_KINDS = ['review', 'lookback'] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];

export interface ChecklistItem {
  /** Stable key within the checklist, e.g. "no_examples"; results refer to it. */
  key: string;
  zh: string;
  en: string;
  /** Look-back items: what is looked at (看…), in both languages. */
  detailZh?: string;
  detailEn?: string;
  /** Look-back items: the highest score (default 10). */
  maxScore?: number;
}
export interface ChecklistView {
  id: number;
  kind: ChecklistKind;
  /** null for a built-in checklist */
  orgId: number | null;
  orgName: string | null;
  name: string;
  nameEn: string;
  builtin: boolean;
  items: ChecklistItem[];
  canEdit: boolean;
  /** `edit`: the same as canEdit. */
  abilities: { edit: boolean };
}
/** Keys of the built-in checklists' items. */
export const FIVE_NOT_PASSED = [
  'problems_not_found',
  'no_examples',
  'not_persuasive',
  'roots_not_analysed',
  'measures_not_practical',
] as const;
export const SIX_CHECKS = [
  'leaders_study',
  'concentrated_study',
  'special_members',
  'practice_activities',
  'problems_rectification',
  'basic_work',
] as const;

// ---------- material review (审核把关) ----------

export const MATERIAL_KINDS = [
  'analysis_report',
  'comparison_check',
  'speech_outline',
  'rectification_plan',
  'problem_list',
  'meeting_minutes',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** 草稿 → 待审核 → 退回修改 / 审核通过 */
export const MATERIAL_STATUSES = ['draft', 'in_review', 'returned', 'passed'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

/**
 * Every move of a material, the only source of truth: `author` is the author or whoever may edit
 * their material (the unit's secretary, an office over it); `reviewer` is a required reviewer who
 * has not judged the version under review yet. A review with a failed criterion returns the
 * material and needs a reason for each failed criterion (commentRequired); one that passes keeps
 * it in review until every required reviewer has passed it, then it has passed. A passed material
 * is final: a correction is a new material.
 */
export interface MaterialTransition {
  from: MaterialStatus;
  to: MaterialStatus;
  action: MaterialAction;
  by: 'author' | 'reviewer';
  commentRequired: boolean;
}
export const MATERIAL_TRANSITIONS: readonly MaterialTransition[] = [
  { from: 'draft', to: 'draft', action: 'save', by: 'author', commentRequired: false },
  { from: 'returned', to: 'returned', action: 'save', by: 'author', commentRequired: false },
  { from: 'draft', to: 'in_review', action: 'submit', by: 'author', commentRequired: false },
  { from: 'returned', to: 'in_review', action: 'submit', by: 'author', commentRequired: false },
  // A pass with another required reviewer still to come keeps it in review.
  { from: 'in_review', to: 'in_review', action: 'review', by: 'reviewer', commentRequired: false },
  { from: 'in_review', to: 'passed', action: 'review', by: 'reviewer', commentRequired: false },
  { from: 'in_review', to: 'returned', action: 'review', by: 'reviewer', commentRequired: true },
];
/** The transitions of an action from a status (to several outcomes for a review), empty when none is listed. */
export function materialTransitions(from: MaterialStatus, action: MaterialAction): MaterialTransition[] {
  return MATERIAL_TRANSITIONS.filter((t) => t.from === from && t.action === action);
}
/** The one transition from a status by an action to a status, or undefined when the table does not list it. */
export function materialTransition(
  from: MaterialStatus,
  action: MaterialAction,
  to: MaterialStatus,
): MaterialTransition | undefined {
  return MATERIAL_TRANSITIONS.find((t) => t.from === from && t.action === action && t.to === to);
}

/** Who reviews: the unit's main leader (主要负责同志) and the supervision team (督导组). */
export const REVIEWER_KINDS = ['leader', 'team'] as const;
export type ReviewerKind = (typeof REVIEWER_KINDS)[number];

export interface CriterionResult {
  key: string;
  pass: boolean;
  comment: string;
}

/**
 * The outcome of one review: it passes only when every criterion of the checklist has a result
 * and all pass. Any fail returns the material. Returns the keys that failed or were left out.
 */
export function reviewOutcome(
  items: readonly { key: string }[],
  results: readonly CriterionResult[],
): { pass: boolean; failed: string[]; missing: string[] } {
  const byKey = new Map(results.map((r) => [r.key, r]));
  const missing = items.filter((i) => !byKey.has(i.key)).map((i) => i.key);
  const failed = items.filter((i) => byKey.get(i.key)?.pass === false).map((i) => i.key);
  return { pass: missing.length === 0 && failed.length === 0, failed, missing };
}

export interface MaterialView {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number | null;
  kind: MaterialKind;
  title: string;
  /** Whose material it is, e.g. the leader an analysis report belongs to. */
  subjectName: string;
  /**
   * The same as a person: a member of the tree (memberId set) or a name given as text (a person
   * outside the tree, or a leading body); name '' when nobody was named.
   */
  subject: PersonRef;
  authorName: string;
  status: MaterialStatus;
  needsLeader: boolean;
  needsTeam: boolean;
  /** Latest version number (every save is a new version; none is ever overwritten). */
  version: number;
  /** The version under review or last reviewed; null before the first submission. */
  submittedVersion: number | null;
  /** Review rounds so far (submissions). */
  round: number;
  updatedAt: string;
  /** What the actor may do with it (a list row carries it too); see MaterialAbilities. */
  abilities: MaterialAbilities;
}
/**
 * edit / submit: the author's side, by MATERIAL_TRANSITIONS and the policy; reviewAsLeader /
 * reviewAsTeam: the actor may review the version under review as that reviewer now (on a list row,
 * as far as the row tells: the policy and the status, not whether that reviewer has judged already).
 */
export const MATERIAL_ABILITIES = ['edit', 'submit', 'reviewAsLeader', 'reviewAsTeam'] as const;
export type MaterialAbilities = Record<(typeof MATERIAL_ABILITIES)[number], boolean>;
export interface MaterialVersionView {
  version: number;
  authorName: string;
  createdAt: string;
  /** True for a version that was submitted for review. */
  submitted: boolean;
}
export interface ReviewView {
  id: number;
  version: number;
  reviewer: ReviewerKind;
  reviewerName: string;
  pass: boolean;
  results: CriterionResult[];
  comment: string;
  createdAt: string;
}
export interface MaterialDetailView extends MaterialView {
  checklist: ChecklistView;
  /** Body of the latest version. */
  body: string;
  /** Newest first. */
  versions: MaterialVersionView[];
  /** Newest first. */
  reviews: ReviewView[];
  /**
   * For the actor as reviewer: the version they last reviewed and its body, so the page can show
   * a side-by-side diff against the version now under review. null when they never reviewed it.
   */
  baseline: { version: number; body: string } | null;
  /**
   * For reviewers and offices: materials of the same kind in the neighbouring units (the parent
   * org's subtree) whose latest text is a near-copy of this one's, most similar first.
   */
  similar: SimilarMaterial[];
  /**
   * Who gives the leader review today: the holder of the 书记 post of the material's org, or of
   * its parent org when the material is that secretary's own (its subject, or its author when no
   * subject member is named). null when the post is vacant (or no leader review is asked for).
   * Only that member's account may review as leader.
   */
  leaderReviewer: PersonRef | null;
  /** The org whose 书记 that is (the material's own, or its parent); null with no reviewer. */
  leaderReviewerOrg: { id: number; name: string } | null;
  can: { edit: boolean; submit: boolean; review: ReviewerKind[] };
}
/** Another material whose latest text is a near-copy of this one's (形式主义: copied materials). */
export interface SimilarMaterial {
  id: number;
  title: string;
  orgName: string;
  authorName: string;
  /** Share of 4-character shingles in common (Jaccard), 0..1. */
  similarity: number;
}

/** Texts at or above this similarity are flagged to reviewers as near-copies. */
export const NEAR_COPY_THRESHOLD = 0.5;

/** The 4-character shingles of a text, ignoring whitespace and punctuation (so re-wrapping changes nothing). */
export function shingles(text: string, size = 4): Set<string> {
  const chars = [
    ...text
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '')
      .toLowerCase(),
  ];
  const out = new Set<string>();
  for (let i = 0; i + size <= chars.length; i++) out.add(chars.slice(i, i + size).join(''));
  return out;
}

/**
 * How much of two texts is the same wording: the Jaccard index of their shingle sets (1 = the same
 * text, 0 = nothing in common). Texts under 30 shingles are too short to judge and give 0.
 */
export function textSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size < 30 || b.size < 30) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** GET /api/supervision/materials: keyset-paged by `after=`, newest first. */
export type MaterialPage = Page<MaterialView>;

/** One line of a side-by-side diff: same on both sides, removed (left), added (right) or changed. */
export interface DiffRow {
  op: 'same' | 'del' | 'add' | 'change';
  left: string | null;
  right: string | null;
}

/**
 * Line diff of two texts (longest common subsequence), paired for a side-by-side view: a run of
 * removed lines next to a run of added lines shows as changed rows. Quadratic in lines, which is
 * fine for reports of a few hundred paragraphs; beyond 4,000 lines on a side it compares whole
 * texts only.
 */
export function diffLines(a: string, b: string): DiffRow[] {
  const A = a.replace(/\r\n?/g, '\n').split('\n');
  const B = b.replace(/\r\n?/g, '\n').split('\n');
  if (A.length > 4000 || B.length > 4000) {
    return a === b ? A.map((l) => ({ op: 'same' as const, left: l, right: l })) : [{ op: 'change', left: a, right: b }];
  }
  const n = A.length;
  const m = B.length;
  const L: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const rows: DiffRow[] = [];
  let dels: string[] = [];
  let adds: string[] = [];
  const flush = () => {
    const k = Math.max(dels.length, adds.length);
    for (let x = 0; x < k; x++) {
      const l = dels[x] ?? null;
      const r = adds[x] ?? null;
      rows.push({ op: l !== null && r !== null ? 'change' : l !== null ? 'del' : 'add', left: l, right: r });
    }
    dels = [];
    adds = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) {
      flush();
      rows.push({ op: 'same', left: A[i], right: B[j] });
      i++;
      j++;
    } else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) adds.push(B[j++]);
    else dels.push(A[i++]);
  }
  flush();
  return rows;
}

// ---------- the five forms (三制五单) ----------

/**
 * 揭摆问题预报单 (unit → office), 解决问题报告单 (unit → office), 问题整改督办单 (office or team →
 * unit), 问题通报批评单 (office → its subtree), 组织调整建议单 (office → organization department).
 */
export const FORM_KINDS = ['pre_report', 'resolution_report', 'order', 'criticism', 'org_adjustment'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
/** Forms a unit sends up; the others go down from an office or a team. */
export const UPWARD_FORMS: readonly FormKind[] = ['pre_report', 'resolution_report'];

/**
 * 草稿 / 拟办 (an escalation the system proposes, waiting for a person) / 已签发 / 已回复 /
 * 已办结 / 回复不合格 (an order's reply that failed; the unit answers again) / 不予签发
 */
export const FORM_STATUSES = ['draft', 'proposed', 'issued', 'answered', 'closed', 'rejected', 'dismissed'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

export const FORM_ACTIONS = ['issue', 'dismiss', 'reply', 'accept', 'reject'] as const;
export type FormAction = (typeof FORM_ACTIONS)[number];

/** issuer: the issuing side (office, team, or the unit for upward forms); recipient: the other. */
export interface FormTransition {
  from: FormStatus;
  to: FormStatus;
  action: FormAction;
  by: 'issuer' | 'recipient';
  kinds: readonly FormKind[];
  commentRequired: boolean;
}
export const FORM_TRANSITIONS: readonly FormTransition[] = [
  { from: 'draft', to: 'issued', action: 'issue', by: 'issuer', kinds: FORM_KINDS, commentRequired: false },
  {
    from: 'proposed',
    to: 'issued',
    action: 'issue',
    by: 'issuer',
    kinds: ['criticism', 'org_adjustment'],
    commentRequired: false,
  },
  {
    from: 'proposed',
    to: 'dismissed',
    action: 'dismiss',
    by: 'issuer',
    kinds: ['criticism', 'org_adjustment'],
    commentRequired: true,
  },
  // An order demands a reply; the issuer accepts it (办结) or finds it failed (the unit replies again).
  { from: 'issued', to: 'answered', action: 'reply', by: 'recipient', kinds: ['order'], commentRequired: true },
  { from: 'rejected', to: 'answered', action: 'reply', by: 'recipient', kinds: ['order'], commentRequired: true },
  { from: 'answered', to: 'closed', action: 'accept', by: 'issuer', kinds: ['order'], commentRequired: false },
  { from: 'answered', to: 'rejected', action: 'reject', by: 'issuer', kinds: ['order'], commentRequired: true },
  // A unit's pre-report or resolution report is received (签收) by the office it went to.
  {
    from: 'issued',
    to: 'closed',
    action: 'accept',
    by: 'recipient',
    kinds: ['pre_report', 'resolution_report'],
    commentRequired: false,
  },
];

export interface FormView {
  id: number;
  kind: FormKind;
  /** 文号, given when the form is issued */
  number: string | null;
  status: FormStatus;
  issuerOrgId: number;
  issuerOrgName: string;
  teamId: number | null;
  teamName: string | null;
  /** The unit the form is about (the unit pre-reporting, ordered, criticised, proposed for adjustment). */
  subjectOrgId: number;
  subjectOrgName: string;
  /** Where it goes: an org (the office above, the unit ordered, the subtree circulated to) … */
  recipientOrgId: number | null;
  recipientOrgName: string | null;
  /** … or a name (组织调整建议单 goes to the organization department). */
  recipientName: string;
  /** The person it is addressed to, a member of the subject unit or below, when one was named. */
  recipientPerson: PersonRef | null;
  title: string;
  content: string;
  deadline: string | null;
  reply: string;
  repliedAt: string | null;
  decisionComment: string | null;
  /** The order this form escalates from, and the rung (1: 通报批评单, 2: 组织调整建议单). */
  escalatedFromId: number | null;
  /** The 文号 and title of that order, to show where a proposal comes from. */
  escalatedFromNumber: string | null;
  escalatedFromTitle: string | null;
  escalationLevel: number;
  issuedAt: string | null;
  createdAt: string;
  /** Past its deadline and not yet closed (orders only; computed, never stored). */
  overdue: boolean;
  /** What the actor may do with the form now (a list row carries it too: the desk acts on rows). */
  abilities: FormAbilities;
}
/** GET /api/supervision/forms: keyset-paged by `after=`, newest first. */
export type FormPage = Page<FormView>;
/** edit (a draft or a proposal), each FORM_ACTIONS action by FORM_TRANSITIONS, and docx (download). */
export type FormAbilities = Record<FormAction | 'edit' | 'docx', boolean>;
export interface FormDetailView extends FormView {
  problems: Array<{ id: number; seq: number; orgName: string; description: string; status: ProblemStatus }>;
  events: Array<{
    id: number;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    comment: string | null;
    actorName: string | null;
    at: string;
  }>;
  /** The same as `abilities` (kept for older readers): edit, and the actions the actor may take now. */
  can: { edit: boolean; actions: FormAction[] };
}

// ---------- look back (回头看) ----------

export const LOOKBACK_STAGES = ['self', 'spot', 'office'] as const;
export type LookbackStage = (typeof LOOKBACK_STAGES)[number];

/**
 * The spot-check sample: `size` units out of `ids`, drawn by a seeded generator. The ids are
 * sorted first, so the same participants and seed always give the same sample, on any machine.
 */
export function drawSample(ids: readonly number[], size: number, seed: string): number[] {
  const pool = [...new Set(ids)].sort((x, y) => x - y);
  let h = 2166136261 >>> 0; // FNV-1a of the seed, then mulberry32
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const rand = () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const k = Math.max(0, Math.min(size, pool.length));
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort((x, y) => x - y);
}

export interface ItemScore {
  key: string;
  score: number;
  note: string;
}
export interface LookbackFinding {
  description: string;
  category: ProblemCategory;
  kind: ProblemKind;
  /** A problem closed earlier that this finding re-opens (instead of recording a new one). */
  reopenProblemId?: number;
}
export interface AssessmentView {
  id: number;
  orgId: number;
  stage: LookbackStage;
  scores: ItemScore[];
  total: number;
  summary: string;
  authorName: string;
  createdAt: string;
  /** Problems recorded or re-opened from this assessment's findings. */
  problemIds: number[];
}
export interface LookbackView {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number | null;
  title: string;
  checklistId: number;
  participantCount: number;
  sampleSize: number;
  seed: string;
  createdAt: string;
}
export interface LookbackDetailView extends LookbackView {
  checklist: ChecklistView;
  sample: number[];
  /** The sample drawn again from the recorded seed equals the recorded one. */
  sampleReproduces: boolean;
  participants: Array<{
    orgId: number;
    name: string;
    sampled: boolean;
    assessments: AssessmentView[];
    /** Stages the actor may still score for this unit. */ canAssess: LookbackStage[];
    /** The same per stage. */
    abilities: LookbackAbilities;
  }>;
  /** Stages the actor may score for some unit of the round. */
  can: { assess: LookbackStage[] };
  /** The same per stage. */
  abilities: LookbackAbilities;
}
/** assess_self / assess_spot / assess_office: the actor may score that stage. */
export type LookbackAbilities = Record<`assess_${LookbackStage}`, boolean>;
/** GET /api/supervision/lookbacks: keyset-paged by `after=`, newest first. */
export type LookbackPage = Page<LookbackView>;

// ---------- inspections and circulated reports (督查通报) ----------

/** 日常督导 / 跟踪督导 / 联合督导 (seed 001) */
export const INSPECTION_KINDS = ['daily', 'follow_up', 'joint'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const INSPECTION_STATUSES = ['draft', 'circulated'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_ACTIONS = ['edit', 'circulate', 'answer'] as const;
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];

/**
 * Every move of an inspection report, the only source of truth: the office or team that wrote it
 * edits the draft, the office circulates it (通报, once: a circulated report never changes), and
 * each named unit answers — with a text (commentRequired), again if it wants to correct it.
 */
export interface InspectionTransition {
  from: InspectionStatus;
  to: InspectionStatus;
  action: InspectionAction;
  by: 'writer' | 'office' | 'named';
  commentRequired: boolean;
}
export const INSPECTION_TRANSITIONS: readonly InspectionTransition[] = [
  { from: 'draft', to: 'draft', action: 'edit', by: 'writer', commentRequired: false },
  { from: 'draft', to: 'circulated', action: 'circulate', by: 'office', commentRequired: false },
  { from: 'circulated', to: 'circulated', action: 'answer', by: 'named', commentRequired: true },
];
export function inspectionTransition(
  from: InspectionStatus,
  action: InspectionAction,
): InspectionTransition | undefined {
  return INSPECTION_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

export interface InspectionView {
  id: number;
  orgId: number;
  orgName: string;
  teamId: number | null;
  teamName: string | null;
  kind: InspectionKind;
  title: string;
  inspectedOn: string;
  status: InspectionStatus;
  circulatedAt: string | null;
  namedCount: number;
  answeredCount: number;
  createdAt: string;
}
/** GET /api/supervision/inspections: keyset-paged by `after=`, newest first. */
export type InspectionPage = Page<InspectionView>;
export type InspectionAbilities = Record<InspectionAction, boolean>;
export interface InspectionDetailView extends InspectionView {
  body: string;
  named: Array<{
    orgId: number;
    orgName: string;
    finding: string;
    problemIds: number[];
    answer: string;
    answeredAt: string | null;
    answeredBy: string | null;
    canAnswer: boolean;
    /** answer: the same as canAnswer. */
    abilities: { answer: boolean };
  }>;
  /** The same as `abilities` (kept for older readers). */
  can: { edit: boolean; circulate: boolean };
  /** edit, circulate, and answer (for some named unit). */
  abilities: InspectionAbilities;
}
