/**
 * What the crawl computes from a page's bytes, and nothing else: the decoded HTML, the snapshot, the
 * page rules' findings, the site model's facts and whether the page needs a browser, all on one
 * parse, plus the stored forms (the snapshot and the HTML compressed). A pure function of its
 * input, so it gives the same answer in the crawl's own thread and in a page thread
 * (analysis-pool.ts), where the crawl sends it to use the machine's other cores.
 */
import { gzipSync } from 'node:zlib';
import { cheerioOf } from '../rules/dom/cheerio-view.js';
import type { PageSnapshot } from '../rules/types.js';
import { needsRendering, type RenderDecision, type RenderMode } from './browser/render-decision.js';
import { decodeHtml } from './decode.js';
import { resultsOfRead, type StoredPageResults } from './page-results.js';
import { parsedPage } from './parsed-page.js';
import { snapshotGzip, STORE_GZIP_LEVEL } from '../store/pages.js';

export interface PageAnalysisInput {
  /** The response body as received. */
  body: Uint8Array;
  /** The response's Content-Type header (its charset decides the decoding first). */
  contentType: string | null;
  finalUrl: string;
  evalDate: string;
  /** The unit whose page this is, for the page rules; null: no results wanted. */
  unitName: string | null;
  /** The crawl's `render` setting: whether the page needs a browser is decided on this parse too. Absent: not decided. */
  render?: RenderMode;
}

export interface PageAnalysis {
  html: string;
  charset: string | null;
  /** Null when the HTML is malformed beyond repair. */
  snapshot: PageSnapshot | null;
  /** The snapshot as JSON (how a page thread sends it: the crawl parses it back), null with it. */
  snapshotJson: string | null;
  /** The snapshot as stored (its JSON, gzip), null with it. */
  snapshotGzip: Uint8Array | null;
  /** The HTML as stored (gzip). */
  htmlGzip: Uint8Array;
  results: StoredPageResults | null;
  /** Whether the page needs a browser (with `render` and a snapshot), decided on the same parse. */
  renderDecision: RenderDecision | null;
}

export function analysePage(input: PageAnalysisInput): PageAnalysis {
  const body = Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
  const decoded = decodeHtml(body, input.contentType);
  const html = decoded.html;
  const page = parsedPage(html, input.finalUrl, input.evalDate);
  // The results on the DOM just parsed, before anything else: the DOM is garbage right after.
  const results = input.unitName !== null && page.dom && page.snapshot
    ? resultsOfRead({ dom: page.dom, html, snapshot: page.snapshot, finalUrl: input.finalUrl }, input.evalDate, input.unitName)
    : null;
  const renderDecision = input.render !== undefined && page.dom && page.snapshot
    ? needsRendering(html, page.snapshot, input.render, cheerioOf(page.dom) ?? undefined)
    : null;
  const snapshotJson = page.snapshot ? JSON.stringify(page.snapshot) : null;
  return {
    html, charset: decoded.charset, snapshot: page.snapshot, snapshotJson, snapshotGzip: snapshotJson === null ? null : snapshotGzip(snapshotJson),
    // The body itself when it is the HTML's UTF-8: encoding a 23 KB page again took a third of its gzip time.
    htmlGzip: gzipSync(decoded.bodyIsUtf8Html ? body : html, { level: STORE_GZIP_LEVEL }), results, renderDecision,
  };
}
