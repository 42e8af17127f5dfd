/**
 * BrowserPool in real Chromium. CI installs Chromium: when it is missing these tests fail with the
 * setup message instead of skipping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { BrowserPool, BrowserUnavailable, PageDeadlineExceeded } from '../../crawler/browser/pool.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const HTML = { 'content-type': 'text/html; charset=utf-8' };

let server: TestServer;
let pool: BrowserPool;

beforeAll(async () => {
  if (!findChromium()) throw new Error(chromiumMissingMessage());
  server = await startServer({
    '/page.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end('<!DOCTYPE html><html lang="zh-CN"><head><title>测试</title></head><body><p>政务公开</p></body></html>');
    },
    '/csp.html': (_req, res) => {
      res.writeHead(200, { ...HTML, 'content-security-policy': "script-src 'self'" });
      res.end('<!DOCTYPE html><html><body><p>严格的内容安全策略</p></body></html>');
    },
  });
  pool = new BrowserPool({ maxPages: 2, pagesPerContext: 3 });
}, 30_000);

afterAll(async () => {
  await pool?.close();
  await server?.close();
});

function browserOf(context: BrowserContext): Browser {
  const browser = context.browser();
  if (!browser) throw new Error('page has no browser');
  return browser;
}

describe('BrowserPool', () => {
  it('launches lazily and gives pages with a zh-CN locale and a 1280×900 viewport', { timeout: 30_000 }, async () => {
    expect(pool.launchCount).toBe(0);
    expect(await pool.available()).toBe(true);
    expect(pool.unavailableReason).toBeNull();
    const seen = await pool.withPage(async (page) => {
      await page.goto(`${server.url}/page.html`);
      return page.evaluate(() => ({ lang: navigator.language, width: innerWidth, height: innerHeight, text: document.body.textContent }));
    });
    expect(seen).toEqual({ lang: 'zh-CN', width: 1280, height: 900, text: '政务公开' });
    expect(pool.launchCount).toBe(1);
  });

  it('lets tools inject scripts into a page with a strict CSP', { timeout: 30_000 }, async () => {
    const injected = await pool.withPage(async (page) => {
      await page.goto(`${server.url}/csp.html`);
      await page.addScriptTag({ content: 'window.__gongkaiProbe = "已注入";' });
      return page.evaluate(() => (window as unknown as { __gongkaiProbe?: string }).__gongkaiProbe);
    });
    expect(injected).toBe('已注入');
  });

  it('replaces the context after pagesPerContext pages and closes the old ones', { timeout: 30_000 }, async () => {
    const contexts: BrowserContext[] = [];
    let browser: Browser | null = null;
    for (let i = 0; i < 7; i++) {
      await pool.withPage(async (page) => {
        contexts.push(page.context());
        browser = browserOf(page.context());
        await page.goto(`${server.url}/page.html`);
      });
    }
    const distinct = new Set(contexts);
    // The first test used 2 pages of the first context; 7 more pages at 3 per context.
    expect(distinct.size).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < contexts.length; i++) {
      if (contexts[i] !== contexts[i - 1]) expect(contexts.slice(0, i)).not.toContain(contexts[i]);
    }
    const counts = [...distinct].map((c) => contexts.filter((x) => x === c).length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    // Only the current context is still open.
    expect(browser!.contexts().length).toBe(1);
  });

  it('never has more than maxPages pages open at once', { timeout: 30_000 }, async () => {
    const total = 5;
    let active = 0;
    let maxActive = 0;
    let entered = 0;
    const waiters: Array<() => void> = [];
    // Each task waits until a second one is inside (or no more can come), then leaves.
    const barrier = (): Promise<void> => {
      if (active >= 2 || entered === total) {
        waiters.splice(0).forEach((w) => w());
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiters.push(resolve));
    };
    await Promise.all(
      Array.from({ length: total }, () =>
        pool.withPage(async (page) => {
          active++;
          entered++;
          maxActive = Math.max(maxActive, active);
          const open = page.context().pages().length;
          maxActive = Math.max(maxActive, open);
          await barrier();
          active--;
        }),
      ),
    );
    expect(entered).toBe(total);
    expect(maxActive).toBe(2);
  });

  it('closes the page and rejects when the callback passes its deadline', { timeout: 30_000 }, async () => {
    let closed: Promise<void> | null = null;
    const hanging = pool.withPage(
      async (page) => {
        closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
        await page.evaluate(() => new Promise<void>(() => undefined));
      },
      { deadlineMs: 2_000 },
    );
    await expect(hanging).rejects.toBeInstanceOf(PageDeadlineExceeded);
    // The page the callback was stuck in gets closed (the test times out if it never is).
    expect(closed).not.toBeNull();
    await closed;
    // The pool still works afterwards.
    expect(await pool.withPage(async (page) => (await page.goto(`${server.url}/page.html`))?.status())).toBe(200);
  });

  it('relaunches a crashed browser on the next call', { timeout: 30_000 }, async () => {
    const before = pool.launchCount;
    const crashed = await pool.withPage(async (page) => {
      const browser = browserOf(page.context());
      const disconnected = new Promise<void>((resolve) => browser.once('disconnected', () => resolve()));
      const cdp = await browser.newBrowserCDPSession();
      await cdp.send('Browser.crash').catch(() => undefined);
      await disconnected;
      return browser;
    }).catch((err: unknown) => err);
    // Whether the callback returns (the browser it had, now gone) or fails as the browser dies,
    // the next call gets a new browser.
    if (crashed instanceof Error) expect(crashed.message).not.toBe('');
    else expect((crashed as { isConnected(): boolean }).isConnected()).toBe(false);
    const status = await pool.withPage(async (page) => (await page.goto(`${server.url}/page.html`))?.status());
    expect(status).toBe(200);
    expect(pool.launchCount).toBe(before + 1);
  });
});

describe('BrowserPool without a usable Chromium', () => {
  it('is unavailable with a zh-CN reason when GONGKAI_CHROMIUM points nowhere', async () => {
    const missing = new BrowserPool({ env: { GONGKAI_CHROMIUM: '/nonexistent/chromium' } });
    expect(await missing.available()).toBe(false);
    expect(missing.unavailableReason).toContain('/nonexistent/chromium');
    await expect(missing.withPage(async () => 'never')).rejects.toBeInstanceOf(BrowserUnavailable);
    await missing.close();
  });

  it('is unavailable when the executable is not a browser', { timeout: 30_000 }, async () => {
    const broken = new BrowserPool({ env: { GONGKAI_CHROMIUM: '/bin/false' }, launchTimeoutMs: 10_000 });
    expect(await broken.available()).toBe(false);
    expect(broken.unavailableReason).toMatch(/^Chromium 浏览器无法启动/);
    const err = await broken.withPage(async () => 'never').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserUnavailable);
    expect((err as BrowserUnavailable).reason).toBe(broken.unavailableReason);
    await broken.close();
  });

  it('refuses pages after close()', async () => {
    const closing = new BrowserPool({ env: { GONGKAI_CHROMIUM: '/nonexistent/chromium' } });
    await closing.close();
    expect(await closing.available()).toBe(false);
    await expect(closing.withPage(async () => 'never')).rejects.toBeInstanceOf(BrowserUnavailable);
  });
});
