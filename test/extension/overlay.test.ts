/**
 * End to end: the built extension in real headless Chromium (launchPersistentContext, toolchain.md
 * §3b) on the demo district. An origin listed in `autoScanOrigins` is scanned on load; the overlay
 * marks exactly the seeded alt-less image; a clean page gets no boxes; the page's layout is
 * unchanged; the popup lists the finding and its 定位 button flashes the box; site findings come from
 * a real `gongkai serve` (over a real crawl) when `serverUrl` is set, and without one the live checks
 * still run and the overlay says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { buildExtension } from '../../extension/build.js';
import { localIsoDate } from '../../extension/src/scan.js';
import { CHROMIUM_ARGS, findChromium } from '../../crawler/browser/chromium-path.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { expectedViolations } from '../demo-district/answer-key.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { startApiServer, type ApiServer } from '../../reports/api/server.js';

const chromiumPath = findChromium()?.path ?? null;

interface Rect { x: number; y: number; width: number; height: number }

/** The overlay's boxes: rule id and viewport rect of each. */
async function overlayBoxes(page: Page): Promise<{ rule: string; rect: Rect }[]> {
  return page.evaluate(() => {
    const host = document.getElementById('gongkai-overlay-host');
    const boxes = host?.shadowRoot ? Array.from(host.shadowRoot.querySelectorAll('[data-gongkai-rule]')) : [];
    return boxes.map((b) => {
      const r = b.getBoundingClientRect();
      return { rule: b.getAttribute('data-gongkai-rule') ?? '', rect: { x: r.x, y: r.y, width: r.width, height: r.height } };
    });
  });
}

/**
 * Pages that use our host id themselves (a page chooses its ids): the extension must still scan
 * their content and must never remove their elements.
 */
const HOSTILE_PAGES: Record<string, string> = {
  '/div.html': '<!doctype html><html lang="zh-CN"><head><title>页</title></head><body><div id="gongkai-overlay-host"><img src="x.png" width="40" height="40"><p>正文内容</p></div></body></html>',
  '/body.html': '<!doctype html><html lang="zh-CN"><head><title>页</title></head><body id="gongkai-overlay-host"><img src="x.png" width="40" height="40"><p>正文内容</p></body></html>',
  '/html.html': '<!doctype html><html lang="zh-CN" id="gongkai-overlay-host"><head><title>页</title></head><body><img src="x.png" width="40" height="40"><p>正文内容</p></body></html>',
};

/** An ordinary page, served under a URL longer than the message limit. */
const LONG_URL_PAGE = '<!doctype html><html lang="zh-CN"><head><title>页</title></head><body><img src="x.png" width="40" height="40"></body></html>';

/** Our host: the <div> under <html> with a shadow root (the page may reuse the id elsewhere). */
async function ourHostBoxes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const host = Array.from(document.documentElement.children).find((e) => e.localName === 'div' && e.shadowRoot);
    return host?.shadowRoot ? Array.from(host.shadowRoot.querySelectorAll('[data-gongkai-rule]')).map((b) => b.getAttribute('data-gongkai-rule') ?? '') : [];
  });
}

async function waitForOverlay(page: Page): Promise<void> {
  await page.waitForFunction(() => !!document.getElementById('gongkai-overlay-host')?.shadowRoot);
}

/** The tab id the service worker stored the scan of `url` under. */
async function tabIdOf(sw: Worker, url: string): Promise<number> {
  const id = await sw.evaluate(async (pageUrl) => {
    const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string }>;
    const key = Object.keys(all).find((k) => all[k]?.url === pageUrl);
    return key ? Number(key.slice('tab:'.length)) : null;
  }, url);
  if (id === null) throw new Error(`no scan stored for ${url}`);
  return id;
}

declare const chrome: {
  storage: { local: { set(v: Record<string, unknown>): Promise<void> }; session: { get(k: null): Promise<Record<string, unknown>> } };
  action: { getBadgeText(d: { tabId: number }): Promise<string> };
};

describe.skipIf(skipWithout({ chromium: true }))('extension overlay (headless Chromium)', () => {
  let district: DemoDistrict;
  let context: BrowserContext;
  let sw: Worker;
  let extensionId: string;
  let workDir: string;
  let api: ApiServer;
  let apiUrl: string;
  let db: Db;
  let bszOrigin: string;
  let staleColumnUrl: string;
  let jtyOrigin: string;
  let defectUrl: string;
  let hostile: Server;
  let hostileOrigin: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'gongkai-ext-'));
    const extDir = join(workDir, 'dist');
    // The test build holds the host permission a webmaster grants at run time.
    await buildExtension({ outDir: extDir, grantHosts: ['http://127.0.0.1/*', 'http://localhost/*'], zip: false });
    district = await startDemoDistrict({ evalDate: localIsoDate() });
    const jty = district.units.find((u) => u.id === 'jty');
    if (!jty) throw new Error('demo unit jty missing');
    jtyOrigin = new URL(jty.url).origin;
    const seeded = expectedViolations(district).find((f) => f.unitId === 'jty' && f.ruleId === 'a11y.image-alt');
    if (!seeded) throw new Error('demo unit jty seeds no a11y.image-alt');
    defectUrl = new URL(seeded.path, jty.url).href;

    // The real `gongkai serve` over a real crawl of the demo district.
    const config = validateConfig({
      name: district.name,
      units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
      crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, a11yPagesPerUnit: 0, render: 'never' },
    });
    db = openStore(join(workDir, 'demo.sqlite'));
    await runCrawl(db, config, { evalDate: localIsoDate() }, createProgress(process.stderr, { quiet: true }));
    api = await startApiServer(db, { port: 0 });
    apiUrl = api.url;
    const stale = expectedViolations(district).find((f) => f.unitId === 'bsz' && f.ruleId === 'freshness.column');
    if (!stale) throw new Error('demo unit bsz seeds no stale column');
    const bsz = district.units.find((u) => u.id === 'bsz')!;
    bszOrigin = new URL(bsz.url).origin;
    staleColumnUrl = new URL(stale.path, bsz.url).href;

    hostile = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const html = path === '/long.html' ? LONG_URL_PAGE : HOSTILE_PAGES[path];
      res.writeHead(html ? 200 : 404, { 'content-type': html ? 'text/html; charset=utf-8' : 'text/plain' });
      res.end(html ?? '');
    });
    await new Promise<void>((done) => hostile.listen(0, '127.0.0.1', done));
    hostileOrigin = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;

    context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: chromiumPath ?? undefined,
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
    });
    sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(sw.url()).host;
    await sw.evaluate((origins) => chrome.storage.local.set({ autoScanOrigins: origins }), [jtyOrigin, bszOrigin, hostileOrigin]);
  });

  afterAll(async () => {
    await context?.close();
    await district?.close();
    await api?.close();
    await new Promise((done) => (hostile ? hostile.close(done) : done(undefined)));
    db?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('marks exactly the alt-less images of the seeded page, without moving the page', async () => {
    const page = await context.newPage();
    await page.goto(defectUrl);
    await waitForOverlay(page);

    const imgRects: Rect[] = await page.evaluate(() =>
      Array.from(document.querySelectorAll('img:not([alt])')).map((img) => {
        const r = img.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    expect(imgRects.length).toBeGreaterThan(0);
    const boxes = (await overlayBoxes(page)).filter((b) => b.rule === 'a11y.image-alt');
    expect(boxes).toHaveLength(imgRects.length);
    // Each box frames its image (2px outside each edge).
    for (const [i, box] of boxes.entries()) {
      const img = imgRects[i]!;
      expect(box.rect.x).toBeCloseTo(img.x - 2, 0);
      expect(box.rect.y).toBeCloseTo(img.y - 2, 0);
      expect(box.rect.width).toBeCloseTo(img.width + 4, 0);
    }
    // Without a server: the banner says so.
    await page.waitForFunction(() =>
      document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('.banner')?.textContent?.includes('未连接 Gongkai 服务'),
    );

    // Scrolling moves the boxes with their images (redrawn on the next animation frame).
    await page.evaluate(() => {
      document.documentElement.style.minHeight = '400vh';
      window.scrollTo(0, 150);
    });
    await page.waitForFunction(() => {
      const img = document.querySelector('img:not([alt])');
      const box = document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('[data-gongkai-rule="a11y.image-alt"]');
      return !!img && !!box && window.scrollY > 0 && Math.abs(box.getBoundingClientRect().y - (img.getBoundingClientRect().y - 2)) < 1;
    });

    // The page's own boxes are the same with and without the overlay; the host is the only addition.
    const layout = (): Promise<string[]> =>
      page.evaluate(() => Array.from(document.body.querySelectorAll('*')).map((e) => JSON.stringify(e.getBoundingClientRect())));
    const withOverlay = await layout();
    const hostParent = await page.evaluate(() => {
      const host = document.getElementById('gongkai-overlay-host');
      const parent = host?.parentElement?.tagName ?? null;
      host?.remove();
      return parent;
    });
    expect(hostParent).toBe('HTML');
    expect(await layout()).toEqual(withOverlay);
    await page.close();
  });

  it('marks a seeded typo on the live page: the wrong words themselves, not their paragraph', async () => {
    const seeded = expectedViolations(district).find((f) => f.unitId === 'jty' && f.ruleId === 'wording.typo');
    if (!seeded) throw new Error('demo unit jty seeds no wording.typo');
    const wrong = String(seeded.data?.['wrong']);
    const page = await context.newPage();
    await page.goto(new URL(seeded.path, defectUrl).href);
    await waitForOverlay(page);
    await expect.poll(async () => (await overlayBoxes(page)).filter((b) => b.rule === 'wording.typo').length).toBe(1);
    const box = (await overlayBoxes(page)).find((b) => b.rule === 'wording.typo')!;
    const words = await page.evaluate((w) => {
      const p = Array.from(document.querySelectorAll('p')).find((e) => e.textContent?.includes(w))!;
      const node = Array.from(p.childNodes).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes(w))!;
      const range = document.createRange();
      const at = node.textContent!.indexOf(w);
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const r = range.getBoundingClientRect();
      const pr = p.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, paragraphWidth: pr.width };
    }, wrong);
    expect(box.rect.x).toBeCloseTo(words.x - 2, 0);
    expect(box.rect.y).toBeCloseTo(words.y - 2, 0);
    expect(box.rect.width).toBeCloseTo(words.width + 4, 0);
    expect(box.rect.width).toBeLessThan(words.paragraphWidth / 2);
    await page.close();
  });

  it('draws no box on a clean page of the same unit, and scans only listed origins', async () => {
    const clean = new URL('/', defectUrl).href; // home page: its seeded finding is a site rule
    const other = clean.replace('127.0.0.1', 'localhost'); // same site, origin not listed
    const unlisted = await context.newPage();
    await unlisted.goto(other);
    const page = await context.newPage();
    await page.goto(clean);
    await waitForOverlay(page);
    expect(await overlayBoxes(page)).toEqual([]);
    expect(await unlisted.evaluate(() => document.getElementById('gongkai-overlay-host'))).toBeNull();
    await page.close();
    await unlisted.close();
  });

  it('popup lists the finding by indicator; 定位 flashes the box; badge shows the count', async () => {
    const page = await context.newPage();
    await page.goto(defectUrl);
    await waitForOverlay(page);
    await expect.poll(() => tabIdOf(sw, defectUrl).catch(() => null)).not.toBeNull();
    const tabId = await tabIdOf(sw, defectUrl);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    const item = popup.locator('section[data-indicator="accessibility"] li[data-rule="a11y.image-alt"]').first();
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('定位');
    expect(await popup.locator('#site-body').textContent()).toContain('未连接 Gongkai 服务');

    const badge = await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    const listed = await popup.locator('#groups li').count();
    expect(badge).toBe(String(listed));

    await item.getByRole('button', { name: '定位' }).click();
    await page.waitForFunction(() =>
      !!document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('[data-gongkai-rule="a11y.image-alt"].flash'),
    );
    await popup.close();
    await page.close();
  });

  it('options page shows the stored settings', async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect.poll(() => options.locator('#origins').inputValue()).toBe(`${jtyOrigin}\n${bszOrigin}\n${hostileOrigin}`);
    expect(await options.locator('#server').inputValue()).toBe('');
    await options.close();
  });

  it('with gongkai serve running, shows the stale column warning on that column page (banner and popup)', async () => {
    await sw.evaluate((url) => chrome.storage.local.set({ serverUrl: url }), apiUrl);
    const page = await context.newPage();
    await page.goto(staleColumnUrl);
    await page.waitForFunction(() =>
      /最新信息发布于.*超过.*更新要求/.test(document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('.banner')?.textContent ?? ''),
    );
    const tabId = await tabIdOf(sw, staleColumnUrl);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await expect.poll(() => popup.locator('#site-body').textContent()).toContain('宝山镇');
    expect(await popup.locator('#site-body li[data-rule="freshness.column"]').textContent()).toMatch(/超过.*更新要求/);
    // The unit's score is written out, never as an object.
    const siteText = (await popup.locator('#site-body').textContent()) ?? '';
    expect(siteText).not.toContain('[object');
    expect(siteText).toMatch(/得分 \d+(\.\d+)?\/\d+|未能评分/);
    await sw.evaluate(() => chrome.storage.local.set({ serverUrl: null }));
    await popup.close();
    await page.close();
  });

  it('scans and keeps the content of pages that use the overlay host id on a div, <body> or <html>', async () => {
    for (const path of Object.keys(HOSTILE_PAGES)) {
      const page = await context.newPage();
      await page.goto(hostileOrigin + path);
      await expect.poll(() => ourHostBoxes(page)).toContain('a11y.image-alt');
      // Scan again (second injection into the same page): the page's elements are still all there.
      const injected = await sw.evaluate(async (url) => {
        const tabs = await (chrome as unknown as { tabs: { query(q: object): Promise<{ id: number; url: string }[]> } }).tabs.query({});
        const tab = tabs.find((t) => t.url === url);
        if (!tab) return false;
        await (chrome as unknown as { scripting: { executeScript(o: object): Promise<unknown> } }).scripting.executeScript({ target: { tabId: tab.id }, files: ['content.js'] });
        return true;
      }, hostileOrigin + path);
      expect(injected).toBe(true);
      await expect.poll(() => ourHostBoxes(page)).toContain('a11y.image-alt');
      const state = await page.evaluate(() => ({
        text: document.body?.textContent ?? '',
        images: document.querySelectorAll('img').length,
        hosts: Array.from(document.documentElement.children).filter((e) => e.localName === 'div' && e.shadowRoot).length,
      }));
      expect(state, path).toEqual({ text: '正文内容', images: 1, hosts: 1 });
      await page.close();
    }
  });

  it('the banner can be closed, and a later answer does not bring it back', async () => {
    const page = await context.newPage();
    await page.goto(defectUrl);
    await waitForOverlay(page);
    const bannerShown = () => page.evaluate(() => {
      const banner = document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector<HTMLElement>('.banner');
      return banner ? !banner.hidden : null;
    });
    await expect.poll(bannerShown).toBe(true);
    await page.evaluate(() => document.getElementById('gongkai-overlay-host')!.shadowRoot!.querySelector<HTMLButtonElement>('.banner .close')!.click());
    expect(await bannerShown()).toBe(false);
    // A second scan of the same page (the popup's rescan) keeps it closed.
    const scannedAt = () => sw.evaluate(async (url) => {
      const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string; scannedAt?: string; site?: unknown }>;
      const state = Object.values(all).find((x) => x?.url === url);
      return state ? `${state.scannedAt ?? ''} ${state.site === null ? 'no-site' : 'site'}` : null;
    }, defectUrl);
    const before = await scannedAt();
    await sw.evaluate(async (url) => {
      const tabs = await (chrome as unknown as { tabs: { query(q: object): Promise<{ id: number; url: string }[]> } }).tabs.query({});
      const tab = tabs.find((t) => t.url === url)!;
      await (chrome as unknown as { scripting: { executeScript(o: object): Promise<unknown> } }).scripting.executeScript({ target: { tabId: tab.id }, files: ['content.js'] });
    }, defectUrl);
    // The rescan reported its findings, then asked for the site's (which sets the banner again).
    await expect.poll(scannedAt).not.toBe(before);
    await expect.poll(scannedAt).toMatch(/ site$/);
    expect(await bannerShown()).toBe(false);
    await page.close();
  });

  it('the service worker stores findings only for the page that sent them, never for a URL the message names', async () => {
    const page = await context.newPage();
    await page.goto(defectUrl);
    await waitForOverlay(page);
    const forged = await sw.evaluate(async (url) => {
      const tabs = await (chrome as unknown as { tabs: { query(q: object): Promise<{ id: number; url: string }[]> } }).tabs.query({});
      const tab = tabs.find((t) => t.url === url)!;
      // A script in the tab (as a content script is) claims findings for another site.
      const [answer] = (await (chrome as unknown as { scripting: { executeScript(o: object): Promise<{ result: unknown }[]> } }).scripting.executeScript({
        target: { tabId: tab.id },
        func: () => (chrome as unknown as { runtime: { sendMessage(m: unknown): Promise<unknown> } }).runtime.sendMessage({
          type: 'scan-result', url: 'http://www.other.example.gov.cn/', evalDate: '2020-11-26', findings: [],
        }),
      })) ?? [];
      const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string }>;
      return { answer: answer?.result ?? null, urls: Object.values(all).map((s) => s?.url ?? '') };
    }, defectUrl);
    expect(forged.answer).toBeNull();
    expect(forged.urls).not.toContain('http://www.other.example.gov.cn/');
    expect(forged.urls).toContain(defectUrl);
    await page.close();
  });

  it('a page with a URL over the message limit still gets its findings stored (badge, popup)', async () => {
    const longUrl = `${hostileOrigin}/long.html?q=${'a'.repeat(4500)}`;
    const page = await context.newPage();
    await page.goto(longUrl);
    await expect.poll(() => ourHostBoxes(page)).toContain('a11y.image-alt');
    const stored = async (): Promise<string[] | null> =>
      sw.evaluate(async (prefix) => {
        const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string; findings?: { ruleId: string }[] }>;
        const state = Object.values(all).find((s) => s?.url?.startsWith(prefix));
        return state?.findings?.map((f) => f.ruleId) ?? null;
      }, `${hostileOrigin}/long.html?q=aaa`);
    await expect.poll(stored).toContain('a11y.image-alt');
    await page.close();
  });

  it('without a server, says so and still runs the live checks', async () => {
    const page = await context.newPage();
    await page.goto(defectUrl);
    await page.waitForFunction(() =>
      (document.getElementById('gongkai-overlay-host')?.shadowRoot?.querySelector('.banner')?.textContent ?? '').includes('未连接 Gongkai 服务'),
    );
    expect((await overlayBoxes(page)).some((b) => b.rule === 'a11y.image-alt')).toBe(true);
    await page.close();
  });
});
