import { z } from 'zod';
import { zId } from '../zod.ts';
import { ORG_KINDS, ORG_LEVELS } from '../enums.ts';

const name = z.string().trim().min(1).max(200);
const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZCreateOrg = z.object({
  parentId: zId,
  name,
  shortName: optText(100),
  code: optText(50),
  level: z.enum(ORG_LEVELS),
  kind: z.enum(ORG_KINDS),
  sortOrder: z.coerce.number<number | string>().int().min(0).max(1_000_000).optional(),
});
export type TCreateOrg = z.infer<typeof ZCreateOrg>;

export const ZUpdateOrg = z.object({
  name: name.optional(),
  shortName: optText(100).optional(),
  code: optText(50).optional(),
  level: z.enum(ORG_LEVELS).optional(),
  kind: z.enum(ORG_KINDS).optional(),
  sortOrder: z.coerce.number<number | string>().int().min(0).max(1_000_000).optional(),
});
export type TUpdateOrg = z.infer<typeof ZUpdateOrg>;

export const ZMoveOrg = z.object({ parentId: zId });
export const ZDissolveOrg = z.object({ reason: z.string().trim().min(1).max(500) });

export const ZListOrgs = z.object({
  parent: zId.optional(),
  includeDissolved: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const ZSearchOrgs = z.object({
  q: z.string().trim().min(1).max(100),
  level: z.string().optional(),
  limit: z.coerce.number<number | string>().int().min(1).max(100).default(20),
});
