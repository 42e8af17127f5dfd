/**
 * The four parts of the 政府信息公开 column are found on real disclosure pages through the same path
 * the crawl uses (snapshot → site model → disclosure.parts), including `政府信息<br>公开指南` markup.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSiteModel } from '../crawler/site-model.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { runSiteRules } from '../rules/engine.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';

const pagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/external/gov-pages/html');
const EVAL = '2026-04-01';

function siteWithDisclosurePage(file: string, columnUrl: string) {
  const origin = new URL(columnUrl).origin;
  const homeUrl = `${origin}/`;
  const homeHtml = `<html lang="zh-CN"><head><title>首页</title></head><body><a href="${columnUrl}">政府信息公开</a></body></html>`;
  const home = extractSnapshot(cheerioDomView(homeHtml, homeUrl), homeUrl, { refDate: EVAL });
  const column = extractSnapshot(cheerioDomView(readFileSync(path.join(pagesDir, file), 'utf8'), columnUrl), columnUrl, { refDate: EVAL });
  return buildSiteModel({
    unit: { id: 'u', name: '测试单位', type: 'department', url: homeUrl, scope: [] },
    evalDate: EVAL,
    homeUrl,
    pages: [
      { url: homeUrl, finalUrl: homeUrl, status: 200, error: null, depth: 0, snapshot: home },
      { url: columnUrl, finalUrl: columnUrl, status: 200, error: null, depth: 1, snapshot: column },
    ],
    linkChecks: [],
  });
}

const cases: [string, string][] = [
  ['pingtan_zfxxgknb_list_page.html', 'https://www.pingtan.gov.cn/zwgk/zfxxgk/'],
  ['handan_zfxxgk_platform_home.html', 'http://hdzfxxgk.hd.gov.cn/zfxxgk/'],
  ['handan_zfxxgk_zhinan_column.html', 'http://hdzfxxgk.hd.gov.cn/zfxxgkzn/'],
];

describe('the four disclosure parts on real pages', () => {
  for (const [file, url] of cases) {
    it(file, () => {
      const site = siteWithDisclosurePage(file, url);
      expect(site.disclosure?.exactName).toBe(true);
      expect(site.disclosure?.parts.map((p) => [p.standard, p.found])).toEqual([
        ['政府信息公开指南', true], ['政府信息公开制度', true], ['法定主动公开内容', true], ['政府信息公开年报', true],
      ]);
      const parts = runSiteRules(site).filter((f) => f.ruleId === 'disclosure.parts');
      expect(parts.filter((f) => f.outcome === 'violation')).toEqual([]);
      expect(parts.some((f) => f.outcome === 'pass')).toBe(true);
    });
  }
});
