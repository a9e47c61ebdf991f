import { z } from 'zod';
import { GENDERS, MEMBER_CATEGORIES, MEMBER_STATUSES, SPECIAL_TYPES } from '../enums.ts';
import { acceptsOptional, zDate, zId, zIdNumber, zPhone } from '../zod.ts';

/** An optional field: '' or absent is stored as null (the client may send either, or leave it out). */
const opt = <T extends z.ZodType>(s: T) =>
  acceptsOptional<z.input<T> | null | ''>()(
    z.preprocess((v) => (v === '' || v === undefined ? null : v), s.nullable()),
  );
const text = (max: number) => z.string().trim().max(max);

const memberFields = {
  name: z.string().trim().min(1).max(100),
  gender: z.enum(GENDERS),
  birthDate: opt(zDate),
  ethnicity: opt(text(20)),
  education: opt(text(30)),
  idNumber: opt(zIdNumber),
  phone: opt(zPhone),
  category: z.enum(MEMBER_CATEGORIES),
  specialTypes: z
    .array(z.enum(SPECIAL_TYPES))
    .max(3)
    .default([])
    .transform((a) => [...new Set(a)].sort()),
  joinDate: opt(zDate),
  position: opt(text(100)),
};

const joinAfterBirth = (v: { birthDate?: string | null; joinDate?: string | null }) =>
  !(v.birthDate && v.joinDate && v.joinDate < v.birthDate);

export const ZCreateMember = z
  .object({ orgId: zId, ...memberFields })
  .refine(joinAfterBirth, { message: 'field.joinBeforeBirth', path: ['joinDate'] });
export type TCreateMember = z.infer<typeof ZCreateMember>;

export const ZUpdateMember = z
  .object({
    name: memberFields.name.optional(),
    gender: memberFields.gender.optional(),
    birthDate: memberFields.birthDate.optional(),
    ethnicity: memberFields.ethnicity.optional(),
    education: memberFields.education.optional(),
    idNumber: memberFields.idNumber.optional(),
    phone: memberFields.phone.optional(),
    category: memberFields.category.optional(),
    specialTypes: z
      .array(z.enum(SPECIAL_TYPES))
      .max(3)
      .transform((a) => [...new Set(a)].sort())
      .optional(),
    joinDate: memberFields.joinDate.optional(),
    position: memberFields.position.optional(),
  })
  .refine(joinAfterBirth, { message: 'field.joinBeforeBirth', path: ['joinDate'] });
export type TUpdateMember = z.infer<typeof ZUpdateMember>;

export const ZTransferMember = z.object({ toOrgId: zId, note: opt(text(500)) });
export const ZMemberStatus = z.object({ status: z.enum(MEMBER_STATUSES), note: z.string().trim().min(1).max(500) });

export const MEMBER_SORTS = ['name', 'joinDate', 'birthDate', 'id'] as const;
export const ZListMembers = z.object({
  org: zId,
  subtree: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  q: z.string().trim().max(50).optional(),
  category: z.enum(MEMBER_CATEGORIES).optional(),
  specialType: z.enum(SPECIAL_TYPES).optional(),
  status: z.enum([...MEMBER_STATUSES, 'all'] as const).default('active'),
  sort: z.enum(MEMBER_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  after: z.string().max(500).optional(),
  limit: z.coerce.number<number | string>().int().min(1).max(200).default(50),
});
export type TListMembers = z.infer<typeof ZListMembers>;

/** GET /api/members/search: active members of an org and below, by name, for person pickers. */
export const ZSearchMembers = z.object({
  org: zId,
  q: z.string().trim().max(50).default(''),
  limit: z.coerce.number<number | string>().int().min(1).max(50).default(20),
});
export type TSearchMembers = z.infer<typeof ZSearchMembers>;
