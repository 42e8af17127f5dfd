/**
 * The disclosure-content rules on real Pingtan material (../shared/external/gov-pages): the 年报
 * list page, the guide, and the 2013 / 2019 / 2024 annual reports. The .page.txt files carry the
 * article text with the tables flattened (cells run together); they are wrapped here in the HTML
 * a TRS article page has (heading, 发布时间 line, body), then go through the same path as a crawl:
 * cheerio → snapshot / readReportDocument → site model → rules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from './helpers/material.js';
import { buildSiteModel, type CrawledPage } from '../crawler/site-model.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import { readReportDocument } from '../rules/extract/report-document.js';
import { findSections, readTable3, table3Imbalances } from '../rules/extract/annual-report.js';
import { guideDate, guideDatedRule } from '../rules/site/guide-dated.js';
import { annualReportCurrentRule } from '../rules/site/annual-report-current.js';
import { annualReportStructureRule } from '../rules/site/annual-report-structure.js';
import { annualReportConsistencyRule } from '../rules/site/annual-report-consistency.js';
import type { ReportDocument, UnitType } from '../rules/types.js';

const ROOT = externalPath('gov-pages') ?? '';
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const ORIGIN = 'https://www.pingtan.gov.cn';
const HOME = `${ORIGIN}/`;
const COLUMN = `${ORIGIN}/zwgk/zfxxgk/`;
const GUIDE_LIST = `${ORIGIN}/zwgk/zfxxgk/zfxxgkzn/`;
const REPORT_LIST = `${ORIGIN}/zwgk/zfxxgk/zfxxgknb/`;

interface PageTxt {
  title: string;
  published: string;
  url: string;
  body: string;
}

function readPageTxt(file: string): PageTxt {
  const raw = readFileSync(path.join(ROOT, 'text', file), 'utf8');
  const [head, body] = raw.split('==================== 正文 ====================');
  const field = (name: string) => new RegExp(`^${name}: ?(.*)$`, 'm').exec(head ?? '')?.[1]?.trim() ?? '';
  return { title: field('标题'), published: field('发布时间'), url: field('原文链接'), body: (body ?? '').trim() };
}

/** The article as TRS WCM renders it: title, an info line with 发布时间, the body (no PubDate meta). */
function trsArticle(p: PageTxt): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(p.title)}_平潭综合实验区党工委管委会</title></head><body>
<div class="header"><a href="${HOME}">首页</a> <a href="${COLUMN}">政府信息公开</a></div>
<div class="article"><h1>${esc(p.title)}</h1>
<div class="info"><span>发布时间：${esc(p.published)}</span><span>来源：平潭综合实验区管委会办公室</span></div>
<div class="TRS_Editor"><p>${esc(p.body)}</p></div></div>
<div class="footer">版权所有：平潭综合实验区党工委管委会网站 网站标识码：3590000001</div></body></html>`;
}

function page(url: string, html: string, depth: number, evalDate: string): CrawledPage {
  return { url, finalUrl: url, status: 200, error: null, depth, snapshot: extractSnapshot(cheerioDomView(html, url), url, { refDate: evalDate }) };
}

const homeHtml = `<html><body><a href="${COLUMN}">政府信息公开</a></body></html>`;
const columnHtml = `<html><body><ul>
<li><a href="${GUIDE_LIST}">政府信息公开指南</a></li><li><a href="${ORIGIN}/zwgk/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>
<li><a href="${ORIGIN}/zwgk/zfxxgk/fdzdgknr/">法定主动公开内容</a></li><li><a href="${REPORT_LIST}">政府信息公开年报</a></li></ul></body></html>`;

const none: PageTxt = { title: '', published: '', url: '', body: '' };
const guide = SKIP_GOV ? none : readPageTxt('pingtan_zfxxgkzn_2023_guide.page.txt');
const reports = {
  2013: SKIP_GOV ? none : readPageTxt('pingtan_zfxxgknb_2013_county_annual_report.page.txt'),
  2019: SKIP_GOV ? none : readPageTxt('pingtan_zfxxgknb_2019_annual_report.page.txt'),
  2024: SKIP_GOV ? none : readPageTxt('pingtan_zfxxgknb_2024_annual_report.page.txt'),
};

function documentOf(p: PageTxt): ReportDocument {
  return readReportDocument(cheerioDomView(trsArticle(p), p.url));
}

/** The unit's site with the real 年报 list page; `reportPages` are the report articles that were crawled. */
function pingtanSite(evalDate: string, type: UnitType, reportPages: PageTxt[]) {
  const listHtml = readFileSync(path.join(ROOT, 'html/pingtan_zfxxgknb_list_page.html'), 'utf8');
  const guideListHtml = `<html><head><meta name="ColumnName" content="政府信息公开指南"></head><body><ul>
<li><a href="${guide.url}">${guide.title}</a><span>2024-03-23</span></li>
<li><a href="${ORIGIN}/zwgk/zfxxgk/zfxxgkzn/201901/t20190110_1.htm">平潭综合实验区政府信息公开指南（2019年版）</a><span>2019-01-10</span></li></ul></body></html>`;
  const pages = [
    page(HOME, homeHtml, 0, evalDate),
    page(COLUMN, columnHtml, 1, evalDate),
    page(GUIDE_LIST, guideListHtml, 2, evalDate),
    page(REPORT_LIST, listHtml, 2, evalDate),
    page(guide.url, trsArticle(guide), 3, evalDate),
    ...reportPages.map((r) => page(r.url, trsArticle(r), 3, evalDate)),
  ];
  const byUrl = new Map(reportPages.map((r) => [r.url, r]));
  return buildSiteModel({
    unit: { id: 'pt', name: '平潭综合实验区', type, url: HOME, scope: [] },
    evalDate,
    homeUrl: HOME,
    pages,
    linkChecks: [],
    loadDocument: (url) => {
      const r = byUrl.get(url);
      return r ? documentOf(r) : null;
    },
  });
}

describe.skipIf(SKIP_GOV)('real Pingtan 年报 list', () => {
  it('yields the ten reports, newest first, with the year from the title and the list date', () => {
    const site = pingtanSite('2026-04-01', 'other', []);
    expect(site.annualReports.map((r) => [r.year, r.published])).toEqual([
      [2025, '2026-03-10'], [2024, '2025-03-10'], [2023, '2024-03-08'], [2022, '2023-02-20'], [2021, '2022-02-08'],
      [2020, '2021-03-05'], [2019, '2020-01-20'], [2018, '2019-01-10'], [2017, '2018-01-23'], [2016, '2017-01-18'],
    ]);
    expect(site.annualReports[1]!.url).toBe(reports[2024].url);
  });

  it('is current for a government (31 March) and late for a department or a town (31 January)', () => {
    expect(annualReportCurrentRule.evaluate(pingtanSite('2026-04-01', 'town', []))).toMatchObject([{ outcome: 'violation', data: { year: 2025, deadline: '2026-01-31' } }]);
    const gov = annualReportCurrentRule.evaluate(pingtanSite('2026-04-01', 'government', []));
    expect(gov).toMatchObject([{ outcome: 'pass', data: { year: 2025, deadline: '2026-03-31', published: '2026-03-10' } }]);
    const dept = annualReportCurrentRule.evaluate(pingtanSite('2026-04-01', 'department', []));
    expect(dept).toMatchObject([{ outcome: 'violation', data: { year: 2025, deadline: '2026-01-31', published: '2026-03-10' } }]);
    // On 2025-03-15 a government's deadline (03-31) is still ahead: 2023 is required; a department's
    // (01-31) has passed: 2024 is required, and its report came out on 2025-03-10, late.
    expect(annualReportCurrentRule.evaluate(pingtanSite('2025-03-15', 'government', []))[0]).toMatchObject({ outcome: 'pass', data: { year: 2023, deadline: '2024-03-31' } });
    expect(annualReportCurrentRule.evaluate(pingtanSite('2025-03-15', 'department', []))[0]).toMatchObject({ outcome: 'violation', data: { year: 2024 } });
  });
});

describe.skipIf(SKIP_GOV)('real Pingtan annual reports', () => {
  it('the 2019 and 2024 reports have the six sections; the 2013 one lacks 四 and 六', () => {
    expect([...findSections(documentOf(reports[2019]).text)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...findSections(documentOf(reports[2024]).text)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...findSections(documentOf(reports[2013]).text)].sort()).toEqual([1, 2, 3, 5]);
  });

  it('structure passes on the 2024 report as the latest one crawled', () => {
    // The list's newest entry (2025) was not crawled here: judge the 2024 report alone.
    const site = pingtanSite('2026-04-01', 'other', [reports[2024]]);
    const only2024 = { ...site, annualReports: site.annualReports.filter((r) => r.year === 2024) };
    expect(annualReportStructureRule.evaluate(only2024)).toMatchObject([{ outcome: 'pass', url: reports[2024].url }]);
    expect(annualReportConsistencyRule.evaluate(only2024)).toMatchObject([{ outcome: 'pass', data: { source: 'text' } }]);
  });

  it('structure passes on 2019 and fails on 2013 with one finding per missing section', () => {
    const site = pingtanSite('2026-04-01', 'other', [reports[2019], reports[2013]]);
    const as = (year: number) => ({ ...site, annualReports: [{ url: reports[year as 2019].url, title: reports[year as 2019].title, year, published: null, document: documentOf(reports[year as 2019]) }] });
    expect(annualReportStructureRule.evaluate(as(2019))).toMatchObject([{ outcome: 'pass' }]);
    const old = annualReportStructureRule.evaluate(as(2013));
    expect(old.map((f) => [f.outcome, f.data['section']])).toEqual([
      ['violation', '四、政府信息公开行政复议、行政诉讼情况'],
      ['violation', '六、其他需要报告的事项'],
    ]);
    // The 2013 report has no 表三 of the new format: nothing to balance.
    expect(annualReportConsistencyRule.evaluate(as(2013))).toMatchObject([{ outcome: 'inapplicable' }]);
  });

  it('reads 表三 of 2019 and 2024 from the flattened text, and both balance', () => {
    // By hand from the text: 2019 本年新收 23 (自然人 23), 上年结转 0, 总计 23, 结转 0;
    // 2024 本年新收 218 (自然人 217, 商业企业 1), 上年结转 0, 总计 218, 结转 0.
    const t2019 = readTable3(documentOf(reports[2019]))!;
    expect(t2019.rows).toEqual({
      received: [23, 0, 0, 0, 0, 0, 23], carriedOver: [0, 0, 0, 0, 0, 0, 0], total: [23, 0, 0, 0, 0, 0, 23], carriedForward: [0, 0, 0, 0, 0, 0, 0],
    });
    const t2024 = readTable3(documentOf(reports[2024]))!;
    expect(t2024.rows).toEqual({
      received: [217, 1, 0, 0, 0, 0, 218], carriedOver: [0, 0, 0, 0, 0, 0, 0], total: [217, 1, 0, 0, 0, 0, 218], carriedForward: [0, 0, 0, 0, 0, 0, 0],
    });
    expect(table3Imbalances(t2019)).toEqual([]);
    expect(table3Imbalances(t2024)).toEqual([]);
  });
});

describe.skipIf(SKIP_GOV)('real Pingtan guide', () => {
  it('is dated by its 发布时间 line, also without a PubDate meta', () => {
    const snapshot = extractSnapshot(cheerioDomView(trsArticle(guide), guide.url), guide.url, { refDate: '2026-04-01' });
    expect(guideDate(snapshot, 2026)).toEqual({ date: '2024-03-23', how: 'label' });
  });

  it('is found behind the 指南 list (newest entry) and passes disclosure.guide.dated', () => {
    const site = pingtanSite('2026-04-01', 'other', []);
    expect(site.guide?.url).toBe(guide.url);
    expect(guideDatedRule.evaluate(site)).toMatchObject([{ outcome: 'pass', url: guide.url, data: { date: '2024-03-23' } }]);
  });

  it('without its date line it is undated (the body says only 「实时更新」)', () => {
    const undated = trsArticle(guide).replace(/<div class="info">.*?<\/div>/, '');
    const snapshot = extractSnapshot(cheerioDomView(undated, guide.url), guide.url);
    expect(guideDate(snapshot, 2026)).toBeNull();
  });
});
