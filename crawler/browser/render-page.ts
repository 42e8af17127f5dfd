/**
 * Renders one page in Chromium and returns the DOM as HTML, so the static extractors can read
 * lists that scripts build. Everything here fails soft: a page that cannot be rendered gives a
 * zh-CN `error` (the caller records `incomplete`), never an exception.
 *
 * Navigation policy: HTTP redirects of the first request are followed wherever they go (the site
 * chose them); after that the main frame may only move within the hosts seen so far (a script
 * redirect from `/` to `/col/col1/index.html` is common on government sites), never to another
 * site. Popups are closed, downloads refused, dialogs dismissed (by the pool).
 */
import type { Page, Request } from 'playwright-core';
import { browserMessages } from './messages.zh-CN.js';
import { setMaxListeners } from 'node:events';
import { fulfilPolitely, type BrowserPoliteness } from './polite-routing.js';
import { BrowserUnavailable, PageDeadlineExceeded } from './pool.js';
import type { BrowserPool } from './pool.js';

export interface RenderOptions {
  /** Navigation timeout (until DOMContentLoaded). */
  timeoutMs: number;
  /**
   * After DOMContentLoaded, how long at most to wait for the network to go idle and the DOM to
   * stop changing, so script-built lists appear (default 1500 ms).
   */
  settleMs?: number;
  /**
   * When the settle window ends while the page's own data requests (fetch / XMLHttpRequest) are
   * still under way, how much longer to wait for them (default 10 s, never past `timeoutMs`).
   */
  dataWaitMs?: number;
  /**
   * Work on the rendered page before it is closed (the a11y phase runs axe and takes screenshots
   * here, on the very DOM that was rendered). Its time counts against the page's deadline.
   */
  afterRender?: (page: Page, finalUrl: string) => Promise<void>;
  /** Extra time the afterRender work may take beyond the render itself. */
  afterRenderMs?: number;
  /**
   * The crawl's limits and robots.txt for every request the page makes (polite-routing.ts). Without it
   * the browser fetches on its own (`gongkai check FILE --render`, tests).
   */
  politeness?: BrowserPoliteness;
}

/** Redirect hops of the first navigation followed when the crawl's politeness routes the page. */
const MAX_NAVIGATION_REDIRECTS = 5;

export interface Rendered {
  /** The DOM after scripts ran, serialised. */
  html: string;
  /** Where the page ended up after redirects. */
  finalUrl: string;
  status: number;
  error: null;
}

export interface RenderFailure {
  /** zh-CN, one sentence. */
  error: string;
  /** HTTP status when a response came back (e.g. 404), else null. */
  status: number | null;
  finalUrl: string | null;
}

export type RenderResult = Rendered | RenderFailure;

export const DEFAULT_SETTLE_MS = 1_500;
/**
 * A list API slower than the settle window (a loaded site, or a polite crawl whose own requests
 * hold the host's slot) would otherwise leave the list out of the render: the column would look
 * empty or stale. So the render waits this much longer for the page's fetch/XHR requests to end;
 * a request that never ends (long polling, a dead analytics host) costs at most this.
 */
export const DEFAULT_DATA_WAIT_MS = 10_000;
/** After the last data request ended, time for the page's script to write what it received. */
const AFTER_DATA_QUIET_MS = 1_000;
/** The DOM counts as settled after this long without a mutation. */
const DOM_QUIET_MS = 200;
/** Slack for reading the DOM after the settle phase, before the pool's deadline fires. */
const CONTENT_SLACK_MS = 5_000;

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    // file: is for `gongkai check FILE --render`: a local page may load only local files.
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : u.protocol === 'file:' ? 'file:' : null;
  } catch {
    return null;
  }
}

/**
 * Loopback, private (RFC 1918), link-local and unique-local addresses, and `localhost`. Host names
 * are not resolved here: this guards against pages that name such addresses directly.
 */
export function isLocalAddress(host: string | null): boolean {
  if (!host) return false;
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return h === '::1' || /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/** Resolves once the DOM has been quiet for DOM_QUIET_MS, or after `capMs`. Runs in the page. */
async function waitDomQuiet(page: Page, capMs: number): Promise<void> {
  if (capMs <= 0) return;
  await page
    .evaluate(
      ({ quietMs, capMs }) =>
        new Promise<void>((resolve) => {
          let quietTimer = setTimeout(done, quietMs);
          const capTimer = setTimeout(done, capMs);
          const observer = new MutationObserver(() => {
            clearTimeout(quietTimer);
            quietTimer = setTimeout(done, quietMs);
          });
          observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: false });
          function done(): void {
            observer.disconnect();
            clearTimeout(quietTimer);
            clearTimeout(capTimer);
            resolve();
          }
        }),
      { quietMs: DOM_QUIET_MS, capMs },
    )
    .catch(() => undefined);
}

/** page.content() fails while a (same-site) script navigation is under way: wait and retry once. */
async function readContent(page: Page, timeoutMs: number): Promise<string> {
  try {
    return await page.content();
  } catch {
    await page.waitForLoadState('domcontentloaded', { timeout: timeoutMs }).catch(() => undefined);
    return page.content();
  }
}

function isMainFrameNavigation(page: Page, request: Request): boolean {
  try {
    return request.isNavigationRequest() && request.frame() === page.mainFrame();
  } catch {
    // Service-worker requests have no frame; they are blocked by the context anyway.
    return false;
  }
}

export async function renderPage(pool: BrowserPool, url: string, opts: RenderOptions): Promise<RenderResult> {
  const startHost = hostOf(url);
  if (startHost === null) return { error: browserMessages.renderFailed(url), status: null, finalUrl: null };
  const settleMs = Math.max(0, opts.settleMs ?? DEFAULT_SETTLE_MS);
  const timeoutMs = opts.timeoutMs;
  const dataWaitMs = Math.max(0, Math.min(opts.dataWaitMs ?? DEFAULT_DATA_WAIT_MS, timeoutMs));

  try {
    return await pool.withPage(
      async (page): Promise<RenderResult> => {
        const allowedHosts = new Set<string>([startHost]);
        const startLocal = startHost === 'file:' || isLocalAddress(startHost);
        // Popups would be new pages outside this page's request policy.
        await page.addInitScript('window.open = () => null;');
        let firstNavigationDone = false;
        let blockedHost: string | null = null;
        page.setDefaultTimeout(timeoutMs);
        page.setDefaultNavigationTimeout(timeoutMs);
        const politeness = opts.politeness;
        // A redirect of the first navigation, handed back by the polite route to be followed here.
        let navigationRedirect: string | null = null;
        // Requests still waiting for a slot give up when the page closes (deadline, end of render).
        // Each waiting request listens on this one signal: a TRS page queues dozens of images and
        // scripts for its host's slot, which is normal, not the leak Node's limit of 10 warns about.
        const closed = new AbortController();
        setMaxListeners(0, closed.signal);
        page.once('close', () => closed.abort());
        page.on('popup', (popup) => {
          popup.close({ runBeforeUnload: false }).catch(() => undefined);
        });
        // The page's data requests under way (the ones that fill script-built lists).
        const dataInFlight = new Set<Request>();
        page.on('request', (request) => {
          const type = request.resourceType();
          if (type === 'fetch' || type === 'xhr') dataInFlight.add(request);
        });
        page.on('requestfinished', (request) => dataInFlight.delete(request));
        page.on('requestfailed', (request) => dataInFlight.delete(request));
        await page.route('**/*', async (route, request) => {
          // A crawled page must not make the evaluator's browser reach into the local network.
          if (!startLocal && isLocalAddress(hostOf(request.url()))) return route.abort('blockedbyclient');
          if (isMainFrameNavigation(page, request)) {
            // A local file checked with --render may not lead the browser to other local files.
            if (startHost === 'file:' && firstNavigationDone) return route.abort('aborted');
            const host = hostOf(request.url());
            if (!firstNavigationDone && request.redirectedFrom() !== null && host !== null) {
              allowedHosts.add(host);
            } else if (host === null || !allowedHosts.has(host)) {
              blockedHost = host ?? request.url();
              // 'aborted' cancels the navigation and keeps the current document; any other
              // code would replace it with Chromium's error page.
              return route.abort('aborted');
            }
            if (politeness) {
              const outcome = await fulfilPolitely(route, request, politeness, { timeoutMs, returnRedirect: !firstNavigationDone, signal: closed.signal });
              if (outcome.kind === 'redirect') navigationRedirect = outcome.url;
              return;
            }
          }
          if (politeness) {
            await fulfilPolitely(route, request, politeness, { timeoutMs, returnRedirect: false, signal: closed.signal });
            return;
          }
          return route.fallback();
        });

        // goto waits only for the response; DOMContentLoaded is awaited through readyState below.
        // Playwright's own domcontentloaded wait never returns once a script navigation was
        // refused while the page was still parsing.
        const navigationStart = Date.now();
        let status: number;
        let target = url;
        for (let hop = 0; ; hop++) {
          navigationRedirect = null;
          try {
            const response = await page.goto(target, { waitUntil: 'commit', timeout: Math.max(1, timeoutMs - (Date.now() - navigationStart)) });
            if (response === null) return { error: browserMessages.renderNoResponse, status: null, finalUrl: page.url() };
            status = response.status();
            break;
          } catch (err) {
            // With politeness the route answers a redirect by handing it back (see polite-routing.ts):
            // follow it as a new navigation, so each hop waits for its slot and the page keeps its real address.
            const next: string | null = navigationRedirect;
            if (next === null || hop >= MAX_NAVIGATION_REDIRECTS) {
              return { error: describeGotoError(err, timeoutMs, blockedHost), status: null, finalUrl: null };
            }
            const nextHost = hostOf(next);
            if (nextHost === null) return { error: browserMessages.renderFailed(next), status: null, finalUrl: null };
            allowedHosts.add(nextHost);
            target = next;
          }
        }
        firstNavigationDone = true;
        const landedHost = hostOf(page.url());
        if (landedHost !== null) allowedHosts.add(landedHost);
        if (status >= 400) return { error: browserMessages.renderHttpStatus(status), status, finalUrl: page.url() };
        try {
          await page.waitForFunction(() => document.readyState !== 'loading', undefined, {
            timeout: Math.max(1, timeoutMs - (Date.now() - navigationStart)),
            polling: 100,
          });
        } catch (err) {
          return { error: describeGotoError(err, timeoutMs, null), status, finalUrl: page.url() };
        }

        const settleStart = Date.now();
        await page.waitForLoadState('networkidle', { timeout: Math.max(1, settleMs) }).catch(() => undefined);
        await waitDomQuiet(page, settleMs - (Date.now() - settleStart));
        if (dataInFlight.size > 0 && dataWaitMs > 0) {
          const waitEnd = Date.now() + dataWaitMs;
          while (dataInFlight.size > 0 && Date.now() < waitEnd) await new Promise((r) => setTimeout(r, 50));
          if (dataInFlight.size === 0) await waitDomQuiet(page, AFTER_DATA_QUIET_MS);
        }

        const html = await readContent(page, timeoutMs);
        const finalUrl = page.url();
        if (opts.afterRender) await opts.afterRender(page, finalUrl);
        return { html, finalUrl, status, error: null };
      },
      { deadlineMs: timeoutMs + settleMs + dataWaitMs + CONTENT_SLACK_MS + (opts.afterRender ? (opts.afterRenderMs ?? 60_000) : 0) },
    );
  } catch (err) {
    if (err instanceof BrowserUnavailable) return { error: err.reason, status: null, finalUrl: null };
    if (err instanceof PageDeadlineExceeded) return { error: browserMessages.renderScriptHung, status: null, finalUrl: null };
    return { error: describeGotoError(err, timeoutMs, null), status: null, finalUrl: null };
  }
}

function describeGotoError(err: unknown, timeoutMs: number, blockedHost: string | null): string {
  const name = err instanceof Error ? err.name : '';
  const text = err instanceof Error ? err.message : String(err);
  if (name === 'TimeoutError' || /Timeout \d+ms exceeded/i.test(text)) return browserMessages.renderTimeout(timeoutMs);
  if (/Download is starting/i.test(text)) return browserMessages.renderDownload;
  if (blockedHost !== null && /ERR_ABORTED/i.test(text)) return browserMessages.renderBlockedHost(blockedHost);
  if (/crash/i.test(text)) return browserMessages.renderCrashed;
  return browserMessages.renderFailed(firstLine(err));
}
