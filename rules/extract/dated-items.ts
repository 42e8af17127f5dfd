/**
 * Dated list entries of a page: every link whose text is a title and that has a date next to it,
 * wherever the page puts it (li/span, em, i, dd/dt pairs, table rows, bare text, date before the
 * title), plus Hanweb datastore records. Linear in page size: each container's text and link
 * positions are computed once and reused by every link inside it.
 */
import type { DomNode, DomView } from '../dom/view.js';
import type { DatedItem } from '../types.js';
import type { DateContext } from './dates.js';
import { datastoreRecords, hasDatastore, recordItem } from './hanweb.js';
import { entryDate, isEntryTitle, linkTitle } from './item-date.js';
import { resolveHref } from './urls.js';

/** An entry never spans one of these: climbing stops below them. */
const STOP_TAGS = new Set([
  'html', 'body', 'head', 'ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'form', 'nav', 'header', 'footer', 'main',
  'section', 'article', 'aside', 'select',
]);
/** An entry container is the link's parent, grandparent or great-grandparent at most. */
const MAX_CLIMB = 3;

interface LinkSpan {
  node: DomNode;
  start: number;
  end: number;
}

export interface DatedItemScan {
  items: DatedItem[];
  /** The page holds a Hanweb datastore list (a list page even when its records are few). */
  hasDatastore: boolean;
  /** Texts of the page's <script> elements (Hanweb and TRS paging parameters live there). */
  scriptTexts: string[];
}

/** Per-scan caches keyed by node identity (cheerio-view returns one wrapper per element). */
class ContainerCache {
  constructor(private readonly ctx: DateContext | undefined) {}

  private readonly texts = new Map<DomNode, string>();
  private readonly spans = new Map<DomNode, LinkSpan[]>();
  private readonly nested = new Map<DomNode, boolean>();

  text(node: DomNode): string {
    let t = this.texts.get(node);
    if (t === undefined) {
      t = node.text();
      this.texts.set(node, t);
    }
    return t;
  }

  /**
   * Where each titled link's text sits inside the container's text, in document order. Untitled
   * links ([下载], 更多) do not split entries, so a title keeps the date printed after them.
   */
  linkSpans(container: DomNode): LinkSpan[] {
    let spans = this.spans.get(container);
    if (!spans) {
      spans = [];
      const text = this.text(container);
      let pos = 0;
      for (const a of container.querySelectorAll('a')) {
        const t = a.text();
        if (t.trim() === '' || !isEntryTitle(linkTitle(t, a.attr('title'), this.ctx).title)) continue;
        const at = text.indexOf(t, pos);
        if (at < 0) continue;
        spans.push({ node: a, start: at, end: at + t.length });
        pos = at + t.length;
      }
      this.spans.set(container, spans);
    }
    return spans;
  }

  /** A container holding a whole list (ul/ol/table/dl) is a block, not one entry. */
  holdsList(node: DomNode): boolean {
    let v = this.nested.get(node);
    if (v === undefined) {
      v = node.querySelectorAll('ul, ol, table, dl').length > 0;
      this.nested.set(node, v);
    }
    return v;
  }
}

function sameLink(span: LinkSpan, link: DomNode, rawText: string): boolean {
  // Identity first; a DomView without stable wrappers falls back to text + href.
  return span.node === link || (span.node.attr('href') === link.attr('href') && span.node.text() === rawText);
}

/** The text between the previous link and this one, and between this one and the next. */
function segmentAround(cache: ContainerCache, container: DomNode, link: DomNode, rawText: string): { before: string; after: string } | null {
  const spans = cache.linkSpans(container);
  const i = spans.findIndex((s) => sameLink(s, link, rawText));
  const span = spans[i];
  if (!span) return null;
  const text = cache.text(container);
  const prevEnd = spans[i - 1]?.end ?? 0;
  const nextStart = spans[i + 1]?.start ?? text.length;
  return { before: text.slice(prevEnd, span.start), after: text.slice(span.end, nextStart) };
}


export function scanDatedItems(dom: DomView, ctx: DateContext | undefined): DatedItemScan {
  const cache = new ContainerCache(ctx);
  const found: DatedItem[] = [];
  const scriptTexts: string[] = [];
  let datastore = false;

  for (const el of dom.querySelectorAll('a[href], script, datastore')) {
    if (el.tagName !== 'a') {
      const markup = el.innerHtml();
      if (el.tagName === 'script') scriptTexts.push(markup);
      if (!hasDatastore(markup) && el.tagName !== 'datastore') continue;
      datastore = true;
      for (const record of datastoreRecords(markup)) {
        const item = recordItem(record, dom.baseUrl, ctx);
        if (item) found.push(item);
      }
      continue;
    }

    const href = resolveHref(el.attr('href'), dom.baseUrl);
    if (!href) continue;
    const rawText = el.text();
    const { title, edgeDate } = linkTitle(rawText, el.attr('title'), ctx);
    if (!isEntryTitle(title)) continue;

    let node: DomNode = el;
    let date: string | null = null;
    for (let step = 0; step < MAX_CLIMB && !date; step++) {
      const parent = node.parent();
      if (!parent || STOP_TAGS.has(parent.tagName) || cache.holdsList(parent)) break;
      const seg = segmentAround(cache, parent, el, rawText);
      date = seg ? entryDate(seg.before, seg.after, ctx) : null;
      node = parent;
    }
    date ??= edgeDate;
    if (date) found.push({ title, href, date });
  }

  const seen = new Set<string>();
  const items: DatedItem[] = [];
  for (const e of found) {
    const key = `${e.href}\n${e.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ title: e.title, href: e.href, date: e.date });
  }
  return { items, hasDatastore: datastore, scriptTexts };
}
