import { z } from 'zod';
import type { Locale } from '../../shared/enums.ts';
import type { FieldIssue } from '../../shared/api.ts';
import { AppError } from './errors.ts';
import { isMessageKey, looksLikeKey, reportI18nProblem, t, type MessageKey } from './i18n.ts';
import { isUnstorableText, storableText } from './canonical.ts';

/**
 * Turns zod issues into translated field messages. Custom checks carry a message key (any key of
 * the catalogue, `field.joinBeforeBirth` say); zod's own messages become the catalogue's texts.
 */
export function zodIssues(error: z.ZodError, locale: Locale): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issueMessage(issue, locale) }));
}

function issueMessage(issue: z.core.$ZodIssue, locale: Locale): string {
  if (isMessageKey(issue.message)) return t(locale, issue.message);
  // A custom check naming a key the catalogue lacks: reported (not shown); the generic text instead.
  if (issue.code === 'custom' && issue.message && looksLikeKey(issue.message))
    reportI18nProblem(`zod check at "${issue.path.join('.')}": "${issue.message}" is not a catalogue key`);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? t(locale, 'field.required')
        : t(locale, 'field.invalid');
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return t(locale, 'field.tooSmall', { min: Number(issue.minimum) });
      if (issue.origin === 'string' && Number(issue.minimum) > 1)
        return t(locale, 'field.tooShort', { min: Number(issue.minimum) });
      return t(locale, 'field.required');
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return t(locale, 'field.tooBig', { max: Number(issue.maximum) });
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

// The field helpers of the request schemas live in src/shared/zod.ts (the web uses them too).
export { INT4_MAX, isRealDate, isRowId, isValidIdNumber, zDate, zId, zIdNumber, zPhone } from '../../shared/zod.ts';

/**
 * Refuses text PostgreSQL cannot store (NUL, lone surrogates) anywhere in the parsed request —
 * body, query, params, keys included — with 400 VALIDATION naming each path (at most 20; the
 * message is a key the error handler translates, so the locale argument is no longer needed). Walks
 * iteratively, so a deeply nested body cannot exhaust the stack.
 */
export function refuseUnstorableText(parts: unknown[], _locale?: Locale): void {
  const bad: string[] = [];
  const stack: Array<{ v: unknown; path: string }> = parts.map((v) => ({ v, path: '' }));
  while (stack.length > 0 && bad.length < 20) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnstorableText(v)) bad.push(path);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: path ? `${path}.${i}` : String(i) });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const p = path ? `${path}.${k}` : k;
        if (isUnstorableText(k)) bad.push(p);
        else stack.push({ v: (v as Record<string, unknown>)[k], path: p });
      }
    }
  }
  if (bad.length > 0)
    throw new AppError(
      'VALIDATION',
      {},
      bad.map((path) => ({ path: storableText(path), message: 'field.badText' })),
    );
}

const DB_INPUT_MESSAGES: Record<string, MessageKey> = {
  '22001': 'field.tooLargeToStore', // string_data_right_truncation
  '22003': 'field.outOfRange', // numeric_value_out_of_range
  '22021': 'field.badText', // character_not_in_repertoire (NUL in text)
  '22P05': 'field.badText', // untranslatable_character (\u0000 in jsonb)
  '54000': 'field.tooLargeToStore', // program_limit_exceeded (index row, ltree, tsvector too large)
};

/**
 * The safety net under the routes' own checks: a PostgreSQL error caused by the request's data
 * becomes the AppError the client should have had (class 22 data exceptions and 54000 → 400
 * VALIDATION; 23503 foreign key → 409 CONFLICT; 23505 unique → 409 CONFLICT; 23502/23514 → 400).
 * null for anything else (a real fault: 500).
 */
export function databaseInputError(err: unknown, _locale?: Locale): AppError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (!(err instanceof Error) || typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  // No field path: column names are the database's, not the API's.
  const path = '';
  // Keys, as messages and params: the error handler translates them for the request.
  if (code === '23503') return new AppError('CONFLICT', { what: 'conflict.reference' });
  if (code === '23505') return new AppError('CONFLICT', { what: 'conflict.duplicate' });
  if (code.startsWith('22') || code === '54000' || code === '23502' || code === '23514') {
    return new AppError('VALIDATION', {}, [{ path, message: DB_INPUT_MESSAGES[code] ?? 'field.invalid' }]);
  }
  return null;
}
