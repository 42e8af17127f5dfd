/**
 * Dates as Chinese government sites print them (requirements §9), with the traps that look like
 * dates but are not: money (13575394432.52元), phone numbers (0591-23165385), document numbers
 * (〔2020〕84号), index numbers (000014348/2020-35428) and year ranges (2019-2020学年).
 */

export interface DateContext {
  /** ISO date the page was seen; needed to place year-less dates such as `(11-20)`. */
  refDate?: string;
}

export interface DateMatch {
  /** ISO YYYY-MM-DD. */
  date: string;
  /** Span of the token in the input text (UTF-16 indices, end exclusive). */
  start: number;
  end: number;
  /** The year was not written (`11-20`) and came from refDate. */
  yearImplied: boolean;
}

/** Years outside this window are not publication dates (typos, far-future template years). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2099;
/** How many years back a year-less date may be placed (a leap day needs up to 8). */
const IMPLIED_YEAR_LOOKBACK = 8;

/**
 * One pass over the text finds every candidate. The alternatives:
 * - full: 2020-11-20, 2020/11/20, 2020.11.20 (same separator twice), or 2020年11月3日; an optional
 *   time (10:30, 10:30:00, also glued with '-' as in 2007-08-20-23:59:59) is swallowed so it is not
 *   read again. Not glued to other digits or to
 *   a digit+separator before it (index numbers like 000014348/2020-35428).
 * - cn: 11月3日 (year implied).
 * - md: 11-20 or 11/20 with two-digit month and day (year implied); never inside longer numbers.
 */
const DATE_TOKEN = new RegExp(
  [
    String.raw`(?<!\d)(?<![\d][-/.])(?<y>(?:19|20)\d{2})(?:(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})|\s*年\s*(?<cm>\d{1,2})\s*月\s*(?<cd>\d{1,2})\s*[日号]?)(?:(?:\s*|T|-)\d{1,2}:\d{2}(?::\d{2})?(?!\d)|(?!\d)(?![-/.]\d))`,
    String.raw`(?<![\d年])(?<im>\d{1,2})\s*月\s*(?<id>\d{1,2})\s*[日号](?!\d)`,
    String.raw`(?<![\d\-/.:])(?<mm>\d{2})(?<msep>[-/])(?<md>\d{2})(?![\d\-/.:])`,
  ].join('|'),
  'g',
);

/** Full-width digits and separators become ASCII, one character for one, so spans stay valid. */
function toHalfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0d\uff0f\uff0e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
  );
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Parse a strict ISO date (YYYY-MM-DD) into UTC milliseconds, or null. */
function isoToUtc(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!isValidYmd(y, mo, d)) return null;
  return Date.UTC(y, mo - 1, d);
}

const DAY_MS = 86_400_000;

/**
 * The most recent month-day not after refDate + 1 day (one day of slack: a list may be published in
 * a time zone ahead of the evaluator's clock). Null without a usable refDate.
 */
function placeYearless(m: number, d: number, refDate: string | undefined): string | null {
  if (!refDate) return null;
  const ref = isoToUtc(refDate);
  if (ref === null) return null;
  const limit = ref + DAY_MS;
  const refYear = new Date(ref).getUTCFullYear();
  for (let y = refYear + 1; y >= refYear - IMPLIED_YEAR_LOOKBACK; y--) {
    if (isValidYmd(y, m, d) && Date.UTC(y, m - 1, d) <= limit) return iso(y, m, d);
  }
  return null;
}

function resolveMatch(g: Record<string, string | undefined>, ctx: DateContext | undefined): Omit<DateMatch, 'start' | 'end'> | null {
  if (g['y'] !== undefined) {
    const y = Number(g['y']);
    const m = Number(g['m'] ?? g['cm']);
    const d = Number(g['d'] ?? g['cd']);
    return isValidYmd(y, m, d) ? { date: iso(y, m, d), yearImplied: false } : null;
  }
  const m = Number(g['im'] ?? g['mm']);
  const d = Number(g['id'] ?? g['md']);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const date = placeYearless(m, d, ctx?.refDate);
  return date ? { date, yearImplied: true } : null;
}

/** Every valid date token in the text, in order. Year-less tokens need ctx.refDate. */
export function findAllDatesInText(text: string, ctx?: DateContext): DateMatch[] {
  const out: DateMatch[] = [];
  const s = toHalfWidth(text);
  DATE_TOKEN.lastIndex = 0;
  for (let m = DATE_TOKEN.exec(s); m; m = DATE_TOKEN.exec(s)) {
    const resolved = m.groups ? resolveMatch(m.groups, ctx) : null;
    if (resolved) out.push({ ...resolved, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The first date-like token of a short text (a list item), with its span; null when none. */
export function findDateInText(text: string, ctx?: DateContext): DateMatch | null {
  const s = toHalfWidth(text);
  DATE_TOKEN.lastIndex = 0;
  for (let m = DATE_TOKEN.exec(s); m; m = DATE_TOKEN.exec(s)) {
    const resolved = m.groups ? resolveMatch(m.groups, ctx) : null;
    if (resolved) return { ...resolved, start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/** Brackets sites wrap list dates in: [2020-11-20], (11-20), 【2020-11-20】, （2020年11月3日）. */
const WRAPPED = /^[[(（【〔<]\s*([\s\S]*?)\s*[\])）】〕>]$/;

/**
 * A text that IS a date (a `<span>` of a list item, a meta PubDate): ISO YYYY-MM-DD or null. The
 * whole text (after trimming and one pair of brackets) must be the date, optionally with a time.
 */
export function parseDate(text: string, ctx?: DateContext): string | null {
  let s = text.trim();
  const wrapped = WRAPPED.exec(s);
  if (wrapped) s = wrapped[1] ?? '';
  const m = findDateInText(s, ctx);
  return m && m.start === 0 && m.end === s.length ? m.date : null;
}
