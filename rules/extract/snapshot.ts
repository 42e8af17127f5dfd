/**
 * One page → PageSnapshot: everything rules and the site model need, from a DomView, so the crawler
 * (cheerio) and the extension (live DOM) share this code. Never throws on odd markup: every part
 * degrades to "not found" (null / []).
 */
import type { DomView } from '../dom/view.js';
import type { PageSnapshot } from '../types.js';
import { collapseWhitespace } from '../text.js';
import { extractBreadcrumb } from './breadcrumb.js';
import type { DateContext } from './dates.js';
import { scanDatedItems } from './dated-items.js';
import { hanwebParams } from './hanweb.js';
import { extractHeadings, extractImages, extractLinks, extractMeta, extractUnlinkedLinkTexts } from './page-facts.js';
import { extractPagination } from './pagination.js';
import { dateFromMeta, distinctPublishedDateCount, extractPubDate } from './pub-date.js';

export interface SnapshotOptions {
  /** Evaluation date (YYYY-MM-DD): places year-less list dates such as `(11-20)`. */
  refDate?: string;
  /** Cap of `text` in characters (default 20000). */
  maxText?: number;
}

export const DEFAULT_MAX_TEXT = 20_000;
/** A list page shows at least this many dated entries (or is a Hanweb datastore list). */
const LIST_MIN_ITEMS = 3;
/**
 * An article's 发布时间 labels (header, footer) name one date; a page whose labels name this many
 * different dates is a short list (two entries, each `发布时间：…`), too short for LIST_MIN_ITEMS:
 * not an article.
 */
const LIST_MIN_PUBLISHED_DATES = 2;

export function extractSnapshot(dom: DomView, url: string, opts: SnapshotOptions = {}): PageSnapshot {
  const ctx: DateContext = opts.refDate ? { refDate: opts.refDate } : {};
  const maxText = opts.maxText ?? DEFAULT_MAX_TEXT;

  const titleEl = dom.querySelector('title');
  const title = titleEl ? collapseWhitespace(titleEl.text()) : null;
  const lang = dom.root.attr('lang');
  const meta = extractMeta(dom);

  const body = dom.querySelector('body') ?? dom.root;
  // Line breaks kept for label and breadcrumb parsing; collapsed for the stored text.
  const lineText = body.visibleText();
  const fullText = collapseWhitespace(lineText);

  const scan = scanDatedItems(dom, ctx);
  const breadcrumb = extractBreadcrumb(dom, lineText);
  const h1 = dom.querySelector('h1');
  const heading = h1 ? collapseWhitespace(h1.text()) : '';
  const pubDate = extractPubDate(meta, fullText, heading || title, ctx);
  const hanweb = hanwebParams(scan.scriptTexts, url);
  const isListPage = scan.items.length >= LIST_MIN_ITEMS || scan.hasDatastore;
  // A PubDate meta declares the page an article, whatever a 相关文章 block below it labels.
  const isArticle = pubDate !== null && !isListPage &&
    (dateFromMeta(meta, ctx) !== null || distinctPublishedDateCount(fullText) < LIST_MIN_PUBLISHED_DATES);
  const columnName = meta['columnname']?.trim() || breadcrumb[breadcrumb.length - 1] || null;

  return {
    url,
    title,
    lang,
    meta,
    links: extractLinks(dom),
    images: extractImages(dom),
    headings: extractHeadings(dom),
    text: fullText.length > maxText ? fullText.slice(0, maxText) : fullText,
    datedItems: scan.items,
    pubDate,
    columnName,
    breadcrumb,
    paginationLinks: scan.hasDatastore || hanweb ? [] : extractPagination(dom, url, scan.scriptTexts),
    hanweb,
    isListPage,
    isArticle,
    unlinkedLinkTexts: extractUnlinkedLinkTexts(dom),
  };
}
