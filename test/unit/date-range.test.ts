/** Chinese comment periods read from notice text (rules/extract/date-range.ts). */
import { describe, expect, it } from 'vitest';
import { chineseNumber, findPeriods, inclusiveDays, minCalendarDaysForWorkingDays, normalizeDigits } from '../../rules/extract/date-range.js';

const PUB = '2020-10-20';
const read = (text: string, pubDate: string | null = PUB) =>
  findPeriods(text, { pubDate }).map((p) => [p.kind, p.start, p.end, p.days]);

describe('findPeriods', () => {
  it('reads full ranges, counting both ends (10月1日至10月30日 is 30 days)', () => {
    expect(read('征求意见时间：2020年10月1日至2020年10月15日。')).toEqual([['range', '2020-10-01', '2020-10-15', 15]]);
    expect(read('2020年10月1日至2020年10月30日')).toEqual([['range', '2020-10-01', '2020-10-30', 30]]);
    expect(read('2020.10.1—2020.10.30')).toEqual([['range', '2020-10-01', '2020-10-30', 30]]);
    expect(read('2020-10-01-2020-10-31')).toEqual([['range', '2020-10-01', '2020-10-31', 31]]);
    expect(read('２０２０年１０月１日至２０２０年１０月９日')).toEqual([['range', '2020-10-01', '2020-10-09', 9]]);
  });

  it('takes a missing year from the other end, else from the page date, across the new year', () => {
    expect(read('2020年10月1日-10月31日')).toEqual([['range', '2020-10-01', '2020-10-31', 31]]);
    expect(read('10月1日—10月31日', '2019-09-28')).toEqual([['range', '2019-10-01', '2019-10-31', 31]]);
    expect(read('12月20日至2021年1月19日')).toEqual([['range', '2020-12-20', '2021-01-19', 31]]);
    expect(read('2020年12月20日至1月3日')).toEqual([['range', '2020-12-20', '2021-01-03', 15]]);
    expect(read('2020年10月1日至31日止')).toEqual([['range', '2020-10-01', '2020-10-31', 31]]);
    // February of a leap year: the page date's year decides.
    expect(read('2月1日至2月29日', '2020-01-20')).toEqual([['range', '2020-02-01', '2020-02-29', 29]]);
  });

  it('counts open ends from the page date, and cannot without one', () => {
    expect(read('自即日起至2020年11月5日')).toEqual([['until', PUB, '2020-11-05', 17]]);
    expect(read('意见反馈截止时间为2020年11月18日。')).toEqual([['until', PUB, '2020-11-18', 30]]);
    expect(read('请于11月5日前将意见反馈至区发改局')).toEqual([['until', PUB, '2020-11-05', 17]]);
    expect(read('自即日起至2020年11月5日', null)).toEqual([['until', null, '2020-11-05', null]]);
  });

  it('reads stated lengths, in Arabic or Chinese numerals, days, months and working days', () => {
    expect(read('征求意见时间为30天')).toEqual([['duration', null, null, 30]]);
    expect(read('为期15天')).toEqual([['duration', null, null, 15]]);
    expect(read('征求意见期为三十日')).toEqual([['duration', null, null, 30]]);
    expect(read('自公告发布之日起30日内')).toEqual([['duration', null, null, 30]]);
    expect(read('为期一个月')).toEqual([['duration', null, null, 30]]);
    const [wd] = findPeriods('征求意见时间为20个工作日', { pubDate: PUB });
    expect(wd).toMatchObject({ kind: 'duration', workingDays: 20, days: 26 });
  });

  it('marks labels and the comments topic, and keeps text order', () => {
    const text = '活动时间为2020年9月1日至9月3日。本次征求意见时间：2020年10月1日至2020年10月31日。';
    const periods = findPeriods(text, { pubDate: PUB });
    expect(periods.map((p) => [p.start, p.labelled, p.topical])).toEqual([
      ['2020-09-01', true, false],
      ['2020-10-01', true, true],
    ]);
  });

  it('reads 期为/期： labels and the comments topic after a range (…期间提出意见)', () => {
    const subject = (text: string) =>
      findPeriods(text, { pubDate: PUB }).map((p) => [p.start, p.labelled, p.topical, p.otherSubject]);
    expect(subject('本次公开征求意见期为2020年11月2日—12月1日。')).toEqual([['2020-11-02', true, true, null]]);
    expect(subject('公示期：2020年11月2日-2020年12月2日。')).toEqual([['2020-11-02', true, false, '公示']]);
    expect(subject('公众可于2020年11月2日至2020年12月2日期间，通过电子邮件提出意见。')).toEqual([['2020-11-02', false, true, null]]);
    // The words after a range stop at the next number: the next range's topic is not this one's.
    expect(subject('2020年10月1日至10月3日，2020年10月5日至10月31日征求意见。').map((c) => c[2])).toEqual([false, true]);
  });

  it('names what a period is about when its nearest label is not comments', () => {
    const subject = (text: string) => findPeriods(text, { pubDate: PUB }).map((p) => [p.topical, p.otherSubject]);
    expect(subject('听证会时间：2020年11月20日至11月21日。')).toEqual([[false, '听证']]);
    // The word nearest the date decides.
    expect(subject('征求意见座谈会时间：2020年11月20日至11月21日。')).toEqual([[false, '座谈']]);
    expect(subject('座谈会征求意见时间：2020年11月2日至12月1日。')).toEqual([[true, null]]);
    expect(subject('2020年11月20日至11月21日召开专题会议。')).toEqual([[false, '会议']]);
    expect(subject('活动时间为30天')).toEqual([[false, '活动']]);
    // A meeting named after an earlier date belongs to that date, not to the next range.
    expect(subject('2020年10月1日至10月10日召开座谈会，2020年10月11日至11月30日汇总。')).toEqual([[false, '座谈'], [false, null]]);
  });

  it('does not take the title or the paragraph before as a period\'s label', () => {
    // The snapshot text joins the title and the first paragraph with a space.
    const subject = (text: string) => findPeriods(text, { pubDate: PUB }).map((p) => [p.labelled, p.topical, p.otherSubject]);
    expect(subject('关于公开征求《方案》意见的通知 报名时间：2020年11月2日至11月6日。')).toEqual([[true, false, '报名']]);
    expect(subject('关于征求意见的通知 2020年11月20日至11月21日。')).toEqual([[false, false, null]]);
    // A table row's label cell is not a gap, nor a spaced-out label.
    expect(subject('征求意见时间 2020年11月2日至12月1日')).toEqual([[true, true, null]]);
    expect(subject('征求意见时 间：2020年11月2日至12月1日')).toEqual([[true, true, null]]);
  });

  it('ignores what is not a period: single dates, impossible dates, decimals and money', () => {
    expect(read('发布时间：2020-10-20 浏览次数：35')).toEqual([]);
    expect(read('2020年2月30日至2020年3月5日')).toEqual([]);
    expect(read('投资13575394432.52元，增长3.5-4.2个百分点')).toEqual([]);
    expect(read('联系电话：0532-86981001')).toEqual([]);
    expect(read('2020年11月5日至2020年10月1日')).toEqual([['range', '2020-11-05', '2020-10-01', null]]);
  });
});

describe('helpers', () => {
  it('converts numbers and counts days', () => {
    expect([chineseNumber('三十'), chineseNumber('十五'), chineseNumber('二十一'), chineseNumber('十'), chineseNumber('七')]).toEqual([30, 15, 21, 10, 7]);
    expect(chineseNumber('三三')).toBeNull();
    expect(normalizeDigits('２０２０．１０．１')).toBe('2020.10.1');
    expect(inclusiveDays('2020-10-01', '2020-10-30')).toBe(30);
    expect(inclusiveDays('2020-10-02', '2020-10-01')).toBeNull();
    expect([minCalendarDaysForWorkingDays(5), minCalendarDaysForWorkingDays(6), minCalendarDaysForWorkingDays(22)]).toEqual([5, 8, 30]);
  });
});
