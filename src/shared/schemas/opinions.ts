import { z } from 'zod';
import { accepts, acceptsOptional, zId, zAfter, zLimit } from '../zod.ts';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS } from '../ledger.ts';
import {
  OPINION_CHANNELS,
  OPINION_GROUPS,
  OPINION_STATUSES,
  PUBLIC_CONTENT_MAX,
  PUBLIC_CONTENT_MIN,
  PUBLIC_OPINION_GROUPS,
  STAFF_CONTENT_MAX,
} from '../opinions.ts';

const id = zId;
const bool = accepts<boolean | 'true' | 'false' | '1' | '0' | 'on'>()(
  z.preprocess((v) => v === 'true' || v === true || v === '1' || v === 'on', z.boolean()),
);
/** Text as typed, minus control characters PostgreSQL refuses (NUL) or nobody means to send; CRLF → LF. */
export const cleanText = (v: unknown) =>
  typeof v === 'string'
    ? v
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
        .trim()
    : v;
const text = (max: number) => accepts<string>()(z.preprocess(cleanText, z.string().max(max)));
/** Optional text: empty means absent. */
const optText = (max: number) =>
  acceptsOptional<string | null>()(
    z.preprocess((v) => {
      const s = cleanText(v);
      return s === '' || s === null ? undefined : s;
    }, z.string().max(max).optional()),
  );

export const ZCreateOpinion = z.object({
  orgId: id,
  campaignId: id.optional(),
  channel: z.enum(OPINION_CHANNELS),
  group: z.enum(OPINION_GROUPS),
  /** Anonymous: no name, contact or account is stored (group 'anonymous' implies it). */
  anonymous: z.boolean().default(false),
  name: optText(50),
  contact: optText(100),
  content: text(STAFF_CONTENT_MAX).pipe(z.string().min(1)),
});
export type TCreateOpinion = z.infer<typeof ZCreateOpinion>;

export const ZOpinionQuery = z.object({
  /** The org whose subtree is listed; default: every org the actor may read opinions of. */
  org: id.optional(),
  status: z.enum(OPINION_STATUSES).optional(),
  channel: z.enum(OPINION_CHANNELS).optional(),
  group: z.enum(OPINION_GROUPS).optional(),
  campaign: id.optional(),
  /** Words of the content, or a receipt code. */
  q: z.string().trim().max(100).optional(),
  /** The `next` of the previous page (src/server/platform/paging.ts). */
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TOpinionQuery = z.infer<typeof ZOpinionQuery>;

const ids = z.array(id).min(1).max(200);

export const ZMergeOpinions = z.object({
  /** The opinion the duplicates are merged into; it keeps them listed. */
  into: id,
  ids,
});
export type TMergeOpinions = z.infer<typeof ZMergeOpinions>;

export const ZConvertOpinions = z.object({
  /** Opinions of one org; they become ONE new draft problem of that org's ledger. */
  ids,
  category: z.enum(PROBLEM_CATEGORIES),
  kind: z.enum(PROBLEM_KINDS),
  /** Default: the opinions' text. */
  description: optText(4000),
  /** Default: the campaign the opinions share, if any. */
  campaignId: id.nullable().optional(),
});
export type TConvertOpinions = z.infer<typeof ZConvertOpinions>;

export const ZAnswerOpinion = z.object({ answer: text(2000).pipe(z.string().min(1)) });
/** A missing reason reads as an empty one, so the message says what is wanted rather than "required". */
export const ZDeclineOpinion = z.object({
  reason: accepts<string>()(
    z.preprocess((v) => cleanText(v ?? ''), z.string().min(1, 'field.declineReason').max(2000)),
  ),
});

/** The public form and its JSON twin. `website` is the honeypot: people leave it empty. */
export const ZPublicOpinion = z.object({
  org: id,
  campaign: acceptsOptional<number | string>()(z.preprocess((v) => (v === '' ? undefined : v), id.optional())),
  group: z.enum(PUBLIC_OPINION_GROUPS).default('masses'),
  content: accepts<string>()(z.preprocess(cleanText, z.string())).pipe(
    z.string().min(PUBLIC_CONTENT_MIN, 'field.opinionContent').max(PUBLIC_CONTENT_MAX, 'field.opinionContent'),
  ),
  anonymous: bool.default(false),
  name: optText(50),
  contact: optText(100),
  website: accepts<string>()(z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string())).default(''),
});
export type TPublicOpinion = z.infer<typeof ZPublicOpinion>;
