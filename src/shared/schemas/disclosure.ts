import { z } from 'zod';
import { DISCLOSURE_ITEM_KINDS } from '../opinions.ts';
import { accepts, zId, zDate, zAfter, zLimit } from '../zod.ts';
import { cleanText } from './opinions.ts';

const id = zId;
const text = (max: number) => accepts<string>()(z.preprocess(cleanText, z.string().min(1).max(max)));

export const ZCreateBatch = z
  .object({
    /** e.g. "第二批整改问题公示" */
    title: text(200),
    /** The publicity period (公示期). */
    startsOn: zDate,
    endsOn: zDate,
  })
  .refine((b) => b.endsOn >= b.startsOn, { message: 'field.endsBeforeStarts', path: ['endsOn'] });
export type TCreateBatch = z.infer<typeof ZCreateBatch>;

export const ZAddItems = z.object({
  /** 'problem': a confirmed problem; 'rectification': a closed (验收销号) problem's rectification. */
  kind: z.enum(DISCLOSURE_ITEM_KINDS),
  problemIds: z.array(id).min(1).max(500),
});
export type TAddItems = z.infer<typeof ZAddItems>;

export const ZWithdrawItem = z.object({
  reason: accepts<string>()(
    z.preprocess((v) => cleanText(v ?? ''), z.string().min(1, 'field.withdrawReason').max(1000)),
  ),
});

/** An org's batches: `after` is the `next` of the previous page. */
export const ZBatchQuery = z.object({ after: zAfter, limit: zLimit(200, 50) });
export type TBatchQuery = z.infer<typeof ZBatchQuery>;

export const ZItemParams = z.object({ id, itemId: id });

export const ZPublicListQuery = z.object({
  org: id,
  page: z.coerce.number<number | string>().int().min(1).max(1000).default(1),
});
/** The public JSON list in the one paging contract: `after` is the `next` of the previous page. */
export const ZPublicBatchQuery = z.object({ org: id, after: zAfter, limit: zLimit(100, 20) });
export type TPublicBatchQuery = z.infer<typeof ZPublicBatchQuery>;
