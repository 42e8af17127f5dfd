/**
 * An article's publication date: the PubDate meta tag when present (the most reliable, per the
 * 《政府网站发展指引》 metadata), else the first 发布时间 / 发布日期 / 发文日期 / 时间 label after the
 * title in the page text.
 *
 * A bare `时间：` is weak evidence: portal headers print today's date with it
 * (`时间：2020年11月26日 星期四`). It counts only after the title (or anywhere when the title is not
 * in the text), and never when the date is followed by a weekday, which marks a clock widget.
 */
import { findDateInText, parseDate, type DateContext } from './dates.js';

/** Meta names (lower case) that carry the publication date, in order of trust. */
export const PUB_DATE_META = ['pubdate', 'publishdate', 'firstpublishedtime'] as const;

const LABEL = /(发布时间|发布日期|发文日期|时间)\s*[:：]\s*/g;
const BARE_LABEL = '时间';
/** The date must follow the label directly (spaces or an opening bracket at most). */
const MAX_LABEL_GAP = 3;
/** `2020年11月26日 星期四`, `2020-11-26 周四`: a header clock, not a publication date. */
const WEEKDAY_AFTER = /^\s*(?:星期|礼拜|周)[一二三四五六日天]/;

export function dateFromMeta(meta: Record<string, string>, ctx?: DateContext): string | null {
  for (const name of PUB_DATE_META) {
    const value = meta[name];
    if (!value) continue;
    const date = parseDate(value, ctx) ?? findDateInText(value, ctx)?.date ?? null;
    if (date) return date;
  }
  return null;
}

function labelledDate(text: string, from: number, bareAllowed: boolean, ctx?: DateContext): string | null {
  LABEL.lastIndex = from;
  for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) {
    const bare = m[1] === BARE_LABEL;
    if (bare && !bareAllowed) continue;
    const tail = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const found = findDateInText(tail, ctx);
    if (!found || found.yearImplied || found.start > MAX_LABEL_GAP) continue;
    if (bare && WEEKDAY_AFTER.test(tail.slice(found.end))) continue;
    return found.date;
  }
  return null;
}

/**
 * `text` is the page's visible text; `title` (the h1 or <title>) places the search after it, so
 * a date in the header or navigation does not win. Before the title only the labels that name a
 * publication count; when the title is not in the text, the whole text is searched.
 */
export function extractPubDate(meta: Record<string, string>, text: string, title: string | null, ctx?: DateContext): string | null {
  const fromMeta = dateFromMeta(meta, ctx);
  if (fromMeta) return fromMeta;
  const at = title ? text.indexOf(title) : -1;
  if (at < 0) return labelledDate(text, 0, true, ctx);
  return labelledDate(text, at, true, ctx) ?? labelledDate(text, 0, false, ctx);
}

/** Only the labels that name a publication; 时间： alone also heads list pages (更新时间：…). */
const PUBLISHED_LABEL = /(?:发布时间|发布日期)\s*[:：]\s*/g;

/** The full dates directly after each 发布时间/发布日期 label of `text`, in order. */
function publishedLabelDates(text: string): string[] {
  const dates: string[] = [];
  PUBLISHED_LABEL.lastIndex = 0;
  for (let m = PUBLISHED_LABEL.exec(text); m; m = PUBLISHED_LABEL.exec(text)) {
    const found = findDateInText(text.slice(m.index + m[0].length, m.index + m[0].length + 40));
    if (found && !found.yearImplied && found.start <= MAX_LABEL_GAP) dates.push(found.date);
  }
  return dates;
}

/**
 * How many 发布时间/发布日期 labels in `text` are directly followed by a full date. An article
 * shows one (sometimes two: header and footer); a list that labels each entry shows many.
 */
export function publishedLabelCount(text: string): number {
  return publishedLabelDates(text).length;
}

/**
 * How many different dates the 发布时间/发布日期 labels of `text` name. An article's header and
 * footer name the same date; two different ones are the entries of a (short) list.
 */
export function distinctPublishedDateCount(text: string): number {
  return new Set(publishedLabelDates(text)).size;
}
