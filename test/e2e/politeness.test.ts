/**
 * Politeness as a guarantee (issue 7 item 3): a full crawl — pages, robots.txt, link checks, Hanweb
 * dataproxy batches, attachments, pages rendered in Chromium, the axe phase — of a counting site with
 * three host names (127.0.0.1, localhost, [::1]; 127.0.0.1 also on a second port). The site, in its own
 * process, stamps each request's start and end. Checked on what the server measured:
 * - per host (all ports together) no more than perHostConcurrency requests open at once, and overall no
 *   more than concurrency;
 * - request starts on a host never closer than perHostDelayMs, or the robots.txt Crawl-delay when larger
 *   (a small tolerance for clock granularity only);
 * - no Disallowed path is ever requested, by any phase (the script-built page asks for some in Chromium);
 * - a 429 with Retry-After holds back every request to that host, not only the refused one.
 * CI installs Chromium: without it this test fails with the setup message instead of skipping.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore } from '../../store/db.js';
import { DISALLOWED_PREFIXES, maxOpen, startCountingSite, startGaps, type CountedRequest, type CountingSite, type SiteOptions } from '../helpers/counting-server.js';

const quiet = createProgress(process.stderr, { quiet: true });
/** performance.now() resolution and timer rounding: the only slack a gap gets. */
const CLOCK_TOLERANCE_MS = 3;
const RETRY_AFTER_S = 1;
/** The first request for this column on localhost is refused with 429 + Retry-After. */
const REFUSED_PATH = '/zcwj/index.html';

interface Crawled {
  site: CountingSite;
  requests: CountedRequest[];
  pages: number;
}

async function crawlSite(siteOpts: SiteOptions, crawl: Record<string, unknown>): Promise<Crawled> {
  if (!findChromium(process.env)) throw new Error(chromiumMissingMessage(process.env));
  const site = await startCountingSite(siteOpts);
  const config = validateConfig({
    name: '礼貌抓取测试区',
    units: Object.keys(site.homes).map((h, i) => ({ id: `u${i}`, name: `测试单位${i}`, type: 'department', url: site.homes[h] })),
    crawl: { timeoutMs: 10_000, respectRobots: true, render: 'auto', maxPagesPerUnit: 400, ...crawl },
  });
  const db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-politeness-')), 'p.sqlite'));
  try {
    const outcome = await runCrawl(db, config, { evalDate: '2020-11-26' }, quiet);
    return { site, requests: await site.requests(), pages: outcome.stats.pages };
  } finally {
    db.close();
  }
}

function byHost(requests: CountedRequest[]): Map<string, CountedRequest[]> {
  const out = new Map<string, CountedRequest[]>();
  for (const r of requests) out.set(r.host, [...(out.get(r.host) ?? []), r]);
  return out;
}

function pathOf(r: CountedRequest): string {
  return new URL(r.path, 'http://x').pathname;
}

function show(r: CountedRequest): string {
  return `${r.method} :${r.port}${r.path} ${r.status} [${r.start.toFixed(1)}–${r.end.toFixed(1)}]`;
}

/** Every phase reached every host: the limit checks below are not met trivially. */
function expectEveryPhase(c: Crawled): void {
  const hosts = byHost(c.requests);
  expect([...hosts.keys()].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
  for (const [host, list] of hosts) {
    const paths = list.map(pathOf);
    expect(paths, host).toContain('/robots.txt');
    expect(paths.filter((p) => p === '/module/web/jpage/dataproxy.jsp').length, host).toBeGreaterThan(0);
    // Chromium rendered the script-built column: its script and list API were fetched.
    expect(paths, host).toContain('/js/list.js');
    expect(paths, host).toContain('/api/list');
    expect(list.filter((r) => r.method === 'HEAD').length, host).toBeGreaterThan(0);
    expect(paths.filter((p) => p.startsWith('/files/')).length, host).toBeGreaterThan(0);
  }
  // Attachments of 127.0.0.1 live on its second port.
  expect(c.requests.some((r) => r.host === '127.0.0.1' && r.port === c.site.attachmentPort && pathOf(r).startsWith('/files/'))).toBe(true);
}

function expectNothingDisallowed(c: Crawled): void {
  const disallowed = c.requests.filter((r) => DISALLOWED_PREFIXES.some((d) => pathOf(r).startsWith(d)));
  expect(disallowed.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([]);
}

describe('with a per-host delay (perHostDelayMs, robots Crawl-delay)', () => {
  const LIMITS = { concurrency: 4, perHostConcurrency: 2, perHostDelayMs: 20 };
  /** 127.0.0.1 asks for more than perHostDelayMs in its robots.txt. */
  const CRAWL_DELAY_S = 0.05;
  let c: Crawled;

  beforeAll(async () => {
    c = await crawlSite(
      { articlesPerColumn: 12, crawlDelay: { '127.0.0.1': CRAWL_DELAY_S }, slowMs: 15, slowDown: { localhost: [REFUSED_PATH] }, retryAfterSeconds: RETRY_AFTER_S },
      { ...LIMITS, a11yPagesPerUnit: 2 },
    );
  }, 120_000);
  afterAll(async () => {
    await c?.site.close();
  });

  it('crawled a few hundred pages on every host through every phase', () => {
    expect(c.pages).toBeGreaterThan(250);
    expectEveryPhase(c);
  });

  it('spaces request starts on a host by perHostDelayMs, or by the larger Crawl-delay, one request at a time', () => {
    for (const [host, list] of byHost(c.requests)) {
      const delay = host === '127.0.0.1' ? CRAWL_DELAY_S * 1000 : LIMITS.perHostDelayMs;
      // robots.txt is read first: the Crawl-delay is known from the request after it.
      const sorted = [...list].sort((a, b) => a.start - b.start);
      const startGapsTooSmall = startGaps(sorted).filter((g) => g.gap < delay - CLOCK_TOLERANCE_MS);
      expect(startGapsTooSmall.map((g) => `${show(g.before)} → ${show(g.after)}: ${g.gap.toFixed(1)} ms`), host).toEqual([]);
      // One at a time on a host with a delay.
      expect(maxOpen(list), host).toBe(1);
    }
  });

  it('never has more than concurrency requests open overall', () => {
    const peak = maxOpen(c.requests);
    expect(peak).toBeLessThanOrEqual(LIMITS.concurrency);
    expect(peak).toBeGreaterThan(1);
  });

  it('never requests a Disallowed path, in any phase', () => {
    expectNothingDisallowed(c);
  });

  it('holds back the whole host after a 429 with Retry-After', () => {
    const list = byHost(c.requests).get('localhost') ?? [];
    const refused = list.find((r) => r.status === 429);
    expect(refused?.path).toBe(REFUSED_PATH);
    if (!refused) return;
    const later = list.filter((r) => r.start >= refused.end && r !== refused);
    expect(later.length).toBeGreaterThan(10);
    expect(Math.min(...later.map((r) => r.start)) - refused.end).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - CLOCK_TOLERANCE_MS);
    // The refused list page was asked for again and crawled.
    expect(list.some((r) => r.path === REFUSED_PATH && r.status === 200)).toBe(true);
  });
});

describe('without a delay (perHostDelayMs 0)', () => {
  const LIMITS = { concurrency: 3, perHostConcurrency: 2, perHostDelayMs: 0 };
  let c: Crawled;

  beforeAll(async () => {
    // Slow article pages and attachments make requests overlap, so the limits are reached for real.
    c = await crawlSite(
      { articlesPerColumn: 8, crawlDelay: {}, slowMs: 40, slowDown: {}, retryAfterSeconds: RETRY_AFTER_S },
      { ...LIMITS, a11yPagesPerUnit: 1 },
    );
  }, 120_000);
  afterAll(async () => {
    await c?.site.close();
  });

  it('crawled every host through every phase', () => {
    expect(c.pages).toBeGreaterThan(150);
    expectEveryPhase(c);
  });

  it('never has more than perHostConcurrency requests open on one host (ports together), and reaches it', () => {
    const peaks = [...byHost(c.requests)].map(([host, list]) => ({ host, peak: maxOpen(list) }));
    for (const { host, peak } of peaks) expect(peak, host).toBeLessThanOrEqual(LIMITS.perHostConcurrency);
    expect(Math.max(...peaks.map((p) => p.peak))).toBe(LIMITS.perHostConcurrency);
  });

  it('never has more than concurrency requests open overall, and reaches it', () => {
    expect(maxOpen(c.requests)).toBe(LIMITS.concurrency);
  });

  it('never requests a Disallowed path, in any phase', () => {
    expectNothingDisallowed(c);
  });
});

describe('hosts take turns (the frontier is claimed unit by unit)', () => {
  // Three hosts alike, the same delay: fair claiming keeps all three busy, so they finish together.
  // Claimed in plain FIFO order, one host's newly admitted articles filled the whole window and
  // waited on that host's delay while the other hosts sat idle.
  const LIMITS = { concurrency: 4, perHostConcurrency: 2, perHostDelayMs: 25 };
  let c: Crawled;

  beforeAll(async () => {
    c = await crawlSite({ articlesPerColumn: 40, crawlDelay: {}, slowMs: 0, slowDown: {}, retryAfterSeconds: 1 },
      { ...LIMITS, render: 'never', a11yPagesPerUnit: 0 });
  }, 120_000);
  afterAll(async () => {
    await c?.site.close();
  });

  it('when the first host has had its last article fetched, every host has had most of its own', () => {
    const isArticle = (r: CountedRequest) => r.method === 'GET' && /\/art_\d+\.html$/.test(pathOf(r));
    const articles = byHost(c.requests.filter(isArticle));
    expect([...articles.keys()].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    const firstDone = Math.min(...[...articles.values()].map((list) => Math.max(...list.map((r) => r.start))));
    for (const [host, list] of articles) {
      expect(list.length, host).toBeGreaterThan(100);
      // Measured: 0.99–1.00 for every host when claimed in turn; 0.29 for one host in plain FIFO order.
      const doneBy = list.filter((r) => r.start <= firstDone).length / list.length;
      expect(doneBy, host).toBeGreaterThan(0.9);
    }
  });
});
