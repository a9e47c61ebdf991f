import { z } from 'zod';
import {
  PLAN_ACTIONS,
  PROBLEM_ACTIONS,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
  PROBLEM_SUBJECTS,
} from '../ledger.ts';
import { zId, zDate, zAfter, zFlag, zLimit } from '../zod.ts';

const id = zId;
const bool = zFlag;
const text = (max: number) => z.string().trim().max(max);

const ZMeasure = z.object({
  content: text(2000).min(1),
  owner: text(100).default(''),
  /** The owner as a member of the unit or below (then `owner` becomes their name); null or absent: text only. */
  ownerMemberId: id.nullable().optional(),
  deadline: zDate.nullable().default(null),
});
const ZMilestone = z.object({ title: text(500).min(1), dueDate: zDate });

const particulars = {
  campaignId: id.nullable().optional(),
  source: z.enum(PROBLEM_SOURCES).optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  subject: z.enum(PROBLEM_SUBJECTS).optional(),
  subjectName: text(100).optional(),
  description: text(4000).min(1).optional(),
  standard: text(2000).optional(),
  responsibleLeader: text(100).optional(),
  /** 责任领导 as a member of the unit or below (the text becomes their name); null unlinks. */
  responsibleLeaderMemberId: id.nullable().optional(),
  responsibleDept: text(100).optional(),
  responsiblePerson: text(100).optional(),
  /** 责任人 as a member of the unit or below (the text becomes their name); null unlinks. */
  responsiblePersonMemberId: id.nullable().optional(),
  kind: z.enum(PROBLEM_KINDS).optional(),
  deadline: zDate.nullable().optional(),
  remark: text(2000).optional(),
  measures: z.array(ZMeasure).max(50).optional(),
  milestones: z.array(ZMilestone).max(50).optional(),
};

export const ZCreateProblem = z.object({
  ...particulars,
  orgId: id,
  source: z.enum(PROBLEM_SOURCES),
  category: z.enum(PROBLEM_CATEGORIES),
  description: text(4000).min(1),
  kind: z.enum(PROBLEM_KINDS),
});
export type TCreateProblem = z.infer<typeof ZCreateProblem>;

export const ZUpdateProblem = z.object(particulars);
export type TUpdateProblem = z.infer<typeof ZUpdateProblem>;

/** What the unit writes while rectifying: progress (完成情况) and the effect statement (成效). */
export const ZProgress = z.object({ progress: text(4000).optional(), effect: text(4000).optional() });

export const ZProblemTransition = z.object({ action: z.enum(PROBLEM_ACTIONS), comment: text(2000).optional() });

export const ZMilestoneDone = z.object({ note: text(1000).default(''), done: z.boolean().default(true) });

/** The orders of the ledger list (`?sort=`): newest first, by deadline, by unit and 序号 (like MEMBER_SORTS). */
export const PROBLEM_SORTS = ['newest', 'deadline', 'seq'] as const;
export type ProblemSort = (typeof PROBLEM_SORTS)[number];
export const SORTS = PROBLEM_SORTS;

export const ZProblemQuery = z.object({
  org: id,
  subtree: bool.default(true),
  status: z.enum(PROBLEM_STATUSES).optional(),
  kind: z.enum(PROBLEM_KINDS).optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  source: z.enum(PROBLEM_SOURCES).optional(),
  overdue: bool.optional(),
  responsible: text(50).optional(),
  campaignId: id.optional(),
  sort: z.enum(SORTS).default('newest'),
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TProblemQuery = z.infer<typeof ZProblemQuery>;

export const ZSummaryQuery = z.object({ org: id, campaignId: id.optional() });

/** Rectification plans (整改方案): the fields a plan is written with. */
const planFields = {
  title: text(200).min(1).optional(),
  principles: text(8000).optional(),
  objectives: text(8000).optional(),
  measures: text(20000).optional(),
  timeLimits: text(8000).optional(),
  /** The problems of the unit's ledger the plan covers (replaces the list when given). */
  problemIds: z.array(id).max(2000).optional(),
};
export const ZCreatePlan = z.object({
  ...planFields,
  orgId: id,
  campaignId: id.nullable().optional(),
  title: text(200).min(1),
});
export const ZUpdatePlan = z.object(planFields);
export const ZPlanTransition = z.object({ action: z.enum(PLAN_ACTIONS), comment: text(2000).optional() });
export const ZPlanQuery = z.object({ org: id, campaignId: id.optional() });
