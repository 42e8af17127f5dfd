/**
 * The live DOM view (rules/dom/live-view.ts) means the same as the cheerio view: the same fixtures
 * run through cheerio in Node and through the live view in real Chromium (the harness bundle, built
 * with the extension's own vite setup, parsing with DOMParser) give the same snapshot and the same
 * page-rule findings. Plus the view's own contract: selectors, snippets, identity, the overlay host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildIife } from '../../extension/build.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { runPageRules } from '../../rules/engine.js';
import { CHROMIUM_ARGS, findChromium } from '../../crawler/browser/chromium-path.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const FIXTURES = join(ROOT, 'test/fixtures');
const EVAL_DATE = '2020-11-26';
const PAGE_URL = 'http://www.example.gov.cn/zwgk/tzgg/index.html';
const chromiumPath = findChromium()?.path ?? null;

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(full)));
    else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out.sort();
}

async function fixtureFiles(): Promise<string[]> {
  const rulesDir = join(FIXTURES, 'rules');
  const a11yDirs = (await readdir(rulesDir)).filter((d) => d.startsWith('a11y') || d.startsWith('wording')).map((d) => join(rulesDir, d));
  const files = [...(await htmlFiles(join(FIXTURES, 'extract')))];
  for (const d of a11yDirs) files.push(...(await htmlFiles(d)));
  return files;
}

function cheerioScan(html: string) {
  const dom = cheerioDomView(html, PAGE_URL);
  const snapshot = extractSnapshot(dom, PAGE_URL, { refDate: EVAL_DATE });
  return { url: PAGE_URL, evalDate: EVAL_DATE, snapshot, findings: runPageRules({ url: PAGE_URL, snapshot, dom, evalDate: EVAL_DATE }) };
}

declare const gongkaiHarness: { scanHtml(html: string, url: string, evalDate: string): unknown };

describe.skipIf(skipWithout({ chromium: true }))('live DOM view in Chromium = cheerio view', () => {
  let workDir: string;
  let browser: Browser;
  let page: Page;
  let files: string[];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'gongkai-live-view-'));
    const bundle = await buildIife(join(ROOT, 'extension/src/testing/harness.ts'), join(workDir, 'harness.js'));
    browser = await chromium.launch({ executablePath: chromiumPath ?? undefined, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.addScriptTag({ content: await readFile(bundle, 'utf8') });
    files = await fixtureFiles();
  });

  afterAll(async () => {
    await browser?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('covers the a11y and extract fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files.some((f) => f.includes('a11y.image-alt'))).toBe(true);
    expect(files.some((f) => f.includes('hanweb-datastore'))).toBe(true);
  });

  it('gives the same snapshot and the same findings on every fixture', async () => {
    let withFindings = 0;
    for (const file of files) {
      const html = await readFile(file, 'utf8');
      const expected = cheerioScan(html);
      const live = await page.evaluate(([h, u, d]) => gongkaiHarness.scanHtml(h, u, d), [html, PAGE_URL, EVAL_DATE] as const);
      // JSON round trip on both sides: the browser result crossed the wire as JSON already.
      expect(live, relative(FIXTURES, file)).toEqual(JSON.parse(JSON.stringify(expected)));
      if (expected.findings.length > 0) withFindings++;
    }
    // Not a vacuous comparison: several fixtures have findings (with targets) to agree on.
    expect(withFindings).toBeGreaterThanOrEqual(4);
  });

  it('points image-alt findings at the same elements by selector and snippet', async () => {
    const html = await readFile(join(FIXTURES, 'rules/a11y.image-alt/fail-missing-alt.html'), 'utf8');
    const expected = cheerioScan(html).findings.filter((f) => f.ruleId === 'a11y.image-alt');
    expect(expected).toHaveLength(3);
    const live = (await page.evaluate(([h, u, d]) => gongkaiHarness.scanHtml(h, u, d), [html, PAGE_URL, EVAL_DATE] as const)) as {
      findings: { ruleId: string; target?: { selector: string; snippet: string } }[];
    };
    expect(live.findings.filter((f) => f.ruleId === 'a11y.image-alt').map((f) => f.target)).toEqual(expected.map((f) => f.target));
  });

  it('does not let a page hide content by using the overlay host id (only the given host element is skipped)', async () => {
    const pages = [
      '<html><body><div id="gongkai-overlay-host"><img src="x.png"></div></body></html>',
      '<html><body id="gongkai-overlay-host"><img src="x.png"></body></html>',
      '<html id="gongkai-overlay-host"><body><img src="x.png"></body></html>',
    ];
    for (const html of pages) {
      const expected = cheerioScan(html).findings.filter((f) => f.ruleId === 'a11y.image-alt');
      expect(expected, html).toHaveLength(1);
      const live = (await page.evaluate(([h, u, d]) => gongkaiHarness.scanHtml(h, u, d), [html, PAGE_URL, EVAL_DATE] as const)) as {
        findings: { ruleId: string; target?: { selector: string; snippet: string } }[];
      };
      expect(live.findings.filter((f) => f.ruleId === 'a11y.image-alt').map((f) => f.target), html).toEqual(expected.map((f) => f.target));
    }
  });
});

describe.skipIf(skipWithout({ chromium: true }))('live DOM view contract', () => {
  let workDir: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'gongkai-live-view-'));
    const bundle = await buildIife(join(ROOT, 'extension/src/testing/view-probe.ts'), join(workDir, 'probe.js'));
    browser = await chromium.launch({ executablePath: chromiumPath ?? undefined, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    await page.setContent(
      '<html lang="zh-CN"><head><base href="/sub/"><title>T</title></head><body>' +
        '<div id="4567"><p>a</p><p class="x">\n b <span>c</span> </p></div><div id="dup"></div><div id="dup"><img src="x.png"></div>' +
        `<p>${'长'.repeat(400)}</p></body></html>`,
    );
    await page.addScriptTag({ content: await readFile(bundle, 'utf8') });
  });

  afterAll(async () => {
    await browser?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('matches cheerio on selectors, text, attributes, snippets and base URL, and skips the overlay host', async () => {
    const html = await page.content();
    const live = await page.evaluate(() => (globalThis as unknown as { probeLive(u: string): unknown }).probeLive('http://a.gov.cn/x/y.html'));
    const { probeView } = await import('../../extension/src/testing/view-probe.js');
    expect(live).toEqual(probeView(cheerioDomView(html, 'http://a.gov.cn/x/y.html')));
    expect((live as { baseUrl: string }).baseUrl).toBe('http://a.gov.cn/sub/');
    expect((live as { longSnippet: number }).longSnippet).toBe(301);
  });
});
