import { z } from 'zod';
import type { Locale } from '../../shared/enums.ts';
import type { FieldIssue } from '../../shared/api.ts';
import { AppError } from './errors.ts';
import { t, type MessageKey } from './i18n.ts';

/** Turns zod issues into translated field messages. Custom checks carry a message key. */
export function zodIssues(error: z.ZodError, locale: Locale): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issueMessage(issue, locale) }));
}

function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  if (issue.message && issue.message.startsWith('field.')) return t(locale, issue.message as MessageKey);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? t(locale, 'field.required') : t(locale, 'field.invalid');
    case 'too_small':
      return t(locale, 'field.required');
    case 'too_big':
      return t(locale, 'field.tooLong', { max: Number(issue.maximum) });
    case 'invalid_value':
      return t(locale, 'field.enum', { options: issue.values.map(String).join(', ') });
    default:
      return t(locale, 'field.invalid');
  }
}

/** Parses input with a zod schema or throws VALIDATION with every field named. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, locale: Locale): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw new AppError('VALIDATION', {}, zodIssues(r.error, locale));
}

// Field helpers shared by the modules' schemas.
export const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date').refine((s) => isRealDate(s), 'field.date');
export const zPhone = z.string().regex(/^1[3-9]\d{9}$/, 'field.phone');
export const zIdNumber = z.string().transform((s) => s.toUpperCase()).refine(isValidIdNumber, 'field.idNumber');
export const zId = z.coerce.number().int().positive();

/** True for an existing calendar date written YYYY-MM-DD. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 1900;
}

/** GB 11643 check: 17 digits and an ISO 7064 MOD 11-2 check character. */
export function isValidIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17];
}
