/**
 * The decisions area: freshness.veto on hand-built site models, consultation.duration on notice
 * pages (fixtures and real government pages), interpretation.linked on site models, including a
 * real policy document whose only 解读 link is the site menu.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { runPageRules, runSiteRules, PAGE_RULES, SITE_RULES } from '../../rules/engine.js';
import { freshnessVetoRule } from '../../rules/site/freshness-veto.js';
import { freshnessColumnRule } from '../../rules/site/freshness-column.js';
import { columnEmptyRule } from '../../rules/site/column-empty.js';
import { consultationDurationRule, chooseCommentPeriod } from '../../rules/decisions/consultation.js';
import { interpretationLinkedRule, looksLikePolicyDocument } from '../../rules/decisions/interpretation.js';
import { findPeriods } from '../../rules/extract/date-range.js';
import type { Column, ColumnType, Finding, PageContext, PageSnapshot, SiteModel } from '../../rules/types.js';

const HOME = 'http://fgj.example.gov.cn/';
const EVAL = '2020-11-26';
const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const GOV_PAGES = externalPath('gov-pages', 'html') ?? '';

function snap(over: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: HOME, title: '首页', lang: 'zh-CN', meta: {}, links: [], images: [], headings: [], text: '', datedItems: [], pubDate: null,
    columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null, isListPage: false, isArticle: false, ...over,
  };
}

function site(over: Partial<SiteModel> = {}): SiteModel {
  return {
    unit: { id: 'fgj', name: '区发展和改革局', type: 'department', url: HOME, scope: [] },
    evalDate: EVAL, home: snap({ datedItems: [{ title: '新闻', href: `${HOME}n.html`, date: '2020-11-20' }] }), homeError: null,
    columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null,
    annualReports: [], attachments: [], probes: { https: null, ipv6: null }, page: () => null, ...over,
  };
}

let n = 0;
function column(type: ColumnType, newest: string | null, over: Partial<Column> = {}): Column {
  n++;
  const items = newest === null ? [] : [{ title: `信息${n}`, href: `${HOME}c${n}/1.html`, date: newest }];
  return { url: `${HOME}c${n}/`, name: `栏目${n}`, type, exempt: false, pages: [`${HOME}c${n}/`], items, newest, entryCount: items.length, ...over };
}
const blank = (over: Partial<Column> = {}) => column('other', null, { emptyEvidence: { columnBy: 'meta', emptyMarker: '暂无信息' }, ...over });
const stale = (type: ColumnType) => column(type, '2019-01-01');
const fresh = (type: ColumnType) => column(type, '2020-11-25');

describe('freshness.veto', () => {
  const veto = (over: Partial<SiteModel>) => freshnessVetoRule.evaluate(site(over));

  it('is vetoed at 5 stale dynamic/notice/policy columns, listing them, and not at 4', () => {
    const five = [stale('dynamic'), stale('notice'), stale('policy'), stale('dynamic'), stale('notice')];
    const [f] = veto({ columns: [...five, fresh('dynamic'), stale('personnel')] });
    expect(f).toMatchObject({ outcome: 'violation', url: HOME, data: { reasons: ['stale-key-columns'], staleKeyColumns: 5, staleColumns: 6 } });
    expect((f!.data['columns'] as { url: string }[]).map((c) => c.url)).toEqual([...five.map((c) => c.url), expect.stringContaining('/c')]);
    expect(f!.data['columns']).toContainEqual({ name: five[0]!.name, url: five[0]!.url, newest: '2019-01-01', ageDays: 695 });
    expect(f!.message).toBe('达到栏目更新单项否决标准：动态要闻、通知公告、政策文件类栏目超期未更新 5 个（5 个及以上即否决）。');
    expect(veto({ columns: five.slice(1) })[0]).toMatchObject({ outcome: 'pass', data: { staleKeyColumns: 4, reasons: [] } });
  });

  it('is vetoed at 10 stale columns of any type with a limit; types without a limit and exempt columns do not count', () => {
    const nine = [...Array.from({ length: 4 }, () => stale('dynamic')), ...Array.from({ length: 5 }, () => stale('personnel'))].slice(0, 9);
    const noLimit = Array.from({ length: 5 }, () => stale('other'));
    const exempt = Array.from({ length: 3 }, () => column('dynamic', '2010-01-01', { exempt: true }));
    expect(veto({ columns: [...nine, ...noLimit, ...exempt] })[0]).toMatchObject({ outcome: 'pass', data: { staleColumns: 9, staleKeyColumns: 4 } });
    const [f] = veto({ columns: [...nine, stale('planning')] });
    expect(f).toMatchObject({ outcome: 'violation', data: { reasons: ['stale-columns'], staleColumns: 10 } });
    expect(f!.data['columns']).toHaveLength(10);
  });

  it('is vetoed at 5 proven blank columns; columns that only look empty make it incomplete', () => {
    const [f] = veto({ columns: Array.from({ length: 5 }, () => blank()) });
    expect(f).toMatchObject({ outcome: 'violation', data: { reasons: ['blank-columns'], blankColumns: 5 } });
    expect((f!.data['columns'] as { newest: unknown }[]).every((c) => c.newest === null)).toBe(true);
    const doubtful = veto({ columns: [...Array.from({ length: 4 }, () => blank()), column('other', null)] });
    expect(doubtful).toHaveLength(1);
    expect(doubtful[0]).toMatchObject({ outcome: 'incomplete', data: { blankColumns: 4, undecidedColumns: 1 } });
    expect(doubtful[0]!.message).toMatch(/需人工核查/);
  });

  it('is vetoed when the home page is older than 14 days, and reports every reason reached', () => {
    const old = snap({ datedItems: [{ title: 't', href: '', date: '2020-11-11' }] });
    const [f] = veto({ home: old });
    expect(f).toMatchObject({ outcome: 'violation', data: { reasons: ['homepage-stale'], homeAgeDays: 15, columns: [] } });
    const atLimit = snap({ datedItems: [{ title: 't', href: '', date: '2020-11-12' }] });
    expect(veto({ home: atLimit })[0]?.outcome).toBe('pass');
    const all = veto({ home: old, columns: Array.from({ length: 5 }, () => blank()) })[0];
    expect(all?.data['reasons']).toEqual(['blank-columns', 'homepage-stale']);
  });

  it('is incomplete without a home page or without a dated home page, unless a threshold is reached anyway', () => {
    expect(veto({ home: null, homeError: '首页返回 HTTP 403' })[0]).toMatchObject({ outcome: 'incomplete', data: { reason: '首页返回 HTTP 403' } });
    expect(veto({ home: snap() })[0]).toMatchObject({ outcome: 'incomplete' });
    const futureOnly = snap({ datedItems: [{ title: 't', href: '', date: '2021-05-01' }] });
    expect(veto({ home: futureOnly })[0]?.outcome).toBe('incomplete');
    expect(veto({ home: null, columns: Array.from({ length: 5 }, () => blank()) })[0]?.outcome).toBe('violation');
  });

  it('is incomplete when undated key columns could reach 5 together with the stale ones', () => {
    const cols = [stale('dynamic'), stale('notice'), stale('policy'), column('notice', null, { entryCount: 8 }), column('dynamic', null, { entryCount: 3 })];
    expect(veto({ columns: cols })[0]).toMatchObject({ outcome: 'incomplete', data: { staleKeyColumns: 3, undecidedColumns: 2 } });
  });

  it('counts exactly the columns freshness.column and column.empty report as violations', () => {
    const cols = [
      stale('dynamic'), stale('notice'), column('policy', '2020-05-25'), column('policy', '2020-05-26'), stale('dynamic'),
      column('dynamic', '2020-11-12'), column('dynamic', '2020-11-11'), blank(), column('other', null), stale('personnel'),
      column('notice', '2021-01-01'), column('dynamic', '2010-01-01', { exempt: true }),
    ];
    const s = site({ columns: cols });
    const [f] = freshnessVetoRule.evaluate(s);
    const staleUrls = freshnessColumnRule.evaluate(s).filter((x) => x.outcome === 'violation').map((x) => x.url);
    const blankUrls = columnEmptyRule.evaluate(s).filter((x) => x.outcome === 'violation').map((x) => x.url);
    expect(f!.data['staleColumns']).toBe(staleUrls.length);
    expect(f!.data['blankColumns']).toBe(blankUrls.length);
    expect(f).toMatchObject({ outcome: 'violation', data: { reasons: ['stale-key-columns'], staleKeyColumns: 5 } });
    expect((f!.data['columns'] as { url: string }[]).map((c) => c.url).sort()).toEqual([...staleUrls].sort());
  });
});

function context(html: string, url: string): PageContext {
  const dom = cheerioDomView(html, url);
  return { url, snapshot: extractSnapshot(dom, url, { refDate: EVAL }), dom, evalDate: EVAL };
}

describe('consultation.duration fixtures', () => {
  const dir = join(FIXTURES, 'consultation.duration');
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Partial<Finding> | null>;
  const files = readdirSync(dir).filter((f) => f.endsWith('.html'));

  it('has an expectation for every fixture, and fail, pass and incomplete cases', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    const outcomes = new Set(Object.values(expected).map((e) => e?.outcome ?? 'none'));
    expect([...outcomes].sort()).toEqual(['incomplete', 'none', 'violation']);
  });

  for (const file of files) {
    it(file, () => {
      const url = `${HOME}tzgg/${file}`;
      const findings = consultationDurationRule.evaluate(context(readFileSync(join(dir, file), 'utf8'), url));
      const want = expected[file];
      if (want === null || want === undefined) {
        expect(findings).toEqual([]);
        return;
      }
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: 'consultation.duration', url, ...want });
      expect(findings[0]!.message).toMatch(/[\u4e00-\u9fff].*。$/);
    });
  }

  it('says the period in its message', () => {
    const html = readFileSync(join(dir, 'fail-15-days.html'), 'utf8');
    const [f] = consultationDurationRule.evaluate(context(html, `${HOME}a.html`));
    expect(f!.message).toBe('征求意见时间为 2020-10-12 至 2020-10-26，共 15 天，少于 30 天。');
  });

  it('runs in the engine and judges working days only when sure', () => {
    expect(PAGE_RULES.map((r) => r.id)).toContain('consultation.duration');
    const page = (body: string) =>
      `<html lang="zh"><head><meta name="PubDate" content="2020-10-01"><title>关于公开征求意见的公告</title></head><body><h1>关于公开征求意见的公告</h1><p>发布时间：2020-10-01</p><div>${body}</div></body></html>`;
    const outcome = (body: string) =>
      runPageRules(context(page(body), `${HOME}x.html`)).filter((f) => f.ruleId === 'consultation.duration').map((f) => f.outcome);
    expect(outcome('<p>征求意见时间为10个工作日。</p>')).toEqual(['violation']);
    expect(outcome('<p>征求意见时间为20个工作日。</p>')).toEqual(['incomplete']);
    expect(outcome('<p>征求意见时间为22个工作日。</p>')).toEqual([]);
  });
});

describe('chooseCommentPeriod', () => {
  it('prefers a labelled period about comments, then any labelled one', () => {
    const text = '截止时间为2020年10月5日。征求意见时间为2020年10月1日至2020年10月31日。';
    const choice = chooseCommentPeriod(findPeriods(text, { pubDate: '2020-10-01' }));
    expect(choice).toMatchObject({ period: { start: '2020-10-01', end: '2020-10-31', days: 31 } });
    expect(chooseCommentPeriod([])).toBeNull();
  });

  it('ranks a range about comments above labelled ranges about other things', () => {
    const choose = (text: string) => chooseCommentPeriod(findPeriods(text, { pubDate: '2020-11-02' }));
    expect(choose('报名时间：2020年11月2日至11月6日。公众可于2020年11月2日至2020年12月2日期间，通过电子邮件提出意见。')).toMatchObject({
      period: { start: '2020-11-02', end: '2020-12-02', days: 31 },
    });
    expect(choose('本次公开征求意见期为2020年11月2日—12月1日。听证会时间：2020年11月20日至11月21日。')).toMatchObject({
      period: { start: '2020-11-02', end: '2020-12-01', days: 30 },
    });
    expect(choose('听证会时间：2020年11月20日至11月21日。')).toMatchObject({ otherOnly: { otherSubject: '听证', days: 2 } });
    // A labelled period about nothing named still beats an unlabelled one.
    expect(choose('时间：2020年11月2日至11月10日。2020年11月2日至2020年12月2日')).toMatchObject({ period: { days: 9 } });
  });

  it('says what the only dated thing was', () => {
    const html = readFileSync(join(FIXTURES, 'consultation.duration', 'incomplete-other-subject-only.html'), 'utf8');
    const [f] = consultationDurationRule.evaluate(context(html, `${HOME}a.html`));
    expect(f!.message).toBe('页面写明的“2020年11月20日至11月21日”是座谈会的时间，未识别到征求意见的起止时间或期限，需人工核查是否不少于 30 天。');
  });
});

describe('consultation.duration on real government pages', () => {
  it.skipIf(SKIP_GOV)('finds nothing on the stored real pages (none is a call for comments)', () => {
    for (const file of (SKIP_GOV ? [] : readdirSync(GOV_PAGES)).filter((f) => f.endsWith('.html'))) {
      const findings = consultationDurationRule.evaluate(context(readFileSync(join(GOV_PAGES, file), 'utf8'), `http://example.gov.cn/${file}`));
      expect(findings, file).toEqual([]);
    }
  });
});

describe('interpretation.linked', () => {
  const DOC = `${HOME}zcwj/t1.html`;
  const policyColumn = (items: { title: string; href: string }[], over: Partial<Column> = {}): Column => ({
    url: `${HOME}zcwj/`, name: '政策文件', type: 'policy', exempt: false, pages: [`${HOME}zcwj/`],
    items: items.map((i) => ({ ...i, date: '2020-10-01' })), newest: '2020-10-01', entryCount: items.length, ...over,
  });
  const article = (links: { text: string; href: string }[], title = '关于印发《专项资金管理办法》的通知') =>
    snap({ url: DOC, title, isArticle: true, links: links.map((l) => ({ ...l, tag: 'a', kind: 'page' as const })) });
  const pages = (map: Record<string, PageSnapshot>) => (url: string) => map[url] ?? null;

  it('recognises policy documents by title, conservatively', () => {
    for (const t of ['关于印发《专项资金管理办法》的通知', '区农村公路养护管理办法（试行）', '关于进一步加强安全生产的实施意见', '关于印发2020年区级规范性文件目录的通知', '区人民政府关于印发优化营商环境若干措施的通知', '关于印发行政执法公示制度实施办法的通知', '关于印发《区政府常务会议规则》的通知']) {
      expect(looksLikePolicyDocument(t), t).toBe(true);
    }
    for (const t of ['关于召开全区安全生产工作会议的通知', '关于张三同志任职的通知', '关于转发《省级专项资金管理办法》的通知', '《专项资金管理办法》政策解读', '关于2020年工作要点的通知', '区发改局2019年工作总结', '关于做好冬季供暖工作的通知', '关于拟聘用人员的公示', '关于印发2020年招聘计划的公告', '']) {
      expect(looksLikePolicyDocument(t), t).toBe(false);
    }
  });

  it('flags a policy document without any interpretation link, once, with the column', () => {
    const s = site({ columns: [policyColumn([{ title: '关于印发《专项资金管理办法》的通知', href: DOC }]), policyColumn([{ title: '关于印发《专项资金管理办法》的通知', href: DOC }], { url: `${HOME}zcwj2/`, name: '规范性文件' })], page: pages({ [DOC]: article([{ text: '返回首页', href: HOME }]) }) });
    const findings = interpretationLinkedRule.evaluate(s);
    expect(findings).toEqual([
      { ruleId: 'interpretation.linked', outcome: 'violation', url: DOC, message: '栏目“政策文件”中的政策文件“关于印发《专项资金管理办法》的通知”页面没有链接到政策解读。', data: { column: '政策文件', title: '关于印发《专项资金管理办法》的通知' } },
    ]);
  });

  it('passes with a link to its interpretation (解读, 图解, 问答, 一图读懂), even one with a generic label outside the menu', () => {
    for (const text of ['《专项资金管理办法》政策解读', '图解：专项资金管理办法', '专项资金管理办法问答', '一图读懂专项资金管理办法', '政策解读']) {
      const s = site({ columns: [policyColumn([{ title: '关于印发《专项资金管理办法》的通知', href: DOC }])], page: pages({ [DOC]: article([{ text, href: `${HOME}zcjd/t2.html` }]) }) });
      expect(interpretationLinkedRule.evaluate(s)[0], text).toMatchObject({ outcome: 'pass', data: { href: `${HOME}zcjd/t2.html` } });
    }
  });

  it('does not count the site menu\'s 政策解读 entry as the interpretation', () => {
    const menu = { text: '政策解读', href: `${HOME}zcjd/` };
    const home = snap({ links: [{ ...menu, href: `${HOME}zcjd/index.html`, tag: 'a', kind: 'page' }], datedItems: [{ title: 't', href: '', date: '2020-11-20' }] });
    const s = site({ home, columns: [policyColumn([{ title: '关于印发《专项资金管理办法》的通知', href: DOC }])], page: pages({ [DOC]: article([menu]) }) });
    expect(interpretationLinkedRule.evaluate(s)[0]?.outcome).toBe('violation');
  });

  it('is incomplete when the document page was not read; skips non-policy titles, interpretations and other column types', () => {
    const cols = [
      policyColumn([
        { title: '关于印发《专项资金管理办法》的通知', href: DOC },
        { title: '关于召开全区工作会议的通知', href: `${HOME}zcwj/t3.html` },
        { title: '关于印发《停车管理办法》的通知', href: `${HOME}zcwj/t4.html` },
      ]),
      { ...policyColumn([{ title: '关于印发《旧办法》的通知', href: `${HOME}old/t9.html` }]), exempt: true, url: `${HOME}old/` },
      { ...policyColumn([{ title: '关于印发《人事办法》的通知', href: `${HOME}rs/t8.html` }]), type: 'personnel' as const, url: `${HOME}rs/` },
    ];
    const interp = snap({ url: `${HOME}zcwj/t4.html`, title: '《停车管理办法》政策解读', isArticle: true });
    const s = site({ columns: cols, page: pages({ [`${HOME}zcwj/t4.html`]: interp }) });
    expect(interpretationLinkedRule.evaluate(s).map((f) => [f.outcome, f.url])).toEqual([['incomplete', DOC]]);
    expect(interpretationLinkedRule.evaluate(site({}))).toMatchObject([{ outcome: 'inapplicable', url: HOME }]);
  });

  it.skipIf(SKIP_GOV)('on a real policy document (Handan): the only 解读 link is the menu entry the home page also shows', () => {
    const read = (file: string, url: string) => extractSnapshot(cheerioDomView(readFileSync(join(GOV_PAGES, file), 'utf8'), url), url, { refDate: '2026-04-01' });
    const docUrl = 'http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/t1.html';
    const doc = read('handan_zfxxgk_article_detail.html', docUrl);
    const home = read('handan_zfxxgk_platform_home.html', 'http://hdzfxxgk.hd.gov.cn/');
    const col = policyColumn([{ title: doc.title ?? '', href: docUrl }], { url: 'http://hdzfxxgk.hd.gov.cn/zfwj/', pages: ['http://hdzfxxgk.hd.gov.cn/zfwj/'] });
    const withHome = site({ evalDate: '2026-04-01', home, columns: [col], page: pages({ [docUrl]: doc }) });
    expect(interpretationLinkedRule.evaluate(withHome)).toMatchObject([{ outcome: 'violation', url: docUrl }]);
    // Without the home page the menu cannot be told apart from a real link: no violation.
    const withoutHome = site({ evalDate: '2026-04-01', home: null, columns: [col], page: pages({ [docUrl]: doc }) });
    expect(interpretationLinkedRule.evaluate(withoutHome)[0]?.outcome).toBe('pass');
  });

  it('runs in the engine with freshness.veto', () => {
    const ids = SITE_RULES.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['freshness.veto', 'interpretation.linked']));
    const findings = runSiteRules(site({}), SITE_RULES.filter((r) => r.id === 'freshness.veto' || r.id === 'interpretation.linked'));
    expect(findings.map((f) => [f.ruleId, f.outcome])).toEqual([['freshness.veto', 'pass'], ['interpretation.linked', 'inapplicable']]);
  });
});
