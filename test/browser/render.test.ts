/**
 * renderPage in real Chromium against pages served on 127.0.0.1. CI installs Chromium: when it is
 * missing these tests fail with the setup message instead of skipping.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { browserMessages } from '../../crawler/browser/messages.zh-CN.js';
import { BrowserPool } from '../../crawler/browser/pool.js';
import { renderPage } from '../../crawler/browser/render-page.js';
import type { RenderResult } from '../../crawler/browser/render-page.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const FIXTURES = new URL('../fixtures/browser/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const HTML = { 'content-type': 'text/html; charset=utf-8' };

/** A column page whose list a script fetches from `api` and writes into the page. */
const SLOW_API_PAGE = (api: string): string => `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>工作动态</title></head>
<body><h1>工作动态</h1><ul id="list"></ul><script>
fetch('${api}').then(function (r) { return r.json(); }).then(function (d) {
  d.list.forEach(function (it) { var li = document.createElement('li'); li.textContent = it.title + ' ' + it.pubDate; document.getElementById('list').appendChild(li); });
});
</script></body></html>`;

let server: TestServer;
let pool: BrowserPool;

beforeAll(async () => {
  if (!findChromium()) throw new Error(chromiumMissingMessage());
  server = await startServer({
    '/list.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end(fixture('script-list.html'));
    },
    '/csp.html': (_req, res) => {
      res.writeHead(200, { ...HTML, 'content-security-policy': "script-src 'self'" });
      res.end(fixture('csp-list.html'));
    },
    '/csp-list.js': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
      res.end(fixture('csp-list.js'));
    },
    // Headers and half a body, then nothing: DOMContentLoaded never comes.
    '/never.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.write('<!DOCTYPE html><html><head><title>加载中</title></head><body><p>正在加载');
    },
    // The document is complete but an image never arrives: the load event never fires.
    '/stalled-image.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end(fixture('script-list.html').replace('<h1>', '<img src="/stall.png" alt="横幅"><h1>'));
    },
    '/stall.png': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
    },
    '/moved': (_req, res) => {
      res.writeHead(302, { location: '/list.html' });
      res.end();
    },
    '/leave.html': (_req, res) => {
      res.writeHead(200, HTML);
      // localhost is another host than 127.0.0.1 as far as the browser is concerned.
      res.end(
        `<!DOCTYPE html><html><body><p id="marker">本站页面</p><script>location.href = 'http://localhost:${server.port}/list.html';</script></body></html>`,
      );
    },
    '/': (_req, res) => {
      res.writeHead(200, HTML);
      // The usual government home page that sends the browser on to the real index.
      res.end('<!DOCTYPE html><html><body><script>window.location.href = "/list.html";</script></body></html>');
    },
    // Loads fine, then a script never yields: even reading the DOM would hang.
    '/busy.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end('<!DOCTYPE html><html><body><p>繁忙</p><script>window.addEventListener("load", function () { setTimeout(function () { for (;;) {} }, 0); });</script></body></html>');
    },
    '/alert.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end('<!DOCTYPE html><html><body><script>alert("欢迎访问");document.body.insertAdjacentHTML("beforeend","<p id=after>弹窗之后</p>");</script></body></html>');
    },
    // The list comes from an API that answers after 2.5 s: longer than the settle window.
    '/slow-api.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end(SLOW_API_PAGE('/api/slow'));
    },
    '/api/slow': (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ list: [{ title: '关于延迟发布的列表接口的说明', pubDate: '2024-05-06' }] }));
      }, 2_500);
    },
    // A request that never ends (long polling): the render must not wait for it past the cap.
    '/hanging-api.html': (_req, res) => {
      res.writeHead(200, HTML);
      res.end(SLOW_API_PAGE('/api/hang').replace('<h1>', '<p id="static">静态内容</p><h1>'));
    },
    '/api/hang': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    },
    '/file.xls': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.ms-excel', 'content-disposition': 'attachment; filename="a.xls"' });
      res.end('not really a spreadsheet');
    },
  });
  pool = new BrowserPool({ maxPages: 2 });
}, 30_000);

afterAll(async () => {
  await pool?.close();
  await server?.close();
});

function rendered(result: RenderResult): string {
  if (result.error !== null) throw new Error(`expected a rendered page, got: ${result.error}`);
  return result.html;
}

describe('renderPage', () => {
  it('waits for a list that a script fills 300 ms after loading', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/list.html`, { timeoutMs: 10_000 });
    const html = rendered(result);
    expect(html).toContain('关于2024年春季防汛工作的通知');
    expect(html).toContain('关于公布政务服务事项清单的公告');
    expect(result.status).toBe(200);
    expect(result.finalUrl).toBe(`${server.url}/list.html`);
  });

  it('waits for a list API slower than the settle window', { timeout: 30_000 }, async () => {
    const html = rendered(await renderPage(pool, `${server.url}/slow-api.html`, { timeoutMs: 10_000 }));
    expect(html).toContain('关于延迟发布的列表接口的说明');
  });

  it('stops waiting for a data request that never ends at the cap, and keeps the page', { timeout: 30_000 }, async () => {
    const started = Date.now();
    const html = rendered(await renderPage(pool, `${server.url}/hanging-api.html`, { timeoutMs: 10_000, settleMs: 500, dataWaitMs: 1_500 }));
    const took = Date.now() - started;
    expect(html).toContain('静态内容');
    // settle 0.5 s + data wait 1.5 s, then read: well under the 10 s timeout (no wait for the request itself).
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(8_000);
  });

  it('renders a page with a strict CSP (script-src self)', { timeout: 30_000 }, async () => {
    const html = rendered(await renderPage(pool, `${server.url}/csp.html`, { timeoutMs: 10_000 }));
    expect(html).toContain('关于印发乡村振兴实施方案的通知');
  });

  it('gives up on a page that never finishes loading, with a zh-CN reason', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/never.html`, { timeoutMs: 1_500, settleMs: 500 });
    expect(result.error).toBe(browserMessages.renderTimeout(1_500));
  });

  it('reads the DOM even when a resource never arrives (settle is capped)', { timeout: 30_000 }, async () => {
    const html = rendered(await renderPage(pool, `${server.url}/stalled-image.html`, { timeoutMs: 10_000 }));
    expect(html).toContain('关于开展安全生产大检查的通知');
  });

  it('reports a 404 as an error with the status', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/missing.html`, { timeoutMs: 10_000 });
    expect(result.error).toBe(browserMessages.renderHttpStatus(404));
    expect(result.status).toBe(404);
  });

  it('follows HTTP redirects', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/moved`, { timeoutMs: 10_000 });
    expect(rendered(result)).toContain('关于2024年春季防汛工作的通知');
    expect(result.finalUrl).toBe(`${server.url}/list.html`);
  });

  it('does not follow a script navigation to another host', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/leave.html`, { timeoutMs: 10_000, settleMs: 800 });
    expect(rendered(result)).toContain('本站页面');
    expect(result.finalUrl).toBe(`${server.url}/leave.html`);
    expect(server.requests.some((r) => r.headers.host?.startsWith('localhost'))).toBe(false);
  });

  it('follows a script redirect within the same site', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/`, { timeoutMs: 10_000 });
    expect(rendered(result)).toContain('关于2024年春季防汛工作的通知');
    expect(result.finalUrl).toBe(`${server.url}/list.html`);
  });

  it('dismisses dialogs so scripts go on', { timeout: 30_000 }, async () => {
    expect(rendered(await renderPage(pool, `${server.url}/alert.html`, { timeoutMs: 10_000 }))).toContain('弹窗之后');
  });

  it('gives up on a page whose script never yields, and the pool goes on', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/busy.html`, { timeoutMs: 1_000, settleMs: 300 });
    // Which wait notices first depends on when the loop starts; either way a zh-CN error comes back.
    expect([browserMessages.renderScriptHung, browserMessages.renderTimeout(1_000)]).toContain(result.error);
    expect(rendered(await renderPage(pool, `${server.url}/list.html`, { timeoutMs: 10_000 }))).toContain('关于2024年春季防汛工作的通知');
  });

  it('refuses downloads', { timeout: 30_000 }, async () => {
    const result = await renderPage(pool, `${server.url}/file.xls`, { timeoutMs: 10_000 });
    expect(result.error).toBe(browserMessages.renderDownload);
  });

  it('turns a missing browser into an error result, not an exception', { timeout: 30_000 }, async () => {
    const missing = new BrowserPool({ env: { GONGKAI_CHROMIUM: '/nonexistent/chromium' } });
    const result = await renderPage(missing, `${server.url}/list.html`, { timeoutMs: 5_000 });
    expect(result.error).toContain('GONGKAI_CHROMIUM');
    await missing.close();
  });
});
