import { describe, expect, it } from 'vitest';
import { TrapGuard } from '../../crawler/traps.js';

const H = 'http://www.example.gov.cn';

function admitAll(guard: TrapGuard, urls: string[]): boolean[] {
  return urls.map((u) => guard.admit(u).ok);
}

describe('TrapGuard', () => {
  it('admits ordinary pages of TRS and Hanweb sites', () => {
    const guard = new TrapGuard();
    const urls = [
      `${H}/`,
      `${H}/xxgk/index.html`,
      `${H}/xxgk/index_1.html`,
      `${H}/xxgk/index_199.html`,
      `${H}/xxgk/202011/t20201120_123456.html`,
      `${H}/col/col1234/index.html`,
      `${H}/art/2020/11/20/art_1234_5678.html`,
      `${H}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15`,
      `${H}/2020/`,
      `${H}/art/2011/11/11/art_11_11.html`,
    ];
    expect(admitAll(guard, urls)).toEqual(urls.map(() => true));
  });

  it('rejects URLs longer than maxUrlLength', () => {
    const guard = new TrapGuard({ maxUrlLength: 100 });
    const r = guard.admit(`${H}/a?q=${'x'.repeat(120)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/长度超过 100/);
    expect(guard.admit(`${H}/a?q=short`).ok).toBe(true);
  });

  it('rejects a block of path segments repeated maxPathRepeats times (relative-link loops)', () => {
    const guard = new TrapGuard();
    expect(guard.admit(`${H}/a/b/a/b/index.html`).ok).toBe(true);
    const r = guard.admit(`${H}/a/b/a/b/a/b/index.html`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/反复出现/);
    expect(guard.admit(`${H}/xxgk/xxgk/xxgk/`).ok).toBe(false);
    // Repeats that are not in a row are ordinary (/zwgk/tzgg/zwgk/…).
    expect(guard.admit(`${H}/zwgk/tzgg/zwgk/x/zwgk/y.html`).ok).toBe(true);
  });

  it('caps pagination depth in file names, page parameters and record offsets', () => {
    const guard = new TrapGuard({ maxPaginationDepth: 10 });
    expect(guard.admit(`${H}/xxgk/index_10.html`).ok).toBe(true);
    const deep = guard.admit(`${H}/xxgk/index_11.html`);
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.reason).toMatch(/第 11 页超过上限 10 页/);
    expect(guard.admit(`${H}/list.jsp?page=10`).ok).toBe(true);
    expect(guard.admit(`${H}/list.jsp?pageNo=11`).ok).toBe(false);
    expect(guard.admit(`${H}/news/page/12`).ok).toBe(false);
    expect(guard.admit(`${H}/dataproxy.jsp?startrecord=136&endrecord=150&perpage=15`).ok).toBe(true); // page 10
    expect(guard.admit(`${H}/dataproxy.jsp?startrecord=151&endrecord=165&perpage=15`).ok).toBe(false); // page 11
    // An article id in a TRS file name is not a page number.
    expect(guard.admit(`${H}/xxgk/202011/t20201120_123456.html`).ok).toBe(true);
  });

  it('caps calendar pages given by query parameters', () => {
    const guard = new TrapGuard({ maxCalendarPages: 5 });
    const months = Array.from({ length: 8 }, (_, i) => `${H}/calendar.jsp?year=2020&month=${i + 1}`);
    expect(admitAll(guard, months)).toEqual([true, true, true, true, true, false, false, false]);
    const r = guard.admit(`${H}/calendar.jsp?year=2019&month=1`);
    if (!r.ok) expect(r.reason).toMatch(/日历/);
    expect(r.ok).toBe(false);
    // Date values count too, and another calendar has its own budget.
    const days = Array.from({ length: 7 }, (_, i) => `${H}/events?d=2020-11-${String(i + 1).padStart(2, '0')}`);
    expect(admitAll(guard, days)).toEqual([true, true, true, true, true, false, false]);
  });

  it('caps calendar pages given by path segments, but not dated article files', () => {
    const guard = new TrapGuard({ maxCalendarPages: 3 });
    const days = Array.from({ length: 5 }, (_, i) => `${H}/rili/2020/11/${i + 1}/`);
    expect(admitAll(guard, days)).toEqual([true, true, true, false, false]);
    const isoDays = Array.from({ length: 5 }, (_, i) => `${H}/cal/2020-11-0${i + 1}`);
    expect(admitAll(guard, isoDays)).toEqual([true, true, true, false, false]);
    const articles = Array.from({ length: 6 }, (_, i) => `${H}/art/2020/11/${i + 1}/art_1_${i}.html`);
    expect(admitAll(guard, articles)).toEqual(articles.map(() => true));
    const dated = Array.from({ length: 6 }, (_, i) => `${H}/tzgg/2020110${i + 1}.html`);
    expect(admitAll(guard, dated)).toEqual(dated.map(() => true));
  });

  it('caps distinct query variants per path; a repeated URL costs nothing', () => {
    const guard = new TrapGuard({ maxQueryVariantsPerPath: 3 });
    expect(admitAll(guard, [`${H}/search?q=a`, `${H}/search?q=b`, `${H}/search?q=c`])).toEqual([true, true, true]);
    // Same URLs again (in another spelling): still admitted, budget unchanged.
    expect(admitAll(guard, [`${H}/search?q=a#x`, `${H}/search?q=b&utm_source=wx`])).toEqual([true, true]);
    const r = guard.admit(`${H}/search?q=d`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/查询参数超过 3 种/);
    // The path itself and other paths are unaffected.
    expect(guard.admit(`${H}/search`).ok).toBe(true);
    expect(guard.admit(`${H}/list?q=d`).ok).toBe(true);
  });

  it('rejected URLs use up no budget', () => {
    const guard = new TrapGuard({ maxQueryVariantsPerPath: 2, maxUrlLength: 60 });
    expect(guard.admit(`${H}/s?q=${'x'.repeat(40)}`).ok).toBe(false);
    expect(admitAll(guard, [`${H}/s?q=1`, `${H}/s?q=2`, `${H}/s?q=3`])).toEqual([true, true, false]);
  });

  it('session ids do not make URLs unique (normalised away, not rejected)', () => {
    const guard = new TrapGuard({ maxQueryVariantsPerPath: 2 });
    const urls = Array.from({ length: 10 }, (_, i) => `${H}/list.jsp;jsessionid=ABCDEF${i}?PHPSESSID=${i}x&id=1`);
    expect(admitAll(guard, urls)).toEqual(urls.map(() => true));
    expect(guard.admit(`${H}/list.jsp?id=2`).ok).toBe(true);
    expect(guard.admit(`${H}/list.jsp?id=3`).ok).toBe(false);
  });

  it('rejects what is not an http(s) URL', () => {
    const guard = new TrapGuard();
    const r = guard.admit('javascript:void(0)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('不是有效的网页地址');
  });
});
