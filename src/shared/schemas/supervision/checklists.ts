import { z } from 'zod';
import { CHECKLIST_KINDS } from '../../supervision.ts';
import { zId } from '../../zod.ts';

const text = (max: number) => z.string().trim().max(max);

const ZChecklistItem = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/),
  zh: text(200).min(1),
  en: text(200).default(''),
  detailZh: text(1000).optional(),
  detailEn: text(1000).optional(),
  maxScore: z.number().int().min(1).max(100).optional(),
});
export const ZChecklistQuery = z.object({ org: zId, kind: z.enum(CHECKLIST_KINDS).optional() });
export const ZCreateChecklist = z.object({
  orgId: zId,
  kind: z.enum(CHECKLIST_KINDS),
  name: text(100).min(1),
  nameEn: text(100).default(''),
  items: z.array(ZChecklistItem).min(1).max(30),
});
export type TCreateChecklist = z.infer<typeof ZCreateChecklist>;
export const ZUpdateChecklist = z.object({
  name: text(100).min(1).optional(),
  nameEn: text(100).optional(),
  items: z.array(ZChecklistItem).min(1).max(30).optional(),
});
export type TUpdateChecklist = z.infer<typeof ZUpdateChecklist>;
