/**
 * An article's publication date: the PubDate meta tag when present (the most reliable, per the
 * 《政府网站发展指引》 metadata), else the first 发布时间 / 发布日期 / 发文日期 / 时间 label after the
 * title in the page text.
 */
import { findDateInText, parseDate, type DateContext } from './dates.js';

/** Meta names (lower case) that carry the publication date, in order of trust. */
export const PUB_DATE_META = ['pubdate', 'publishdate', 'firstpublishedtime'] as const;

const LABEL = /(?:发布时间|发布日期|发文日期|时间)\s*[:：]\s*/g;
/** The date must follow the label directly (spaces or an opening bracket at most). */
const MAX_LABEL_GAP = 3;

export function dateFromMeta(meta: Record<string, string>, ctx?: DateContext): string | null {
  for (const name of PUB_DATE_META) {
    const value = meta[name];
    if (!value) continue;
    const date = parseDate(value, ctx) ?? findDateInText(value, ctx)?.date ?? null;
    if (date) return date;
  }
  return null;
}

function labelledDate(text: string, from: number, ctx?: DateContext): string | null {
  LABEL.lastIndex = from;
  for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) {
    const tail = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const found = findDateInText(tail, ctx);
    if (found && !found.yearImplied && found.start <= MAX_LABEL_GAP) return found.date;
  }
  return null;
}

/**
 * `text` is the page's visible text; `title` (the h1 or <title>) places the search after it, so
 * a date in the header or navigation does not win. Falls back to the whole text.
 */
export function extractPubDate(meta: Record<string, string>, text: string, title: string | null, ctx?: DateContext): string | null {
  const fromMeta = dateFromMeta(meta, ctx);
  if (fromMeta) return fromMeta;
  const at = title ? text.indexOf(title) : -1;
  return (at > 0 ? labelledDate(text, at, ctx) : null) ?? labelledDate(text, 0, ctx);
}

/** Only the labels that name a publication; 时间： alone also heads list pages (更新时间：…). */
const PUBLISHED_LABEL = /(?:发布时间|发布日期)\s*[:：]\s*/g;

/**
 * How many 发布时间/发布日期 labels in `text` are directly followed by a full date. An article
 * shows one (sometimes two: header and footer); a list that labels each entry shows many.
 */
export function publishedLabelCount(text: string): number {
  let count = 0;
  PUBLISHED_LABEL.lastIndex = 0;
  for (let m = PUBLISHED_LABEL.exec(text); m; m = PUBLISHED_LABEL.exec(text)) {
    const found = findDateInText(text.slice(m.index + m[0].length, m.index + m[0].length + 40));
    if (found && !found.yearImplied && found.start <= MAX_LABEL_GAP) count += 1;
  }
  return count;
}
