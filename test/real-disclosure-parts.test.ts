/**
 * The four parts of the 政府信息公开 column are found on real disclosure pages through the same path
 * the crawl uses (snapshot → site model → disclosure.parts), including `政府信息<br>公开指南` markup.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from './helpers/material.js';
import { buildSiteModel } from '../crawler/site-model.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { runSiteRules } from '../rules/engine.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';

const pagesDir = path.join(externalPath('gov-pages') ?? '', 'html');
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
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

describe.skipIf(SKIP_GOV)('the four disclosure parts on real pages', () => {
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

/**
 * A TRS home page whose 政府信息公开 column page cannot be read (blocked, timed out) but which shows
 * the column's own block with links to the parts: the real Pingtan page (its left-hand 政府信息公开
 * menu) as the home page, and variants of it.
 */
describe.skipIf(SKIP_GOV)('the home page\'s own 政府信息公开 block when the column page cannot be read', () => {
  const homeUrl = 'https://www.pingtan.gov.cn/';
  const columnUrl = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/';
  const reportListUrl = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/nlist.htm';
  const real = () => readFileSync(path.join(pagesDir, 'pingtan_zfxxgknb_list_page.html'), 'utf8');

  function siteFromHome(homeHtml: string, extra: { url: string; html: string }[] = []) {
    const home = extractSnapshot(cheerioDomView(homeHtml, homeUrl), homeUrl, { refDate: EVAL });
    const pages = [
      { url: homeUrl, finalUrl: homeUrl, status: 200, error: null, depth: 0, snapshot: home },
      // The column page answered 403 (a bot wall): nothing could be read from it.
      { url: columnUrl, finalUrl: columnUrl, status: 403, error: 'HTTP 403', depth: 1, snapshot: null },
      ...extra.map((p) => ({ url: p.url, finalUrl: p.url, status: 200, error: null, depth: 1, snapshot: extractSnapshot(cheerioDomView(p.html, p.url), p.url, { refDate: EVAL }) })),
    ];
    return buildSiteModel({ unit: { id: 'pt', name: '平潭综合实验区', type: 'government', url: homeUrl, scope: [] }, evalDate: EVAL, homeUrl, pages, linkChecks: [] });
  }
  const outcomes = (site: ReturnType<typeof siteFromHome>, ruleId: string) => runSiteRules(site).filter((f) => f.ruleId === ruleId).map((f) => f.outcome);

  it('judges the four parts from the block: all four found, none "needs review"', () => {
    const site = siteFromHome(real());
    expect(site.disclosure?.partsFrom).toBe('home');
    expect(site.disclosure?.parts.map((p) => [p.standard, p.found])).toEqual([
      ['政府信息公开指南', true], ['政府信息公开制度', true], ['法定主动公开内容', true], ['政府信息公开年报', true],
    ]);
    expect(outcomes(site, 'disclosure.parts')).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('judges the annual reports from the 年报 part the block links (the real report list)', () => {
    const site = siteFromHome(real(), [{ url: reportListUrl, html: real() }]);
    expect(site.annualReportListUrl).toBe(reportListUrl);
    expect(site.annualReports.length).toBeGreaterThan(5);
    // Judged (pass or violation), not "needs review because the column page was not read".
    for (const rule of ['disclosure.annual-report.current']) expect(outcomes(site, rule), rule).not.toContain('incomplete');
  });

  it('a part the block does not link may be on the unread column page: needs review, never missing', () => {
    const variant = real().replace(/<li[^>]*zfxxgkzd[^>]*>[\s\S]*?<\/li>/, '');
    const site = siteFromHome(variant);
    expect(site.disclosure?.parts.find((p) => p.standard === '政府信息公开制度')).toMatchObject({ found: false, uncertain: true });
    expect(outcomes(site, 'disclosure.parts').sort()).toEqual(['incomplete', 'pass', 'pass', 'pass']);
  });

  it('without such a block the parts stay unknown (needs review), as before', () => {
    const bare = `<html lang="zh-CN"><head><title>首页</title></head><body><a href="${columnUrl}">政府信息公开</a><a href="/x/">政府信息公开指南</a></body></html>`;
    const site = siteFromHome(bare);
    expect(site.disclosure?.parts).toEqual([]);
    expect(outcomes(site, 'disclosure.parts')).toEqual(['incomplete']);
  });
});
