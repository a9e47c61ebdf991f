import { z } from 'zod';
import { accepts, zPhone } from '../zod.ts';

/**
 * What a member corrects of their own record on 我的 (PATCH /api/me/profile): the phone only
 * ('' or null clears it; leaving it out is a missing field). The rest of the record is kept by the
 * roster's keepers. Strict: the account's own member is the only one reachable, so no id (nor any
 * other field) is accepted.
 */
export const ZUpdateMeProfile = z
  .object({
    phone: accepts<string | null | ''>()(z.preprocess((v) => (v === '' ? null : v), zPhone.nullable())),
  })
  .strict();
export type TUpdateMeProfile = z.infer<typeof ZUpdateMeProfile>;
