import { z } from 'zod';

/**
 * The zod field helpers every request schema (src/shared/schemas) is built from. Shared by the
 * server, which parses requests with them, and the web, whose typed clients take their inputs.
 * Custom checks carry a catalogue key as their message (`field.date`); the server's error
 * handler translates it. No server code here: src/shared runs in the browser too.
 */

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

export const zDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date')
  .refine((s) => isRealDate(s), 'field.date');
export const zPhone = z.string().regex(/^1[3-9]\d{9}$/, 'field.phone');
export const zIdNumber = z
  .string()
  .transform((s) => s.toUpperCase())
  .refine(isValidIdNumber, 'field.idNumber');
/** The largest value of a PostgreSQL `integer` (int4) column: ids, counts, years, sequence numbers. */
export const INT4_MAX = 2_147_483_647;
/**
 * An id of an `integer` column, from JSON or a path/query string; beyond int4 it is a field error,
 * not a database error. The bound aborts, so 1e20 gets one message (not also the safe-integer one).
 */
export const zId = z.coerce.number<number | string>().positive().max(INT4_MAX, { abort: true }).int();
/** True for a number an `integer` id column can hold (1 … 2³¹−1). */
export const isRowId = (n: number): boolean => Number.isInteger(n) && n > 0 && n <= INT4_MAX;

/**
 * Query-string fields every list accepts (the one paging contract, src/shared/api.ts `Page<T>`):
 * `after` is the `next` of the previous page, opaque to the client.
 */
export const zAfter = z.string().max(200).optional();
export const zLimit = (max = 200, dflt = 50) => z.coerce.number<number | string>().int().min(1).max(max).default(dflt);

/**
 * Input types for fields zod cannot type from their parsing: a `z.preprocess` accepts `unknown`, so
 * `z.input<typeof ZCreateX>` — the body type of the web's clients — would say `unknown` (and make the
 * key required). `accepts<I>()(schema)` names what a client sends; `acceptsOptional<I>()(schema)` the
 * same for a field it may leave out (the preprocess supplies the default). Types only: the parsing
 * stays the schema's.
 */
export const accepts =
  <I>() =>
  <S extends z.ZodType>(s: S) =>
    s as unknown as z.ZodType<z.output<S>, I>;
export const acceptsOptional =
  <I>() =>
  <S extends z.ZodType>(s: S) =>
    s as unknown as z.ZodType<
      z.output<S>,
      I | undefined,
      z.core.$ZodTypeInternals<z.output<S>, I | undefined> & { optin: 'optional' }
    >;

/** A yes/no query flag: `true`, `'true'` or `'1'` is yes, anything else no. */
export const zFlag = accepts<boolean | 'true' | 'false' | '1' | '0'>()(
  z.preprocess((v) => v === 'true' || v === true || v === '1', z.boolean()),
);
