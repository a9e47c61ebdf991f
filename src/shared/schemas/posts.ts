import { z } from 'zod';
import { ORG_POSTS } from '../enums.ts';
import { zDate, zId } from '../zod.ts';

const text = (max: number) => z.string().trim().max(max);

/** A post on a leading body: held by a member of the tree, or by a person from outside it named with their unit. */
export const ZCreatePost = z
  .object({
    orgId: zId,
    post: z.enum(ORG_POSTS),
    title: text(40).default(''),
    memberId: zId.nullish(),
    outsideName: text(40).default(''),
    outsideUnit: text(80).default(''),
    term: text(40).default(''),
    document: text(120).default(''),
    startDate: zDate,
    endDate: zDate.nullish(),
  })
  .refine((v) => v.memberId != null || v.outsideName !== '', { path: ['memberId'], message: 'field.required' });
export type TCreatePost = z.infer<typeof ZCreatePost>;

export const ZEndPost = z.object({ endDate: zDate, reason: text(200).default('') });
export type TEndPost = z.infer<typeof ZEndPost>;

/** The body of an org: today's holders, or on a past date (`on`), with `history` for every post ever held. */
export const ZListPosts = z.object({ org: zId, on: zDate.optional(), history: z.coerce.boolean().optional() });
export type TListPosts = z.infer<typeof ZListPosts>;
