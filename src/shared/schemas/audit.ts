import { z } from 'zod';
import { zAfter, zId, zLimit } from '../zod.ts';

/** GET /api/audit: the trail of one entity, newest first, paged by `after` (the `next` of the previous page). */
export const ZListAudit = z.object({
  entityType: z.enum(['org', 'member', 'user', 'system']),
  entityId: zId,
  after: zAfter,
  limit: zLimit(200, 50),
});
export type TListAudit = z.infer<typeof ZListAudit>;
