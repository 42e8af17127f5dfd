/**
 * screenshotElement in real Chromium on pages served from 127.0.0.1: the PNG decodes to the
 * expected size, the red frame is in it (and nowhere on the page itself), the DOM is unchanged
 * afterwards, and missing or hidden elements give null.
 * Needs Chromium: fails (does not skip) when it is missing, since CI installs it.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium } from '../../crawler/browser/chromium-path.js';
import {
  OUTLINE_RGB,
  screenshotElement,
  screenshotRegion,
} from '../../crawler/browser/element-screenshot.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const TIMEOUT = 30_000;

/** The target sits at a known place: 300,300, 200×40 CSS pixels, in a page that fits the viewport. */
const PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>区发展和改革局</title>
<style>body{margin:0;background:#fff;font:16px sans-serif} #target{position:absolute;left:300px;top:300px;width:200px;height:40px;background:#dfe8f3}</style></head>
<body><h1>工作动态</h1><p>区发展改革局召开重点项目推进会，部署下一阶段工作。</p>
<a id="target" href="/x.html"><img src="/none.png"></a>
<p id="hidden" style="display:none">隐藏的段落</p>
<p id="invisible" style="visibility:hidden">不可见的段落</p>
<span id="empty"></span>
<div id="host"></div>
<script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<button id="inner" style="width:120px;height:30px">提交</button>';</script>
</body></html>`;

/** A long page: the target is far below the first screen. */
const LONG_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知公告</title>
<style>body{margin:0;background:#fff;font:16px sans-serif}</style></head><body>
<div style="height:3000px">上方内容</div><p id="far" style="margin:0 40px;width:300px">关于开展政务公开工作检查的通知（第三季度）</p>
<div style="height:3000px"></div>
<div id="huge" style="width:2400px;height:2400px;background:#eef">很大的区域</div></body></html>`;

/** A strict CSP: no inline styles or scripts from anyone but the page itself. */
const CSP_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>严格策略</title></head>
<body><p>页面内容</p><a id="link" href="/x.html">查看详情</a></body></html>`;

function html(body: string, headers: Record<string, string> = {}) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
}

interface DecodedPng {
  width: number;
  height: number;
  /** RGBA per pixel. */
  pixel(x: number, y: number): [number, number, number, number];
}

/** A small PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium writes). */
function decodePng(buf: Buffer): DecodedPng {
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      colorType = data[9]!;
      expect(data[12]).toBe(0); // not interlaced
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  expect([2, 6]).toContain(colorType);
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel(x, y) {
      const at = y * stride + x * channels;
      return [out[at]!, out[at + 1]!, out[at + 2]!, channels === 4 ? out[at + 3]! : 255];
    },
  };
}

function isOutlineColour([r, g, b]: [number, number, number, number]): boolean {
  return Math.abs(r - OUTLINE_RGB[0]) <= 3 && Math.abs(g - OUTLINE_RGB[1]) <= 3 && Math.abs(b - OUTLINE_RGB[2]) <= 3;
}

/** Coordinates of every pixel in the frame colour. */
function outlinePixels(png: DecodedPng): { x: number; y: number }[] {
  const hits: { x: number; y: number }[] = [];
  for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (isOutlineColour(png.pixel(x, y))) hits.push({ x, y });
  return hits;
}

let server: TestServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const location = findChromium();
  if (!location) throw new Error(chromiumMissingMessage());
  server = await startServer({
    '/page': html(PAGE),
    '/long': html(LONG_PAGE),
    '/csp': html(CSP_PAGE, { 'content-security-policy': "default-src 'self'; style-src 'self'; script-src 'self'" }),
  });
  browser = await chromium.launch({ executablePath: location.path, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
}, TIMEOUT);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  return page;
}

const outerHtml = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

describe('screenshotElement', () => {
  it('gives a PNG of the element with 120 px of context, framed in red', { timeout: TIMEOUT }, async () => {
    const page = await open('/page');
    try {
      const png = await screenshotElement(page, '#target');
      expect(png).not.toBeNull();
      const image = decodePng(png!);
      // 300-120 .. 500+120 wide, 300-120 .. 340+120 high.
      expect([image.width, image.height]).toEqual([440, 280]);
      const hits = outlinePixels(image);
      // A 3 px frame around a (200+10)×(40+10) box: about 2·3·(210+50) pixels.
      expect(hits.length).toBeGreaterThan(1200);
      // The frame surrounds the element (at 120,120 .. 320,160 in the image) without covering it.
      const xs = hits.map((h) => h.x);
      const ys = hits.map((h) => h.y);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(114);
      expect(Math.min(...xs)).toBeLessThan(120);
      expect(Math.max(...xs)).toBeGreaterThan(320);
      expect(Math.max(...xs)).toBeLessThanOrEqual(326);
      expect(Math.min(...ys)).toBeLessThan(120);
      expect(Math.max(...ys)).toBeGreaterThan(160);
      expect(isOutlineColour(image.pixel(220, 140))).toBe(false); // the element itself is not painted over

      // The same region without the frame has no pixel of its colour: the red is ours.
      const plain = decodePng(await page.screenshot({ type: 'png', clip: { x: 180, y: 180, width: 440, height: 280 }, scale: 'css' }));
      expect(outlinePixels(plain)).toHaveLength(0);
    } finally {
      await page.close();
    }
  });

  it('leaves the DOM exactly as it found it', { timeout: TIMEOUT }, async () => {
    const page = await open('/page');
    try {
      const before = await outerHtml(page);
      expect(await screenshotElement(page, '#target')).not.toBeNull();
      expect(await outerHtml(page)).toBe(before);
      expect(await page.evaluate(() => document.querySelectorAll('gongkai-evidence-frame').length)).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('gives null for missing, hidden, empty and invalid targets', { timeout: TIMEOUT }, async () => {
    const page = await open('/page');
    try {
      const before = await outerHtml(page);
      for (const selector of ['#nothing', '#hidden', '#invisible', '#empty', 'a[', '#target >>> p', '']) {
        expect(await screenshotElement(page, selector), selector).toBeNull();
      }
      expect(await outerHtml(page)).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('follows axe shadow-DOM steps', { timeout: TIMEOUT }, async () => {
    const page = await open('/page');
    try {
      const png = await screenshotElement(page, '#host >>> #inner');
      expect(png).not.toBeNull();
      expect(outlinePixels(decodePng(png!)).length).toBeGreaterThan(500);
    } finally {
      await page.close();
    }
  });

  it('scrolls a far-down element into view and frames it', { timeout: TIMEOUT }, async () => {
    const page = await open('/long');
    try {
      const png = await screenshotElement(page, '#far');
      expect(png).not.toBeNull();
      const image = decodePng(png!);
      // 300 wide + 2·120 of context, 40 px to its left only (the page edge).
      expect(image.width).toBe(40 + 300 + 120);
      expect(outlinePixels(image).length).toBeGreaterThan(1000);
    } finally {
      await page.close();
    }
  });

  it('keeps a huge element to the size limit, its top-left corner framed', { timeout: TIMEOUT }, async () => {
    const page = await open('/long');
    try {
      const png = await screenshotElement(page, '#huge');
      expect(png).not.toBeNull();
      const image = decodePng(png!);
      expect(image.width).toBeLessThanOrEqual(1200);
      expect(image.height).toBeLessThanOrEqual(720); // the viewport is smaller than 800
      const hits = outlinePixels(image);
      expect(hits.length).toBeGreaterThan(500);
      // The frame's corner is near the top-left, after the context margin.
      expect(Math.min(...hits.map((h) => h.x))).toBeLessThan(130);
      expect(Math.min(...hits.map((h) => h.y))).toBeLessThan(130);

      const smaller = decodePng((await screenshotElement(page, '#huge', { maxWidth: 400, maxHeight: 300 }))!);
      expect([smaller.width, smaller.height]).toEqual([400, 300]);
    } finally {
      await page.close();
    }
  });

  it('draws the frame on a page with a strict Content-Security-Policy', { timeout: TIMEOUT }, async () => {
    const page = await open('/csp');
    try {
      const before = await outerHtml(page);
      const png = await screenshotElement(page, '#link');
      expect(png).not.toBeNull();
      expect(outlinePixels(decodePng(png!)).length).toBeGreaterThan(300);
      expect(await outerHtml(page)).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('gives null instead of throwing on a closed page', { timeout: TIMEOUT }, async () => {
    const page = await open('/page');
    await page.close();
    expect(await screenshotElement(page, '#target')).toBeNull();
  });
});

describe('screenshotRegion', () => {
  const viewport = { width: 1280, height: 720 };

  it('adds the margin on each side, clipped to the viewport', () => {
    expect(screenshotRegion({ x: 300, y: 300, width: 200, height: 40 }, viewport, 120, 1200, 800)).toEqual({
      x: 180,
      y: 180,
      width: 440,
      height: 280,
    });
    expect(screenshotRegion({ x: 10, y: 700, width: 50, height: 50 }, viewport, 120, 1200, 800)).toEqual({
      x: 0,
      y: 580,
      width: 180,
      height: 140,
    });
  });

  it('caps the size keeping the top-left corner, and gives null off screen', () => {
    expect(screenshotRegion({ x: 200, y: 150, width: 3000, height: 3000 }, viewport, 120, 1200, 800)).toEqual({
      x: 80,
      y: 30,
      width: 1200,
      height: 690,
    });
    expect(screenshotRegion({ x: 0, y: 900, width: 100, height: 100 }, viewport, 120, 1200, 800)).toBeNull();
    expect(screenshotRegion({ x: 1500, y: 0, width: 100, height: 100 }, viewport, 120, 1200, 800)).toBeNull();
  });
});
