/**
 * Calendar dates and times of day, judged in one configured time zone (the server's MASSLINE_TZ,
 * which /api/me hands to the web). Server and web use these same functions, so "today", export
 * names and the times on screen agree whatever zone the machine or the browser is in.
 *
 * Two kinds of value: a date-only value (YYYY-MM-DD, from a DATE column) is a calendar date and is
 * never shifted; an instant (an ISO timestamp from a timestamptz column) is shown in the zone.
 */

/** The zone used when none is configured: Beijing time. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** True for a YYYY-MM-DD date-only value. */
export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** The canonical name of an IANA time zone ("asia/shanghai" → "Asia/Shanghai"), or null when unknown. */
export function canonicalTimeZone(tz: string): string | null {
  if (!tz || !tz.trim()) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() }).resolvedOptions().timeZone;
  } catch {
    return null; // RangeError: Invalid time zone specified
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function fields(
  instant: Date | string | number,
  tz: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const d = instant instanceof Date ? instant : new Date(instant);
  const out: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(d)) out[p.type] = p.value;
  // Some engines print midnight as "24" even with h23; it is the start of the same day.
  if (out.hour === '24') out.hour = '00';
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateIn(instant: Date | string | number, tz: string): string {
  const f = fields(instant, tz);
  return `${f.year}-${f.month}-${f.day}`;
}

/** "YYYY-MM-DD HH:mm" (or with ":ss") of an instant in a zone. */
export function dateTimeIn(instant: Date | string | number, tz: string, opts: { seconds?: boolean } = {}): string {
  const f = fields(instant, tz);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}${opts.seconds ? `:${f.second}` : ''}`;
}

/**
 * A value from the API as a date: a date-only value as it is; an instant as its date in the zone;
 * anything unreadable unchanged.
 */
export function formatDateValue(value: string, tz: string): string {
  if (isDateOnly(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : dateIn(t, tz);
}

/** A value from the API as a date and time in the zone (a date-only value stays a date). */
export function formatDateTimeValue(value: string, tz: string, opts: { seconds?: boolean } = {}): string {
  if (isDateOnly(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : dateTimeIn(t, tz, opts);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
