/**
 * Reads one page as the crawl sees it: robots.txt, the polite fetch, decoding, the snapshot, and the
 * enrichments a visitor's browser would add (rendering a script-built list, Hanweb's data proxy).
 * Shared by the single-process crawl (crawl.ts) and the PostgreSQL workers (pg/worker.ts), so both
 * store the very same page for the same answer from the server.
 */
import type { AnalysisPool } from './analysis-pool.js';
import type { RenderDecision } from './browser/render-decision.js';
import { analysePage, type PageAnalysisInput } from './page-analysis.js';
import { resultsOfRead, type StoredPageResults } from './page-results.js';
import type { PageSnapshot } from '../rules/types.js';
import type { BrowserPool } from './browser/pool.js';
import type { BrowserPoliteness } from './browser/polite-routing.js';
import type { CrawlOptions } from './config.js';
import type { FetchOptions, FetchResult } from './fetch-page.js';
import { HostLimiter, limitedFetch } from './host-limiter.js';
import { readHanwebBatches, renderIfNeeded } from './page-enrichment.js';
import type { RobotsRules } from './robots.js';

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)/i;

export interface PageReader {
  opts: CrawlOptions;
  limiter: HostLimiter;
  evalDate: string;
  signal: AbortSignal | undefined;
  pool: BrowserPool;
  politeness: BrowserPoliteness;
  robotsFor: (url: string) => Promise<RobotsRules>;
  /** Page threads for parsing and the page rules; without them the page is analysed in this thread. */
  analysis?: AnalysisPool;
}

/** The page's stored forms as analysed, while the browser or a data proxy did not change the page. */
export interface PreparedPage {
  snapshotGzip: Uint8Array | null;
  htmlGzip: Uint8Array;
}

export type PageRead =
  | { kind: 'disallowed' }
  | { kind: 'aborted' }
  | { kind: 'fetched'; res: FetchResult; html: string | null; charset: string | null; snapshot: PageSnapshot | null;
      via: 'http' | 'browser'; renderNote: string | null;
      /** The page rules' findings and the site model's facts, when asked for (readPageIfChanged's `unitName`). */
      results?: StoredPageResults | null;
      prepared?: PreparedPage | null };

/** The server answered 304 Not Modified to our validators: the copy from the previous run still holds. */
export type UnchangedRead = { kind: 'unchanged'; res: FetchResult };

export async function readPage(url: string, r: PageReader): Promise<PageRead> {
  const read = await readPageIfChanged(url, r, null);
  // Without validators there is no "unchanged" (FetchResult.notModified); a bare 304 is read as
  // the page's (odd) status. The branch keeps the result's type closed.
  if (read.kind === 'unchanged') return fetchedAs(read.res, null, null, null, 'http', null);
  return read;
}

/**
 * readPage for an incremental crawl: with `conditional` (the validators of the copy we hold) the
 * server may answer 304 Not Modified, and then nothing is downloaded or decoded — the caller
 * carries its stored copy over.
 */
export async function readPageIfChanged(url: string, r: PageReader, conditional: FetchOptions['conditional'] | null,
  unitName?: string): Promise<PageRead | UnchangedRead> {
  const { opts, signal } = r;
  if (opts.respectRobots) {
    const robots = await r.robotsFor(url);
    if (signal?.aborted) return { kind: 'aborted' };
    if (!robots.allowed(url)) return { kind: 'disallowed' };
  }
  let fetched: FetchResult | null;
  try {
    // A page still waiting for its slot when the interrupt comes is not fetched at all.
    fetched = signal?.aborted ? null : await withOwnSignal(signal, (s) => limitedFetch(r.limiter, url, {
      timeoutMs: opts.timeoutMs, ...(s ? { signal: s } : {}), ...(conditional ? { conditional } : {}),
    }));
  } catch (err) {
    // A fault in the fetch layer must not kill the crawl: the page records it and the crawl goes on.
    fetched = { url, finalUrl: url, status: null, redirects: [], headers: {}, contentType: null, body: null, truncated: false,
      error: { code: 'other', message: err instanceof Error ? err.message : String(err) }, attempts: 1 };
  }
  if (signal?.aborted || !fetched) return { kind: 'aborted' };
  const res = fetched;
  if (res.notModified && res.error === null) return { kind: 'unchanged', res };

  let snapshot: PageSnapshot | null = null;
  let html: string | null = null;
  let charset: string | null = null;
  const isHtml = res.body !== null && res.status !== null && res.status < 400 &&
    (res.contentType ? HTML_TYPES.test(res.contentType) : /<html|<!doctype html/i.test(res.body.subarray(0, 1024).toString('latin1')));
  // With `unitName`, the page's results are computed on the DOM right after it was parsed (in a page
  // thread, or here before any await): the DOM is then garbage at once, instead of being held (and
  // promoted to the old generation) while the page waits for the browser or a data proxy.
  let results: StoredPageResults | null = null;
  let prepared: PreparedPage | null = null;
  let parsedHtml: string | null = null;
  let parsedSnapshot: PageSnapshot | null = null;
  let renderDecision: RenderDecision | null = null;
  if (isHtml && res.body) {
    const input: PageAnalysisInput = {
      body: res.body, contentType: res.headers['content-type'] ?? null, finalUrl: res.finalUrl, evalDate: r.evalDate, unitName: unitName ?? null,
      render: opts.render,
    };
    const analysed = r.analysis ? await r.analysis.analyse(input) : analysePage(input);
    if (signal?.aborted) return { kind: 'aborted' };
    ({ html, charset, snapshot, results, renderDecision } = analysed);
    prepared = { snapshotGzip: analysed.snapshotGzip, htmlGzip: analysed.htmlGzip };
    parsedHtml = html;
    parsedSnapshot = snapshot;
  }
  let via: 'http' | 'browser' = 'http';
  let renderNote: string | null = null;
  if (snapshot && html !== null) {
    const enriched = await renderIfNeeded({ url: res.finalUrl, html, snapshot },
      { mode: opts.render, pool: r.pool, timeoutMs: opts.timeoutMs, evalDate: r.evalDate, politeness: r.politeness, decided: renderDecision });
    if (signal?.aborted) return { kind: 'aborted' };
    ({ html, snapshot, via, renderNote } = enriched);
    const robots = opts.respectRobots ? await r.robotsFor(res.finalUrl) : null;
    snapshot = await readHanwebBatches({ url: res.finalUrl, html, snapshot },
      { limiter: r.limiter, timeoutMs: opts.timeoutMs, evalDate: r.evalDate, signal, allowed: (u) => robots?.allowed(u) ?? true });
    if (signal?.aborted) return { kind: 'aborted' };
    // The browser's HTML, or the items a data proxy added, make another page than the one parsed.
    if (html !== parsedHtml || snapshot !== parsedSnapshot) {
      prepared = null;
      if (unitName !== undefined) results = resultsOfRead({ dom: null, html, snapshot, finalUrl: res.finalUrl }, r.evalDate, unitName);
    }
  }
  return fetchedAs(res, html, charset, snapshot, via, renderNote, results, prepared);
}

function fetchedAs(res: FetchResult, html: string | null, charset: string | null, snapshot: PageSnapshot | null, via: 'http' | 'browser',
  renderNote: string | null, results: StoredPageResults | null = null, prepared: PreparedPage | null = null): PageRead {
  return { kind: 'fetched', res, html, charset, snapshot, via, renderNote, results, prepared };
}

/**
 * Runs one request under a signal of its own that follows the crawl's: whatever registers on the
 * signal it is given (the limiter's waits, each attempt's listener) then goes with the request,
 * and one registration that is not removed cannot stay on the crawl's long-lived signal for the
 * whole crawl — memory growing with the pages.
 */
export async function withOwnSignal<T>(crawlSignal: AbortSignal | undefined, task: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!crawlSignal) return task(undefined);
  const own = new AbortController();
  const follow = () => own.abort(crawlSignal.reason);
  if (crawlSignal.aborted) follow();
  else crawlSignal.addEventListener('abort', follow, { once: true });
  try {
    return await task(own.signal);
  } finally {
    crawlSignal.removeEventListener('abort', follow);
  }
}
