import { describe, expect, it } from 'vitest';
import { buildSiteModel, urlKey } from '../../crawler/site-model.js';
import type { CrawledPage } from '../../crawler/site-model.js';
import type { DatedItem, LinkRef, PageSnapshot, UnitInfo } from '../../rules/types.js';

const UNIT: UnitInfo = { id: 'fgj', name: '区发展和改革局', type: 'department', url: 'http://fgj.example.gov.cn/', scope: [] };
const HOME = 'http://fgj.example.gov.cn/';

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
      ['重点项目', 0, { columnBy: 'hanweb', emptyMarker: 'datastore:0' }],
      ['http://fgj.example.gov.cn/ghjh/', 0, { columnBy: null, emptyMarker: '暂无信息' }],
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
