/**
 * Whole-day arithmetic on ISO dates (YYYY-MM-DD) for the freshness rules. Dates are calendar
 * days without time zone, so everything is computed in UTC to avoid DST and local-offset drift.
 */
import type { FreshnessLimit } from '../column-type.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds of the UTC midnight of an ISO date, or null when it is not a real date. */
function utcDay(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t;
}

export function isIsoDate(iso: string): boolean {
  return utcDay(iso) !== null;
}

/** Whole days from `from` to `to` (positive when `from` is earlier); null on a bad date. */
export function daysBetween(from: string, to: string): number | null {
  const a = utcDay(from);
  const b = utcDay(to);
  if (a === null || b === null) return null;
  return Math.round((b - a) / DAY_MS);
}

/**
 * The limit as a day count back from the evaluation date. Months are calendar months: 6 months
 * before 2020-11-26 is 2020-05-26, i.e. 184 days; a day that does not exist in the target month
 * is clamped to its last day (6 months before 08-31 is 02-28/29).
 */
export function limitInDays(limit: FreshnessLimit, evalDate: string): number {
  if ('days' in limit) return limit.days;
  const end = utcDay(evalDate);
  if (end === null) throw new Error(`invalid evaluation date: ${evalDate}`);
  const e = new Date(end);
  const totalMonths = e.getUTCFullYear() * 12 + e.getUTCMonth() - limit.months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const start = Date.UTC(year, month, Math.min(e.getUTCDate(), lastDay));
  return Math.round((end - start) / DAY_MS);
}

/** The ISO date `days` whole days after `iso`; null on a bad date. */
export function addDays(iso: string, days: number): string | null {
  const t = utcDay(iso);
  return t === null ? null : new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The latest item date the freshness rules believe: the evaluation date plus one day, because a
 * site in another time zone (or a crawl around midnight) may already show tomorrow. Anything later
 * is a typo or a pinned "置顶" placeholder and must not make a page look fresh.
 */
export function latestCountedDate(evalDate: string): string {
  const next = addDays(evalDate, 1);
  if (next === null) throw new Error(`invalid evaluation date: ${evalDate}`);
  return next;
}

/**
 * The newest valid ISO date of a list, or null. ISO dates compare correctly as strings.
 * With `notAfter`, later dates are ignored (see latestCountedDate).
 */
export function newestDate(dates: Iterable<string>, notAfter?: string): string | null {
  let newest: string | null = null;
  for (const d of dates) {
    if (!isIsoDate(d)) continue;
    if (notAfter !== undefined && d > notAfter) continue;
    if (newest === null || d > newest) newest = d;
  }
  return newest;
}

/** The valid dates of a list later than `notAfter`, newest first, without repeats. */
export function datesAfter(dates: Iterable<string>, notAfter: string): string[] {
  const later = new Set<string>();
  for (const d of dates) if (isIsoDate(d) && d > notAfter) later.add(d);
  return [...later].sort().reverse();
}
