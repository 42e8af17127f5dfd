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
import { needsRendering, type RenderMode } from './browser/render-decision.js';
import { renderPage } from './browser/render-page.js';
import { dataproxyRequests, datastoreRecordCount, parseDataproxy } from './hanweb-dataproxy.js';
import type { HostLimiter } from './host-limiter.js';

export interface EnrichedPage {
  html: string;
  snapshot: PageSnapshot;
  via: 'http' | 'browser';
  /** zh-CN: why it was rendered, or why rendering was needed but failed. */
  renderNote: string | null;
}

/** At most this many Hanweb records per column are read (enough for freshness and sampling). */
const MAX_DATAPROXY_RECORDS = 200;

export async function renderIfNeeded(
  page: { url: string; html: string; snapshot: PageSnapshot },
  ctx: { mode: RenderMode; pool: BrowserPool; timeoutMs: number; evalDate: string },
): Promise<EnrichedPage> {
  const unchanged: EnrichedPage = { html: page.html, snapshot: page.snapshot, via: 'http', renderNote: null };
  const decision = needsRendering(page.html, page.snapshot, ctx.mode);
  if (!decision.render) return unchanged;
  const why = decision.reasons.join('；');
  try {
    const r = await renderPage(ctx.pool, page.url, { timeoutMs: ctx.timeoutMs });
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
  ctx: { limiter: HostLimiter; timeoutMs: number; evalDate: string; signal?: AbortSignal },
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
      xml = await ctx.limiter.run(req.url, async () => {
        const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(ctx.timeoutMs) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.text();
      });
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
