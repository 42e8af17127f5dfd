/**
 * Periods written in Chinese notices: date ranges (`2020年10月1日至2020年10月15日`,
 * `10月1日—10月31日`, `2020.10.1—2020.10.30`, `2020年10月1日至31日`), open ends counted from the
 * page date (`自即日起至2020年11月5日`, `截止时间为2020年11月5日`, `请于11月5日前反馈`) and stated
 * lengths (`征求意见时间为30天`, `为期15天`, `自公告之日起30日内`, `20个工作日`).
 *
 * Day counts are inclusive of both ends: 10月1日至10月30日 is 30 days, as a 30日 period is
 * commonly written. A missing year comes from the other end, else the page date (`refYear`).
 * Pure string work: the caller decides which candidate is the period it cares about.
 */
import { daysBetween, isIsoDate } from '../site/calendar.js';

export type PeriodKind = 'range' | 'until' | 'duration';

export interface PeriodCandidate {
  kind: PeriodKind;
  /** ISO start; for `until` the page date (null when the page has none); null for `duration`. */
  start: string | null;
  /** ISO end; null for `duration`. */
  end: string | null;
  /**
   * Calendar days, inclusive. For working days, the fewest calendar days they can span
   * (weekends only); null when unknown (an open end without a page date).
   */
  days: number | null;
  /** Set when the text states working days (个工作日): holidays make the calendar span uncertain. */
  workingDays?: number;
  /** A 时间/期限/截止/为期/期为 label stands right before it (same clause). */
  labelled: boolean;
  /**
   * The clause before it, or the words right after it (`…期间提出意见`), speak of comments
   * (意见/征求/征集/反馈) — unless a nearer word names something else (see `otherSubject`).
   */
  topical: boolean;
  /**
   * What the period is about when its label names something other than comments (报名, 会议, 听证,
   * 座谈, 公示, 活动: `听证会时间：…`, `征求意见座谈会时间：…`, `…召开专题会议`); null otherwise.
   */
  otherSubject: string | null;
  /** Position in the text, for ordering. */
  index: number;
  /** The matched text, whitespace collapsed. */
  text: string;
}

export interface PeriodOptions {
  /** The page's publication date (ISO): the start of `自即日起` periods and the default year. */
  pubDate: string | null;
  /** Year for dates written without one when the other end gives none; defaults to pubDate's year. */
  refYear?: number;
}

interface DateToken {
  from: number;
  to: number;
  y: number | null;
  m: number;
  d: number;
}

// 2020年10月1日 / 10月1日 / 10月1号, and 2020.10.1 / 2020-10-01 / 2020/10/1 (year required there,
// so that decimals and phone numbers are not read as dates).
const DATE = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(?<!\d)(\d{4})\s*([.\-/])\s*(\d{1,2})\s*\5\s*(\d{1,2})(?!\d)/g;
/** Between the two ends of a range. `一` is left out: in prose it is far more often the numeral. */
const RANGE_GAP = /^\s*(?:起|开始)?\s*(?:至|到|~|～|—+|–+|－|-|──|―+)\s*$/;
/** A day-only end right after the separator: 2020年10月1日至31日. */
const DAY_ONLY_END = /^\s*(?:起|开始)?\s*(?:至|到|~|～|—+|–+|－|-)\s*(\d{1,2})\s*[日号]/;
const FROM_TODAY = /即日起?\s*(?:至|到)\s*$/;
const DEADLINE_BEFORE = /(?:截止|截至)(?:时间|日期)?\s*(?:为|是|到|至)?\s*[:：]?\s*$/;
const BEFORE_AFTER = /^\s*(?:前|之前|以前|止)/;
const DURATION = /(为期|时间为|期限为|期为|时间|期限|之日起|日起)\s*(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(个工作日|个自然日|天|日|个月)/g;
const LABEL = /时间|期限|期间|截止|截至|为期|日期|期为|期\s*[:：]/;
const TOPIC = /意见|征求|征集|反馈|建议/;
/** Other things a notice dates: a period labelled with one of these is not the comment period. */
const OTHER_SUBJECT = /报名|会议|听证|座谈|公示|活动/;
/**
 * Whitespace after a Chinese character, before another or a number: the snapshot text joins blocks
 * with a space, so this is where the title or the previous paragraph ends (`…意见的通知 报名时间：`,
 * `…意见的通知 2020年…`). Not a gap after a label word (`征求意见时间 2020年…` in a table row).
 * Spaced-out labels (`时 间：`) are closed up first.
 */
const BLOCK_GAP = /[\u4e00-\u9fff》」”）)]\s+(?=[\u4e00-\u9fff《「“（(\d])/g;
const LABEL_END = /(?:时间|期限|期间|日期|截止|截至|为期|期为|期|自|于|为|从|是)$/;
const SPACED_LABEL = /(时|期|日|截)\s+(间|限|期|止|至)/g;
const CLAUSE_END = /[。；;！!？?\n]/;
const WINDOW = 24;

/** Full-width digits and punctuation as ASCII so one set of patterns reads both. */
export function normalizeDigits(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/／/g, '/');
}

function iso(y: number, m: number, d: number): string | null {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(s) ? s : null;
}

/** Inclusive calendar days from start to end; null when a date is invalid or end is before start. */
export function inclusiveDays(start: string, end: string): number | null {
  const n = daysBetween(start, end);
  return n === null || n < 0 ? null : n + 1;
}

/** The fewest calendar days N working days can span: a full week per five, weekends only. */
export function minCalendarDaysForWorkingDays(n: number): number {
  return n <= 0 ? 0 : n + 2 * Math.floor((n - 1) / 5);
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 written in Chinese numerals (三十, 十五, 二十一); null for anything else. */
export function chineseNumber(s: string): number | null {
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  const [, tens, ten, units] = m;
  if (!ten) return tens && !units ? CN_DIGITS[tens]! : null;
  return (tens ? CN_DIGITS[tens]! : 1) * 10 + (units ? CN_DIGITS[units]! : 0);
}

function tokens(text: string): DateToken[] {
  const out: DateToken[] = [];
  for (const m of text.matchAll(DATE)) {
    const from = m.index;
    const to = from + m[0].length;
    if (m[2] !== undefined) out.push({ from, to, y: m[1] ? Number(m[1]) : null, m: Number(m[2]), d: Number(m[3]) });
    else out.push({ from, to, y: Number(m[4]), m: Number(m[6]), d: Number(m[7]) });
  }
  return out;
}

/** Where the block containing the end of `window` starts (after the last BLOCK_GAP), 0 if none. */
function lastBlockStart(window: string): number {
  let start = 0;
  for (const m of window.matchAll(BLOCK_GAP)) if (isBlockGap(window, m)) start = m.index + m[0].length;
  return start;
}

function isBlockGap(s: string, m: RegExpExecArray | RegExpMatchArray): boolean {
  const nextIsDigit = /\d/.test(s[m.index! + m[0].length] ?? '');
  return !(nextIsDigit && LABEL_END.test(s.slice(0, m.index! + 1)));
}

/** The clause right before `index` (up to WINDOW characters, cut at the last sentence or block end). */
function clauseBefore(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - WINDOW), index).replace(SPACED_LABEL, '$1$2');
  let cut = -1;
  for (let i = window.length - 1; i >= 0; i--) {
    if (CLAUSE_END.test(window[i]!)) {
      cut = i;
      break;
    }
  }
  // The date's first character stays on while looking for a block gap: a gap right before the date counts.
  const block = window.slice(cut + 1) + text.charAt(index);
  const clause = block.slice(Math.min(lastBlockStart(block), block.length - 1), -1);
  // A label belongs to the nearest date: text up to an earlier number (another date, a count) is
  // not this period's label, nor are the words after that number up to a comma (「…日在各镇召开
  // 座谈会，2020年…」: the meeting is the earlier date's). A page's 发布时间/更新日期 never labels a period.
  const afterNumber = clause.replace(/^.*\d/, '');
  return (afterNumber === clause ? clause : afterNumber.replace(/^.*[，,、]/, '')).replace(
    /(?:发布|更新|成文|印发|浏览)(?:时间|日期)/g,
    '',
  );
}

/** The words right after position `to`: up to WINDOW characters, cut at a clause or block end or a number. */
function clauseAfter(text: string, to: number): string {
  const window = text.slice(to, to + WINDOW).split(CLAUSE_END)[0]!.split(/\d/)[0]!;
  const gap = new RegExp(BLOCK_GAP.source).exec(window);
  return gap ? window.slice(0, gap.index + 1) : window;
}

function lastMatch(re: RegExp, s: string): { word: string; at: number } | null {
  let last: { word: string; at: number } | null = null;
  for (const m of s.matchAll(new RegExp(re.source, 'g'))) last = { word: m[0], at: m.index };
  return last;
}

/**
 * What a period is about, from its label clause and the words after it. The word nearest the
 * date decides: 「征求意见座谈会时间：」 dates a meeting, 「座谈会征求意见时间：」 the comments.
 */
function subjectOf(before: string, after: string): { topical: boolean; otherSubject: string | null } {
  const topic = lastMatch(TOPIC, before);
  const other = lastMatch(OTHER_SUBJECT, before);
  if (other !== null && (topic === null || other.at > topic.at)) return { topical: false, otherSubject: other.word };
  if (topic !== null) return { topical: true, otherSubject: null };
  // Nothing before: the first subject word after it (「…期间提出意见」, 「…召开专题会议」).
  const topicAfter = TOPIC.exec(after);
  const otherAfter = OTHER_SUBJECT.exec(after);
  if (otherAfter !== null && (topicAfter === null || otherAfter.index < topicAfter.index)) return { topical: false, otherSubject: otherAfter[0] };
  return { topical: topicAfter !== null, otherSubject: null };
}

function before(a: { m: number; d: number }, b: { m: number; d: number }): boolean {
  return a.m < b.m || (a.m === b.m && a.d < b.d);
}

/** Resolve the years of a range's ends: from each other, else from the reference year. */
function rangeDates(a: DateToken, b: { y: number | null; m: number; d: number }, refYear: number | null): [string, string] | null {
  let ya = a.y;
  let yb = b.y;
  if (ya === null && yb === null) {
    if (refYear === null) return null;
    ya = refYear;
  }
  if (ya !== null && yb === null) yb = before(b, a) ? ya + 1 : ya;
  else if (ya === null && yb !== null) ya = before(b, a) ? yb - 1 : yb;
  const start = iso(ya!, a.m, a.d);
  const end = iso(yb!, b.m, b.d);
  return start && end ? [start, end] : null;
}

/** A single date's year: its own, else the one that puts it on or after the page date. */
function untilDate(t: DateToken, pubDate: string | null, refYear: number | null): string | null {
  if (t.y !== null) return iso(t.y, t.m, t.d);
  if (pubDate !== null) {
    const [py, pm, pd] = pubDate.split('-').map(Number) as [number, number, number];
    return iso(before(t, { m: pm, d: pd }) ? py + 1 : py, t.m, t.d);
  }
  return refYear === null ? null : iso(refYear, t.m, t.d);
}

function clip(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/**
 * Every period the text states, in text order. Ranges take precedence: a date that is one end of a
 * range is not read again as an open end.
 */
export function findPeriods(rawText: string, opts: PeriodOptions): PeriodCandidate[] {
  const text = normalizeDigits(rawText);
  const pubDate = opts.pubDate !== null && isIsoDate(opts.pubDate) ? opts.pubDate : null;
  const refYear = opts.refYear ?? (pubDate !== null ? Number(pubDate.slice(0, 4)) : null);
  const found: PeriodCandidate[] = [];
  const mark = (index: number, to: number, extra: Omit<PeriodCandidate, 'labelled' | 'topical' | 'otherSubject' | 'index'>) => {
    const clause = clauseBefore(text, index);
    found.push({ ...extra, index, labelled: LABEL.test(clause) || extra.kind !== 'range', ...subjectOf(clause, clauseAfter(text, to)) });
  };

  const toks = tokens(text);
  const used = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    if (used.has(i)) continue;
    const a = toks[i]!;
    const next = toks[i + 1];
    if (next && RANGE_GAP.test(text.slice(a.to, next.from))) {
      used.add(i).add(i + 1);
      const dates = rangeDates(a, next, refYear);
      if (dates) {
        const [start, end] = dates;
        mark(a.from, next.to, { kind: 'range', start, end, days: inclusiveDays(start, end), text: clip(text.slice(a.from, next.to)) });
      }
      continue;
    }
    const dayOnly = DAY_ONLY_END.exec(text.slice(a.to));
    if (dayOnly && (!next || next.from >= a.to + dayOnly[0].length)) {
      used.add(i);
      const dates = rangeDates(a, { y: a.y, m: a.m, d: Number(dayOnly[1]) }, refYear);
      if (dates) {
        const [start, end] = dates;
        mark(a.from, a.to + dayOnly[0].length, { kind: 'range', start, end, days: inclusiveDays(start, end), text: clip(text.slice(a.from, a.to + dayOnly[0].length)) });
      }
      continue;
    }
    const lead = text.slice(Math.max(0, a.from - WINDOW), a.from);
    const clause = clauseBefore(text, a.from);
    const topicAfter = TOPIC.test(text.slice(a.to, a.to + WINDOW).split(CLAUSE_END)[0]!);
    const openEnd =
      FROM_TODAY.test(lead) ||
      DEADLINE_BEFORE.test(lead) ||
      // 「请于11月5日前将意见反馈至…」: a deadline only when comments are spoken of around it.
      (BEFORE_AFTER.test(text.slice(a.to)) && (TOPIC.test(clause) || topicAfter));
    if (!openEnd) continue;
    used.add(i);
    const end = untilDate(a, pubDate, refYear);
    if (end === null) continue;
    const days = pubDate === null ? null : inclusiveDays(pubDate, end);
    mark(a.from, a.to, { kind: 'until', start: pubDate, end, days, text: clip(text.slice(Math.max(0, a.from - 8), a.to)) });
  }

  for (const m of text.matchAll(DURATION)) {
    const count = /^\d+$/.test(m[2]!) ? Number(m[2]) : chineseNumber(m[2]!);
    if (count === null || count <= 0) continue;
    // A month is taken as 30 days: 「为期一个月」 is how a 30日 period is commonly announced.
    const n = m[3] === '个月' ? count * 30 : count;
    const working = m[3] === '个工作日';
    mark(m.index, m.index + m[0].length, {
      kind: 'duration',
      start: null,
      end: null,
      days: working ? minCalendarDaysForWorkingDays(n) : n,
      ...(working ? { workingDays: n } : {}),
      text: clip(m[0]),
    });
  }
  return found.sort((x, y) => x.index - y.index);
}
