/**
 * The crawler's politeness for a page open in Chromium. Left to itself the browser sends its requests
 * (the document, scripts, styles, images, XHR) as fast as it likes; here every one of them is taken
 * over by a route handler that asks robots.txt, waits for a slot in the crawl's HostLimiter, makes the
 * request (route.fetch, in the browser's own context: its cookies and headers), and hands the answer
 * to the page (route.fulfill). So a rendered page counts against the same per-host and global limits,
 * delays and Crawl-delay as the HTTP crawler's own requests, and never fetches a Disallowed path.
 *
 * Redirects: Chromium follows a fulfilled redirect without routing the next hop, so hops are followed
 * here, each through the limiter. A subresource gets the final answer under its first address. The
 * main document must keep its real address (its relative links depend on it), so for a top-level
 * navigation the hop is handed back to the caller, which navigates there itself (renderPage).
 */
import type { APIResponse, Request, Route } from 'playwright-core';
import { parseRetryAfter } from '../fetch-page.js';
import type { HostLimiter } from '../host-limiter.js';

export interface BrowserPoliteness {
  limiter: HostLimiter;
  /** robots.txt for the crawl: false means the request is never sent. Errors count as false. */
  allowed?: (url: string) => boolean | Promise<boolean>;
}

/** Redirect hops followed for one subresource (the HTTP crawler allows 5 as well). */
export const MAX_SUBRESOURCE_REDIRECTS = 5;
/** A 429/503 without Retry-After still pauses its host this long. */
export const DEFAULT_SLOW_DOWN_MS = 1_000;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export type PoliteOutcome =
  /** The page got an answer, or the request was refused or failed (the page sees a network error). */
  | { kind: 'handled' }
  /** A top-level navigation answered with a redirect: the caller navigates to `url` itself. */
  | { kind: 'redirect'; url: string };

export interface PoliteRouteOptions {
  /** Per request, like the crawl's page timeout. */
  timeoutMs: number;
  /** Hand a redirect back instead of following it (the main document's first navigation). */
  returnRedirect: boolean;
  /** Aborts waiting for a slot (the page was closed). */
  signal?: AbortSignal;
}

async function isAllowed(p: BrowserPoliteness, url: string): Promise<boolean> {
  if (!p.allowed) return true;
  try {
    return await p.allowed(url);
  } catch {
    return false;
  }
}

/** Answers one routed request politely. Never throws. */
export async function fulfilPolitely(route: Route, request: Request, p: BrowserPoliteness, opts: PoliteRouteOptions): Promise<PoliteOutcome> {
  let url = request.url();
  if (!/^https?:/i.test(url)) {
    await route.fallback().catch(() => undefined);
    return { kind: 'handled' };
  }
  for (let hop = 0; ; hop++) {
    if (!(await isAllowed(p, url))) {
      await route.abort('blockedbyclient').catch(() => undefined);
      return { kind: 'handled' };
    }
    let response: APIResponse;
    let release: (() => void) | null = null;
    try {
      release = await p.limiter.acquire(url, opts.signal ? { signal: opts.signal } : {});
      response = await route.fetch({ url, maxRedirects: 0, timeout: opts.timeoutMs });
    } catch {
      release?.();
      await route.abort('failed').catch(() => undefined);
      return { kind: 'handled' };
    }
    release();
    const status = response.status();
    const headers = response.headers();
    if (status === 429 || status === 503) {
      const after = parseRetryAfter(headers['retry-after'], Date.now());
      p.limiter.pauseHost(url, after ?? DEFAULT_SLOW_DOWN_MS);
    }
    const location = headers['location'];
    if (REDIRECTS.has(status) && location !== undefined) {
      let next: string | null = null;
      try {
        next = new URL(location, url).href;
      } catch {
        next = null;
      }
      if (next !== null && /^https?:/i.test(next)) {
        await response.dispose().catch(() => undefined);
        if (opts.returnRedirect) {
          // 'aborted' keeps the current document; the caller navigates to the hop itself.
          await route.abort('aborted').catch(() => undefined);
          return { kind: 'redirect', url: next };
        }
        if (hop >= MAX_SUBRESOURCE_REDIRECTS) {
          await route.abort('failed').catch(() => undefined);
          return { kind: 'handled' };
        }
        url = next;
        continue;
      }
    }
    await route.fulfill({ response }).catch(() => undefined);
    await response.dispose().catch(() => undefined);
    return { kind: 'handled' };
  }
}
