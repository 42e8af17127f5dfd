/**
 * A page's HTML parsed, and its snapshot read from that parse: the one parse everything else on the
 * page (links, dated lists, page rules) is computed from.
 */
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import type { DomView } from '../rules/dom/view.js';
import type { PageSnapshot } from '../rules/types.js';

/** The parsed page and its snapshot (both null when the HTML is malformed beyond repair). */
export function parsedPage(html: string, finalUrl: string, evalDate: string): { dom: DomView | null; snapshot: PageSnapshot | null } {
  try {
    const dom = cheerioDomView(html, finalUrl);
    return { dom, snapshot: extractSnapshot(dom, finalUrl, { refDate: evalDate }) };
  } catch {
    return { dom: null, snapshot: null }; // malformed beyond repair: the page is kept, rules see no snapshot
  }
}

/**
 * The snapshot of a page's decoded HTML as seen on `evalDate` (year-less dates are placed relative
 * to it). Also used to re-read a stored page carried over by an incremental crawl.
 */
export function snapshotOf(html: string, finalUrl: string, evalDate: string): PageSnapshot | null {
  return parsedPage(html, finalUrl, evalDate).snapshot;
}
