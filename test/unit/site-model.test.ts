import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { buildSiteModel, SitePages, urlKey } from '../../crawler/site-model.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import { MESSAGES } from '../../rules/messages.zh-CN.js';
import type { CrawledPage } from '../../crawler/site-model.js';
import type { DatedItem, LinkRef, PageSnapshot, UnitInfo } from '../../rules/types.js';

const UNIT: UnitInfo = { id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.example.gov.cn/', scope: [] };
const HOME = 'http://fgj.example.gov.cn/';
/** Real government pages, read-only (see ../shared/external/gov-pages/README.md next to the repository). */
const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const GOV_PAGES = externalPath('gov-pages', 'html') ?? '';

function snap(url: string, over: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url, title: null, lang: 'zh-CN', meta: {}, links: [], images: [], headings: [], text: '', datedItems: [], pubDate: null,
    columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null, isListPage: false, isArticle: false, ...over,
  };
}

function link(href: string, text: string): LinkRef {
  return { href, text, tag: 'a', kind: 'page' };
}

function items(base: string, dates: string[]): DatedItem[] {
  return dates.map((date, i) => ({ title: `信息${i}`, href: `${base}a${date}.html`, date }));
}

function page(url: string, snapshot: PageSnapshot | null, over: Partial<CrawledPage> = {}): CrawledPage {
  return { url, finalUrl: url, status: 200, error: null, depth: 1, snapshot, ...over };
}

function build(pages: CrawledPage[], homeUrl = HOME) {
  return buildSiteModel({ unit: UNIT, evalDate: '2020-11-26', homeUrl, pages, linkChecks: [] });
}

describe('urlKey', () => {
  it('treats a directory index file as the directory and drops the fragment', () => {
    expect(urlKey('http://a.gov.cn/x/index.html#top')).toBe(urlKey('http://a.gov.cn/x/'));
    expect(urlKey('http://a.gov.cn/x/index_1.html')).not.toBe(urlKey('http://a.gov.cn/x/'));
    // Not http(s): the fragment goes as the URL setter takes it (it also drops the spaces before it).
    expect(urlKey('javascript:void(0)  #x')).toBe('javascript:void(0)');
  });
});

describe('buildSiteModel: home page', () => {
  it('finds the home page by its final URL after a redirect', () => {
    const home = snap('http://fgj.example.gov.cn/index.html');
    const model = build([page('http://fgj.example.gov.cn', home, { finalUrl: 'http://fgj.example.gov.cn/index.html', depth: 0 })]);
    expect(model.home).toBe(home);
    expect(model.homeError).toBeNull();
  });

  it('explains in zh-CN why the home page is missing', () => {
    expect(build([]).homeError).toBe('首页未被抓取');
    const failed = build([page(HOME, null, { status: null, error: 'ECONNREFUSED' })]);
    expect(failed.home).toBeNull();
    expect(failed.homeError).toContain('ECONNREFUSED');
    expect(build([page(HOME, snap(HOME), { status: 503 })]).homeError).toBe('首页返回 HTTP 503');
  });
});

describe('buildSiteModel: columns', () => {
  const home = snap(HOME, { links: [link('http://fgj.example.gov.cn/tzgg/', '通知 公告'), link('http://fgj.example.gov.cn/tzgg/', '更多>>')] });

  it('merges pagination pages into one column with the first page first', () => {
    const p0 = snap('http://fgj.example.gov.cn/tzgg/index.html', {
      isListPage: true,
      datedItems: items('http://fgj.example.gov.cn/tzgg/', ['2020-03-01', '2020-02-01']),
      paginationLinks: ['http://fgj.example.gov.cn/tzgg/index_1.html'],
    });
    const p1 = snap('http://fgj.example.gov.cn/tzgg/index_1.html', {
      isListPage: true,
      datedItems: items('http://fgj.example.gov.cn/tzgg/', ['2019-12-01', '2020-02-01']),
      paginationLinks: ['http://fgj.example.gov.cn/tzgg/index.html', 'http://fgj.example.gov.cn/tzgg/index_2.html'],
    });
    // Crawled in an unlucky order: page 2 first.
    const model = build([
      page(HOME, home, { depth: 0 }),
      page('http://fgj.example.gov.cn/tzgg/index_1.html', p1, { depth: 2 }),
      page('http://fgj.example.gov.cn/tzgg/index.html', p0, { depth: 1 }),
    ]);
    expect(model.columns).toHaveLength(1);
    const column = model.columns[0]!;
    expect(column.url).toBe('http://fgj.example.gov.cn/tzgg/index.html');
    expect(column.pages).toEqual(['http://fgj.example.gov.cn/tzgg/index.html', 'http://fgj.example.gov.cn/tzgg/index_1.html']);
    // The item on both pages counts once.
    expect(column.items).toHaveLength(3);
    expect(column.entryCount).toBe(3);
    expect(column.newest).toBe('2020-03-01');
    // Named after the meaningful link text, not 更多>>.
    expect(column.name).toBe('通知 公告');
    expect(column.type).toBe('notice');
    expect(column.exempt).toBe(false);
  });

  it('prefers the declared column name and marks 专题 columns exempt', () => {
    const list = snap('http://fgj.example.gov.cn/zt/', {
      isListPage: true,
      columnName: '优化营商环境专题',
      title: '专题_区发改局',
      datedItems: items('http://fgj.example.gov.cn/zt/', ['2019-01-01']),
    });
    const model = build([page(HOME, home, { depth: 0 }), page('http://fgj.example.gov.cn/zt/', list)]);
    expect(model.columns[0]).toMatchObject({ name: '优化营商环境专题', exempt: true, type: 'other' });
  });

  it('never makes a column of the home page, articles or failed pages', () => {
    const homeList = snap(HOME, { isListPage: true, datedItems: items(HOME, ['2020-11-20']) });
    const article = snap('http://fgj.example.gov.cn/a.html', { isArticle: true, text: '暂无信息', meta: { columnname: '动态' } });
    const failed = snap('http://fgj.example.gov.cn/b/', { isListPage: true, datedItems: items(HOME, ['2020-11-20']) });
    const model = build([
      page(HOME, homeList, { depth: 0 }),
      page('http://fgj.example.gov.cn/a.html', article),
      page('http://fgj.example.gov.cn/b/', failed, { status: 404 }),
    ]);
    expect(model.columns).toEqual([]);
  });

  it('keeps item-less column pages with the evidence column.empty needs', () => {
    const hanweb = snap('http://fgj.example.gov.cn/col/col12/index.html', {
      hanweb: { columnId: '12', totalRecord: 0 },
      title: '区发改局',
    });
    const marker = snap('http://fgj.example.gov.cn/ghjh/', { text: '规划计划 暂 无 信 息' });
    const model = build([
      page(HOME, snap(HOME, { links: [link('http://fgj.example.gov.cn/col/col12/index.html', '重点项目')] }), { depth: 0 }),
      page('http://fgj.example.gov.cn/col/col12/index.html', hanweb),
      page('http://fgj.example.gov.cn/ghjh/', marker),
    ]);
    expect(model.columns.map((c) => [c.name, c.entryCount, c.emptyEvidence])).toEqual([
      ['重点项目', 0, { columnBy: 'hanweb', emptyMarker: 'datastore:0', proseChars: 0 }],
      ['http://fgj.example.gov.cn/ghjh/', 0, { columnBy: null, emptyMarker: '暂无信息', proseChars: 0 }],
    ]);
  });

  it('counts undated article links as entries, so an undated list is not an empty column', () => {
    const list = snap('http://fgj.example.gov.cn/rs/', {
      meta: { columnname: '人事信息' },
      links: [link('http://fgj.example.gov.cn/rs/202001/t20200101_1.html', '任免通知'), link('http://fgj.example.gov.cn/art/2020/1/2/art_3_4.html', '公示')],
    });
    const model = build([page(HOME, snap(HOME), { depth: 0 }), page('http://fgj.example.gov.cn/rs/', list)]);
    expect(model.columns[0]).toMatchObject({ entryCount: 2, newest: null, type: 'personnel' });
    expect(model.columns[0]!.emptyEvidence).toBeUndefined();
  });
});

describe('buildSiteModel: disclosure column', () => {
  const columnUrl = 'http://fgj.example.gov.cn/xxgk/';
  const columnPage = snap(columnUrl, {
    links: [
      link('http://fgj.example.gov.cn/xxgk/zn/', '政府信息\n公开指南'),
      link('http://fgj.example.gov.cn/xxgk/nb/', '政府信息公开年度报告'),
      link('http://fgj.example.gov.cn/xxgk/ysq/', '依申请公开'),
    ],
    headings: [{ level: 2, text: '法定主动公开内容' }],
  });
  const reportList = snap('http://fgj.example.gov.cn/xxgk/nb/', {
    isListPage: true,
    datedItems: [
      { title: '2019年政府信息公开工作年度报告', href: 'http://fgj.example.gov.cn/xxgk/nb/2019.html', date: '2020-01-20' },
      { title: '2018年政府信息公开工作年度报告', href: 'http://fgj.example.gov.cn/xxgk/nb/2018.html', date: '2019-01-25' },
    ],
  });

  it('prefers the standard name and reads the parts from the column page', () => {
    const home = snap(HOME, { links: [link('http://zwgk.example.gov.cn/', '政务公开'), link(columnUrl, '政府信息公开')] });
    const model = build([
      page(HOME, home, { depth: 0 }),
      page(columnUrl, columnPage),
      page('http://fgj.example.gov.cn/xxgk/nb/', reportList, { depth: 2 }),
    ]);
    expect(model.disclosure).toMatchObject({ url: columnUrl, name: '政府信息公开', exactName: true, foundOn: HOME });
    expect(model.disclosure!.parts).toEqual([
      { standard: '政府信息公开指南', found: true, label: '政府信息公开指南', url: 'http://fgj.example.gov.cn/xxgk/zn/' },
      { standard: '政府信息公开制度', found: false },
      { standard: '法定主动公开内容', found: true, label: '法定主动公开内容' },
      { standard: '政府信息公开年报', found: true, label: '政府信息公开年度报告', url: 'http://fgj.example.gov.cn/xxgk/nb/' },
    ]);
    expect(model.guideUrl).toBe('http://fgj.example.gov.cn/xxgk/zn/');
    expect(model.annualReportListUrl).toBe('http://fgj.example.gov.cn/xxgk/nb/');
    expect(model.annualReportUrls).toEqual(['http://fgj.example.gov.cn/xxgk/nb/2019.html', 'http://fgj.example.gov.cn/xxgk/nb/2018.html']);
  });

  it('takes a variant name as the column, not the guide link', () => {
    const home = snap(HOME, { links: [link('http://fgj.example.gov.cn/xxgk/zn/', '政府信息公开指南'), link(columnUrl, '信息公开>>')] });
    const model = build([page(HOME, home, { depth: 0 })]);
    expect(model.disclosure).toMatchObject({ url: columnUrl, name: '信息公开', exactName: false, parts: [] });
    expect(model.guideUrl).toBeNull();
  });

  it('does not take the disclosure hub page for a possibly empty column', () => {
    const hub = snap(columnUrl, { ...columnPage, meta: { columnname: '政府信息公开' } });
    const home = snap(HOME, { links: [link(columnUrl, '政府信息公开')] });
    const model = build([page(HOME, home, { depth: 0 }), page(columnUrl, hub)]);
    expect(model.disclosure?.parts.filter((p) => p.found)).toHaveLength(3);
    expect(model.columns).toEqual([]);
  });

  it('finds no column when only a part is linked', () => {
    const home = snap(HOME, { links: [link('http://fgj.example.gov.cn/xxgk/zn/', '政府信息公开指南')] });
    expect(build([page(HOME, home, { depth: 0 })]).disclosure).toBeNull();
  });
});

describe('buildSiteModel: articles are never columns', () => {
  const gzdtUrl = 'http://fgj.example.gov.cn/gzdt/';
  const realColumn = snap(gzdtUrl, {
    isListPage: true,
    columnName: '工作动态',
    datedItems: items(gzdtUrl, ['2020-11-20', '2020-11-10', '2020-11-01']),
  });
  /** An article whose 相关文章 sidebar lists 3 dated links, so extraction calls it a list page. */
  function sidebarArticle(url: string, over: Partial<PageSnapshot>): PageSnapshot {
    return snap(url, {
      isListPage: true,
      isArticle: false,
      breadcrumb: ['首页', '工作动态'],
      columnName: '工作动态',
      datedItems: items('http://fgj.example.gov.cn/gzdt/old/', ['2019-01-03', '2019-01-02', '2019-01-01']),
      ...over,
    });
  }

  it('does not take an article with a dated sidebar for a column (PubDate meta, 发布时间 label, article URL)', () => {
    const byMeta = sidebarArticle('http://fgj.example.gov.cn/gzdt/content_1.html', { meta: { pubdate: '2019-01-05 10:00' }, pubDate: '2019-01-05' });
    const byLabel = sidebarArticle('http://fgj.example.gov.cn/gzdt/content_2.html', {
      text: '工作动态 我局召开会议 发布时间：2019-01-06 来源：区发改局 正文……',
      pubDate: '2019-01-06',
    });
    const trs = sidebarArticle('http://fgj.example.gov.cn/gzdt/202011/t20201120_123.html', {});
    const hanweb = sidebarArticle('http://fgj.example.gov.cn/art/2020/11/20/art_12_34.html', {});
    const model = build([
      page(HOME, snap(HOME), { depth: 0 }),
      page(gzdtUrl, realColumn),
      page(byMeta.url, byMeta, { depth: 2 }),
      page(byLabel.url, byLabel, { depth: 2 }),
      page(trs.url, trs, { depth: 2 }),
      page(hanweb.url, hanweb, { depth: 2 }),
    ]);
    expect(model.columns.map((c) => [c.url, c.name, c.newest])).toEqual([[gzdtUrl, '工作动态', '2020-11-20']]);
  });

  it('still takes a list page whose header shows an 更新时间 as a column', () => {
    const list = snap('http://fgj.example.gov.cn/tzgg/', {
      isListPage: true,
      columnName: '通知公告',
      text: '通知公告 更新时间：2020-11-20 ……',
      pubDate: '2020-11-20',
      datedItems: items('http://fgj.example.gov.cn/tzgg/', ['2020-11-20', '2020-11-10', '2020-11-01']),
    });
    expect(build([page(HOME, snap(HOME), { depth: 0 }), page(list.url, list)]).columns.map((c) => c.name)).toEqual(['通知公告']);
  });

  it('merges columns with the same name and type into one (no duplicate findings)', () => {
    const copy = snap('http://fgj.example.gov.cn/xwzx/gzdt/', {
      isListPage: true,
      columnName: '工作动态',
      datedItems: items('http://fgj.example.gov.cn/xwzx/gzdt/', ['2019-05-01', '2019-04-01', '2019-03-01']),
    });
    const model = build([page(HOME, snap(HOME), { depth: 0 }), page(copy.url, copy, { depth: 2 }), page(gzdtUrl, realColumn)]);
    expect(model.columns).toHaveLength(1);
    expect(model.columns[0]).toMatchObject({ url: gzdtUrl, name: '工作动态', type: 'dynamic', newest: '2020-11-20', entryCount: 6 });
    expect(model.columns[0]!.pages).toEqual([gzdtUrl, copy.url]);
  });

  describe('real article pages (gov-pages) with a 相关文章 list of 3 dated links added', () => {
    const sidebar =
      '<div class="xgwz"><h3>相关文章</h3><ul>' +
      '<li><a href="/xw/202001/t20200103_1.html">相关文章一的标题文字</a><span>2020-01-03</span></li>' +
      '<li><a href="/xw/202001/t20200102_2.html">相关文章二的标题文字</a><span>2020-01-02</span></li>' +
      '<li><a href="/xw/202001/t20200101_3.html">相关文章三的标题文字</a><span>2020-01-01</span></li>' +
      '</ul></div>';
    const files = ['shanxi_gov_article.html', 'zjfgw_article.html', 'wanzai_2015_tjgb_article.html', 'wanzai_2022_tjgb_article.html', 'handan_zfxxgk_article_detail.html'];
    for (const file of files) {
      it.skipIf(SKIP_GOV)(file, () => {
        const raw = readFileSync(join(GOV_PAGES, file), 'utf8');
        // A URL without the article shape, so only the page's own PubDate / 发布时间 can tell.
        const url = 'http://www.example.gov.cn/news/content.html';
        const html = raw.replace(/<\/body>/i, `${sidebar}</body>`);
        const s = extractSnapshot(cheerioDomView(html, url), url, { refDate: '2026-04-01' });
        expect(s.isListPage).toBe(true);
        const home = 'http://www.example.gov.cn/';
        const model = buildSiteModel({ unit: { ...UNIT, url: home }, evalDate: '2026-04-01', homeUrl: home, pages: [page(home, snap(home), { depth: 0 }), page(url, s)], linkChecks: [] });
        expect(model.columns).toEqual([]);
      });
    }
  });
});

describe('buildSiteModel: a real list page stays a column', () => {
  it.skipIf(SKIP_GOV)('pingtan 政府信息公开年报 list (TRS) is one column with its 10 reports', () => {
    const url = 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/';
    const s = extractSnapshot(cheerioDomView(readFileSync(join(GOV_PAGES, 'pingtan_zfxxgknb_list_page.html'), 'utf8'), url), url, { refDate: '2026-04-01' });
    const home = 'https://www.pingtan.gov.cn/';
    const model = buildSiteModel({ unit: { ...UNIT, url: home }, evalDate: '2026-04-01', homeUrl: home, pages: [page(home, snap(home), { depth: 0 }), page(url, s)], linkChecks: [] });
    expect(model.columns.map((c) => [c.url, c.name, c.entryCount, c.newest])).toEqual([[url, '政府信息公开年报', 10, '2026-03-10']]);
  });
});

describe('buildSiteModel: future dates', () => {
  it('leaves dates after the evaluation date + 1 day out of a column\'s newest date', () => {
    const list = snap('http://fgj.example.gov.cn/gzdt/', {
      isListPage: true,
      columnName: '工作动态',
      datedItems: items('http://fgj.example.gov.cn/gzdt/', ['2030-01-01', '2020-11-27', '2020-06-01']),
    });
    const model = build([page(HOME, snap(HOME), { depth: 0 }), page(list.url, list)]);
    expect(model.columns[0]!.newest).toBe('2020-11-27');
    const future = snap('http://fgj.example.gov.cn/tzgg/', { isListPage: true, columnName: '通知公告', datedItems: items('http://fgj.example.gov.cn/tzgg/', ['2020-11-28', '2031-01-01', '2030-01-01']) });
    expect(build([page(HOME, snap(HOME), { depth: 0 }), page(future.url, future)]).columns[0]).toMatchObject({ newest: null, entryCount: 3 });
  });
});

describe('buildSiteModel: column names from <title>', () => {
  function nameFromTitle(title: string, meta: Record<string, string> = {}) {
    const list = snap('http://fgj.example.gov.cn/c1/', { isListPage: true, title, meta, datedItems: items('http://fgj.example.gov.cn/c1/', ['2020-11-20', '2020-11-19', '2020-11-18']) });
    const c = build([page(HOME, snap(HOME), { depth: 0 }), page(list.url, list)]).columns[0]!;
    return [c.name, c.type];
  }

  it('keeps only the first segment, not the site name after the separator', () => {
    expect(nameFromTitle('工作动态_区自然资源和规划局')).toEqual(['工作动态', 'dynamic']);
    expect(nameFromTitle('通知公告 - 区自然资源和规划局')).toEqual(['通知公告', 'notice']);
    expect(nameFromTitle('人事信息|区规划局')).toEqual(['人事信息', 'personnel']);
    expect(nameFromTitle('工作动态—区自然资源和规划局')).toEqual(['工作动态', 'dynamic']);
  });

  it('drops a leading segment equal to the SiteName meta', () => {
    expect(nameFromTitle('区自然资源和规划局 | 工作动态', { sitename: '区自然资源和规划局' })).toEqual(['工作动态', 'dynamic']);
    // A date range with a plain hyphen is not a separator.
    expect(nameFromTitle('2016-2020年规划')).toEqual(['2016-2020年规划', 'planning']);
  });
});

describe('buildSiteModel: disclosure parts shown without a followable link', () => {
  const columnUrl = 'http://fgj.example.gov.cn/xxgk/';
  function modelFor(columnHtml: string) {
    const homeSnap = snap(HOME, { links: [link(columnUrl, '政府信息公开')] });
    const s = extractSnapshot(cheerioDomView(columnHtml, columnUrl), columnUrl, { refDate: '2020-11-26' });
    return build([page(HOME, homeSnap, { depth: 0 }), page(columnUrl, s)]);
  }

  it('marks script tabs and # links as unlinked (needs review), real links and headings as found', () => {
    const model = modelFor(
      '<html><body><ul class="tabs">' +
        '<li><a href="#zn">政府信息公开指南</a></li>' +
        '<li><a href="javascript:;">政府信息<br>公开制度</a></li>' +
        '<li><span class="tab">法定主动公开内容</span></li>' +
        '<li><a href="/xxgk/nb/">政府信息公开年报</a></li>' +
        '</ul></body></html>',
    );
    expect(model.disclosure!.parts).toEqual([
      { standard: '政府信息公开指南', found: false, unlinkedLabel: '政府信息公开指南' },
      { standard: '政府信息公开制度', found: false, unlinkedLabel: '政府信息公开制度' },
      { standard: '法定主动公开内容', found: false, unlinkedLabel: '法定主动公开内容' },
      { standard: '政府信息公开年报', found: true, label: '政府信息公开年报', url: 'http://fgj.example.gov.cn/xxgk/nb/' },
    ]);
  });

  it('still reports a part that the page does not show at all as missing', () => {
    const model = modelFor('<html><body><a href="/xxgk/zn/">政府信息公开指南</a><a href="/xxgk/zd/">信息公开制度</a></body></html>');
    expect(model.disclosure!.parts.map((p) => [p.standard, p.found, p.unlinkedLabel ?? null])).toEqual([
      ['政府信息公开指南', true, null],
      ['政府信息公开制度', false, null],
      ['法定主动公开内容', false, null],
      ['政府信息公开年报', false, null],
    ]);
  });
});

describe('buildSiteModel: zh-CN texts come from the message catalogue', () => {
  it('explains a missing home page with MESSAGES', () => {
    expect(build([]).homeError).toBe(MESSAGES.homeNotCrawled());
    expect(build([page(HOME, snap(HOME), { status: 503 })]).homeError).toBe(MESSAGES.homeHttpStatus(503));
    expect(build([page(HOME, null, { status: null, error: 'ECONNREFUSED' })]).homeError).toBe(MESSAGES.homeUnreachable('ECONNREFUSED'));
    expect(build([page(HOME, null)]).homeError).toBe(MESSAGES.homeNotHtml());
  });
});

describe('buildSiteModel: pages collected as facts (the audit)', () => {
  const C1 = 'http://fgj.example.gov.cn/c1/';
  const list = snap(C1, { isListPage: true, datedItems: items(C1, ['2020-11-20', '2020-11-19', '2020-11-18']) });
  // Two texts link to the list equally often: the one seen first, pages ordered by depth, names it.
  const deep = page('http://fgj.example.gov.cn/d/', snap('http://fgj.example.gov.cn/d/', { links: [link(C1, '通知公告')] }), { depth: 2 });
  const shallow = page('http://fgj.example.gov.cn/s/', snap('http://fgj.example.gov.cn/s/', { links: [link(C1, '工作动态')] }), { depth: 1 });
  const home = page(HOME, snap(HOME, { links: [link(C1, '')] }), { depth: 0 });

  it('names a column by the shallowest of equally frequent link texts, whatever the crawl order', () => {
    for (const order of [[home, deep, shallow, page(C1, list)], [page(C1, list), shallow, deep, home]]) {
      expect(build(order).columns.map((c) => c.name)).toEqual(['工作动态']);
    }
  });

  it('builds the same model from facts, reading whole snapshots only for the pages it needs', () => {
    const all = [home, deep, shallow, page(C1, list)];
    const loaded: string[] = [];
    const pages = new SitePages();
    for (const p of all) pages.add(p, p.snapshot, () => (loaded.push(p.url), p.snapshot));
    const fromFacts = buildSiteModel({ unit: UNIT, evalDate: '2020-11-26', homeUrl: HOME, pages, linkChecks: [] });
    const whole = build(all);
    expect({ ...fromFacts, page: null }).toEqual({ ...whole, page: null });
    expect(fromFacts.page(C1)).toEqual(list);
    // The home page is read whole; the other pages only when a rule asks (site.page above).
    expect(loaded).toEqual([HOME, C1]);
  });
});
