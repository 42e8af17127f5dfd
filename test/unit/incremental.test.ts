/**
 * The parts of incremental crawls: conditional fetches against a real server on 127.0.0.1, the
 * choice of the run to build on, which pages are always fetched in full, when a stored snapshot
 * still reads the same, the attachment store's carry-over, the demo server's validators, the config
 * field, and migration 5 on an old database file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, incrementalOf, validateConfig, type Config } from '../../crawler/config.js';
import { fetchPage } from '../../crawler/fetch-page.js';
import { alwaysFetchInFull, IncrementalCrawl, previousRunOf, snapshotReadsTheSame } from '../../crawler/incremental.js';
import { AttachmentStore } from '../../store/attachments.js';
import { openStore, type Db } from '../../store/db.js';
import { MIGRATIONS } from '../../store/migrations.js';
import { savePage, unitPages } from '../../store/pages.js';
import { configHash, createRun, setRunStatus, type RunRow } from '../../store/runs.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import type { PageSnapshot } from '../../rules/types.js';
import { startDemoDistrict } from '../demo-district/server.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const FAST = { timeoutMs: 5_000, retryBaseDelayMs: 5, retryMaxDelayMs: 20 };
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'gk-incr-')), 'db.sqlite');

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const ETAG = '"v1-abc"';
const LAST_MODIFIED = 'Wed, 25 Nov 2020 08:00:00 GMT';

/** A page that honours If-None-Match and If-Modified-Since the way RFC 9110 says. */
function conditionalPage(body: string) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const inm = req.headers['if-none-match'];
    const fresh = inm !== undefined ? inm === ETAG : req.headers['if-modified-since'] === LAST_MODIFIED;
    if (fresh) {
      res.writeHead(304, { etag: ETAG, 'last-modified': LAST_MODIFIED });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED });
    res.end(body);
  };
}

describe('fetchPage with validators', () => {
  it('sends If-None-Match and If-Modified-Since, and takes a 304 as success without a body', async () => {
    server = await startServer({ '/a.html': conditionalPage('<html><body>正文</body></html>') });
    const r = await fetchPage(`${server.url}/a.html`, { ...FAST, conditional: { etag: ETAG, lastModified: LAST_MODIFIED } });
    expect(r.status).toBe(304);
    expect(r.body).toBeNull();
    expect(r.error).toBeNull();
    expect(r.redirects).toEqual([]);
    expect(r.attempts).toBe(1);
    expect(r.headers['etag']).toBe(ETAG);
    expect(r.headers['last-modified']).toBe(LAST_MODIFIED);
    expect(server.requests).toHaveLength(1); // neither retried nor followed
    expect(server.requests[0]?.headers['if-none-match']).toBe(ETAG);
    expect(server.requests[0]?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('gets the full page when the validators no longer match, and sends none when it holds none', async () => {
    server = await startServer({ '/a.html': conditionalPage('<html><body>新的正文</body></html>') });
    const stale = await fetchPage(`${server.url}/a.html`, { ...FAST, conditional: { etag: '"old"', lastModified: null } });
    expect(stale.status).toBe(200);
    expect(stale.body?.toString('utf8')).toContain('新的正文');
    expect(stale.headers['etag']).toBe(ETAG);
    expect(server.requests[0]?.headers['if-modified-since']).toBeUndefined();

    const plain = await fetchPage(`${server.url}/a.html`, { ...FAST, conditional: { etag: null, lastModified: '  ' } });
    expect(plain.status).toBe(200);
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests[1]?.headers['if-modified-since']).toBeUndefined();
  });

  it('asks only the URL the validators belong to, not a redirect target', async () => {
    server = await startServer({
      '/old.html': (_req, res) => { res.writeHead(301, { location: '/new.html' }); res.end(); },
      '/new.html': conditionalPage('<html><body>迁移后的页面</body></html>'),
    });
    const r = await fetchPage(`${server.url}/old.html`, { ...FAST, conditional: { etag: ETAG, lastModified: LAST_MODIFIED } });
    expect(r.status).toBe(200);
    expect(r.body?.toString('utf8')).toContain('迁移后的页面');
    expect(server.requests[0]?.headers['if-none-match']).toBe(ETAG);
    expect(server.requests[1]?.path).toBe('/new.html');
    expect(server.requests[1]?.headers['if-none-match']).toBeUndefined();
    expect(server.requests[1]?.headers['if-modified-since']).toBeUndefined();
  });

  it('says notModified only for a 304 to our own validators, not to a redirect target or a bare request', async () => {
    const bare304 = (_req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => { res.writeHead(304); res.end(); };
    server = await startServer({
      '/a.html': conditionalPage('<html><body>正文</body></html>'),
      '/moved.html': (_req, res) => { res.writeHead(302, { location: '/odd.html' }); res.end(); },
      '/odd.html': bare304,
    });
    const asked = await fetchPage(`${server.url}/a.html`, { ...FAST, conditional: { etag: ETAG, lastModified: null } });
    expect([asked.status, asked.notModified]).toEqual([304, true]);
    const viaRedirect = await fetchPage(`${server.url}/moved.html`, { ...FAST, conditional: { etag: ETAG, lastModified: null } });
    expect([viaRedirect.status, viaRedirect.notModified]).toEqual([304, false]);
    const unasked = await fetchPage(`${server.url}/odd.html`, FAST);
    expect([unasked.status, unasked.notModified]).toEqual([304, false]);
  });

  it('keeps the validators of a conditional request through a retry', async () => {
    let calls = 0;
    server = await startServer({
      '/a.html': (req, res) => {
        calls += 1;
        if (calls === 1) { res.writeHead(503); res.end(); return; }
        conditionalPage('x')(req, res);
      },
    });
    const r = await fetchPage(`${server.url}/a.html`, { ...FAST, conditional: { etag: ETAG } });
    expect(r.status).toBe(304);
    expect(r.attempts).toBe(2);
    expect(server.requests.map((q) => q.headers['if-none-match'])).toEqual([ETAG, ETAG]);
  });
});

const baseConfig = {
  name: '测试区',
  units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.test/' }],
};

function finishedRun(db: Db, config: Config, evalDate = '2020-11-25', status: 'done' | 'failed' = 'done'): RunRow {
  const run = createRun(db, config, [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.test/', scope: [] }], evalDate, 'v1');
  setRunStatus(db, run.id, status);
  return { ...run, status };
}

describe('previousRunOf', () => {
  it('is the previous finished run of the same crawl, ignoring the watchdog and the incremental switch', () => {
    const db = openStore(tmpDb());
    const config = validateConfig(baseConfig);
    const first = finishedRun(db, config);
    finishedRun(db, config, '2020-11-25', 'failed'); // an unfinished night in between is skipped
    const tonight = createRun(db, validateConfig({ ...baseConfig, crawl: { watchdogMs: 60_000, incremental: false } }), [], '2020-11-26', 'v1');
    expect(previousRunOf(db, tonight)?.id).toBe(first.id);
    db.close();
  });

  it('is none when the previous finished run crawled another district or other units or settings', () => {
    const db = openStore(tmpDb());
    const config = validateConfig(baseConfig);
    finishedRun(db, validateConfig({ ...baseConfig, name: '另一区' }));
    expect(previousRunOf(db, createRun(db, config, [], '2020-11-26', 'v1'))).toBeUndefined();

    finishedRun(db, validateConfig({ ...baseConfig, crawl: { maxPagesPerUnit: 10 } }));
    expect(previousRunOf(db, createRun(db, config, [], '2020-11-26', 'v1'))).toBeUndefined();

    finishedRun(db, validateConfig({ ...baseConfig, units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://other.test/' }] }));
    expect(previousRunOf(db, createRun(db, config, [], '2020-11-26', 'v1'))).toBeUndefined();
    db.close();
  });

  it('is none on the first night, and IncrementalCrawl.forRun is off when the config says so', () => {
    const db = openStore(tmpDb());
    const config = validateConfig(baseConfig);
    expect(previousRunOf(db, createRun(db, config, [], '2020-11-25', 'v1'))).toBeUndefined();
    finishedRun(db, config);
    const on = createRun(db, config, [], '2020-11-26', 'v1');
    expect(IncrementalCrawl.forRun(db, on)).not.toBeNull();
    const off = createRun(db, validateConfig({ ...baseConfig, crawl: { incremental: false } }), [], '2020-11-26', 'v1');
    expect(IncrementalCrawl.forRun(db, off)).toBeNull();
    db.close();
  });
});

function snapshot(over: Partial<PageSnapshot>): PageSnapshot {
  return {
    url: 'http://a.test/art/1.html', title: '标题', lang: 'zh-CN', meta: {}, links: [], images: [], headings: [], text: '正文',
    datedItems: [], pubDate: '2020-11-20', columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null,
    isListPage: false, isArticle: true, ...over,
  };
}

describe('alwaysFetchInFull', () => {
  const page = (previous: PageSnapshot | null, depth = 2, url = 'http://a.test/art/1.html') => ({ url, depth, homeUrl: 'http://a.test/', previous });

  it('fetches home pages, list pages and pages never seen in full', () => {
    expect(alwaysFetchInFull(page(snapshot({}), 0))).toBe(true);
    expect(alwaysFetchInFull(page(snapshot({}), 1, 'http://a.test/'))).toBe(true);
    expect(alwaysFetchInFull(page(null))).toBe(true);
    expect(alwaysFetchInFull(page(snapshot({ isListPage: true, isArticle: false })))).toBe(true);
    expect(alwaysFetchInFull(page(snapshot({ paginationLinks: ['http://a.test/list/index_1.html'] })))).toBe(true);
    expect(alwaysFetchInFull(page(snapshot({ hanweb: { columnId: '123' } })))).toBe(true);
    const items = [{ title: '通知', href: 'http://a.test/art/2.html', date: '2020-11-01' }];
    expect(alwaysFetchInFull(page(snapshot({ datedItems: items, isArticle: false, pubDate: null })))).toBe(true);
  });

  it('asks about an article, also one whose date line reads as a dated item', () => {
    expect(alwaysFetchInFull(page(snapshot({})))).toBe(false);
    const ownDate = [{ title: '工作动态', href: 'http://a.test/gzdt/', date: '2020-11-20' }];
    expect(alwaysFetchInFull(page(snapshot({ datedItems: ownDate })))).toBe(false);
  });

  // Read from real markup: a TRS-style article whose 相关文章 block has three dated links reads as a
  // list to the snapshot; its ArticleTitle meta keeps it an article. A list page of three items does not have one.
  const related = (n: number) => Array.from({ length: n }, (_, i) =>
    `<li><a href="/gzdt/202011/t2020111${i}_${i}.html">关于做好第${i + 1}项工作的通知</a><span>2020-11-1${i}</span></li>`).join('');
  const read = (html: string, url: string) => extractSnapshot(cheerioDomView(html, url), url, { refDate: '2020-11-26' });

  it('asks about an article page with a 相关文章 block, by its ArticleTitle meta', () => {
    const url = 'http://a.test/gzdt/202011/t20201120_7.html';
    const html = `<html><head><title>工作动态</title><meta name="ArticleTitle" content="区发改局召开会议"><meta name="PubDate" content="2020-11-20 09:00">
      </head><body><h1>区发改局召开会议</h1><div class="info">发布日期：2020-11-20</div><div class="TRS_Editor"><p>会议内容。</p></div>
      <div class="related"><h3>相关文章</h3><ul>${related(3)}</ul></div></body></html>`;
    const s = read(html, url);
    expect(s.isListPage).toBe(true);
    expect(alwaysFetchInFull(page(s, 2, url))).toBe(false);
    // The same page without the meta is judged by its layout: a list, always fetched.
    expect(alwaysFetchInFull(page(read(html.replace(/<meta name="ArticleTitle"[^>]*>/, ''), url), 2, url))).toBe(true);
  });

  it('fetches a three-item list page in full', () => {
    const url = 'http://a.test/gzdt/index.html';
    const html = `<html><head><title>工作动态</title><meta name="ColumnName" content="工作动态"></head><body><ul>${related(3)}</ul></body></html>`;
    const s = read(html, url);
    expect(s.isListPage).toBe(true);
    expect(alwaysFetchInFull(page(s, 1, url))).toBe(true);
  });
});

describe('snapshotReadsTheSame', () => {
  it('keeps a snapshot whose dates cannot move with the evaluation date', () => {
    expect(snapshotReadsTheSame(snapshot({ pubDate: '2020-11-20' }), '2020-11-26', '2020-11-27')).toBe(true);
    expect(snapshotReadsTheSame(snapshot({ pubDate: '2015-03-01' }), '2020-11-26', '2020-11-27')).toBe(true);
    expect(snapshotReadsTheSame(snapshot({ pubDate: '2019-11-28' }), '2020-11-26', '2020-11-26')).toBe(true);
  });

  it('reads the page again when a year-less date would now be placed in another year', () => {
    // 「11-28」 on 2020-11-26 is 2019-11-28 (the latest not after the next day); on 2020-11-27 it is 2020-11-28.
    expect(snapshotReadsTheSame(snapshot({ pubDate: '2019-11-28' }), '2020-11-26', '2020-11-27')).toBe(false);
    const items = [{ title: '旧闻', href: '', date: '2019-11-28' }];
    expect(snapshotReadsTheSame(snapshot({ pubDate: null, datedItems: items }), '2020-11-26', '2020-11-27')).toBe(false);
    // Evaluating an earlier date than the stored snapshot's moves year-less dates back.
    expect(snapshotReadsTheSame(snapshot({ pubDate: '2020-11-27' }), '2020-11-26', '2020-11-25')).toBe(false);
  });
});

describe('IncrementalCrawl', () => {
  const unit = [{ id: 'a', name: '甲局', type: 'department' as const, url: 'http://a.test/', scope: [] }];
  const page = (url: string, over: Partial<Parameters<typeof savePage>[2]> = {}) => ({
    unitId: 'a', url, finalUrl: url, status: 200, contentType: 'text/html', charset: 'utf-8', fetchedAt: '2020-11-25T01:00:00Z',
    redirects: [], error: null, depth: 2, snapshot: snapshot({ url }), html: `<html><body>${url}</body></html>`, etag: '"e1"', lastModified: null, ...over,
  });

  it('offers validators only for cleanly read articles that carried one, and copies the row on 304', () => {
    const db = openStore(tmpDb());
    const config = validateConfig(baseConfig);
    const first = createRun(db, config, unit, '2020-11-25', 'v1');
    savePage(db, first.id, page('http://a.test/art/1.html'));
    savePage(db, first.id, page('http://a.test/art/2.html', { etag: null }));
    savePage(db, first.id, page('http://a.test/art/3.html', { status: 404 }));
    savePage(db, first.id, page('http://a.test/art/4.html', { finalUrl: 'http://a.test/art/4b.html', redirects: [{ url: 'http://a.test/art/4.html', status: 301 }] }));
    savePage(db, first.id, page('http://a.test/art/5.html', { via: 'browser' }));
    savePage(db, first.id, page('http://a.test/list/', { snapshot: snapshot({ url: 'http://a.test/list/', isListPage: true }) }));
    setRunStatus(db, first.id, 'done');

    const tonight = createRun(db, config, unit, '2020-11-25', 'v1');
    const inc = IncrementalCrawl.forRun(db, tonight);
    expect(inc?.previous.id).toBe(first.id);
    const home = 'http://a.test/';
    expect(inc!.previousPage('a', 'http://a.test/art/1.html', 2, home)).toMatchObject({ etag: '"e1"', lastModified: null });
    for (const url of ['http://a.test/art/2.html', 'http://a.test/art/3.html', 'http://a.test/art/4.html', 'http://a.test/art/5.html', 'http://a.test/list/', 'http://a.test/new.html']) {
      expect(inc!.previousPage('a', url, 2, home), url).toBeNull();
    }

    const previous = inc!.previousPage('a', 'http://a.test/art/1.html', 3, home)!;
    const snap = inc!.carryOver('a', 'http://a.test/art/1.html', previous, { fetchedAt: '2020-11-26T01:00:00Z', depth: 3, etag: null, lastModified: 'x' });
    expect(snap?.url).toBe('http://a.test/art/1.html');
    const [carried] = [...unitPages(db, tonight.id, 'a', { withHtml: true })];
    expect(carried).toMatchObject({
      url: 'http://a.test/art/1.html', status: 200, depth: 3, fetchedAt: '2020-11-26T01:00:00Z', reusedFrom: first.id,
      etag: '"e1"', lastModified: 'x', html: '<html><body>http://a.test/art/1.html</body></html>',
    });
    expect(inc!.reusedCounts()).toEqual({ pages: 1, attachments: 0 });
    db.close();
  });

  it('re-reads the stored HTML when the evaluation date could move one of its dates', () => {
    const db = openStore(tmpDb());
    const config = validateConfig(baseConfig);
    const first = createRun(db, config, unit, '2020-11-26', 'v1');
    const html = '<html lang="zh-CN"><head><title>通知</title><meta name="PubDate" content="11-28"></head><body><h1>通知</h1><p>正文内容。</p></body></html>';
    // The stored snapshot says 2019-11-28, as extraction on 2020-11-26 placed the year-less 11-28.
    savePage(db, first.id, page('http://a.test/art/1.html', { html, snapshot: snapshot({ url: 'http://a.test/art/1.html', pubDate: '2019-11-28' }) }));
    setRunStatus(db, first.id, 'done');
    const tonight = createRun(db, config, unit, '2020-11-27', 'v1');
    const inc = IncrementalCrawl.forRun(db, tonight)!;
    const previous = inc.previousPage('a', 'http://a.test/art/1.html', 2, 'http://a.test/')!;
    const snap = inc.carryOver('a', 'http://a.test/art/1.html', previous, { fetchedAt: 't', depth: 2, etag: null, lastModified: null });
    expect(snap?.pubDate).toBe('2020-11-28');
    expect([...unitPages(db, tonight.id, 'a')][0]?.snapshot?.pubDate).toBe('2020-11-28');
    db.close();
  });
});

describe('AttachmentStore carry-over', () => {
  it('offers the validators of a clean earlier read and copies its text on 304', () => {
    const db = openStore(tmpDb());
    const config = validateConfig(baseConfig);
    const first = createRun(db, config, [], '2020-11-25', 'v1');
    const before = new AttachmentStore(db, first.id);
    const a = { url: 'http://a.test/f.xlsx', fromUrl: 'http://a.test/art/1.html', fromText: '名单', type: 'xlsx' };
    const b = { ...a, url: 'http://a.test/g.xlsx' };
    before.add('a', a);
    before.add('a', b);
    before.setResult('a', a.url, { status: 200, bytes: 100, type: 'xlsx', text: '张三\t13800000000', truncated: false, error: null, etag: '"x1"', lastModified: null });
    before.setResult('a', b.url, { status: 404, bytes: null, type: 'xlsx', text: null, truncated: false, error: '附件地址返回 HTTP 404', etag: '"x2"' });

    const second = createRun(db, config, [], '2020-11-26', 'v1');
    const now = new AttachmentStore(db, second.id);
    now.add('a', a);
    expect(now.previousRead(first.id, 'a', a.url)).toEqual({ etag: '"x1"', lastModified: null });
    expect(now.previousRead(first.id, 'a', b.url)).toBeNull();
    expect(now.reuse(first.id, 'a', a.url, { etag: null, lastModified: 'Wed, 25 Nov 2020 08:00:00 GMT' })).toBe(true);
    expect(now.pending()).toEqual([]);
    expect(now.forUnit('a')).toEqual([{ ...a, text: '张三\t13800000000', truncated: false, error: null }]);
    const row = db.prepare('SELECT etag, last_modified, reused_from, bytes FROM attachments WHERE run_id = ?').get(second.id);
    expect(row).toEqual({ etag: '"x1"', last_modified: 'Wed, 25 Nov 2020 08:00:00 GMT', reused_from: first.id, bytes: 100 });
    db.close();
  });
});

describe('crawl.incremental in the config', () => {
  it('is on unless false, and leaves the config hash of a config without it alone', () => {
    const plain = validateConfig(baseConfig);
    expect('incremental' in plain.crawl).toBe(false);
    expect(incrementalOf(plain.crawl)).toBe(true);
    expect(incrementalOf(validateConfig({ ...baseConfig, crawl: { incremental: true } }).crawl)).toBe(true);
    expect(incrementalOf(validateConfig({ ...baseConfig, crawl: { incremental: false } }).crawl)).toBe(false);
    expect(configHash(validateConfig({ ...baseConfig, crawl: {} }))).toBe(configHash(plain));
  });

  it('names the field in zh-CN when it is not true or false', () => {
    let error: unknown;
    try {
      validateConfig({ ...baseConfig, crawl: { incremental: 'yes' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/crawl\.incremental.*应为 true 或 false/);
  });
});

describe('the demo district answers conditional requests', () => {
  it('sends stable validators, answers 304 when they match, and counts the body bytes it sent', async () => {
    const district = await startDemoDistrict({ evalDate: '2020-11-26' });
    try {
      const home = district.units[0]!.url;
      const first = await fetchPage(home, FAST);
      expect(first.status).toBe(200);
      const etag = first.headers['etag']!;
      const lastModified = first.headers['last-modified']!;
      expect(etag).toMatch(/^"[0-9a-f]+"$/);
      expect(Date.parse(lastModified)).not.toBeNaN();
      expect(district.responseBytes()).toBe(first.body!.length);

      const again = await fetchPage(home, FAST);
      expect(again.headers['etag']).toBe(etag);
      expect(again.headers['last-modified']).toBe(lastModified);

      const bytes = district.responseBytes();
      const byEtag = await fetchPage(home, { ...FAST, conditional: { etag } });
      const byDate = await fetchPage(home, { ...FAST, conditional: { lastModified } });
      expect([byEtag.status, byDate.status]).toEqual([304, 304]);
      expect(district.responseBytes()).toBe(bytes);

      // A changed page has other validators, so the old ones get the full new page.
      district.setOverride(district.units[0]!.id, '/', { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from('<html><body>改版</body></html>') });
      const changed = await fetchPage(home, { ...FAST, conditional: { etag, lastModified } });
      expect(changed.status).toBe(200);
      expect(changed.body?.toString('utf8')).toContain('改版');
      expect(changed.headers['etag']).not.toBe(etag);
    } finally {
      await district.close();
    }
  });

  it('ignores validators when told to, sending the full page every time', async () => {
    const district = await startDemoDistrict({ evalDate: '2020-11-26', conditionalRequests: 'ignored' });
    try {
      const home = district.units[0]!.url;
      const first = await fetchPage(home, FAST);
      const again = await fetchPage(home, { ...FAST, conditional: { etag: first.headers['etag']!, lastModified: first.headers['last-modified']! } });
      expect(again.status).toBe(200);
      expect(again.body?.equals(first.body!)).toBe(true);
      expect(district.responseBytes()).toBe(2 * first.body!.length);
    } finally {
      await district.close();
    }
  });
});

describe('migration 5', () => {
  it('upgrades a database file made before it, keeping its rows', () => {
    const file = tmpDb();
    const raw = new Database(file);
    for (let v = 0; v < 4; v++) raw.exec(MIGRATIONS[v]!);
    raw.pragma('user_version = 4');
    raw.prepare(`INSERT INTO runs (id, district, started_at, eval_date, status, config_json, config_hash, rule_set_version)
                 VALUES (1, '测试区', 't', '2020-11-25', 'done', ?, 'h', 'v1')`).run(JSON.stringify(validateConfig(baseConfig)));
    raw.prepare(`INSERT INTO pages (run_id, unit_id, url, final_url, status, fetched_at, redirects_json, depth) VALUES (1, 'a', 'http://a.test/', 'http://a.test/', 200, 't', '[]', 0)`).run();
    raw.prepare(`INSERT INTO attachments (run_id, unit_id, url, from_url, from_text, type, state) VALUES (1, 'a', 'http://a.test/f.pdf', 'http://a.test/', 'f', 'pdf', 'done')`).run();
    raw.close();

    const db = openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(MIGRATIONS[4]!.match(/^\s*[A-Z]+ [A-Z]+/gm)?.map((s) => s.trim())).toEqual(Array(6).fill('ALTER TABLE'));
    expect(db.prepare('SELECT etag, last_modified, reused_from FROM pages').get()).toEqual({ etag: null, last_modified: null, reused_from: null });
    expect(db.prepare('SELECT etag, last_modified, reused_from FROM attachments').get()).toEqual({ etag: null, last_modified: null, reused_from: null });
    expect([...unitPages(db, 1, 'a')][0]).toMatchObject({ url: 'http://a.test/', etag: null, reusedFrom: null });
    db.close();
  });
});
