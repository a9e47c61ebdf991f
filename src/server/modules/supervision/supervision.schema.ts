import { z } from 'zod';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS } from '../../../shared/ledger.ts';
import { ORG_LEVELS } from '../../../shared/enums.ts';
import {
  CHECKLIST_KINDS,
  FORM_ACTIONS,
  FORM_KINDS,
  FORM_STATUSES,
  INSPECTION_KINDS,
  LOOKBACK_STAGES,
  MATERIAL_KINDS,
  MATERIAL_STATUSES,
  REVIEWER_KINDS,
} from '../../../shared/supervision.ts';
import { INT4_MAX, zId, zDate } from '../../platform/validation.ts';

const id = zId;
const text = (max: number) => z.string().trim().max(max);
const bool = z.preprocess((v) => v === 'true' || v === true || v === '1', z.boolean());

// ---------- teams ----------
export const ZTeamQuery = z.object({ org: id.optional(), mine: bool.optional() });
export const ZCreateTeam = z.object({
  /** The office forming the team; its units must lie strictly below. */
  orgId: id,
  campaignId: id.nullable().optional(),
  name: text(100).min(1),
  leaderId: id,
  memberIds: z.array(id).max(50).default([]),
  unitIds: z.array(id).min(1).max(500),
});
export type TCreateTeam = z.infer<typeof ZCreateTeam>;
export const ZUpdateTeam = z.object({
  name: text(100).min(1).optional(),
  leaderId: id.optional(),
  memberIds: z.array(id).max(50).optional(),
  unitIds: z.array(id).min(1).max(500).optional(),
  status: z.enum(['active', 'disbanded']).optional(),
});
export type TUpdateTeam = z.infer<typeof ZUpdateTeam>;
export const ZVisit = z.object({
  orgId: id,
  visitDate: zDate,
  seen: text(8000).min(1),
  meetings: text(4000).default(''),
});
export const ZCandidateQuery = z.object({ org: id, q: text(50).optional() });

// ---------- checklists ----------
const ZChecklistItem = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/),
  zh: text(200).min(1),
  en: text(200).default(''),
  detailZh: text(1000).optional(),
  detailEn: text(1000).optional(),
  maxScore: z.number().int().min(1).max(100).optional(),
});
export const ZChecklistQuery = z.object({ org: id, kind: z.enum(CHECKLIST_KINDS).optional() });
export const ZCreateChecklist = z.object({
  orgId: id,
  kind: z.enum(CHECKLIST_KINDS),
  name: text(100).min(1),
  nameEn: text(100).default(''),
  items: z.array(ZChecklistItem).min(1).max(30),
});
export type TCreateChecklist = z.infer<typeof ZCreateChecklist>;
export const ZUpdateChecklist = z.object({
  name: text(100).min(1).optional(),
  nameEn: text(100).optional(),
  items: z.array(ZChecklistItem).min(1).max(30).optional(),
});
export type TUpdateChecklist = z.infer<typeof ZUpdateChecklist>;

// ---------- materials ----------
export const ZMaterialQuery = z.object({
  org: id,
  status: z.enum(MATERIAL_STATUSES).optional(),
  kind: z.enum(MATERIAL_KINDS).optional(),
  campaignId: id.optional(),
  /** Only what waits for the actor's review. */
  toReview: bool.optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TMaterialQuery = z.infer<typeof ZMaterialQuery>;
export const ZCreateMaterial = z.object({
  orgId: id,
  campaignId: id.nullable().optional(),
  kind: z.enum(MATERIAL_KINDS),
  title: text(200).min(1),
  subjectName: text(100).default(''),
  body: z.string().max(200_000).default(''),
  /** A review checklist; the built-in five "not passed" criteria when left out. */
  checklistId: id.optional(),
  needsLeader: z.boolean().default(true),
  needsTeam: z.boolean().default(true),
});
export type TCreateMaterial = z.infer<typeof ZCreateMaterial>;
/** A save is a new version; baseVersion guards against overwriting a version saved elsewhere. */
export const ZSaveDraft = z.object({
  baseVersion: z.number().positive().max(INT4_MAX, { abort: true }).int(),
  body: z.string().max(200_000),
  title: text(200).min(1).optional(),
});
export const ZReview = z.object({
  as: z.enum(REVIEWER_KINDS),
  /** The version reviewed; must be the one under review. */
  version: z.number().positive().max(INT4_MAX, { abort: true }).int(),
  results: z
    .array(z.object({ key: z.string().max(40), pass: z.boolean(), comment: text(2000).default('') }))
    .min(1)
    .max(30),
  comment: text(4000).default(''),
});
export type TReview = z.infer<typeof ZReview>;
export const ZVersionParams = z.object({ id, version: zId });

// ---------- forms ----------
export const ZFormQuery = z.object({
  org: id,
  kind: z.enum(FORM_KINDS).optional(),
  status: z.enum(FORM_STATUSES).optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TFormQuery = z.infer<typeof ZFormQuery>;
export const ZCreateForm = z.object({
  kind: z.enum(FORM_KINDS),
  /** The issuing org: the unit for upward forms, the office otherwise. */
  issuerOrgId: id,
  teamId: id.nullable().optional(),
  /** The unit the form is about. */
  subjectOrgId: id,
  /** Upward forms: the office it goes to (default: the unit's parent). Criticism: the subtree circulated to (default: the issuer). */
  recipientOrgId: id.nullable().optional(),
  /** 组织调整建议单: the organization department it goes to. */
  recipientName: text(100).optional(),
  title: text(200).min(1),
  content: text(20000).default(''),
  deadline: zDate.nullable().optional(),
  problemIds: z.array(id).max(500).default([]),
});
export type TCreateForm = z.infer<typeof ZCreateForm>;
export const ZUpdateForm = z.object({
  title: text(200).min(1).optional(),
  content: text(20000).optional(),
  deadline: zDate.nullable().optional(),
  recipientName: text(100).optional(),
  problemIds: z.array(id).max(500).optional(),
});
export type TUpdateForm = z.infer<typeof ZUpdateForm>;
/** reply: the text of the reply (required); dismiss and reject: the reason (required). */
export const ZFormTransition = z.object({ action: z.enum(FORM_ACTIONS), comment: text(8000).optional() });
export const ZEscalationRun = z.object({ today: zDate.optional() });

// ---------- look back ----------
export const ZLookbackQuery = z.object({ org: id });
export const ZCreateLookback = z.object({
  orgId: id,
  campaignId: id.nullable().optional(),
  title: text(200).min(1),
  /** A look-back checklist; the built-in six checks and six looks when left out. */
  checklistId: id.optional(),
  /** Participants: the active orgs of these levels in the subtree; the direct children when left out. */
  levels: z.array(z.enum(ORG_LEVELS)).max(7).optional(),
  sampleSize: z.number().int().min(0).max(1000),
  /** Recorded with the sample, so anyone can draw it again; random when left out. */
  seed: text(64).min(1).optional(),
});
export type TCreateLookback = z.infer<typeof ZCreateLookback>;
export const ZAssessment = z.object({
  orgId: id,
  stage: z.enum(LOOKBACK_STAGES),
  scores: z
    .array(z.object({ key: z.string().max(40), score: z.number().min(0).max(100), note: text(2000).default('') }))
    .min(1)
    .max(30),
  summary: text(8000).default(''),
  findings: z
    .array(
      z.object({
        description: text(4000).min(1),
        category: z.enum(PROBLEM_CATEGORIES).default('other'),
        kind: z.enum(PROBLEM_KINDS).default('phased'),
        reopenProblemId: id.optional(),
      }),
    )
    .max(50)
    .default([]),
});
export type TAssessment = z.infer<typeof ZAssessment>;

// ---------- inspections ----------
export const ZInspectionQuery = z.object({ org: id });
const ZNamed = z.object({ orgId: id, finding: text(4000).min(1), problemIds: z.array(id).max(100).default([]) });
export const ZCreateInspection = z.object({
  orgId: id,
  teamId: id.nullable().optional(),
  kind: z.enum(INSPECTION_KINDS),
  title: text(200).min(1),
  body: text(50000).default(''),
  inspectedOn: zDate,
  named: z.array(ZNamed).max(500).default([]),
});
export type TCreateInspection = z.infer<typeof ZCreateInspection>;
export const ZUpdateInspection = z.object({
  title: text(200).min(1).optional(),
  body: text(50000).optional(),
  kind: z.enum(INSPECTION_KINDS).optional(),
  inspectedOn: zDate.optional(),
  named: z.array(ZNamed).max(500).optional(),
});
export type TUpdateInspection = z.infer<typeof ZUpdateInspection>;
export const ZAnswer = z.object({ orgId: id, answer: text(8000).min(1) });
