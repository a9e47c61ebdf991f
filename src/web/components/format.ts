/** Display helpers for dates and empty values. */
import dayjs, { type Dayjs } from 'dayjs';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';
import { dateIn, DEFAULT_TIME_ZONE, formatDateTimeValue, formatDateValue } from '../../shared/dates.ts';

/**
 * The office time zone the server works in (MeView.timeZone, installed at sign-in): timestamps are
 * shown and "today" is judged in it, not in the browser's zone.
 */
let officeTimeZone = DEFAULT_TIME_ZONE;
export function setOfficeTimeZone(tz: string | null | undefined): void {
  if (tz) officeTimeZone = tz;
}
export function officeTimeZoneName(): string {
  return officeTimeZone;
}

/** Today's date (YYYY-MM-DD) in the office time zone. */
export function officeToday(): string {
  return dateIn(new Date(), officeTimeZone);
}

/**
 * Today in the office time zone as a Dayjs for date pickers (their defaults and disabled days):
 * the browser-local midnight of that calendar date, so the picker shows the office's date.
 */
export function todayDayjs(): Dayjs {
  return dayjs(officeToday());
}

/** A date-only value as it is; an instant as its date in the office time zone. */
export function fmtDate(v: string | null | undefined): string {
  if (!v) return '—';
  return formatDateValue(v, officeTimeZone);
}

/** An instant as "YYYY-MM-DD HH:mm:ss" in the office time zone (seconds: false drops them). */
export function fmtDateTime(v: string | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (!v) return '—';
  return formatDateTimeValue(v, officeTimeZone, { seconds: opts.seconds ?? true });
}

export function dash(v: string | number | null | undefined): string | number {
  return v === null || v === undefined || v === '' ? '—' : v;
}

/**
 * Puts the server's field errors (details[].path) onto the form's fields. Returns true when at
 * least one issue matched a field of the form, so the caller can skip a duplicate toast.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fieldNames: string[]): boolean {
  if (!(err instanceof ApiError)) return false;
  const byField = new Map<string, string[]>();
  for (const issue of err.fieldIssues) {
    const name = issue.path.replace(/^body[./]/, '').split(/[./[]/)[0];
    if (!fieldNames.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), issue.message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}
