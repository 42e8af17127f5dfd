import { afterEach, describe, expect, it } from 'vitest';
import { fetchPage } from '../../crawler/fetch-page.js';
import { loadRobots } from '../../crawler/robots.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const fetcher = (url: string) => fetchPage(url, { timeoutMs: 5_000, retries: 0 });

function robotsServer(text: string): Promise<TestServer> {
  return startServer({
    '/robots.txt': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(text);
    },
  });
}

describe('loadRobots', () => {
  it('applies Disallow and Crawl-delay of the * group', async () => {
    server = await robotsServer(['User-agent: *', 'Disallow: /search/', 'Disallow: /admin', 'Crawl-delay: 2', 'Sitemap: http://example.gov.cn/sitemap.xml'].join('\n'));
    const rules = await loadRobots(server.url, fetcher);
    expect(rules.allowed(`${server.url}/xxgk/index.html`)).toBe(true);
    expect(rules.allowed(`${server.url}/search/?q=1`)).toBe(false);
    expect(rules.allowed(`${server.url}/admin/login.jsp`)).toBe(false);
    expect(rules.crawlDelayMs).toBe(2000);
    expect(rules.sitemaps).toEqual(['http://example.gov.cn/sitemap.xml']);
    expect(rules.note).toBeNull();
    expect(server.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('prefers a group naming Gongkai over *', async () => {
    server = await robotsServer(['User-agent: *', 'Disallow: /', '', 'User-agent: Gongkai', 'Disallow: /private/', 'Crawl-delay: 0.5'].join('\n'));
    const rules = await loadRobots(server.url, fetcher);
    expect(rules.allowed(`${server.url}/xxgk/`)).toBe(true);
    expect(rules.allowed(`${server.url}/private/a.html`)).toBe(false);
    expect(rules.crawlDelayMs).toBe(500);
  });

  it('a site that blocks every crawler blocks us too', async () => {
    server = await robotsServer('User-agent: *\nDisallow: /\n');
    const rules = await loadRobots(`${server.url}/`, fetcher);
    expect(rules.allowed(`${server.url}/`)).toBe(false);
    expect(rules.allowed(`${server.url}/index.html`)).toBe(false);
    expect(rules.crawlDelayMs).toBeNull();
  });

  it('applies the rules to the same host on another port or scheme, not to other hosts', async () => {
    server = await robotsServer('User-agent: *\nDisallow: /private/\n');
    const rules = await loadRobots(server.url, fetcher);
    expect(rules.allowed(`http://127.0.0.1:1/private/x`)).toBe(false);
    expect(rules.allowed(`http://other.example.gov.cn/private/x`)).toBe(true);
  });

  it('allows everything when robots.txt is missing (404)', async () => {
    server = await startServer({});
    const rules = await loadRobots(server.url, fetcher);
    expect(rules.allowed(`${server.url}/anything`)).toBe(true);
    expect(rules.crawlDelayMs).toBeNull();
    expect(rules.note).toBeNull();
  });

  it('allows everything on a server error, with a note', async () => {
    server = await startServer({ '/robots.txt': (_req, res) => { res.writeHead(500); res.end(); } });
    const rules = await loadRobots(server.url, fetcher);
    expect(rules.allowed(`${server.url}/anything`)).toBe(true);
    expect(rules.note).toMatch(/robots\.txt.*HTTP 500/);
  });

  it('allows everything when the host cannot be reached, with a note', async () => {
    const s = await startServer({});
    const origin = s.url;
    await s.close();
    const rules = await loadRobots(origin, fetcher);
    expect(rules.allowed(`${origin}/x`)).toBe(true);
    expect(rules.note).toMatch(/拒绝连接/);
  });
});
