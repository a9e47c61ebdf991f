import { z } from 'zod';
import { zId } from '../zod.ts';
import { LOCALES, ROLES } from '../enums.ts';

export const ZGrantInput = z.object({ role: z.enum(ROLES), orgId: zId });
export const ZCreateUser = z.object({
  username: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[A-Za-z0-9_.@-]+$/, 'field.invalid'),
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  memberId: zId.nullish(),
  locale: z.enum(LOCALES).default('zh-CN'),
  grants: z.array(ZGrantInput).max(20).default([]),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;
export const ZUpdateUser = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  memberId: zId.nullish(),
});
export const ZResetPassword = z.object({ password: z.string().min(1).max(200) });
export const ZListUsers = z.object({ org: zId.optional(), q: z.string().trim().max(50).optional() });
