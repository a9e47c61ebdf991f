import { z } from 'zod';
import { zId, zAfter, zLimit, zFlag } from '../zod.ts';

const id = zId;
const bool = zFlag;

export const ZNotificationQuery = z.object({
  /** One org the actor is granted at; default: all of them. */
  org: id.optional(),
  unread: bool.default(false),
  /** `next` of the previous page (newest first). */
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TNotificationQuery = z.infer<typeof ZNotificationQuery>;

export const ZReadAll = z.object({
  org: id.optional(),
  /** Only notifications up to this id (the newest one the user has seen); default: all. */
  upTo: id.optional(),
});
export type TReadAll = z.infer<typeof ZReadAll>;
