import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  dateIn,
  dateTimeIn,
  daysBetween,
  formatDateTimeValue,
  formatDateValue,
  isDateOnly,
} from './dates.ts';

describe('dateIn / dateTimeIn around midnight', () => {
  // [instant, zone, date, date-time]
  const cases: Array<[string, string, string, string]> = [
    ['2026-12-01T16:30:00Z', 'Asia/Shanghai', '2026-12-02', '2026-12-02 00:30:00'],
    ['2026-12-01T16:30:00Z', 'UTC', '2026-12-01', '2026-12-01 16:30:00'],
    ['2026-12-01T15:59:59Z', 'Asia/Shanghai', '2026-12-01', '2026-12-01 23:59:59'],
    ['2026-12-01T16:00:00Z', 'Asia/Shanghai', '2026-12-02', '2026-12-02 00:00:00'],
    ['2026-12-01T16:30:00Z', 'America/New_York', '2026-12-01', '2026-12-01 11:30:00'],
    ['2026-12-02T04:59:59Z', 'America/New_York', '2026-12-01', '2026-12-01 23:59:59'],
    ['2026-12-02T05:00:00Z', 'America/New_York', '2026-12-02', '2026-12-02 00:00:00'],
    ['2026-07-01T04:00:00Z', 'America/New_York', '2026-07-01', '2026-07-01 00:00:00'], // summer time: UTC−4
    ['2026-12-01T10:15:00Z', 'Pacific/Kiritimati', '2026-12-02', '2026-12-02 00:15:00'], // UTC+14
    ['2026-12-31T16:00:00Z', 'Asia/Shanghai', '2027-01-01', '2027-01-01 00:00:00'], // a new year (文号 years)
    ['2026-12-01T18:29:59Z', 'Asia/Kolkata', '2026-12-01', '2026-12-01 23:59:59'], // half-hour offset
    ['2026-12-01T18:30:00Z', 'Asia/Kolkata', '2026-12-02', '2026-12-02 00:00:00'],
  ];
  it.each(cases)('%s in %s is %s', (iso, tz, date, dateTime) => {
    expect(dateIn(new Date(iso), tz)).toBe(date);
    expect(dateIn(iso, tz)).toBe(date);
    expect(dateIn(Date.parse(iso), tz)).toBe(date);
    expect(dateTimeIn(iso, tz, { seconds: true })).toBe(dateTime);
    expect(dateTimeIn(iso, tz)).toBe(dateTime.slice(0, 16));
  });
});

describe('values from the API', () => {
  it('leaves a date-only value as it is, in any zone', () => {
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati', 'UTC']) {
      expect(formatDateValue('2026-12-01', tz)).toBe('2026-12-01');
      expect(formatDateTimeValue('2026-12-01', tz)).toBe('2026-12-01');
    }
    expect(isDateOnly('2026-12-01')).toBe(true);
    expect(isDateOnly('2026-12-01T00:00:00Z')).toBe(false);
  });
  it('shows an instant in the zone', () => {
    expect(formatDateValue('2026-12-01T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-12-02');
    expect(formatDateValue('2026-12-01T16:30:00.000Z', 'UTC')).toBe('2026-12-01');
    expect(formatDateTimeValue('2026-12-01T16:30:00.000Z', 'Asia/Shanghai', { seconds: true })).toBe(
      '2026-12-02 00:30:00',
    );
    expect(formatDateTimeValue('2026-12-01T16:30:00.000Z', 'America/New_York')).toBe('2026-12-01 11:30');
  });
  it('returns what it cannot read unchanged', () => {
    expect(formatDateValue('长期坚持', 'Asia/Shanghai')).toBe('长期坚持');
    expect(formatDateTimeValue('not a date', 'Asia/Shanghai')).toBe('not a date');
  });
});

describe('time zone names', () => {
  it('accepts and canonicalizes IANA zones, refuses others', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
    expect(canonicalTimeZone('Beijing')).toBeNull();
  });
});

describe('calendar arithmetic on date-only values', () => {
  it('adds days and counts them across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-01', '2026-12-02')).toBe(1);
    expect(daysBetween('2026-12-02', '2026-11-25')).toBe(-7);
  });
});
