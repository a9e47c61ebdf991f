import { z } from 'zod';
import { ORG_LEVELS } from '../../enums.ts';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS } from '../../ledger.ts';
import { LOOKBACK_STAGES } from '../../supervision.ts';
import { zAfter, zLimit, zId } from '../../zod.ts';

const text = (max: number) => z.string().trim().max(max);

export const ZLookbackQuery = z.object({ org: zId, after: zAfter, limit: zLimit(200, 200) });
export type TLookbackQuery = z.infer<typeof ZLookbackQuery>;
export const ZCreateLookback = z.object({
  orgId: zId,
  campaignId: zId.nullable().optional(),
  title: text(200).min(1),
  /** A look-back checklist; the built-in six checks and six looks when left out. */
  checklistId: zId.optional(),
  /** Participants: the active orgs of these levels in the subtree; the direct children when left out. */
  levels: z.array(z.enum(ORG_LEVELS)).max(7).optional(),
  sampleSize: z.number().int().min(0).max(1000),
  /** Recorded with the sample, so anyone can draw it again; random when left out. */
  seed: text(64).min(1).optional(),
});
export type TCreateLookback = z.infer<typeof ZCreateLookback>;
export const ZAssessment = z.object({
  orgId: zId,
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
        reopenProblemId: zId.optional(),
      }),
    )
    .max(50)
    .default([]),
});
export type TAssessment = z.infer<typeof ZAssessment>;
