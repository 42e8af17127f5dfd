import { describe, expect, it } from 'vitest';
import { findAllDatesInText, findDateInText, isValidYmd, parseDate } from '../../rules/extract/dates.js';

const ref = { refDate: '2020-11-26' };

describe('parseDate: the list and article formats of requirements §9', () => {
  it.each([
    ['2020-11-20', '2020-11-20'],
    ['[2020-11-20]', '2020-11-20'],
    ['2020/11/20', '2020-11-20'],
    ['2020.11.20', '2020-11-20'],
    ['2020年11月3日', '2020-11-03'],
    ['2020年08月02日', '2020-08-02'],
    ['2020 年 11 月 3 日', '2020-11-03'],
    ['2020-1-5', '2020-01-05'],
    ['2020-11-20 10:30:00', '2020-11-20'],
    ['2019-09-18 06:23', '2019-09-18'],
    ['2007-08-20-23:59:59', '2007-08-20'],
    ['  (2020-11-20)  ', '2020-11-20'],
    ['【2020-11-20】', '2020-11-20'],
    ['２０２０－１１－２０', '2020-11-20'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it('places year-less dates at the most recent date not after refDate + 1 day', () => {
    expect(parseDate('(11-20)', ref)).toBe('2020-11-20');
    expect(parseDate('11-20', ref)).toBe('2020-11-20');
    expect(parseDate('[11-20]', ref)).toBe('2020-11-20');
    expect(parseDate('11-27', ref)).toBe('2020-11-27'); // refDate + 1 day is still this year
    expect(parseDate('11-28', ref)).toBe('2019-11-28');
    expect(parseDate('12-31', ref)).toBe('2019-12-31');
    expect(parseDate('01-01', { refDate: '2020-12-31' })).toBe('2021-01-01');
    expect(parseDate('02-29', ref)).toBe('2020-02-29');
    expect(parseDate('02-29', { refDate: '2021-06-01' })).toBe('2020-02-29');
    expect(parseDate('11月20日', ref)).toBe('2020-11-20');
  });

  it('refuses year-less dates without a refDate', () => {
    expect(parseDate('(11-20)')).toBeNull();
    expect(parseDate('11-20', { refDate: 'not a date' })).toBeNull();
  });

  it('validates month and day', () => {
    expect(parseDate('2020-02-30')).toBeNull();
    expect(parseDate('2019-02-29')).toBeNull();
    expect(parseDate('2020-02-29')).toBe('2020-02-29');
    expect(parseDate('2020-13-01')).toBeNull();
    expect(parseDate('2020-00-10')).toBeNull();
    expect(parseDate('13-20', ref)).toBeNull();
    expect(isValidYmd(2021, 4, 31)).toBe(false);
  });

  it('wants the whole text to be the date', () => {
    expect(parseDate('发布时间：2020-11-20')).toBeNull();
    expect(parseDate('2020-11')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});

describe('traps that are not dates', () => {
  it.each([
    ['money', '13575394432.52元'],
    ['document number', '〔2020〕84号'],
    ['document number in brackets', '[2020]84号'],
    ['phone number', '0591-23165385'],
    ['phone number with area code', '电话：0591-2316 5385'],
    ['school-year range', '2019-2020学年'],
    ['year range with 年', '2019年-2020年'],
    ['index number', '000014348/2020-35428'],
    ['year and month only', '2020年11月'],
    ['version-like number', '2020.11.20.1'],
    ['longer digit run', '12020-11-20'],
  ])('%s: %s', (_label, text) => {
    expect(findDateInText(text, ref)).toBeNull();
    expect(parseDate(text, ref)).toBeNull();
  });
});

describe('findDateInText', () => {
  it('returns the first date of a list item with its span', () => {
    const text = '关于冬季供暖的通知 [2020-11-20] 浏览 2020-11-21';
    const m = findDateInText(text);
    expect(m).toEqual({ date: '2020-11-20', start: 11, end: 21, yearImplied: false });
    expect(text.slice(m!.start, m!.end)).toBe('2020-11-20');
  });

  it('skips an index number and finds the publication date of a table row', () => {
    const row = '000014348/2020-35428 邯郸市教育局 2020-08-05';
    expect(findDateInText(row)?.date).toBe('2020-08-05');
  });

  it('marks year-implied matches', () => {
    expect(findDateInText('区政府召开常务会议(11-20)', ref)).toMatchObject({ date: '2020-11-20', yearImplied: true });
  });

  it('findAllDatesInText lists every valid date in order', () => {
    const all = findAllDatesInText('成文 2020-11-02 发布 2020年11月5日 无效 2020-02-30');
    expect(all.map((d) => d.date)).toEqual(['2020-11-02', '2020-11-05']);
  });
});
