import { z } from 'zod';
import { MATERIAL_KINDS, MATERIAL_STATUSES, REVIEWER_KINDS } from '../../supervision.ts';
import { zAfter, zFlag, zLimit, INT4_MAX, zId } from '../../zod.ts';

const text = (max: number) => z.string().trim().max(max);
const bool = zFlag;

export const ZMaterialQuery = z.object({
  org: zId,
  status: z.enum(MATERIAL_STATUSES).optional(),
  kind: z.enum(MATERIAL_KINDS).optional(),
  campaignId: zId.optional(),
  /** Only what waits for the actor's review. */
  toReview: bool.optional(),
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TMaterialQuery = z.infer<typeof ZMaterialQuery>;
export const ZCreateMaterial = z.object({
  orgId: zId,
  campaignId: zId.nullable().optional(),
  kind: z.enum(MATERIAL_KINDS),
  title: text(200).min(1),
  subjectName: text(100).default(''),
  /**
   * Whose material it is, as a person: an active member of the org or of one below it (the
   * subject name is then theirs). null or left out: subjectName is the text (an outside person, a
   * leading body).
   */
  subjectMemberId: zId.nullable().optional(),
  body: z.string().max(200_000).default(''),
  /** A review checklist; the built-in five "not passed" criteria when left out. */
  checklistId: zId.optional(),
  needsLeader: z.boolean().default(true),
  needsTeam: z.boolean().default(true),
});
export type TCreateMaterial = z.infer<typeof ZCreateMaterial>;
/** A save is a new version; baseVersion guards against overwriting a version saved elsewhere. */
export const ZSaveDraft = z.object({
  baseVersion: z.number().positive().max(INT4_MAX, { abort: true }).int(),
  body: z.string().max(200_000),
  title: text(200).min(1).optional(),
  /** Change whose material it is (as on creation); left out: unchanged. */
  subjectName: text(100).optional(),
  subjectMemberId: zId.nullable().optional(),
});
export type TSaveDraft = z.infer<typeof ZSaveDraft>;
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
export const ZVersionParams = z.object({ id: zId, version: zId });
