/**
 * Hostile content stays inert text everywhere (issue 7 item 4). A real crawl of a compromised site
 * (hostile-site.ts: markup, script, `javascript:` URLs, breakouts, CSS injection, bidi overrides,
 * zero-width characters, very long unbroken strings, Markdown links, spreadsheet formulas in every
 * string the crawler reads), then every output read the way a person reads it: the HTML report,
 * the dashboard pages and the PDF document in real Chromium, the printed PDF's text, the CSV and
 * the XLSX read back, the robot markdown, and the extension's overlay and popup on the hostile page.
 *
 * In a browser a payload that became markup would act: a dialog, `window.__pwned`, a request to
 * `/canary/…` (recorded by the page and counted by the site), an element that should not be there
 * (script, iframe, img, an `on…` attribute, a `javascript:` link), or a layout broken by a long
 * string. None may happen, and the strings must be readable as the literal text they are.
 *
 * Invisible characters: bidi controls (U+202A–U+202E, U+2066–U+2069), zero-width characters
 * (U+200B–U+200D) and the BOM are *shown* as a `[U+XXXX]` marker wherever a crawled string is
 * displayed (reports, dashboard, PDF, alerts, extension), never passed through raw; crawled text
 * is also bidi-isolated, so right-to-left letters cannot reorder the report's own words around it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import * as XLSX from 'xlsx';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium, printingChromium } from '../../crawler/browser/chromium-path.js';
import { renderMarkdown, renderPlainText, renderHtml as renderAlertHtml } from '../../cli/alerts/render.js';
import { unitAlert } from '../../cli/alerts/summary.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { buildExtension } from '../../extension/build.js';
import { startApiServer, type ApiServer } from '../../reports/api/server.js';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { pdfDocumentHtml, pdfFooterTemplate, pdfHeaderTemplate } from '../../reports/pdf/document-html.js';
import { PDF_PAGE_MARGIN } from '../../reports/pdf/print-css.js';
import { printHtmlToPdf } from '../../reports/pdf/print-chromium.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { runCli } from '../helpers/cli.js';
import { literalPayloads, startHostileSite, UNBROKEN, type HostileSite } from './hostile-site.js';

const EVAL_DATE = '2020-11-26';
const UNIT_ID = 'hostile';
/** The district name comes from the config, which an office may paste from anywhere. */
const DISTRICT = '测试区<b onmouseover=window.__pwned=9>新区</b>';
const VIEWPORT = { width: 1024, height: 768 };
/** Raw characters that must never reach a reader: bidi controls, zero-width characters, the BOM. */
const RAW_INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

const chromiumLocation = findChromium();

let site: HostileSite;
let dir: string;
let dbFile: string;
let db: Db;
let doc: ExportDocument;
let api: ApiServer;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumLocation) throw new Error(chromiumMissingMessage());
  site = await startHostileSite();
  dir = mkdtempSync(join(tmpdir(), 'gk-hostile-'));
  dbFile = join(dir, 'hostile.sqlite');
  const raw = {
    name: DISTRICT,
    evalDate: EVAL_DATE,
    units: [{ id: UNIT_ID, name: site.unitName, type: 'department', url: site.url }],
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, render: 'never', a11yPagesPerUnit: 0 },
  };
  writeFileSync(join(dir, 'gongkai.config.json'), JSON.stringify(raw));
  db = openStore(dbFile);
  await runCrawl(db, validateConfig(raw), { evalDate: EVAL_DATE }, createProgress(process.stderr, { quiet: true }));
  const json = join(dir, 'export.json');
  const r = await runCli(['export', '--db', dbFile, '--format', 'json', '--out', json]);
  expect(r.code, r.stderr).toBe(0);
  doc = ExportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  api = await startApiServer(db, { port: 0 });
  browser = await chromium.launch({ executablePath: chromiumLocation.path, headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  db?.close();
  await site?.close();
});

/** The findings' texts and data values, as the crawl stored them (the test's ground truth). */
function findings() {
  return doc.units.find((u) => u.id === UNIT_ID)!.findings;
}

describe('the crawl keeps hostile strings as data', () => {
  it('stores them verbatim in the findings, and nothing ran during the crawl', () => {
    const all = findings();
    const texts = all.map((f) => `${f.message} ${JSON.stringify(f.data)}`).join('\n');
    // The payloads reached the findings (otherwise this test would prove nothing).
    expect(texts).toContain('<script>window.__pwned=1');
    expect(texts).toContain('</style><img src=/canary/st>');
    expect(texts).toContain('</textarea><img src=/canary/ta>');
    expect(texts).toContain('--><img src=/canary/cm><!--');
    expect(texts).toContain('[点此查看](javascript:window.__pwned=6)');
    expect(texts).toContain('=HYPERLINK(');
    expect(texts).toContain('\u202E');
    expect(texts).toContain('\u200B');
    expect(all.some((f) => f.ruleId === 'link.broken' && f.outcome === 'violation' && f.url.length > 0)).toBe(true);
    expect(all.some((f) => f.ruleId === 'privacy.id-number' && f.outcome === 'violation')).toBe(true);
    expect(all.some((f) => f.ruleId === 'a11y.image-alt' && f.target?.snippet.includes(UNBROKEN.slice(0, 80)))).toBe(true);
    expect(site.canaryHits).toEqual([]);
  });
});

interface Watched {
  page: Page;
  dialogs: string[];
  requests: string[];
  errors: string[];
}

async function watch(page: Page): Promise<Watched> {
  const w: Watched = { page, dialogs: [], requests: [], errors: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss().catch(() => undefined);
  });
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('pageerror', (e) => w.errors.push(e.message));
  return w;
}

/** What a page shows that no hostile string may have added, read from the live DOM. */
interface DomAudit {
  pwned: unknown;
  handlerAttributes: string[];
  scriptUrls: string[];
  tags: Record<string, number>;
  styleWithCanary: number;
  scrollWidth: number;
  clientWidth: number;
  text: string;
}

async function auditDom(page: Page, rootSelector?: string): Promise<DomAudit> {
  return page.evaluate((sel) => {
    const root: ParentNode & Node = sel ? (document.querySelector(sel)?.shadowRoot ?? document) : document;
    const all = Array.from(root.querySelectorAll('*'));
    const handlerAttributes: string[] = [];
    const scriptUrls: string[] = [];
    const tags: Record<string, number> = {};
    for (const el of all) {
      const tag = el.localName;
      tags[tag] = (tags[tag] ?? 0) + 1;
      for (const attr of Array.from(el.attributes)) {
        if (attr.name.toLowerCase().startsWith('on')) handlerAttributes.push(`${tag}[${attr.name}]`);
        if (/^\s*(javascript|data|vbscript):/i.test(attr.value) && ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name)) {
          // The report's own screenshots are the only data: URLs (none here: no screenshots were taken).
          scriptUrls.push(`${tag}[${attr.name}=${attr.value.slice(0, 40)}]`);
        }
      }
    }
    const styleWithCanary = Array.from(root.querySelectorAll('style')).filter((s) => (s.textContent ?? '').includes('canary')).length;
    const scroller = document.scrollingElement ?? document.documentElement;
    const textRoot = root instanceof Document ? root.body : (root as ShadowRoot);
    const text = textRoot instanceof HTMLElement ? textRoot.innerText : (textRoot.textContent ?? '');
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      handlerAttributes,
      scriptUrls,
      tags,
      styleWithCanary,
      scrollWidth: scroller.scrollWidth,
      clientWidth: scroller.clientWidth,
      text,
    };
  }, rootSelector ?? null);
}

/** Tags a hostile payload would add; pages may legitimately hold some, counted in `allowed`. */
const ACTIVE_TAGS = ['script', 'iframe', 'img', 'object', 'embed', 'textarea', 'form', 'base', 'meta', 'link', 'style', 'svg'];

function expectInert(w: Watched, audit: DomAudit, allowed: Partial<Record<string, number>>): void {
  expect(w.dialogs).toEqual([]);
  expect(w.errors).toEqual([]);
  expect(audit.pwned).toBeUndefined();
  // The site's own image addresses may mention the word in a query: only the canary path counts.
  expect(w.requests.filter((u) => /^\/canary/.test(new URL(u, 'http://x').pathname))).toEqual([]);
  expect(site.canaryHits).toEqual([]);
  expect(audit.handlerAttributes).toEqual([]);
  expect(audit.scriptUrls).toEqual([]);
  expect(audit.styleWithCanary).toBe(0);
  for (const tag of ACTIVE_TAGS) expect(audit.tags[tag] ?? 0, `<${tag}> elements`).toBeLessThanOrEqual(allowed[tag] ?? 0);
}

/** The payloads are shown as the text they are; invisible characters as markers, never raw. */
function expectLiteral(text: string, strings: string[]): void {
  for (const s of strings) expect(text, s).toContain(s);
  expect(text).toContain('[U+202E]');
  expect(RAW_INVISIBLE.exec(text)?.[0]).toBeUndefined();
}

/** The document is no wider than its viewport (long strings wrap): a few pixels of slack. */
function expectNoOverflow(audit: DomAudit): void {
  expect(audit.scrollWidth).toBeLessThanOrEqual(audit.clientWidth + 4);
}

/**
 * Bidi isolation: the unit name ends in Arabic letters. Each element that shows it must be an
 * isolate (a <bdi>, or unicode-bidi isolate/plaintext), and the text that follows it on the same
 * line must still stand to its right (left-to-right reading order of the report's own words).
 */
async function expectNameIsolated(page: Page, selector: string): Promise<number> {
  const result = await page.evaluate(({ sel, marker }) => {
    const problems: string[] = [];
    let checked = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (!(el.textContent ?? '').includes(marker)) continue;
      checked += 1;
      // The innermost element holding the name text.
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node: Text | null = null;
      while (walker.nextNode()) {
        const t = walker.currentNode as Text;
        // A <select>'s options are plain text by definition (and each is its own line).
        if ((t.textContent ?? '').includes(marker) && !t.parentElement?.closest('option, title')) node = t;
      }
      const holder = node?.parentElement;
      if (!holder) continue;
      let isolated = false;
      for (let e: HTMLElement | null = holder; e && e !== el.parentElement; e = e.parentElement) {
        const ub = getComputedStyle(e).unicodeBidi;
        if (e.localName === 'bdi' || ub === 'isolate' || ub === 'plaintext' || ub === 'isolate-override') isolated = true;
      }
      if (!isolated) problems.push(`not isolated: ${holder.outerHTML.slice(0, 120)}`);
    }
    return { problems, checked };
  }, { sel: selector, marker: 'مرحبا' });
  expect(result.problems).toEqual([]);
  return result.checked;
}

describe.skipIf(skipWithout({ chromium: true }))('in real Chromium', () => {
  async function open(url: string): Promise<Watched> {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const w = await watch(page);
    const res = await page.goto(url);
    expect(res?.status() ?? 200).toBeLessThan(400);
    return w;
  }

  it('the HTML report shows every payload as text and runs none', async () => {
    const file = join(dir, 'report.html');
    const r = await runCli(['export', '--db', dbFile, '--format', 'html', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const w = await open(`file://${file}`);
    const audit = await auditDom(w.page);
    // The report's own: one <style>, its three <meta>s; no images (no screenshots were taken).
    expectInert(w, audit, { style: 1, meta: 4 });
    expectLiteral(audit.text, [...literalPayloads(site.payloads), '<svg onload=window.__pwned=3>', DISTRICT]);
    expectNoOverflow(audit);
    expect(await expectNameIsolated(w.page, 'h1, h2, h3, td, li, p, dd, a')).toBeGreaterThan(0);
    await w.page.context().close();
  });

  for (const path of ['/', `/units/${UNIT_ID}`, '/findings']) {
    it(`the dashboard ${path} shows the payloads as text and runs none`, async () => {
      const w = await open(`${api.url}${path}`);
      const audit = await auditDom(w.page);
      // The dashboard's own charts are inline SVG; none may carry a handler (checked above).
      // ECharts' SVG carries its own <style> (checked for the canary above).
      expectInert(w, audit, { style: 2, meta: 4, svg: 100, form: 100, link: 2 });
      expect(audit.text).toContain('<img src=/canary/i onerror=window.__pwned=2>');
      if (path !== '/') expectLiteral(audit.text, ['</style><img src=/canary/st>', '--><img src=/canary/cm><!--', '[点此查看](javascript:window.__pwned=6)']);
      expect(RAW_INVISIBLE.exec(audit.text)?.[0]).toBeUndefined();
      expectNoOverflow(audit);
      expect(await expectNameIsolated(w.page, 'h1, h2, h3, td, li, p, dd, a, span, div')).toBeGreaterThan(0);
      await w.page.context().close();
    });
  }

  it('the PDF document: inert in a browser with scripts on, printed without dialog or request, text literal', async () => {
    const html = pdfDocumentHtml(doc, { districtName: DISTRICT, ruleInfo: reportRuleInfo, generatedAt: new Date('2020-11-26T08:00:00Z') });
    // Scripts on here (the printer runs with them off): injected markup would show itself.
    const context = await browser.newContext({ viewport: { width: 794, height: 1123 } });
    const page = await context.newPage();
    const w = await watch(page);
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    const audit = await auditDom(page);
    expectInert(w, audit, { style: 1, meta: 4 });
    expectLiteral(audit.text, ['</style><img src=/canary/st>', '</textarea><img src=/canary/ta>', '--><img src=/canary/cm><!--', '[点此查看](javascript:window.__pwned=6)']);
    expectNoOverflow(audit);
    expect(await expectNameIsolated(page, 'h1, h2, h3, td, li, p, dd, a, span, div')).toBeGreaterThan(0);
    await context.close();

    const printed = await printHtmlToPdf(html, {
      chromium: printingChromium(),
      headerTemplate: pdfHeaderTemplate(DISTRICT),
      footerTemplate: pdfFooterTemplate(),
      margin: { ...PDF_PAGE_MARGIN },
    });
    expect(printed.dialogs).toEqual([]);
    expect(printed.blockedRequests).toEqual([]);
    const file = join(dir, 'report.pdf');
    writeFileSync(file, printed.pdf);
    const words = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(words).toContain('</style><img src=/canary/st>');
    expect(words).toContain('[U+202E]');
    expect(site.canaryHits).toEqual([]);
  }, 90_000);
});

declare const chrome: {
  storage: { local: { set(v: Record<string, unknown>): Promise<void> }; session: { get(k: null): Promise<Record<string, unknown>> } };
};

describe.skipIf(skipWithout({ chromium: true }))('the extension on the hostile page itself', () => {
  let context: BrowserContext;
  let extensionId: string;
  let tabIdOf: (url: string) => Promise<number>;

  beforeAll(async () => {
    const extDir = join(dir, 'extension');
    await buildExtension({ outDir: extDir, grantHosts: ['http://127.0.0.1/*'], zip: false });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: chromiumLocation!.path,
      headless: true,
      viewport: VIEWPORT,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
    });
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(sw.url()).host;
    // Scanned on load, with the site findings of the hostile crawl from a real `gongkai serve`.
    await sw.evaluate((o) => chrome.storage.local.set({ autoScanOrigins: [o.origin], serverUrl: o.server }), { origin: new URL(site.url).origin, server: api.url });
    tabIdOf = async (url) => {
      const id = await sw.evaluate(async (pageUrl) => {
        const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string }>;
        const key = Object.keys(all).find((k) => all[k]?.url === pageUrl);
        return key ? Number(key.slice('tab:'.length)) : null;
      }, url);
      if (id === null) throw new Error(`no scan stored for ${url}`);
      return id;
    };
  }, 90_000);

  afterAll(async () => {
    await context?.close();
  });

  it('overlay: boxes and banner show the page strings as text; nothing runs, nothing overflows', async () => {
    const page = await context.newPage();
    const w = await watch(page);
    await page.goto(site.url);
    await page.waitForFunction(() => !!document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('[data-gongkai-rule="a11y.image-alt"]'));
    // The banner has the server's lines for this page (the unit's name and its findings).
    await page.waitForFunction(() => (document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('.banner')?.textContent ?? '').includes('مرحبا'));
    const page_ = await auditDom(page);
    const overlay = await auditDom(page, '#gongkai-overlay-host');
    // The page's own markup (as served, inert until clicked): three images and its `javascript:` link.
    expect(page_.scriptUrls).toEqual(['a[href=javascript:window.__pwned=5]']);
    expectInert(w, { ...page_, scriptUrls: [] }, { img: 3, meta: 4 });
    expectInert(w, overlay, { style: 1 });
    // The hidden tooltips hold the messages: read them as text.
    const tips = await page.evaluate(() => Array.from(document.getElementById('gongkai-overlay-host')!.shadowRoot!.querySelectorAll('.tip')).map((t) => t.textContent ?? '').join('\n'));
    expect(tips).toContain(`x="<script>window.__pwned=1`);
    const banner = await page.evaluate(() => document.getElementById('gongkai-overlay-host')!.shadowRoot!.querySelector('.banner')!.textContent ?? '');
    expect(banner).toContain('[U+202E]');
    expect(RAW_INVISIBLE.exec(tips + banner)?.[0]).toBeUndefined();
    // The banner stays inside the viewport however long the strings.
    const rect = await page.evaluate(() => {
      const r = document.getElementById('gongkai-overlay-host')!.shadowRoot!.querySelector('.banner')!.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(rect.left).toBeGreaterThanOrEqual(0);
    expect(rect.right).toBeLessThanOrEqual(VIEWPORT.width);
    await page.close();
  });

  it('popup: page and site findings as text; nothing runs, nothing overflows', async () => {
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => !!document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('[data-gongkai-rule]'));
    const tabId = await tabIdOf(page.url());
    const popup = await context.newPage();
    const w = await watch(popup);
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await expect.poll(() => popup.locator('#site-body').textContent()).toContain('مرحبا');
    await popup.locator('li[data-rule="a11y.image-alt"]').first().waitFor();
    const audit = await auditDom(popup);
    // popup.html's own script and style sheet.
    expectInert(w, audit, { script: 1, meta: 2, link: 1 });
    expectLiteral(audit.text, ['<img src=/canary/i onerror=window.__pwned=2>', '</style><img src=/canary/st>', '--><img src=/canary/cm><!--', '[点此查看](javascript:window.__pwned=6)']);
    expectNoOverflow(audit);
    await popup.close();
    await page.close();
  });
});

describe('spreadsheets and messages', () => {
  it('CSV: formulas stay text, every crawled cell guarded', async () => {
    const file = join(dir, 'findings.csv');
    const r = await runCli(['export', '--db', dbFile, '--format', 'csv', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const content = readFileSync(file, 'utf8');
    const wb = XLSX.read(content.slice(1), { type: 'string', raw: true });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
    const cells = rows.flat();
    expect(cells.some((c) => c.includes('HYPERLINK('))).toBe(true);
    for (const c of cells) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
    // Read as a spreadsheet program reads a CSV (values parsed, formulas recognised): no cell became a formula.
    const parsed = XLSX.read(content.slice(1), { type: 'string' });
    const formulas = Object.values(parsed.Sheets[parsed.SheetNames[0]!]!).filter((cell) => typeof cell === 'object' && cell !== null && 'f' in cell);
    expect(formulas).toEqual([]);
    // The same reading does turn an unguarded cell into a formula: the check above can fail.
    const control = XLSX.read('名称,值\n甲,=HYPERLINK("http://x")\n', { type: 'string' });
    expect(Object.values(control.Sheets[control.SheetNames[0]!]!).some((cell) => typeof cell === 'object' && cell !== null && 'f' in cell)).toBe(true);
  });

  it('XLSX: formulas stay text', async () => {
    const file = join(dir, 'report.xlsx');
    const r = await runCli(['export', '--db', dbFile, '--format', 'xlsx', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    let formulaText = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          const text = typeof cell.value === 'string' ? cell.value : cell.text;
          if (text.includes('HYPERLINK(')) formulaText += 1;
          expect(text).not.toMatch(/^[=+\-@]/);
          // A hyperlink cell only ever points to an http(s) address.
          const v = cell.value as { hyperlink?: string } | null;
          if (v && typeof v === 'object' && 'hyperlink' in v && v.hyperlink) expect(v.hyperlink).toMatch(/^https?:\/\//);
        }),
      ),
    );
    expect(formulaText).toBeGreaterThan(0);
  });

  it('robot markdown cannot carry a link, heading or markup; e-mail HTML and text are neutral', () => {
    const unit = doc.units.find((u) => u.id === UNIT_ID)!;
    const alert = unitAlert(doc, unit, { maxItems: 50, district: DISTRICT });
    for (const flavor of ['wecom', 'dingtalk'] as const) {
      const md = renderMarkdown(alert, 18_000, flavor);
      // Our own structure: headings and bold marks we write; none from crawled text.
      const crawledLines = md.split('\n').filter((l) => /^\s*(\d+\.|·)\s/.test(l) || /^\s{3}\S/.test(l));
      expect(crawledLines.length).toBeGreaterThan(5);
      for (const line of crawledLines) {
        expect(line).not.toMatch(/\[[^\]]*\]\([^)]*\)/);
        expect(line).not.toMatch(/[<>`*_[\]]/);
      }
      expect(md).not.toMatch(RAW_INVISIBLE);
      expect(md).toContain('［点此查看］（javascript:window.＿＿pwned=6）');
    }
    const text = renderPlainText(alert);
    expect(text).not.toMatch(RAW_INVISIBLE);
    const mail = renderAlertHtml(alert);
    expect(mail).not.toMatch(/<(script|img|svg|iframe|style)\b/i);
    expect(mail).not.toMatch(RAW_INVISIBLE);
  });
});
