/**
 * Test-only bundle entry (never shipped in dist/): exposes the scan on `globalThis` so a test can run
 * the live DOM view inside Chromium on a DOMParser document and compare with cheerio in Node.
 */
import { scanDocument } from '../scan.js';

declare global {
  var gongkaiHarness: { scanHtml(html: string, url: string, evalDate: string): unknown };
}

globalThis.gongkaiHarness = {
  scanHtml(html: string, url: string, evalDate: string): unknown {
    // DOMParser runs no scripts: the rules see the page as served, as the crawler's cheerio does.
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return scanDocument(doc, url, evalDate);
  },
};
