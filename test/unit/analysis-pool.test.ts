/**
 * Page threads (crawler/analysis-pool.ts): a page analysed in a worker thread gives exactly what it
 * gives in the crawl's own thread, and a thread that cannot run loses no page.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../crawler/analysis-pool.js';
import { analysePage, type PageAnalysis, type PageAnalysisInput } from '../../crawler/page-analysis.js';
import { pageThreadBundle } from '../../crawler/thread-bundle.js';

const RULE_FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));

/** Every HTML page among the rule fixtures (violations, passes and traps of all rules). */
function fixturePages(): PageAnalysisInput[] {
  const out: PageAnalysisInput[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html')) {
        out.push({ body: readFileSync(path), contentType: 'text/html; charset=utf-8', finalUrl: `http://www.example.gov.cn/${path.slice(RULE_FIXTURES.length)}`, evalDate: '2020-11-26', unitName: '区发展和改革局' });
      }
    }
  };
  walk(RULE_FIXTURES);
  return out;
}

/** What is compared: everything the crawl stores or reads from the analysis. */
const comparable = (a: PageAnalysis) => ({
  html: a.html, charset: a.charset, snapshot: a.snapshot, snapshotJson: a.snapshotJson, results: a.results,
  html2: gunzipSync(Buffer.from(a.htmlGzip)).toString('utf8'),
});

let pool: AnalysisPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('page threads', () => {
  it('give every fixture page the same analysis as the crawl’s own thread, with findings', { timeout: 120_000 }, async () => {
    const pages = fixturePages();
    expect(pages.length).toBeGreaterThan(60);
    pool = new AnalysisPool({ threads: 2, warmupPages: 0, shareAt: Infinity });
    const threaded = await Promise.all(pages.map((p) => pool!.analyse(p)));
    expect(pool.pagesInThreads).toBe(pages.length);
    expect(pool.liveThreads).toBe(2);
    // The threads ran the bundled code (crawler/thread-bundle.ts), not the sources through tsx.
    expect(pool.threadsBundled).toBe(true);
    let findings = 0;
    pages.forEach((p, i) => {
      const own = analysePage(p);
      expect(comparable(threaded[i]!), p.finalUrl).toEqual(comparable(own));
      findings += (JSON.parse(own.results?.findingsJson ?? '[]') as unknown[]).length;
    });
    expect(findings).toBeGreaterThan(20);
  });

  it('the crawl\'s own thread takes pages while the thread is far behind, with the same analysis', { timeout: 120_000 }, async () => {
    const pages = fixturePages().slice(0, 20);
    pool = new AnalysisPool({ threads: 1, warmupPages: 0, shareAt: 3 });
    const shared = await Promise.all(pages.map((p) => pool!.analyse(p)));
    // Three waited in the thread; the others were analysed at once in the crawl's thread.
    expect(pool.pagesInThreads).toBe(3);
    pages.forEach((p, i) => expect(comparable(shared[i]!), p.finalUrl).toEqual(comparable(analysePage(p))));
  });

  it('decode a GBK page the same way', { timeout: 60_000 }, async () => {
    const input: PageAnalysisInput = {
      body: iconv.encode('<html><head><meta charset="gbk"><title>政府信息公开</title></head><body><a href="/a.html">关于做好防汛工作的通知</a> 2020-11-01</body></html>', 'gbk'),
      contentType: 'text/html', finalUrl: 'http://www.example.gov.cn/zfxxgk/', evalDate: '2020-11-26', unitName: '区水利局',
    };
    pool = new AnalysisPool({ threads: 1, warmupPages: 0 });
    const threaded = await pool.analyse(input);
    expect(threaded.html).toContain('关于做好防汛工作的通知');
    expect(comparable(threaded)).toEqual(comparable(analysePage(input)));
  });

  it('analyse the first pages of a crawl in its own thread until the warm-up is over', { timeout: 60_000 }, async () => {
    const [page] = fixturePages();
    pool = new AnalysisPool({ threads: 1, warmupPages: 3 });
    for (let i = 0; i < 3; i++) await pool.analyse(page!);
    expect(pool.liveThreads).toBe(0);
    await pool.analyse(page!);
    expect(pool.pagesInThreads).toBe(1);
  });

  it('start the threads at once when the crawl says it holds at least the warm-up\'s pages', { timeout: 60_000 }, async () => {
    const [page] = fixturePages();
    pool = new AnalysisPool({ threads: 1, warmupPages: 1_000 });
    pool.expect(999);
    await pool.analyse(page!);
    expect(pool.liveThreads).toBe(0);
    pool.expect(1_000);
    await pool.analyse(page!);
    expect(pool.liveThreads).toBe(1);
    expect(pool.pagesInThreads).toBe(1);
  });

  it('lose no page when the threads cannot run (a heap too small to start), and then stop trying', { timeout: 60_000 }, async () => {
    const pages = fixturePages().slice(0, 12);
    pool = new AnalysisPool({ threads: 2, warmupPages: 0, threadHeapMb: 1 });
    const results = await Promise.all(pages.map((p) => pool!.analyse(p)));
    pages.forEach((p, i) => expect(comparable(results[i]!)).toEqual(comparable(analysePage(p))));
    expect(pool.pagesInThreads).toBe(0);
    // Three threads lost: the rest of the crawl stays in its own thread, without starting more.
    await pool.analyse(pages[0]!);
    expect(pool.liveThreads).toBe(0);
  });

  it('analyse a very large page (over 2 MB) in the crawl’s own thread, whose heap may grow', { timeout: 60_000 }, async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `<li><a href="/a${i}.html">关于第${i}号文件的通知</a><span>2020-11-01</span></li>`).join('');
    const input: PageAnalysisInput = { body: Buffer.from(`<html><body><ul>${rows}</ul></body></html>`), contentType: 'text/html; charset=utf-8', finalUrl: 'http://www.example.gov.cn/list.html', evalDate: '2020-11-26', unitName: '区水利局' };
    expect(input.body.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    pool = new AnalysisPool({ threads: 1, warmupPages: 0 });
    const a = await pool.analyse(input);
    expect(a.snapshot?.links.length).toBeGreaterThan(39_000);
    expect(pool.pagesInThreads).toBe(0);
    expect(pool.liveThreads).toBe(0);
  });

  it('started from the sources through tsx (the bundle\'s fallback), give the same analysis', { timeout: 60_000 }, async () => {
    const pages = fixturePages().filter((_, i) => i % 6 === 0);
    pool = new AnalysisPool({ threads: 1, warmupPages: 0, shareAt: Infinity, bundled: false });
    const threaded = await Promise.all(pages.map((p) => pool!.analyse(p)));
    expect(pool.threadsBundled).toBe(false);
    expect(pool.pagesInThreads).toBe(pages.length);
    pages.forEach((p, i) => expect(comparable(threaded[i]!), p.finalUrl).toEqual(comparable(analysePage(p))));
  });

  it('bundle code that reads no file beside it: its modules cannot find their sources (thread-bundle.ts)', async () => {
    const url = await pageThreadBundle();
    expect(url?.protocol).toBe('data:');
    const code = decodeURIComponent(url!.href.slice('data:text/javascript,'.length));
    // The rule-set fingerprint is the one reader of the sources, and a thread is handed it instead
    // (ThreadData): any other module reading a file beside itself would fail in a bundled thread.
    const readers = [...code.matchAll(/import\.meta\.url/g)].length;
    expect(readers, 'a module of the page thread reads import.meta.url: hand what it reads to the thread as page-results.ts does').toBe(2);
    expect(code).toContain('function resultsVersion');
  });

  it('with 0 threads never starts one', async () => {
    const [page] = fixturePages();
    pool = new AnalysisPool({ threads: 0, warmupPages: 0 });
    await pool.analyse(page!);
    expect(pool.liveThreads).toBe(0);
    expect(pool.pagesInThreads).toBe(0);
  });
});
