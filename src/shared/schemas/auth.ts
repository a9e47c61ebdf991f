import { z } from 'zod';
import { LOCALES } from '../enums.ts';

export const ZLogin = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type TLogin = z.infer<typeof ZLogin>;

export const ZUpdateMe = z.object({ locale: z.enum(LOCALES) });
export const ZChangePassword = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
