import { z } from 'zod';
import { ORG_KINDS, ORG_LEVELS } from '../enums.ts';
import { TASK_STATUSES, ZTemplateBody, ZText } from '../campaigns.ts';
import { zId, zDate, zAfter, zLimit, zFlag } from '../zod.ts';

const id = zId;
const bool = zFlag;

export const ZCreateTemplate = z.object({
  ownerOrgId: id,
  name: ZText,
  description: ZText.optional(),
  body: ZTemplateBody,
});
export type TCreateTemplate = z.infer<typeof ZCreateTemplate>;

export const ZUpdateTemplate = z.object({
  name: ZText.optional(),
  description: ZText.optional(),
  body: ZTemplateBody.optional(),
  status: z.enum(['active', 'archived']).optional(),
});
export type TUpdateTemplate = z.infer<typeof ZUpdateTemplate>;

export const ZCloneTemplate = z.object({ ownerOrgId: id, name: ZText.optional() });

export const ZBatchInput = z
  .object({
    name: z.string().trim().min(1).max(50),
    levels: z.array(z.enum(ORG_LEVELS)).min(1),
    kinds: z.array(z.enum(ORG_KINDS)).default([]),
    startDate: zDate,
    /** Phase dates; when left out they follow the template's offsets from startDate. */
    phases: z.array(z.object({ key: z.string(), start: zDate, end: zDate })).optional(),
  })
  .refine((b) => (b.phases ?? []).every((p) => p.start <= p.end), { message: 'field.invalid', path: ['phases'] });

export const ZDeployCampaign = z.object({
  templateId: id,
  orgId: id,
  name: ZText.optional(),
  docNumber: z.string().trim().max(60).optional(),
  noticeBody: z.string().trim().max(20000).optional(),
  escalationDays: z.number().int().min(0).max(365).default(3),
  batches: z.array(ZBatchInput).min(1).max(5),
});
export type TDeployCampaign = z.infer<typeof ZDeployCampaign>;

export const ZOrgQuery = z.object({ org: id.optional() });

export const ZTaskQuery = z.object({
  org: id,
  subtree: bool.default(false),
  status: z.enum(TASK_STATUSES).optional(),
  phase: z.string().max(40).optional(),
  overdue: bool.default(false),
  /** `next` of the previous page (opaque). */
  after: zAfter,
  limit: zLimit(500, 50),
});
export type TTaskQuery = z.infer<typeof ZTaskQuery>;

/** GET /api/campaigns: newest first, `after` = `next` of the previous page. */
export const ZCampaignQuery = z.object({ after: zAfter, limit: zLimit(200, 50) });
export type TCampaignQuery = z.infer<typeof ZCampaignQuery>;

export const ZSaveTask = z.object({
  /** Rich text (sanitized HTML subset) of a form or meeting record. */
  html: z.string().max(200_000).optional(),
  /** A reported figure (e.g. opinions collected, hours studied). */
  figure: z.number().min(0).max(1e9).nullable().optional(),
  /** Meeting details: date, place, attendance. */
  meeting: z
    .object({
      date: zDate.nullable().optional(),
      place: z.string().max(200).optional(),
      attendees: z.number().int().min(0).max(100000).nullable().optional(),
    })
    .optional(),
});
export type TSaveTask = z.infer<typeof ZSaveTask>;

export const ZTransition = z.object({
  action: z.enum(['submit', 'approve', 'return', 'reopen']),
  comment: z.string().trim().max(2000).optional(),
});

export const ZDeadline = z.object({ orgId: id, phaseKey: z.string().max(40), dueDate: zDate });

export const ZOptionalTask = z.object({ orgId: id, actionKey: z.string().max(40) });

export const ZCampaignOrgParams = z.object({ id, org: id });
