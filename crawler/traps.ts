import { messages } from './messages.zh-CN.js';
import { normalizeUrl } from '../store/url.js';

/**
 * Crawl-trap guards for one unit's frontier: endless query variants (search and filter pages), deep
 * pagination, infinite calendars, over-long URLs and relative-link loops (/a/b/a/b/a/b). Budgets count
 * new unique URLs only: admitting a URL again is free and always gives the same answer as the first
 * time. Session ids are not a trap here: normalizeUrl strips them, so they never make URLs unique.
 *
 * Care is taken not to catch the ordinary article URLs of these sites (TRS `/202011/t20201120_1.html`,
 * Hanweb `/art/2020/11/20/art_12_34.html`): only URLs that *end* in a date are calendar-like.
 */

export interface TrapGuardOptions {
  maxQueryVariantsPerPath?: number;
  maxPaginationDepth?: number;
  maxCalendarPages?: number;
  maxUrlLength?: number;
  maxPathRepeats?: number;
}

export type AdmitResult = { ok: true } | { ok: false; reason: string };

/** Query parameters that carry a page number. */
const PAGE_PARAMS = new Set(['page', 'p', 'pg', 'pageno', 'page_no', 'pagenum', 'pagenumber', 'pageindex', 'page_index', 'currentpage', 'curpage', 'cur_page', 'pn']);

/** Query parameter names that select a calendar position. */
const CALENDAR_PARAMS = new Set(['year', 'month', 'day', 'date', 'ym', 'yearmonth', 'yyyymm', 'yyyy', 'mm', 'dd', 'week', 'riqi', 'rq', 'nian', 'yue', 'calendar', 'cal']);

/** A value that is a date with separators: 2020-11, 2020-11-20, 2020/11/20, 2020.11. */
const DATE_VALUE = /^(19|20)\d{2}[-/.](0?[1-9]|1[0-2])([-/.](0?[1-9]|[12]\d|3[01]))?$/;

/**
 * Date-like path segments: 2020, 202011, 20201120, 2020-11, 2020-11-20, 2020_11_20. File names
 * (20201120.html) are not: some sites name articles by date, and those are pages, not a calendar.
 */
const DATE_SEGMENT = /^(19|20)\d{2}([-_.]?(0[1-9]|1[0-2])([-_.]?(0[1-9]|[12]\d|3[01]))?)?$/;
const SMALL_NUMBER_SEGMENT = /^(0?[1-9]|[12]\d|3[01])$/;

/** TRS lists: index_12.html; many CMSs: list_12.html, _12.shtml, /page/12. */
const PAGINATION_FILE = /(?:^|_)(\d{1,7})\.(?:s?html?|jsp|aspx?|php)$/i;

export class TrapGuard {
  private readonly maxQueryVariantsPerPath: number;
  private readonly maxPaginationDepth: number;
  private readonly maxCalendarPages: number;
  private readonly maxUrlLength: number;
  private readonly maxPathRepeats: number;

  private readonly admitted = new Set<string>();
  private readonly queryVariants = new Map<string, number>();
  private readonly calendarPages = new Map<string, number>();

  constructor(opts: TrapGuardOptions = {}) {
    this.maxQueryVariantsPerPath = opts.maxQueryVariantsPerPath ?? 50;
    this.maxPaginationDepth = opts.maxPaginationDepth ?? 200;
    this.maxCalendarPages = opts.maxCalendarPages ?? 24;
    this.maxUrlLength = opts.maxUrlLength ?? 500;
    this.maxPathRepeats = opts.maxPathRepeats ?? 3;
  }

  admit(url: string): AdmitResult {
    const normalized = normalizeUrl(url);
    if (normalized === null) return { ok: false, reason: messages.trapInvalidUrl };
    if (this.admitted.has(normalized)) return { ok: true };

    if (normalized.length > this.maxUrlLength) return reject(messages.trapUrlTooLong(this.maxUrlLength));

    const u = new URL(normalized);
    const segments = u.pathname.split('/').filter((s) => s !== '');

    const repeated = repeatedBlock(segments, this.maxPathRepeats);
    if (repeated !== null) return reject(messages.trapPathRepeats(safeDecode(repeated)));

    const params = parseQuery(u.search);
    const page = pageNumber(segments, params);
    if (page !== null && page > this.maxPaginationDepth) {
      return reject(messages.trapPaginationTooDeep(page, this.maxPaginationDepth));
    }

    const pathKey = `${u.origin}${u.pathname}`;
    const calendarKey = calendarPattern(u.origin, segments, params);
    if (calendarKey !== null && (this.calendarPages.get(calendarKey) ?? 0) >= this.maxCalendarPages) {
      return reject(messages.trapCalendar(this.maxCalendarPages));
    }
    // A URL without a query is the path's own page, not a variant.
    const isVariant = u.search !== '';
    if (isVariant && (this.queryVariants.get(pathKey) ?? 0) >= this.maxQueryVariantsPerPath) {
      return reject(messages.trapQueryVariants(this.maxQueryVariantsPerPath));
    }

    // Admitted: only now does it use up budgets.
    this.admitted.add(normalized);
    if (calendarKey !== null) this.calendarPages.set(calendarKey, (this.calendarPages.get(calendarKey) ?? 0) + 1);
    if (isVariant) this.queryVariants.set(pathKey, (this.queryVariants.get(pathKey) ?? 0) + 1);
    return { ok: true };
  }
}

function reject(reason: string): AdmitResult {
  return { ok: false, reason };
}

/**
 * Finds a block of path segments repeated `times` times in a row (/a/b/a/b/a/b, /x/x/x): the signature
 * of a relative link resolved against the wrong base again and again. Returns the block's first segment.
 */
function repeatedBlock(segments: string[], times: number): string | null {
  if (times < 2) return null;
  const n = segments.length;
  for (let len = 1; len * times <= n; len++) {
    for (let start = 0; start + len * times <= n; start++) {
      let run = 1;
      for (let k = 1; k < times; k++) {
        let same = true;
        for (let i = 0; i < len; i++) {
          if (segments[start + i] !== segments[start + k * len + i]) {
            same = false;
            break;
          }
        }
        if (!same) break;
        run += 1;
      }
      if (run >= times) return segments[start] ?? null;
    }
  }
  return null;
}

function parseQuery(search: string): { name: string; value: string }[] {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw === '') return [];
  return raw
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = safeDecode(eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
      const value = safeDecode(eq === -1 ? '' : pair.slice(eq + 1));
      return { name, value };
    });
}

/** The page number a URL asks for, from a page parameter, a record offset or the file name. */
function pageNumber(segments: string[], params: { name: string; value: string }[]): number | null {
  let best: number | null = null;
  const consider = (n: number): void => {
    if (Number.isFinite(n) && (best === null || n > best)) best = n;
  };
  for (const { name, value } of params) {
    if (PAGE_PARAMS.has(name) && /^\d{1,9}$/.test(value)) consider(Number(value));
  }
  // Hanweb's dataproxy.jsp pages by record offset: startrecord / perpage is the page.
  const start = params.find((p) => p.name === 'startrecord');
  const per = params.find((p) => p.name === 'perpage');
  if (start && per && /^\d+$/.test(start.value) && /^[1-9]\d*$/.test(per.value)) {
    consider(Math.floor(Number(start.value) / Number(per.value)) + 1);
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) {
    const m = PAGINATION_FILE.exec(last);
    // index_12.html, list_12.html; but not t20201120_123.html (an article id) — hence the name check.
    if (m?.[1] !== undefined && /^(index|list|default|page|more|node)?_?\d+\.[a-z]+$/i.test(last)) consider(Number(m[1]));
  }
  const pageSeg = segments.lastIndexOf('page');
  const afterPage = segments[pageSeg + 1];
  if (pageSeg !== -1 && afterPage !== undefined && /^\d{1,9}$/.test(afterPage)) consider(Number(afterPage));
  return best;
}

/**
 * A key shared by the pages of one calendar, or null when the URL is not calendar-like: a date-valued
 * or calendar-named query parameter, or a path ending in date segments (/cal/2020/11/, /cal/2020-11-20).
 */
function calendarPattern(origin: string, segments: string[], params: { name: string; value: string }[]): string | null {
  const calendarParams = params.filter((p) => CALENDAR_PARAMS.has(p.name) || DATE_VALUE.test(p.value));
  if (calendarParams.length > 0) {
    const names = calendarParams.map((p) => p.name).sort().join(',');
    return `q:${origin}/${segments.join('/')}?${names}`;
  }
  // The path ends in a date: a year(-month(-day)) segment followed only by day/month numbers.
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    if (!DATE_SEGMENT.test(seg)) continue;
    const rest = segments.slice(i + 1);
    if (!rest.every((r) => SMALL_NUMBER_SEGMENT.test(r))) continue;
    // A year alone is too common (/2020/ archives) to count as a calendar.
    if (rest.length === 0 && /^(19|20)\d{2}$/.test(seg)) return null;
    return `p:${origin}/${segments.slice(0, i).join('/')}/*${segments.length - i}`;
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
