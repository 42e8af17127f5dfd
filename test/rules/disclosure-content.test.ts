/** The disclosure-content rules (指南, 年度报告) on hand-built site models: gates, deadlines, edge cases. */
import { describe, expect, it } from 'vitest';
import { SITE_RULES } from '../../rules/engine.js';
import { guideDate, guideDatedRule } from '../../rules/site/guide-dated.js';
import { annualReportCurrentRule, requiredReport } from '../../rules/site/annual-report-current.js';
import { annualReportStructureRule } from '../../rules/site/annual-report-structure.js';
import { annualReportConsistencyRule } from '../../rules/site/annual-report-consistency.js';
import { latestReport } from '../../rules/site/annual-report-list.js';
import type { AnnualReport, DisclosureColumn, PageSnapshot, SiteModel } from '../../rules/types.js';

const HOME = 'http://jyj.example.gov.cn/';
const LIST = `${HOME}zfxxgk/nb/`;
const GUIDE = `${HOME}zfxxgk/zn/`;
const RULES = [guideDatedRule, annualReportCurrentRule, annualReportStructureRule, annualReportConsistencyRule];

function snap(over: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: HOME, title: '首页', lang: 'zh-CN', meta: {}, links: [], images: [], headings: [], text: '', datedItems: [], pubDate: null,
    columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null, isListPage: false, isArticle: false, ...over,
  };
}

function disclosure(parts: 'all' | 'none' | 'unread'): DisclosureColumn {
  const all = [
    { standard: '政府信息公开指南', found: true, label: '政府信息公开指南', url: GUIDE },
    { standard: '政府信息公开制度', found: true, label: '政府信息公开制度', url: `${HOME}zfxxgk/zd/` },
    { standard: '法定主动公开内容', found: true, label: '法定主动公开内容', url: `${HOME}zfxxgk/fd/` },
    { standard: '政府信息公开年报', found: true, label: '政府信息公开年报', url: LIST },
  ];
  const list = parts === 'all' ? all : parts === 'none' ? all.map((p) => ({ standard: p.standard, found: false })) : [];
  return { url: `${HOME}zfxxgk/`, name: '政府信息公开', exactName: true, foundOn: HOME, parts: list };
}

function report(year: number | null, published: string | null, over: Partial<AnnualReport> = {}): AnnualReport {
  return { url: `${LIST}${year ?? 'x'}.html`, title: year ? `${year}年度政府信息公开工作年度报告` : '政府信息公开工作年度报告', year, published, document: null, ...over };
}

function site(over: Partial<SiteModel> = {}, pages: Record<string, PageSnapshot> = {}): SiteModel {
  return {
    unit: { id: 'jyj', name: '区教育局', type: 'department', url: HOME, scope: [] },
    evalDate: '2020-11-26', home: snap(), homeError: null, columns: [], disclosure: disclosure('all'), guideUrl: GUIDE,
    annualReportListUrl: LIST, annualReportUrls: [], linkChecks: [], guide: null, annualReports: [], attachments: [],
    probes: { https: null, ipv6: null }, page: (url) => pages[url] ?? null, ...over,
  };
}

describe('registration', () => {
  it('registers the four rules with the engine', () => {
    for (const rule of RULES) expect(SITE_RULES).toContain(rule);
  });
});

describe('gates shared by the four rules', () => {
  it('incomplete without a home page, inapplicable without the column or the part, incomplete when the column page was unread', () => {
    for (const rule of RULES) {
      expect(rule.evaluate(site({ home: null, homeError: '首页返回 HTTP 403' }))[0]).toMatchObject({ outcome: 'incomplete', data: { reason: '首页返回 HTTP 403' } });
      expect(rule.evaluate(site({ disclosure: null }))[0]?.outcome).toBe('inapplicable');
      expect(rule.evaluate(site({ disclosure: disclosure('none') }))[0]?.outcome).toBe('inapplicable');
      expect(rule.evaluate(site({ disclosure: disclosure('unread') }))[0]?.outcome).toBe('incomplete');
    }
  });
});

describe('disclosure.guide.dated', () => {
  it('is incomplete when the guide page was not read', () => {
    expect(guideDatedRule.evaluate(site())).toMatchObject([{ outcome: 'incomplete', url: GUIDE }]);
  });

  it('accepts a labelled update date and a date in the heading; not a label without a date', () => {
    expect(guideDate(snap({ text: '政府信息公开指南 更新日期：2021年3月2日 一、主动公开' }), 2021)).toEqual({ date: '2021-03-02', how: 'label' });
    expect(guideDate(snap({ headings: [{ level: 1, text: '政府信息公开指南（2023年11月修订）' }] }), 2024)).toEqual({ date: '2023-11', how: 'heading' });
    expect(guideDate(snap({ text: '4.生成日期：政府信息生成或变更的时间。本指南实时更新。' }), 2024)).toBeNull();
    // A date in the body that does not date the text (a law's date) is not an update date.
    const body = snap({ headings: [{ level: 1, text: '政府信息公开指南' }], text: '政府信息公开指南 根据2019年5月15日起施行的《条例》编制。' });
    expect(guideDate(body, 2024)).toBeNull();
  });

  it('accepts 公开日期/发文日期 labels and the closing 落款; not a cited law\'s revision date', () => {
    const H = [{ level: 1, text: '区教育局政府信息公开指南' }];
    const page = (text: string) => snap({ headings: H, text: `今天是：2020年11月26日 区教育局政府信息公开指南 一、主动公开…… ${text}` });
    expect(guideDate(page('索引号： 1137021100123-2020-0001 公开日期： 2020-03-15'), 2020)).toEqual({ date: '2020-03-15', how: 'label' });
    expect(guideDate(page('发文日期：2020年3月15日'), 2020)).toEqual({ date: '2020-03-15', how: 'label' });
    expect(guideDate(page('青岛西海岸新区教育和体育局 2020年3月15日'), 2020)).toEqual({ date: '2020-03-15', how: 'signature' });
    expect(guideDate(page('区教育局 2019年1月2日 区教育局 2020-03-15 版权所有：区教育局'), 2020)).toEqual({ date: '2020-03-15', how: 'signature' });
    // A date inside a sentence, after a name that is no issuing body, or before the heading is no 落款.
    expect(guideDate(page('本指南由区教育局 2020年3月15日起执行。'), 2020)).toBeNull();
    expect(guideDate(page('联系人：张三 2020年3月15日'), 2020)).toBeNull();
    expect(guideDate(page(''), 2020)).toBeNull();
    expect(guideDate(page('依据《中华人民共和国政府信息公开条例》（2019年4月3日修订）编制。'), 2020)).toBeNull();
    expect(guideDate(page('依据《条例》（2007年4月5日公布，2019年4月3日第一次修正）编制。'), 2020)).toBeNull();
    // The guide's own revision note stays accepted.
    expect(guideDate(page('（2020年5月修订）'), 2020)).toEqual({ date: '2020-05', how: 'heading' });
  });

  it('reports an undated guide at the guide page', () => {
    const guide = { url: `${GUIDE}t1.html`, snapshot: snap({ url: `${GUIDE}t1.html`, text: '政府信息公开指南 本指南实时更新。' }) };
    expect(guideDatedRule.evaluate(site({ guide }))).toMatchObject([{ outcome: 'violation', url: `${GUIDE}t1.html` }]);
  });
});

describe('disclosure.annual-report.current', () => {
  it('requires the year before last up to the deadline day, last year after it', () => {
    expect(requiredReport('department', '2021-01-31')).toEqual({ year: 2019, deadline: '2020-01-31' });
    expect(requiredReport('department', '2021-02-01')).toEqual({ year: 2020, deadline: '2021-01-31' });
    // Towns, streets and other bodies follow the departments' 31 January (2021 年度报告格式).
    expect(requiredReport('street', '2021-01-31')).toEqual({ year: 2019, deadline: '2020-01-31' });
    expect(requiredReport('town', '2021-02-01')).toEqual({ year: 2020, deadline: '2021-01-31' });
    expect(requiredReport('other', '2021-02-15')).toEqual({ year: 2020, deadline: '2021-01-31' });
  });

  it('passes on the deadline day and fails the day after', () => {
    const on = annualReportCurrentRule.evaluate(site({ annualReports: [report(2019, '2020-01-31')] }));
    expect(on).toMatchObject([{ outcome: 'pass', data: { year: 2019, published: '2020-01-31' } }]);
    const after = annualReportCurrentRule.evaluate(site({ annualReports: [report(2019, '2020-02-01')] }));
    expect(after).toMatchObject([{ outcome: 'violation', data: { year: 2019, deadline: '2020-01-31', published: '2020-02-01' } }]);
  });

  it('counts a newer report as current, and needs review when the date is unknown', () => {
    expect(annualReportCurrentRule.evaluate(site({ evalDate: '2021-01-20', annualReports: [report(2020, '2021-01-10')] }))[0]).toMatchObject({ outcome: 'pass', data: { year: 2019, reportYear: 2020 } });
    expect(annualReportCurrentRule.evaluate(site({ annualReports: [report(2019, null)] }))[0]?.outcome).toBe('incomplete');
  });

  it('ignores list entries that are not reports; reports without a year make it incomplete', () => {
    const notReport = { ...report(null, '2020-05-01'), title: '关于做好政务公开工作的通知' };
    expect(annualReportCurrentRule.evaluate(site({ annualReports: [notReport, report(2018, '2019-01-10')] }))[0]?.outcome).toBe('violation');
    expect(annualReportCurrentRule.evaluate(site({ annualReports: [report(null, '2020-01-10'), report(2018, '2019-01-10')] }))[0]?.outcome).toBe('incomplete');
  });

  it('an empty list: a violation when the page says 暂无信息, incomplete when it shows nothing or was not read', () => {
    const empty = snap({ url: LIST, text: '政府信息公开年报 暂无信息' });
    expect(annualReportCurrentRule.evaluate(site({}, { [LIST]: empty }))).toMatchObject([{ outcome: 'violation', url: LIST, data: { year: 2019 } }]);
    expect(annualReportCurrentRule.evaluate(site({}, { [LIST]: snap({ url: LIST, text: '政府信息公开年报' }) }))[0]?.outcome).toBe('incomplete');
    expect(annualReportCurrentRule.evaluate(site())[0]?.outcome).toBe('incomplete');
    // The content rules have no report to read: inapplicable (current reports it), or incomplete when unread.
    expect(annualReportStructureRule.evaluate(site({}, { [LIST]: empty }))[0]?.outcome).toBe('inapplicable');
    expect(annualReportConsistencyRule.evaluate(site())[0]?.outcome).toBe('incomplete');
  });
});

const SIX = '一、总体情况 略。二、主动公开政府信息情况 略。三、收到和处理政府信息公开申请情况 略。四、政府信息公开行政复议、行政诉讼情况 略。五、存在的主要问题及改进情况 略。六、其他需要报告的事项 无。';

describe('disclosure.annual-report.structure', () => {
  it('judges only the latest report by year', () => {
    const older = report(2018, '2019-01-10', { document: { text: '一、概述', tables: [] } });
    const newer = report(2019, '2020-01-10', { document: { text: SIX, tables: [] } });
    expect(latestReport([older, newer])).toBe(newer);
    expect(annualReportStructureRule.evaluate(site({ annualReports: [older, newer] }))).toMatchObject([{ outcome: 'pass', url: newer.url }]);
  });

  it('is incomplete when the text shows none of the sections (report in an attachment)', () => {
    const pdfOnly = report(2019, '2020-01-10', { document: { text: '附件：2019年度报告.pdf', tables: [] } });
    expect(annualReportStructureRule.evaluate(site({ annualReports: [pdfOnly] }))[0]?.outcome).toBe('incomplete');
  });
});

describe('disclosure.annual-report.consistency', () => {
  it('is inapplicable for a pre-2019 report without the new 表三, incomplete for a newer one', () => {
    const old = report(2017, '2018-01-10', { document: { text: SIX, tables: [] } });
    expect(annualReportConsistencyRule.evaluate(site({ annualReports: [old] }))[0]?.outcome).toBe('inapplicable');
    const recent = report(2019, '2020-01-10', { document: { text: SIX, tables: [] } });
    expect(annualReportConsistencyRule.evaluate(site({ annualReports: [recent] }))[0]?.outcome).toBe('incomplete');
  });

  it('reports the four numbers of an unbalanced 总计 read from the text', () => {
    const text = '一、本年新收政府信息公开申请数量 9 0 0 0 0 0 9 二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2 （七）总计 8 0 0 0 0 0 8 四、结转下年度继续办理 1 0 0 0 0 0 1';
    const r = report(2019, '2020-01-10', { document: { text, tables: [] } });
    expect(annualReportConsistencyRule.evaluate(site({ annualReports: [r] }))).toMatchObject([
      { outcome: 'violation', url: r.url, data: { column: '总计', received: 9, carriedOver: 2, total: 8, carriedForward: 1, source: 'text', columns: ['总计', '自然人'] } },
    ]);
  });
});
