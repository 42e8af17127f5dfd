/**
 * End to end on the demo district's script-rendered unit (zjd 珠山街道): its 工作动态 and 通知公告 list
 * pages are empty in the static HTML and filled by /js/list.js from /api/list. Crawled with
 * `render: 'auto'` (Chromium), the stale 通知公告 is a freshness.column violation and the fresh
 * 工作动态 passes; crawled with `render: 'never'` (and no axe phase), the same columns give no violation.
 * CI installs Chromium: without it these tests fail with the setup message instead of skipping.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore } from '../../store/db.js';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument } from '../../reports/export-schema.js';
import { expectedViolations } from '../demo-district/answer-key.js';
import { daysBefore } from '../demo-district/dates.js';
import { LIST_API_PATH, type ListApiAnswer } from '../demo-district/script-list-style.js';
import { startDemoDistrict, type DemoDistrict, type DemoUnit } from '../demo-district/server.js';
import { ZJD_DYNAMIC_NEWEST_AGE, ZJD_STALE_NOTICE_AGE } from '../demo-district/units/zjd.js';
import { describeFinding, matchFindings, type Comparable } from '../helpers/findings-match.js';

const EVAL_DATE = '2020-11-26';
const UNIT_ID = 'zjd';
const NOTICES = '/zwgk/tzgg/index.html';
const DYNAMIC = '/xwdt/gzdt/index.html';
const quiet = createProgress(process.stderr, { quiet: true });

let district: DemoDistrict;
let unit: DemoUnit;
let browser: Browser;

type ExportFinding = ExportDocument['units'][number]['findings'][number];

interface Crawled {
  findings: ExportFinding[];
  /** Paths (with query) the unit's server answered during this crawl. */
  served: string[];
}

/**
 * `render: 'never'` is crawled with the accessibility (axe) phase off too, so no browser opens any
 * page: the run a machine without Chromium makes.
 */
async function crawlUnit(render: 'auto' | 'never'): Promise<Crawled> {
  const config = validateConfig({
    name: district.name,
    units: [{ id: unit.id, name: unit.name, type: unit.type, url: unit.url }],
    crawl: {
      concurrency: 4, perHostConcurrency: 4, perHostDelayMs: 0, timeoutMs: 10_000, render,
      ...(render === 'never' ? { a11yPagesPerUnit: 0 } : {}),
    },
  });
  const db = openStore(join(mkdtempSync(join(tmpdir(), `gk-e2e-rendered-${render}-`)), 'demo.sqlite'));
  const before = district.requests.length;
  try {
    const outcome = await runCrawl(db, config, { evalDate: EVAL_DATE }, quiet);
    const doc = buildExport(db, outcome.run);
    const found = doc.units.find((u) => u.id === UNIT_ID);
    if (!found) throw new Error('the crawl exported no zjd unit');
    const served = district.requests.slice(before).filter((r) => r.unitId === UNIT_ID).map((r) => r.path);
    return { findings: found.findings, served };
  } finally {
    db.close();
  }
}

function freshness(crawled: Crawled, path: string): ExportFinding[] {
  return crawled.findings.filter((f) => f.ruleId === 'freshness.column' && new URL(f.url).pathname === path);
}

function violations(crawled: Crawled): Comparable[] {
  return crawled.findings
    .filter((f) => f.outcome === 'violation')
    .map((f) => ({ unitId: UNIT_ID, ruleId: f.ruleId, path: new URL(f.url).pathname, data: f.data }));
}

beforeAll(async () => {
  const found = findChromium();
  if (!found) throw new Error(chromiumMissingMessage());
  browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const zjd = district.units.find((u) => u.id === UNIT_ID);
  if (!zjd) throw new Error('the demo district has no zjd unit');
  unit = zjd;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await district?.close();
});

describe('the demo unit whose column lists are built by script', () => {
  it('shows its lists only once Chromium has run the page script', async () => {
    const page = await browser.newPage();
    try {
      for (const path of [NOTICES, DYNAMIC]) {
        const res = await fetch(new URL(path, unit.url));
        expect(res.status).toBe(200);
        expect(await res.text(), path).toMatch(/<ul class="list" id="list-\w+" data-col="\w+"><\/ul>/);

        await page.goto(new URL(path, unit.url).href, { waitUntil: 'domcontentloaded' });
        const key = await page.locator('ul[data-col]').getAttribute('data-col');
        const api = (await (await fetch(new URL(`${LIST_API_PATH}?col=${key}`, unit.url))).json()) as ListApiAnswer;
        expect(api.list.length, path).toBeGreaterThan(0);
        const entries = page.locator('ul[data-col] li');
        await expect.poll(() => entries.count(), { timeout: 10_000 }).toBe(api.list.length);
        expect(await page.locator('ul[data-col] li span').allTextContents()).toEqual(api.list.map((i) => i.pubDate));
        expect(await page.locator('ul[data-col] li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(
          api.list.map((i) => i.url),
        );
      }
    } finally {
      await page.close();
    }
  }, 30_000);

  it("with render 'auto', flags the stale 通知公告 with its newest date and passes the fresh 工作动态", async () => {
    const crawled = await crawlUnit('auto');
    // The browser ran the page script: it asked the list API.
    expect(crawled.served.some((p) => p.startsWith(`${LIST_API_PATH}?`))).toBe(true);

    const stale = freshness(crawled, NOTICES);
    expect(stale.map((f) => f.outcome)).toEqual(['violation']);
    expect(stale[0]?.data).toMatchObject({ newest: daysBefore(EVAL_DATE, ZJD_STALE_NOTICE_AGE), ageDays: ZJD_STALE_NOTICE_AGE });
    expect(stale[0]?.message).toContain('通知公告');

    const fresh = freshness(crawled, DYNAMIC);
    expect(fresh.map((f) => f.outcome)).toEqual(['pass']);
    expect(fresh[0]?.data).toMatchObject({ newest: daysBefore(EVAL_DATE, ZJD_DYNAMIC_NEWEST_AGE), ageDays: ZJD_DYNAMIC_NEWEST_AGE });

    // Exactly the unit's answer key: nothing else on the unit breaks a rule.
    const key = expectedViolations(district).filter((f) => f.unitId === UNIT_ID);
    expect(key.every((f) => f.needsBrowser === true)).toBe(true);
    const { missing, unexpected } = matchFindings(key, violations(crawled));
    expect(missing.map(describeFinding), 'seeded defects not found').toEqual([]);
    expect(unexpected.map(describeFinding), 'violations the answer key does not list').toEqual([]);
  }, 120_000);

  it("with render 'never', gives the script-built columns no violation (they cannot be read)", async () => {
    const crawled = await crawlUnit('never');
    // No browser ran the page script: the list API was never asked.
    expect(crawled.served.some((p) => p.startsWith(LIST_API_PATH))).toBe(false);
    expect(crawled.served).toContain(NOTICES);

    for (const path of [NOTICES, DYNAMIC]) {
      const outcomes = freshness(crawled, path).map((f) => f.outcome);
      // An empty list proves nothing: no freshness verdict, and the column itself "needs review".
      expect(outcomes, path).toEqual([]);
      const atPath = crawled.findings.filter((f) => new URL(f.url).pathname === path).map((f) => `${f.ruleId}:${f.outcome}`);
      expect(atPath, path).toEqual(['column.empty:incomplete']);
    }
    // The static rest of the unit is still checked: its home page is fresh.
    expect(crawled.findings.filter((f) => f.ruleId === 'freshness.homepage').map((f) => f.outcome)).toEqual(['pass']);

    const key = expectedViolations(district, { browser: false }).filter((f) => f.unitId === UNIT_ID);
    expect(key).toEqual([]);
    const { missing, unexpected } = matchFindings(key, violations(crawled));
    expect(missing.map(describeFinding)).toEqual([]);
    expect(unexpected.map(describeFinding), 'false violations without rendering').toEqual([]);
  }, 120_000);
});
