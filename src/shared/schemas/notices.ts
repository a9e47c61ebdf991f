import { z } from 'zod';
import { zId, zAfter, zLimit, zFlag } from '../zod.ts';
import { NOTICE_AUDIENCES, NOTICE_KINDS } from '../notices.ts';

const id = zId;
const bool = zFlag;

const fields = {
  kind: z.enum(NOTICE_KINDS),
  title: z.string().trim().min(1).max(200),
  /** 文号, e.g. 城组通〔2026〕5号. */
  docNumber: z.string().trim().max(60).optional(),
  /** Rich text; sanitized to the editor's subset before it is stored. */
  body: z.string().max(200_000).default(''),
  campaignId: id.optional(),
  /** 'subtree': every active org below the sending org; 'selection': the orgs in orgIds. */
  audience: z.enum(NOTICE_AUDIENCES),
  orgIds: z.array(id).max(5000).default([]),
};

export const ZCreateNotice = z
  .object({
    /** The sending org: one the actor is an office for. */
    orgId: id,
    ...fields,
    /** Keep it as a draft (to add attachments, then POST /api/notices/:id/send); default: send now. */
    draft: z.boolean().default(false),
  })
  .refine((n) => n.audience !== 'selection' || n.orgIds.length > 0, { message: 'field.required', path: ['orgIds'] });
export type TCreateNotice = z.infer<typeof ZCreateNotice>;

export const ZUpdateNotice = z.object({
  kind: fields.kind.optional(),
  title: fields.title.optional(),
  docNumber: z.string().trim().max(60).nullable().optional(),
  body: z.string().max(200_000).optional(),
  campaignId: id.nullable().optional(),
  audience: fields.audience.optional(),
  orgIds: z.array(id).max(5000).optional(),
});
export type TUpdateNotice = z.infer<typeof ZUpdateNotice>;

export const ZNoticeQuery = z.object({
  box: z.enum(['inbox', 'sent']).default('inbox'),
  /** Inbox: a recipient org in the actor's scope; sent box: a sending org. Default: the actor's granted orgs. */
  org: id.optional(),
  /** Inbox: only notices not yet read. */
  unread: bool.default(false),
  /** `next` of the previous page (newest first, so the next page is older). */
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TNoticeQuery = z.infer<typeof ZNoticeQuery>;

export const ZMarkRead = z.object({
  /** The recipient org the actor reads for; default: the actor's deepest granted org that is a recipient. */
  orgId: id.optional(),
});

export const ZReceiptsQuery = z.object({
  /** Restrict the unread list to one child of the sending org. */
  child: id.optional(),
  /** `next` of the previous page of unread orgs. */
  after: zAfter,
  limit: zLimit(2000, 500),
});
export type TReceiptsQuery = z.infer<typeof ZReceiptsQuery>;
