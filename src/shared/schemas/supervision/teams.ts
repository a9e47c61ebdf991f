import { z } from 'zod';
import { zAfter, zFlag, zLimit, zDate, zId } from '../../zod.ts';

const text = (max: number) => z.string().trim().max(max);
const bool = zFlag;

export const ZTeamQuery = z.object({
  org: zId.optional(),
  mine: bool.optional(),
  after: zAfter,
  limit: zLimit(500, 200),
});
export type TTeamQuery = z.infer<typeof ZTeamQuery>;
export const ZCreateTeam = z.object({
  /** The office forming the team; its units must lie strictly below. */
  orgId: zId,
  campaignId: zId.nullable().optional(),
  name: text(100).min(1),
  leaderId: zId,
  memberIds: z.array(zId).max(50).default([]),
  unitIds: z.array(zId).min(1).max(500),
});
export type TCreateTeam = z.infer<typeof ZCreateTeam>;
export const ZUpdateTeam = z.object({
  name: text(100).min(1).optional(),
  leaderId: zId.optional(),
  memberIds: z.array(zId).max(50).optional(),
  unitIds: z.array(zId).min(1).max(500).optional(),
  status: z.enum(['active', 'disbanded']).optional(),
});
export type TUpdateTeam = z.infer<typeof ZUpdateTeam>;
export const ZVisit = z.object({
  orgId: zId,
  visitDate: zDate,
  seen: text(8000).min(1),
  meetings: text(4000).default(''),
});
export const ZCandidateQuery = z.object({ org: zId, q: text(50).optional() });
