import { describe, expect, it } from 'vitest';
import { fiveClearMissing, formatDeadline, parseDeadline } from './ledger.ts';

const on = (date: string) => ({ date, longTerm: false, immediate: false });
const LONG = { date: null, longTerm: true, immediate: false };
const NOW = { date: null, longTerm: false, immediate: true };

describe('parseDeadline: deadlines as offices write them in their ledgers', () => {
  it.each([
    // A month: its last day, with or without 底 / 末 / 前.
    ['2014年5月底前', on('2014-05-31')],
    ['2014年5月底', on('2014-05-31')],
    ['2014年5月末', on('2014-05-31')],
    ['2014年5月前', on('2014-05-31')], // read as "by the end of May", as ledgers mean it (not "before 1 May")
    ['2014年5月以前', on('2014-05-31')],
    ['2014年5月', on('2014-05-31')],
    ['2014年6月', on('2014-06-30')],
    ['2014年2月底前', on('2014-02-28')],
    ['2016年2月底前', on('2016-02-29')],
    ['2014年5月上旬', on('2014-05-10')],
    ['2014年5月中旬前', on('2014-05-20')],
    ['2014年5月下旬', on('2014-05-31')],
    // A day, in any of the usual spellings.
    ['2014年5月20日前', on('2014-05-20')],
    ['2014年5月20日', on('2014-05-20')],
    ['2014.7.31', on('2014-07-31')],
    ['2014/7/31', on('2014-07-31')],
    ['2014-07-31', on('2014-07-31')],
    ['2014-7-31前', on('2014-07-31')],
    ['２０１４．７．３１', on('2014-07-31')], // full-width digits and dot
    ['２０１４年５月底前', on('2014-05-31')],
    // The end of a year.
    ['2014年底前', on('2014-12-31')],
    ['2014年末', on('2014-12-31')],
    // Spaces and a remark in brackets are ignored.
    [' 2014 年 5 月底前 ', on('2014-05-31')],
    ['2014年5月底前（视进度）', on('2014-05-31')],
    ['2014年9月底前(阶段性)', on('2014-09-30')],
    // No date: long-term or immediate.
    ['长期坚持', LONG],
    ['长期', LONG],
    ['持续推进', LONG],
    ['长期整改', LONG],
    ['立即整改', NOW],
    ['立行立改', NOW],
    ['即知即改', NOW],
    ['立即', NOW],
  ])('%j → %j', (text, expected) => {
    expect(parseDeadline(text)).toEqual(expected);
  });

  it.each([
    // No year: the ledger does not say which one, and guessing would make wrong deadlines silently;
    // the import names the cell instead (lx.err.deadline).
    '7月底前',
    '7月31日前',
    '年底前',
    // Impossible dates.
    '2014-02-30',
    '2014年13月',
    '2014年0月底前',
    '2014/7/32',
    '1800年5月底前',
    '2200-01-01',
    // Blanks and garbage.
    '',
    '   ',
    '（待定）',
    '尽快',
    '按要求',
    'asap',
    '20140531',
    '41790',
    '2014.07',
    '2014年5月底前完成整改并报告',
  ])('%j is not a deadline', (text) => {
    expect(parseDeadline(text)).toBeUndefined();
  });

  it.each([
    ['2014-05-31', 'phased', 'zh-CN', '2014年5月31日前'],
    ['2014-05-31', 'phased', 'en', 'by 2014-05-31'],
    [null, 'long_term', 'zh-CN', '长期坚持'],
    [null, 'long_term', 'en', 'Ongoing (long-term)'],
    [null, 'immediate', 'zh-CN', '立行立改'],
    [null, 'immediate', 'en', 'Immediately'],
    [null, 'phased', 'zh-CN', ''],
  ] as const)('formatDeadline(%s, %s, %s) → %j, which reads back', (date, kind, locale, text) => {
    expect(formatDeadline(date, kind, locale)).toBe(text);
    if (locale === 'zh-CN' && text) expect(parseDeadline(text)?.date).toBe(date);
  });
});

describe('fiveClearMissing (五个明确)', () => {
  const complete = {
    description: '会议多',
    responsible_leader: '张三',
    responsible_person: '李四',
    standard: '精简会议',
    measures: 2,
    kind: 'phased',
    deadline: '2014-05-31',
    milestones: 0,
  };
  it.each([
    ['complete', {}, []],
    ['no content', { description: ' ' }, ['content']],
    ['no leader', { responsible_leader: '' }, ['owner']],
    ['no person', { responsible_person: '' }, ['owner']],
    ['no standard', { standard: '' }, ['standard']],
    ['no measure', { measures: 0 }, ['measures']],
    ['no deadline', { deadline: null }, ['deadline']],
    ['long-term, no deadline, no milestone', { kind: 'long_term', deadline: null }, ['deadline']],
    ['long-term, no deadline, a milestone', { kind: 'long_term', deadline: null, milestones: 1 }, []],
    ['immediate, no deadline', { kind: 'immediate', deadline: null }, ['deadline']],
    [
      'nothing',
      { description: '', responsible_leader: '', standard: '', measures: 0, deadline: null },
      ['content', 'owner', 'standard', 'measures', 'deadline'],
    ],
  ])('%s → %j', (_, change, missing) => {
    expect(fiveClearMissing({ ...complete, ...change })).toEqual(missing);
  });
});
