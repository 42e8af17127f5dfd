/**
 * The rules that decide whether a link is a list entry's title and which date belongs to it. Shared
 * by the DOM list scan (dated-items.ts) and the Hanweb datastore records (hanweb.ts) so both read
 * list entries the same way.
 */
import { collapseWhitespace } from '../text.js';
import { findAllDatesInText, type DateContext, type DateMatch } from './dates.js';

/** Shortest title accepted (characters, spaces removed): shorter link texts are navigation. */
const MIN_TITLE_CHARS = 4;
/** A date after the title must start within this many characters of it (table rows: 索引号, 发布机构 …). */
const MAX_GAP_AFTER = 90;
/** A date before the title (`<span>2020-11-20</span><a>…</a>`) must end this close to it. */
const MAX_GAP_BEFORE = 40;

/** Link texts that are navigation, never an entry's title. */
const NAV_TEXT =
  /^(?:更多|查看更多|更多信息|更多内容|more|查看|详细|详情|全文|阅读全文|点击查看|下一页|上一页|下页|上页|首页|尾页|末页|返回|返回顶部|打印|关闭|上一篇|下一篇)$/i;

/** A clock or calendar widget ("今天是2020年11月20日 星期五"), not a list entry. */
const CLOCK_TEXT = /星期[一二三四五六日天]|今天是|今日是|农历/;

/** Text that is only a date, a number or punctuation. */
const NOT_WORDS = /^[\d\s\-/.:：,，年月日号[\]()（）【】<>《》«»›‹>]*$/;

export function isClockText(text: string): boolean {
  return CLOCK_TEXT.test(text);
}

/** Whether a (collapsed) link text can be the title of a list entry. */
export function isEntryTitle(title: string): boolean {
  const bare = title.replace(/[\s>»›<«‹+＞[\]【】()（）]+/g, '');
  if (bare.length < MIN_TITLE_CHARS && !/[A-Za-z]{4}/.test(bare)) return false;
  if (NAV_TEXT.test(bare)) return false;
  if (NOT_WORDS.test(title)) return false;
  return true;
}

/**
 * The title of a link: its visible text; when that is cut short ("…" or "...") and the `title`
 * attribute holds the full text, the attribute. A date written at either edge of the link text
 * (`<a>标题 2020-11-20</a>`) is split off and returned separately.
 */
export function linkTitle(rawText: string, titleAttr: string | null, ctx: DateContext | undefined): { title: string; edgeDate: string | null } {
  let title = collapseWhitespace(rawText);
  let edgeDate: string | null = null;
  const dates = title ? findAllDatesInText(title, ctx) : [];
  const last = dates[dates.length - 1];
  const first = dates[0];
  if (last && title.slice(last.end).replace(/[\s\])）】]/g, '') === '') {
    edgeDate = last.date;
    title = collapseWhitespace(title.slice(0, last.start).replace(/[[(（【]\s*$/, ''));
  } else if (first && title.slice(0, first.start).replace(/[\s[(（【]/g, '') === '') {
    edgeDate = first.date;
    title = collapseWhitespace(title.slice(first.end).replace(/^\s*[\])）】]/, ''));
  }
  const attr = titleAttr ? collapseWhitespace(titleAttr) : '';
  if (!title) title = attr;
  else if (/(?:…|\.{3})$/.test(title) && attr.length > title.length) title = attr;
  return { title, edgeDate };
}

function lastDate(dates: DateMatch[]): DateMatch | undefined {
  return dates[dates.length - 1];
}

/**
 * The date that belongs to an entry, given the text between the previous link and the title
 * (`before`) and between the title and the next link (`after`): the last date close after the
 * title (a 发布日期 column comes after 成文日期), else the date just before it. Year-less dates
 * need ctx.refDate. Null when no date is near, or the text is a clock widget.
 */
export function entryDate(before: string, after: string, ctx: DateContext | undefined): string | null {
  const afterDates = findAllDatesInText(after, ctx).filter((d) => collapseWhitespace(after.slice(0, d.start)).length <= MAX_GAP_AFTER);
  const near = lastDate(afterDates);
  if (near) return isClockText(after.slice(0, near.end + 12)) ? null : near.date;
  const beforeDates = findAllDatesInText(before, ctx).filter((d) => collapseWhitespace(before.slice(d.end)).length <= MAX_GAP_BEFORE);
  const prev = lastDate(beforeDates);
  if (prev) return isClockText(before.slice(Math.max(0, prev.start - 12))) ? null : prev.date;
  return null;
}
