import { z } from 'zod';
import { FORM_ACTIONS, FORM_KINDS, FORM_STATUSES } from '../../supervision.ts';
import { zAfter, zLimit, zDate, zId } from '../../zod.ts';

const text = (max: number) => z.string().trim().max(max);

export const ZFormQuery = z.object({
  org: zId,
  kind: z.enum(FORM_KINDS).optional(),
  status: z.enum(FORM_STATUSES).optional(),
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TFormQuery = z.infer<typeof ZFormQuery>;
export const ZCreateForm = z.object({
  kind: z.enum(FORM_KINDS),
  /** The issuing org: the unit for upward forms, the office otherwise. */
  issuerOrgId: zId,
  teamId: zId.nullable().optional(),
  /** The unit the form is about. */
  subjectOrgId: zId,
  /** Upward forms: the office it goes to (default: the unit's parent). Criticism: the subtree circulated to (default: the issuer). */
  recipientOrgId: zId.nullable().optional(),
  /** 组织调整建议单: the organization department it goes to. */
  recipientName: text(100).optional(),
  /** The addressee person: an active member of the subject unit or below (optional). */
  recipientMemberId: zId.nullable().optional(),
  title: text(200).min(1),
  content: text(20000).default(''),
  deadline: zDate.nullable().optional(),
  problemIds: z.array(zId).max(500).default([]),
});
export type TCreateForm = z.infer<typeof ZCreateForm>;
export const ZUpdateForm = z.object({
  title: text(200).min(1).optional(),
  content: text(20000).optional(),
  deadline: zDate.nullable().optional(),
  recipientName: text(100).optional(),
  recipientMemberId: zId.nullable().optional(),
  problemIds: z.array(zId).max(500).optional(),
});
export type TUpdateForm = z.infer<typeof ZUpdateForm>;
/** reply: the text of the reply (required); dismiss and reject: the reason (required). */
export const ZFormTransition = z.object({ action: z.enum(FORM_ACTIONS), comment: text(8000).optional() });
export const ZEscalationRun = z.object({ today: zDate.optional() });
