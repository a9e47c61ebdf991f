/** The time zone the offices work in: "today" and "overdue" are judged by its calendar. */
export const OFFICE_TZ = process.env.MASSLINE_TZ || 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) of an instant in the office time zone. */
export function dateIn(instant: Date = new Date(), tz = OFFICE_TZ): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** "2026年11月22日" or "22 November 2026". */
export function formatDate(date: string, locale: 'zh-CN' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (locale === 'zh-CN') return `${y}年${m}月${d}日`;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
