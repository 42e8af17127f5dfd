/**
 * The pre-inspection PDF printed by real Chromium: a real demo crawl (one, shared) and a hand-made
 * document with every office field and hostile strings. Pages are rasterised with pdftoppm and
 * must not be blank; the text is read back with pdf-parse. Skipped when no Chromium is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { findChromium, printingChromium } from '../../crawler/browser/chromium-path.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore } from '../../store/db.js';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument } from '../../reports/export-schema.js';
import { pdfDocumentHtml, pdfFooterTemplate, pdfHeaderTemplate } from '../../reports/pdf/document-html.js';
import { PDF_PAGE_MARGIN } from '../../reports/pdf/print-css.js';
import { printHtmlToPdf } from '../../reports/pdf/print-chromium.js';
import { renderPdf } from '../../reports/pdf/render-pdf.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { storeScreenshots } from '../../reports/screenshot-source.js';
import { startDemoDistrict } from '../demo-district/server.js';
import { HOSTILE_MESSAGE, HOSTILE_NAME, HOSTILE_URL, IMG, SCREENSHOT_URI, SCRIPT, officeDocument } from '../helpers/office-document.js';
import { revealInvisible } from '../../rules/escape.js';

const hasChromium = findChromium() !== null;
const dir = mkdtempSync(join(tmpdir(), 'gk-pdf-'));

/** Whitespace-free text, so a line wrap inside a long string does not hide it. */
const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * A rule id as printed: a line break may fall only after one of its dots or hyphens, never inside
 * a word (“interpretation.l / inked” is what a narrow column did before).
 */
function wholeRuleId(id: string): RegExp {
  const body = [...id].map((ch) => (ch === '.' || ch === '-' ? `\\${ch}\\s*` : ch)).join('');
  return new RegExp(`(^|[^\\w.-])${body}($|[^\\w.-])`, 'm');
}

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

interface PageInk {
  page: number;
  /** Variance of the grey levels in the body area (between header and footer). */
  variance: number;
  /** Pixels in the body area darker than mid-grey. */
  dark: number;
}

/**
 * Rasterises every page to 30 dpi greyscale PGM with pdftoppm and measures the ink in the body
 * area only: Chromium's header and footer are on every page, so they must not count.
 */
function pageInk(pdf: Buffer, name: string): PageInk[] {
  const out = mkdtempSync(join(dir, `${name}-`));
  const file = join(out, 'doc.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-gray', '-r', '30', file, join(out, 'p')]);
  const pages = readdirSync(out).filter((f) => f.endsWith('.pgm')).sort();
  return pages.map((f, i) => {
    const bytes = readFileSync(join(out, f));
    // P5 header: magic, width, height, maxval, each followed by whitespace.
    const header = bytes.subarray(0, 40).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
    if (!header) throw new Error(`not a PGM: ${f}`);
    const [, w, h] = header.map(Number) as [number, number, number, number];
    const pixels = bytes.subarray(header[0].length);
    expect(pixels.length).toBe(w * h);
    const mmToPx = (mm: number) => Math.ceil((mm / 25.4) * 30);
    const top = mmToPx(20) + 2;
    const bottom = h - mmToPx(18) - 2;
    let sum = 0;
    let sumSq = 0;
    let dark = 0;
    let n = 0;
    for (let y = top; y < bottom; y++) {
      for (let x = 0; x < w; x++) {
        const v = pixels[y * w + x]!;
        sum += v;
        sumSq += v * v;
        if (v < 128) dark++;
        n++;
      }
    }
    const mean = sum / n;
    return { page: i + 1, variance: sumSq / n - mean * mean, dark };
  });
}

function isBlank(ink: PageInk): boolean {
  return ink.variance < 5 || ink.dark < 20;
}

function pdfImages(pdf: Buffer, name: string): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  // Two header lines, then one line per image.
  return list.trim().split('\n').slice(2).length;
}

describe.skipIf(skipWithout({ chromium: true }))('pre-inspection PDF in real Chromium', () => {
  let demoDoc: ExportDocument;
  let demoPdf: Buffer;
  let officePdf: Buffer;
  let districtName: string;

  beforeAll(async () => {
    const district = await startDemoDistrict({ evalDate: '2020-11-26' });
    districtName = district.name;
    try {
      const config = validateConfig({
        name: district.name,
        evalDate: district.evalDate,
        units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
        crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, render: 'never', a11yPagesPerUnit: 0 },
      });
      const db = openStore(join(dir, 'demo.sqlite'));
      try {
        const outcome = await runCrawl(db, config, { evalDate: district.evalDate }, createProgress(process.stderr, { quiet: true }));
        demoDoc = buildExport(db, outcome.run);
        demoPdf = await renderPdf(demoDoc, { chromium: printingChromium(), districtName: district.name, screenshot: storeScreenshots(db, outcome.run.id) });
      } finally {
        db.close();
      }
    } finally {
      await district.close();
    }
    officePdf = await renderPdf(officeDocument(), {
      chromium: printingChromium(),
      districtName: '青岛西海岸新区',
      screenshot: (_unitId, finding) => (finding.target ? SCREENSHOT_URI : null),
      generatedAt: new Date('2020-11-26T03:00:00Z'),
    });
  }, 180_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the demo district: a PDF with a cover, more pages than units, every page with content', async () => {
    expect(demoPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(demoPdf);
    expect(demoDoc.units.length).toBe(7);
    expect(pages).toBeGreaterThan(demoDoc.units.length);
    const flat = squash(text);
    // The text layer reads as written: no CJK radicals where the ideographs are (cjk-text-layer.ts).
    expect(text).not.toMatch(/[\u2E80-\u2EFF\u2F00-\u2FD5]/u);
    expect(flat).toContain(squash('政务公开网站检查 · 迎检预评估报告'));
    expect(flat).toContain('本报告由Gongkai自动生成，人工录入部分已标明');
    expect(flat).toContain(squash(districtName));
    for (const unit of demoDoc.units) expect(flat, unit.name).toContain(squash(revealInvisible(unit.name)));
    // Header and footer with page numbers on every page.
    expect(flat).toContain(`第1页/共${pages}页`);
    expect(flat).toContain(`第${pages}页/共${pages}页`);
    // The chapters show the evidence and the stake of the demo's violations.
    expect(flat).toContain('涉及分值');
    expect(flat).toContain('需人工复核的项目');
    // A rule id is one word: a table cell must not wrap “link.broken” into “link.bro / ken”.
    const ruleIds = [...new Set(demoDoc.units.flatMap((u) => u.findings.filter((f) => f.outcome === 'violation' || f.outcome === 'incomplete').map((f) => f.ruleId)))];
    expect(ruleIds).toContain('link.broken');
    for (const id of ruleIds) expect(text, id).toMatch(wholeRuleId(id));
    const ink = pageInk(demoPdf, 'demo');
    expect(ink.length).toBe(pages);
    expect(ink.filter(isBlank)).toEqual([]);
  });

  it('prints every office field and the hostile strings as literal text', async () => {
    expect(officePdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(officePdf);
    expect(pages).toBeGreaterThan(2);
    const flat = squash(text);
    // Hostile strings are text, invisible characters made visible.
    expect(flat).toContain(squash(SCRIPT));
    expect(flat).toContain(squash(IMG));
    expect(flat).toContain(squash(revealInvisible(HOSTILE_NAME)));
    expect(flat).toContain(squash(revealInvisible(HOSTILE_MESSAGE)));
    expect(flat).toContain(squash(revealInvisible(HOSTILE_URL)));
    expect(text).not.toContain('\u202E');
    expect(text).not.toContain('\u200B');
    // Office vocabulary.
    for (const word of ['新增', '仍存在', '误报', '已整改（待复查）', '整改后再次出现', '模板问题（共12个页面）', '已消除的问题（1项）', '人工录入', '预测总分', '86.5/100', '首次发现2020-11-18', '发现日期2020-11-26']) {
      expect(flat, word).toContain(squash(word));
    }
    // The template group is printed once, not once per member.
    expect(flat.split('页脚链接“旧友情链接”无法打开。').length - 1).toBe(1);
    // The screenshots are embedded (four targeted violations: three findings and one template group).
    expect(pdfImages(officePdf, 'office')).toBe(4);
    expect(pageInk(officePdf, 'office').filter(isBlank)).toEqual([]);
  });

  it('keeps long rule ids whole in narrow table columns, wrapping only after a dot or hyphen', async () => {
    // The review table gives the rule its narrowest column; these ids are the longest we have.
    const doc = officeDocument();
    const ids = ['disclosure.annual-report.consistency', 'interpretation.linked', 'link.broken', 'disclosure.annual-report.structure'];
    const unit = doc.units[0]!;
    unit.findings.forEach((f, i) => {
      f.outcome = 'incomplete';
      f.ruleId = ids[i % ids.length]!;
      f.message += '需要人工核查的说明文字较长，'.repeat(6);
    });
    if (unit.changes) unit.changes.fixedFindings.push({ key: 'k-long', ruleId: ids[0]!, url: `http://fgj.example.gov.cn/${'x'.repeat(120)}.html`, message: '说明'.repeat(60) });
    const pdf = await renderPdf(doc, { chromium: printingChromium(), districtName: '测试区', screenshot: () => null });
    const { text } = await pdfText(pdf);
    for (const id of ids) expect(text, id).toMatch(wholeRuleId(id));
  });

  it('runs no script and loads nothing while printing the hostile document', async () => {
    const html = pdfDocumentHtml(officeDocument(), { districtName: `恶意区${SCRIPT}`, ruleInfo: reportRuleInfo, generatedAt: new Date() });
    const result = await printHtmlToPdf(html, {
      chromium: printingChromium(),
      headerTemplate: pdfHeaderTemplate(`恶意区${SCRIPT}`),
      footerTemplate: pdfFooterTemplate(),
      margin: { ...PDF_PAGE_MARGIN },
    });
    expect(result.dialogs).toEqual([]);
    expect(result.blockedRequests).toEqual([]);
    expect(squash((await pdfText(result.pdf)).text)).toContain(squash(`恶意区${SCRIPT} · 迎检预评估报告`));
  });

  describe('the printer itself', () => {
    let server: Server;
    let port: number;
    const served: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        served.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('keeps scripts off and refuses every request, even for markup that was never escaped', async () => {
      const base = `http://127.0.0.1:${port}`;
      const raw = [
        '<!DOCTYPE html><html><head>',
        `<link rel="stylesheet" href="${base}/style.css">`,
        '</head><body><p>正文</p>',
        '<script>alert("script")</script>',
        `<img src="${base}/pixel.png" onerror="alert('onerror')">`,
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '</body></html>',
      ].join('');
      const result = await printHtmlToPdf(raw, { chromium: printingChromium(), headerTemplate: '<span></span>', footerTemplate: '<span></span>', margin: { ...PDF_PAGE_MARGIN } });
      expect(result.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(result.dialogs).toEqual([]);
      expect(served).toEqual([]);
      expect(result.blockedRequests).toEqual(expect.arrayContaining([`${base}/style.css`, `${base}/pixel.png`]));
    });

    it('finds a blank page blank (the page check can fail)', async () => {
      const result = await printHtmlToPdf('<!DOCTYPE html><html><body></body></html>', {
        chromium: printingChromium(),
        headerTemplate: pdfHeaderTemplate('某区'),
        footerTemplate: pdfFooterTemplate(),
        margin: { ...PDF_PAGE_MARGIN },
      });
      const ink = pageInk(result.pdf, 'blank');
      expect(ink.length).toBe(1);
      expect(isBlank(ink[0]!)).toBe(true);
    });
  });
});
