/**
 * A page rendered with the crawl's politeness (polite-routing.ts): every request the browser makes
 * goes through the HostLimiter and robots.txt. A redirect of the first navigation is followed hop by
 * hop (each through the limiter) and the page keeps its real address; Disallowed subresources are
 * never sent. Counted by the real server. CI installs Chromium: without it this test fails with the
 * setup message instead of skipping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { BrowserPool } from '../../crawler/browser/pool.js';
import { renderPage } from '../../crawler/browser/render-page.js';
import { HostLimiter } from '../../crawler/host-limiter.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>列表</title>
<script src="/list.js" defer></script></head><body><ul id="list"></ul><img src="/private/pixel.gif" alt=""></body></html>`;
const LIST_JS = `document.addEventListener('DOMContentLoaded', function () {
  fetch('/api/items').then(function (r) { return r.json(); }).then(function (items) {
    items.forEach(function (t) { var li = document.createElement('li'); li.textContent = t; document.getElementById('list').appendChild(li); });
  });
  fetch('/private/track').catch(function () {});
});`;

let server: TestServer;
let pool: BrowserPool;

beforeAll(async () => {
  if (!findChromium(process.env)) throw new Error(chromiumMissingMessage(process.env));
  const send = (type: string, body: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  server = await startServer({
    '/start': (_req, res) => {
      res.writeHead(302, { location: '/col/' });
      res.end();
    },
    '/col/': send('text/html; charset=utf-8', PAGE),
    '/list.js': send('application/javascript', LIST_JS),
    '/api/items': send('application/json', JSON.stringify(['第一条', '第二条'])),
    '/private/pixel.gif': send('image/gif', 'GIF89a'),
    '/private/track': send('application/json', '{}'),
    // A TRS page: dozens of images, styles and scripts on its own host, all waiting for the host's slot.
    '/trs.html': send('text/html; charset=utf-8', `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>TRS</title></head><body>${
      Array.from({ length: 40 }, (_, i) => `<img src="/img/${i}.gif" alt="图${i}">`).join('')}</body></html>`),
    ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`/img/${i}.gif`, send('image/gif', 'GIF89a')])),
  });
  pool = new BrowserPool();
});

afterAll(async () => {
  await pool?.close();
  await server?.close();
});

describe('renderPage with politeness', () => {
  it('routes every request through the limiter and robots.txt, follows the redirect at its real address', async () => {
    const limiter = new HostLimiter({ concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 10 });
    const acquired: string[] = [];
    const acquire = limiter.acquire.bind(limiter);
    limiter.acquire = (url, opts) => {
      acquired.push(new URL(url).pathname);
      return acquire(url, opts);
    };
    const asked: string[] = [];
    const r = await renderPage(pool, `${server.url}/start`, {
      timeoutMs: 10_000,
      politeness: {
        limiter,
        allowed: (url) => {
          asked.push(new URL(url).pathname);
          return !new URL(url).pathname.startsWith('/private/');
        },
      },
    });
    expect(r.error).toBeNull();
    if (r.error !== null) return;
    expect(r.finalUrl).toBe(`${server.url}/col/`);
    expect(r.html).toContain('第二条');
    const served = server.requests.map((q) => q.path);
    expect(served.filter((p) => p.startsWith('/private/'))).toEqual([]);
    expect(asked).toEqual(expect.arrayContaining(['/private/pixel.gif', '/private/track']));
    // Every request the server saw was granted a slot first, one slot per request.
    expect([...acquired].sort()).toEqual([...served].sort());
    expect(served).toEqual(expect.arrayContaining(['/start', '/col/', '/list.js', '/api/items']));
    await limiter.onIdle();
    expect(limiter.pending).toBe(0);
  });

  it('a page whose many requests wait for one host\'s slot raises no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      // One request at a time with a delay: forty images queue on the page's own abort signal.
      const limiter = new HostLimiter({ concurrency: 1, perHostConcurrency: 1, perHostDelayMs: 5 });
      const r = await renderPage(pool, `${server.url}/trs.html`, { timeoutMs: 20_000, politeness: { limiter } });
      expect(r.error).toBeNull();
      await limiter.onIdle();
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });
});
