/**
 * What the crawler adds to a page's static HTML before it is stored: a browser rendering when the
 * list is built by script (render 'auto' decides, 'always' forces), and the further batches of a
 * Hanweb column read straight from its dataproxy.jsp (XML), so such columns are complete without a
 * browser. Failures become a note on the page (needs review), never a crash.
 */
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import type { DatedItem, PageSnapshot } from '../rules/types.js';
import { BrowserUnavailable, type BrowserPool } from './browser/pool.js';
import { needsRendering, type RenderDecision, type RenderMode } from './browser/render-decision.js';
import type { BrowserPoliteness } from './browser/polite-routing.js';
import { renderPage } from './browser/render-page.js';
import { dataproxyRequests, datastoreRecordCount, parseDataproxy } from './hanweb-dataproxy.js';
import type { HostLimiter } from './host-limiter.js';
import { decodeHtml } from './decode.js';
import { parseRetryAfter, USER_AGENT } from './fetch-page.js';

export interface EnrichedPage {
  html: string;
  snapshot: PageSnapshot;
  via: 'http' | 'browser';
  /** zh-CN: why it was rendered, or why rendering was needed but failed. */
  renderNote: string | null;
}

/** A dataproxy answer larger than this is not a list batch: stop reading. */
const MAX_DATAPROXY_BYTES = 2 * 1024 * 1024;

/**
 * One dataproxy POST, as politely and safely as the HTTP crawler's own fetches: Gongkai's
 * User-Agent, no redirects followed, a capped body, decoded by header, meta or sniffing (GBK sites).
 */
async function postForm(req: { url: string; headers: Record<string, string>; body: string }, timeoutMs: number, limiter: HostLimiter): Promise<string> {
  const res = await fetch(req.url, {
    method: 'POST', headers: { ...req.headers, 'user-agent': USER_AGENT }, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status === 429 || res.status === 503) {
    // The server asks us to slow down: the whole host waits, the pages' own fetches included.
    limiter.pauseHost(req.url, parseRetryAfter(res.headers.get('retry-after') ?? undefined, Date.now()) ?? DEFAULT_SLOW_DOWN_MS);
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${res.status}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DATAPROXY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new Error('too large');
    }
    chunks.push(Buffer.from(value));
  }
  return decodeHtml(Buffer.concat(chunks), res.headers.get('content-type')).html;
}

/** A 429/503 without Retry-After still pauses its host this long. */
const DEFAULT_SLOW_DOWN_MS = 1_000;

/** At most this many Hanweb records per column are read (enough for freshness and sampling). */
const MAX_DATAPROXY_RECORDS = 200;

export async function renderIfNeeded(
  page: { url: string; html: string; snapshot: PageSnapshot },
  ctx: { mode: RenderMode; pool: BrowserPool; timeoutMs: number; evalDate: string; politeness?: BrowserPoliteness;
    /** The decision already made on the page's parse (page-analysis.ts), for this `mode`. */
    decided?: RenderDecision | null },
): Promise<EnrichedPage> {
  const unchanged: EnrichedPage = { html: page.html, snapshot: page.snapshot, via: 'http', renderNote: null };
  const decision = ctx.decided ?? needsRendering(page.html, page.snapshot, ctx.mode);
  if (!decision.render) return unchanged;
  const why = decision.reasons.join('；');
  try {
    // With politeness every request of the rendered page goes through the crawl's limiter and robots.txt.
    const r = await renderPage(ctx.pool, page.url, { timeoutMs: ctx.timeoutMs, ...(ctx.politeness ? { politeness: ctx.politeness } : {}) });
    if (r.error !== null) return { ...unchanged, renderNote: `页面内容由脚本生成（${why}），但浏览器渲染失败：${r.error}` };
    const snapshot = extractSnapshot(cheerioDomView(r.html, r.finalUrl), r.finalUrl, { refDate: ctx.evalDate });
    return { html: r.html, snapshot, via: 'browser', renderNote: `已用浏览器渲染（${why}）` };
  } catch (err) {
    const reason = err instanceof BrowserUnavailable ? err.reason : err instanceof Error ? err.message : String(err);
    return { ...unchanged, renderNote: `页面内容由脚本生成（${why}），但未能用浏览器渲染：${reason}` };
  }
}

/** Adds the records a Hanweb column serves through dataproxy.jsp beyond its first, in-page batch. */
export async function readHanwebBatches(
  page: { url: string; html: string; snapshot: PageSnapshot },
  ctx: { limiter: HostLimiter; timeoutMs: number; evalDate: string; signal?: AbortSignal; allowed?: (url: string) => boolean },
): Promise<PageSnapshot> {
  const hanweb = page.snapshot.hanweb;
  if (!hanweb) return page.snapshot;
  const requests = dataproxyRequests(page.url, hanweb, { maxRecords: MAX_DATAPROXY_RECORDS, inPageRecords: datastoreRecordCount(page.html) });
  const items: DatedItem[] = [...page.snapshot.datedItems];
  const seen = new Set(items.map((i) => `${i.href}\n${i.title}`));
  for (const req of requests) {
    if (ctx.signal?.aborted) break;
    let xml: string;
    try {
      if (ctx.allowed && !ctx.allowed(req.url)) break; // robots.txt
      xml = await ctx.limiter.run(req.url, () => postForm(req, ctx.timeoutMs, ctx.limiter));
    } catch {
      break; // the in-page batch still stands; the rest of the list is simply not read
    }
    const parsed = parseDataproxy(xml, page.url, ctx.evalDate);
    for (const item of parsed.items) {
      const key = `${item.href}\n${item.title}`;
      if (!seen.has(key)) {
        seen.add(key);
        items.push(item);
      }
    }
    if (parsed.recordCount < req.endRecord - req.startRecord + 1) break;
  }
  return items.length === page.snapshot.datedItems.length ? page.snapshot : { ...page.snapshot, datedItems: items };
}
