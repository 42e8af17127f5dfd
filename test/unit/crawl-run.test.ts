/**
 * The crawl loop on small real sites: scope, robots.txt, link verdicts (HEAD answered wrongly,
 * bot blocks, dead hosts), and a unit whose server is down.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { linkVerdict } from '../../crawler/link-verdict.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { LinkCheckStore } from '../../store/link-checks.js';
import { unitPages } from '../../store/pages.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const html = (body: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="zh-CN"><head><title>测试</title></head><body>${body}</body></html>`);
};
const status = (code: number, headOnly = false) => (req: IncomingMessage, res: ServerResponse) => {
  if (headOnly && req.method !== 'HEAD') {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.4');
    return;
  }
  res.writeHead(code, { 'content-type': 'text/plain' });
  res.end(req.method === 'HEAD' ? undefined : 'x');
};

let site: TestServer;
let db: Db;
let runId: number;

beforeAll(async () => {
  const closed = await startServer({});
  const deadPort = closed.port;
  await closed.close(); // nothing listens there any more
  site = await startServer({
    '/robots.txt': (_q, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('User-agent: *\nDisallow: /zw/private/\n'); },
    '/zw/': html(`<a href="/zw/news/a.html">新闻一</a><a href="/zw/private/secret.html">内部</a><a href="/other-unit/x.html">别的单位</a>
      <a href="/zw/files/head-lies.pdf">附件一</a><a href="/zw/files/gone.pdf">附件二</a><a href="/zw/files/blocked.pdf">附件三</a>
      <a href="http://no-such-host.invalid/">外部网站</a>`),
    '/zw/news/a.html': html('<a href="/zw/">首页</a><a href="/zw/news/missing.html">坏链接</a>'),
    '/zw/private/secret.html': html('不应被抓取'),
    '/other-unit/x.html': html('不属于本单位'),
    '/zw/files/head-lies.pdf': status(404, true), // HEAD says 404, GET serves the file
    '/zw/files/gone.pdf': status(404),
    '/zw/files/blocked.pdf': status(403),
  });
  const config = validateConfig({
    name: '测试区',
    units: [
      { id: 'a', name: '甲局', type: 'department', url: `${site.url}/zw/` },
      { id: 'down', name: '乙局', type: 'department', url: `http://127.0.0.1:${deadPort}/` },
    ],
    crawl: { perHostDelayMs: 0, timeoutMs: 3000, a11yPagesPerUnit: 0 },
  });
  db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-crawl-')), 'db.sqlite'));
  runId = (await runCrawl(db, config, { evalDate: '2020-11-26' }, createProgress(process.stderr, { quiet: true }))).run.id;
}, 60_000);

afterAll(async () => {
  db?.close();
  await site?.close();
});

describe('crawl run', () => {
  it('stays in scope, respects robots.txt and never fetches a disallowed page', () => {
    const pages = [...unitPages(db, runId, 'a')];
    expect(pages.map((p) => new URL(p.url).pathname).sort()).toEqual(['/zw/', '/zw/news/a.html', '/zw/news/missing.html', '/zw/private/secret.html']);
    expect(pages.find((p) => p.url.endsWith('/private/secret.html'))?.error).toMatch(/robots\.txt 禁止抓取/);
    expect(site.requests.some((r) => r.path === '/zw/private/secret.html')).toBe(false);
    expect(site.requests.some((r) => r.path === '/other-unit/x.html' && r.method === 'GET')).toBe(false);
  });

  it('gives each link target a verdict that only counts proof as broken', () => {
    const verdicts = Object.fromEntries(new LinkCheckStore(db, runId).forUnit('a').map((c) => [c.href.replace(site.url, ''), c.verdict]));
    expect(verdicts['/zw/files/head-lies.pdf']).toBe('ok'); // confirmed by GET
    expect(verdicts['/zw/files/gone.pdf']).toBe('broken');
    expect(verdicts['/zw/news/missing.html']).toBe('broken');
    expect(verdicts['/zw/files/blocked.pdf']).toBe('doubt'); // bot protection is no proof
    expect(verdicts['http://no-such-host.invalid/']).toBe('doubt'); // third-party host
    expect(verdicts['/zw/private/secret.html']).toBe('skipped'); // robots.txt
    expect(verdicts['/other-unit/x.html']).toBe('ok'); // out of scope: checked, not crawled
  });

  it('records a unit whose server is down as a page error, and the run still finishes', () => {
    const [home] = [...unitPages(db, runId, 'down')];
    expect(home?.status).toBeNull();
    expect(home?.error).toMatch(/拒绝连接/);
    const run = db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string };
    expect(run.status).toBe('done');
  });
});

describe('link verdicts', () => {
  it.each([
    // A final 3xx: the redirects never reached a page (loop, too long, no Location): not proof either way.
    [200, null, false, 'ok'], [301, null, false, 'doubt'], [302, 'redirect-loop', false, 'doubt'], [404, null, false, 'broken'], [410, null, true, 'broken'],
    [500, null, false, 'broken'], [403, null, false, 'doubt'], [429, null, false, 'doubt'], [401, null, false, 'doubt'],
    [null, 'dns', false, 'broken'], [null, 'dns', true, 'doubt'], [null, 'refused', false, 'doubt'],
    [null, 'timeout', false, 'doubt'], [null, 'tls', false, 'doubt'],
  ] as const)('status %s error %s external %s → %s', (s, code, external, verdict) => {
    expect(linkVerdict({ status: s, errorCode: code, external })).toBe(verdict);
  });
});
