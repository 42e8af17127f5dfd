/**
 * Date helpers for the demo district. Every date in the demo is computed from the evaluation date,
 * so the answer key holds whatever day the demo runs on. All arithmetic is in UTC on calendar days.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIso(date: string): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new Error(`not a valid calendar date: ${date}`);
  }
  return d;
}

/** The ISO date `days` calendar days before `date` (negative days go forward). */
export function daysBefore(date: string, days: number): string {
  const d = parseIso(date);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `earlier` to `later` (positive when `earlier` is before `later`). */
export function daysBetween(earlier: string, later: string): number {
  return Math.round((parseIso(later).getTime() - parseIso(earlier).getTime()) / 86_400_000);
}

export function assertIsoDate(date: string): void {
  parseIso(date);
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function dateParts(date: string): DateParts {
  const d = parseIso(date);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The ways real list pages print a date (requirements §9). */
export type DateStyle = 'iso' | 'bracket' | 'cn' | 'slash' | 'dot' | 'month-day';

export function formatDate(date: string, style: DateStyle): string {
  const { year, month, day } = dateParts(date);
  switch (style) {
    case 'iso':
      return date;
    case 'bracket':
      return `[${date}]`;
    case 'cn':
      return `${year}年${month}月${day}日`;
    case 'slash':
      return `${year}/${pad2(month)}/${pad2(day)}`;
    case 'dot':
      return `${year}.${pad2(month)}.${pad2(day)}`;
    case 'month-day':
      return `(${pad2(month)}-${pad2(day)})`;
  }
}

/** `YYYYMM`, as in TRS article folders. */
export function yearMonth(date: string): string {
  const { year, month } = dateParts(date);
  return `${year}${pad2(month)}`;
}

/** `YYYYMMDD`, as in TRS article file names. */
export function compactDate(date: string): string {
  return date.replaceAll('-', '');
}

/** Hanweb article folders: `/art/2020/11/3/` (month and day not padded). */
export function hanwebDateFolder(date: string): string {
  const { year, month, day } = dateParts(date);
  return `${year}/${month}/${day}`;
}
