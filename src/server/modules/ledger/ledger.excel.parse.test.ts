import { describe, expect, it } from 'vitest';
import { deadlineText, kindFromLabel, readDeadline } from './ledger.excel.parse.ts';

const on = (date: string) => ({ date, longTerm: false, immediate: false });

describe('deadline cells of a ledger import (no database)', () => {
  it.each([
    // Excel keeps an unformatted date as its serial number (days since 1899-12-30).
    [41790, '2014-05-31'],
    [41851, '2014-07-31'],
    [41639, '2013-12-31'],
    [42429, '2016-02-29'],
    [41790.5, '2014-05-31'], // a time of day rounds to the date it falls on (noon)
    // A real date cell (exceljs gives UTC midnight).
    [new Date(Date.UTC(2014, 4, 31)), '2014-05-31'],
    // Numbers outside the serial range are text, and then not a date.
    [20140531, '20140531'],
    [2014, '2014'],
    ['2014年5月底前', '2014年5月底前'],
    [null, ''],
  ] as const)('deadlineText(%j) → %j', (cell, text) => {
    expect(deadlineText(cell)).toBe(text);
  });

  it.each([
    // What parseDeadline reads, as the zh-CN export writes it…
    ['2014年5月底前', on('2014-05-31')],
    ['2014年5月31日前', on('2014-05-31')],
    ['长期坚持', { date: null, longTerm: true, immediate: false }],
    ['立行立改', { date: null, longTerm: false, immediate: true }],
    // …and what the English export writes.
    ['by 2014-05-31', on('2014-05-31')],
    ['Before 2014/5/31', on('2014-05-31')],
    ['due 2014.7.31', on('2014-07-31')],
    ['Ongoing (long-term)', { date: null, longTerm: true, immediate: false }],
    ['long-term', { date: null, longTerm: true, immediate: false }],
    ['Immediately', { date: null, longTerm: false, immediate: true }],
    ['rectify at once', { date: null, longTerm: false, immediate: true }],
    // Refused: the row gets lx.err.deadline naming the cell.
    ['7月底前', undefined],
    ['by June', undefined],
    ['soon', undefined],
    ['', undefined],
  ])('readDeadline(%j) → %j', (text, expected) => {
    expect(readDeadline(text)).toEqual(expected);
  });

  it('reads a serial number cell through to its date', () => {
    expect(readDeadline(deadlineText(41790))).toEqual(on('2014-05-31'));
  });

  it.each([
    ['立行立改', 'immediate'],
    ['立即整改', 'immediate'],
    ['阶段性整改', 'phased'],
    ['限期整改', 'phased'],
    ['长期整改', 'long_term'],
    ['长期坚持', 'long_term'],
    ['Rectify at once', 'immediate'],
    ['Phased', 'phased'],
    ['long-term', 'long_term'],
    ['随便', undefined],
  ])('kindFromLabel(%j) → %s', (text, kind) => {
    expect(kindFromLabel(text)).toBe(kind);
  });
});
