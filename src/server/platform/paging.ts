import { AppError } from './errors.ts';
import { isRowId } from '../../shared/zod.ts';

/**
 * One paging contract for every list (docs/ARCHITECTURE.md, "Lists"): the request carries
 * `after=<opaque key>&limit=N`, the answer is `Page<T>` from src/shared/api.ts — `{ items, next }`,
 * where `next` is the `after` of the following page and null on the last one (plus `total` and
 * `capped` where the list counts). The key is the last row's sort value and id (keyset paging), so
 * a page never repeats or skips a row while others write.
 */
export type AfterKey = [value: string | number | null, id: number];

/** Query-string fields every list accepts (defined in src/shared/zod.ts, for the web's clients too). */
export { zAfter, zLimit } from '../../shared/zod.ts';

export function encodeAfter(value: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

/**
 * Reads an `after` key; a key this server did not hand out is refused as a translated field error
 * on `after` (never a 500, never a raw key). `check` tells whether the sort value is one the column
 * holds (a date for a deadline order, say), since the database would refuse anything else.
 */
export function decodeAfter(
  s: string | undefined | null,
  check: (v: string | number | null) => boolean = () => true,
): AfterKey | null {
  if (!s) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (
    Array.isArray(v) &&
    v.length === 2 &&
    (v[0] === null || typeof v[0] === 'string' || typeof v[0] === 'number') &&
    typeof v[1] === 'number' &&
    isRowId(v[1]) &&
    (typeof v[0] !== 'string' || v[0].length <= 100) &&
    check(v[0])
  )
    return v as AfterKey;
  throw new AppError('VALIDATION', {}, [{ path: 'after', message: 'field.after' }]);
}

/** Cuts a fetched `limit + 1` rows to a page; `keyOf` gives the last row's key for `next`. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  keyOf: (last: R) => AfterKey,
  present: (r: R) => T,
  extra: { total?: number; capped?: boolean } = {},
): { items: T[]; next: string | null; total?: number; capped?: boolean } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map(present), next: more && last ? encodeAfter(...keyOf(last)) : null, ...extra };
}
