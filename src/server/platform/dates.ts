import { addDays, DEFAULT_TIME_ZONE, daysBetween, dateIn as dateInZone } from '../../shared/dates.ts';

export { addDays, daysBetween };

/**
 * The time zone the offices work in: "today", "overdue", export names and printed dates are judged
 * by its calendar. It is the validated MASSLINE_TZ setting (config.ts), installed by buildApp and
 * by the CLI when they open the database; until then, the default (Asia/Shanghai).
 */
let officeTimeZone = DEFAULT_TIME_ZONE;

/** Installs the configured zone (config.MASSLINE_TZ, already validated). */
export function setOfficeTz(tz: string): void {
  officeTimeZone = tz;
}

/** The configured office time zone. */
export function officeTz(): string {
  return officeTimeZone;
}

/** The calendar date (YYYY-MM-DD) of an instant in the office time zone; by default, today. */
export function dateIn(instant: Date = new Date(), tz = officeTimeZone): string {
  return dateInZone(instant, tz);
}

/** "2026年11月22日" or "22 November 2026". */
export function formatDate(date: string, locale: 'zh-CN' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (locale === 'zh-CN') return `${y}年${m}月${d}日`;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
