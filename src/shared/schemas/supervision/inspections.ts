import { z } from 'zod';
import { INSPECTION_KINDS, INSPECTION_STATUSES } from '../../supervision.ts';
import { zAfter, zLimit, zDate, zId } from '../../zod.ts';

const text = (max: number) => z.string().trim().max(max);

/** The list of GET /api/supervision/inspections: an org's reports, of a kind and a status when given. */
export const ZInspectionQuery = z.object({
  org: zId,
  kind: z.enum(INSPECTION_KINDS).optional(),
  status: z.enum(INSPECTION_STATUSES).optional(),
  after: zAfter,
  limit: zLimit(200, 200),
});
export type TInspectionQuery = z.infer<typeof ZInspectionQuery>;
const ZNamed = z.object({ orgId: zId, finding: text(4000).min(1), problemIds: z.array(zId).max(100).default([]) });
export const ZCreateInspection = z.object({
  orgId: zId,
  teamId: zId.nullable().optional(),
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
export const ZAnswer = z.object({ orgId: zId, answer: text(8000).min(1) });
