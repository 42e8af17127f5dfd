import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/extract');
const URL_ = 'http://www.example.gov.cn/zwgk/tzgg/index.html';

function snap(name: string, opts: { refDate?: string; maxText?: number } = { refDate: '2020-11-26' }, url = URL_) {
  const html = readFileSync(path.join(fixtures, name), 'utf8');
  return extractSnapshot(cheerioDomView(html, url), url, opts);
}

const dated = (s: ReturnType<typeof snap>) => s.datedItems.map((i) => [i.date, i.title, i.href.replace('http://www.example.gov.cn', '')]);

describe('dated items: ul/li with the date in span, em, i, before the title, bare text, (MM-DD)', () => {
  const s = snap('ul-li-span.html');

  it('finds every dated entry once, in document order', () => {
    expect(dated(s)).toEqual([
      ['2020-11-20', '关于2020年冬季供暖的通知', '/tzgg/202011/t20201120_1.html'],
      ['2020-11-18', '区政府第十次常务会议纪要', '/tzgg/202011/t20201118_2.html'],
      ['2020-11-15', '关于开展消防安全检查的公告', '/tzgg/202011/t20201115_3.html'],
      ['2020-11-03', '关于调整公交线路的通告', '/tzgg/202011/t20201103_4.html'],
      ['2020-10-30', '关于征集民生实事项目的公告', '/tzgg/202010/t20201030_5.html'],
      ['2020-10-25', '区人民政府关于秋季防火的通知', '/tzgg/202010/t20201025_6.html'],
      ['2020-10-20', '某某街道召开安全生产工作会议', '/zwdt/202010/t20201020_7.html'],
      ['2020-10-12', '关于邯郸市主城区部分路段施工的通告', '/tzgg/202010/t20201012_8.html'],
      ['2020-11-19', '部门动态第一条消息标题', '/dt/1.html'],
    ]);
    expect(s.isListPage).toBe(true);
    expect(s.isArticle).toBe(false);
  });

  it('takes no column-title link, 更多 link, clock widget or date inside a title', () => {
    const titles = s.datedItems.map((i) => i.title);
    for (const t of ['通知公告栏目', '部门动态栏目', '更多>>', '用户登录入口', '[工作动态]', '关于2020年9月30日停水的通知', '这一条没有日期的公告标题']) {
      expect(titles).not.toContain(t);
    }
  });

  it('drops year-less dates when no refDate is given', () => {
    const noRef = snap('ul-li-span.html', {});
    expect(noRef.datedItems.map((i) => i.title)).not.toContain('区人民政府关于秋季防火的通知');
    expect(noRef.datedItems).toHaveLength(8);
  });

  it('reads ColumnName from meta', () => {
    expect(s.columnName).toBe('通知公告');
  });
});

describe('dated items: dl/dd rows and dt/dd pairs', () => {
  it('pairs each title with its own date', () => {
    expect(dated(snap('dl-dd.html'))).toEqual([
      ['2020-03-05', '某某区2019年度政府信息公开工作年度报告', '/zwgk/tzgg/202003/t20200305_1.htm'],
      ['2019-01-10', '某某区2018年度政府信息公开工作年度报告', '/zwgk/tzgg/201901/t20190110_2.htm'],
      ['2020-11-02', '关于印发某某实施方案的通知', '/a/1.html'],
      ['2020-10-28', '关于做好某某工作的通知', '/a/2.html'],
      ['2020-09-09', '关于公布某某名单的公告', '/a/3.html'],
    ]);
  });
});

describe('dated items: table rows 名称/索引号/发布机构/成文日期/发布日期', () => {
  const s = snap('table-rows.html');
  it('takes the publication date (last column), not the index number, document number, phone, money or 学年', () => {
    expect(s.datedItems).toEqual([
      { title: '某某区人民政府关于印发2021年重点工作任务的通知', href: 'http://xxgk.example.gov.cn/zfwj/202011/t20201105_1.html', date: '2020-11-05' },
      { title: '某某区人民政府办公室关于某某的意见', href: 'http://xxgk.example.gov.cn/zfwj/202010/t20201010_2.html', date: '2020-10-10' },
    ]);
    expect(s.isListPage).toBe(false);
  });
});

describe('Hanweb datastore lists', () => {
  const s = snap('hanweb-datastore.html');
  it('parses each CDATA record as an entry', () => {
    expect(dated(s)).toEqual([
      ['2020-11-20', '关于做好冬季安全生产工作的通知', '/art/2020/11/20/art_4567_111.html'],
      ['2020-11-09', '关于公布2020年第三批行政许可事项的公告', '/art/2020/11/9/art_4567_110.html'],
      ['2020-10-01', '国庆假期值班安排的通知', '/art/2020/10/1/art_4567_109.html'],
    ]);
  });
  it('reads the dataproxy parameters and marks a list page without TRS pagination', () => {
    expect(s.hanweb).toEqual({ columnId: '4567', unitId: '8901', webId: '12', totalRecord: 57, perPage: 15 });
    expect(s.isListPage).toBe(true);
    expect(s.paginationLinks).toEqual([]);
  });
  it('takes <totalrecord> and the /col/ path when the script has no parameters', () => {
    const html = '<html><body><script type="text/xml"><datastore><totalrecord>3</totalrecord><recordset><record><![CDATA[<li><a href="/art/2020/1/1/art_9_1.html">一条记录的标题文字</a>(01-01)</li>]]></record></recordset></datastore></script></body></html>';
    const url = 'http://www.example.gov.cn/col/col9/index.html';
    const s2 = extractSnapshot(cheerioDomView(html, url), url, { refDate: '2020-11-26' });
    expect(s2.hanweb).toEqual({ columnId: '9', totalRecord: 3 });
    expect(s2.datedItems).toEqual([{ title: '一条记录的标题文字', href: 'http://www.example.gov.cn/art/2020/1/1/art_9_1.html', date: '2020-01-01' }]);
    expect(s2.isListPage).toBe(true);
  });
});

describe('pagination', () => {
  it('expands TRS createPageHTML and keeps pager links on the same origin, without the page itself', () => {
    const s = snap('trs-pager.html');
    expect(s.paginationLinks).toEqual([
      'http://www.example.gov.cn/zwgk/tzgg/index_1.html',
      'http://www.example.gov.cn/zwgk/tzgg/index_2.html',
      'http://www.example.gov.cn/zwgk/tzgg/index_3.html',
    ]);
  });
  it('reads numbered pager links when there is no script', () => {
    const html = '<html><body><div class="pagination"><a href="index.html">首页</a><a href="index_1.html">2</a><a href="index_2.html">3</a><a href="index_1.html">下一页</a></div><p><a href="/x/2.html">2</a></p></body></html>';
    const s = extractSnapshot(cheerioDomView(html, URL_), URL_);
    expect(s.paginationLinks).toEqual(['http://www.example.gov.cn/zwgk/tzgg/index_1.html', 'http://www.example.gov.cn/zwgk/tzgg/index_2.html']);
  });
});

describe('article page', () => {
  const s = snap('article.html');

  it('fills title, lang, meta, headings and text without script/style/noscript', () => {
    expect(s.url).toBe(URL_);
    expect(s.title).toBe('关于开展2020年度 政务公开培训的通知');
    expect(s.lang).toBe('zh-CN');
    expect(s.meta).toEqual({ sitename: '某某区人民政府', articletitle: '关于开展2020年度政务公开培训的通知', 'x-ua-compatible': 'IE=edge' });
    expect(s.headings).toEqual([
      { level: 1, text: '关于开展2020年度政务公开培训的通知' },
      { level: 2, text: '一、培训对象' },
    ]);
    expect(s.text).toContain('发布时间：2020-11-20 09:30');
    expect(s.text).toContain('各单位 政务公开工作人员。');
    expect(s.text).not.toMatch(/noise|2001-01-01|2019-01-01|请启用脚本/);
  });

  it('finds pubDate from the 发布时间 label, not from the clock or a script', () => {
    expect(s.pubDate).toBe('2020-11-20');
    expect(s.isArticle).toBe(true);
    expect(s.isListPage).toBe(false);
    expect(s.datedItems).toEqual([]);
  });

  it('reads the breadcrumb and takes its tail as the column name', () => {
    expect(s.breadcrumb).toEqual(['首页', '政务公开', '通知公告']);
    expect(s.columnName).toBe('通知公告');
  });

  it('collects links and assets: absolute via <base>, no fragment, no javascript/mailto/tel/data, kinds right', () => {
    expect(s.links.map((l) => [l.tag, l.kind, l.href, l.text])).toEqual([
      ['link', 'asset', 'http://www.example.gov.cn/css/main.css', ''],
      ['link', 'asset', 'http://www.example.gov.cn/favicon.ico', ''],
      ['script', 'asset', 'http://www.example.gov.cn/zwgk/tzgg/js/app.js', ''],
      ['a', 'page', 'http://www.example.gov.cn/', '首页'],
      ['a', 'page', 'http://www.example.gov.cn/zwgk/', '政务公开'],
      ['a', 'page', 'http://www.example.gov.cn/zwgk/tzgg/', '通知公告'],
      ['img', 'asset', 'http://www.example.gov.cn/zwgk/tzgg/img/a.png', '培训海报'],
      ['img', 'asset', 'http://www.example.gov.cn/zwgk/tzgg/img/b.png', ''],
      ['img', 'asset', 'http://www.example.gov.cn/zwgk/tzgg/img/c.png', ''],
      ['a', 'page', 'http://www.example.gov.cn/images/doc.pdf', '附件：培训日程'],
      ['a', 'page', 'http://other.example.org/x?y=1', '外部链接图标'],
      ['img', 'asset', 'http://www.example.gov.cn/img/logo.png', '外部链接图标'],
      ['iframe', 'page', 'https://map.example.org/embed', '地图'],
      ['area', 'page', 'http://www.example.gov.cn/area.html', '热点区域'],
    ]);
  });

  it('reports images with alt null when absent and "" when empty, with a selector and snippet', () => {
    expect(s.images.map((i) => [i.src, i.alt])).toEqual([
      ['http://www.example.gov.cn/zwgk/tzgg/img/a.png', '培训海报'],
      ['http://www.example.gov.cn/zwgk/tzgg/img/b.png', null],
      ['http://www.example.gov.cn/zwgk/tzgg/img/c.png', ''],
      ['http://www.example.gov.cn/img/logo.png', '外部链接图标'],
    ]);
    expect(s.images[1]!.selector).toBe('html > body:nth-of-type(1) > p:nth-of-type(1) > img:nth-of-type(2)');
    expect(s.images[1]!.snippet).toBe('<img src="img/b.png">');
  });

  it('caps the text at maxText', () => {
    expect(snap('article.html', { maxText: 10 }).text).toHaveLength(10);
  });
});

describe('robustness', () => {
  it('never throws and returns empty parts on empty or broken pages', () => {
    for (const html of ['', '<html><body><ul><li><a href="x">未闭合的标题文字<span>2020-11-20', '<script>createPageHTML(</script><datastore><record>', '<a href="http://[x">坏链接的标题文字</a>2020-11-20']) {
      const s = extractSnapshot(cheerioDomView(html, URL_), URL_);
      expect(s.url).toBe(URL_);
      expect(Array.isArray(s.datedItems)).toBe(true);
    }
    const empty = extractSnapshot(cheerioDomView('', URL_), URL_);
    expect(empty).toMatchObject({ title: null, lang: null, meta: {}, links: [], images: [], headings: [], text: '', datedItems: [], pubDate: null, columnName: null, breadcrumb: [], paginationLinks: [], hanweb: null, isListPage: false, isArticle: false });
    const unclosed = extractSnapshot(cheerioDomView('<ul><li><a href="x.html">未闭合的标题文字<span>2020-11-20', URL_), URL_);
    // parse5 puts the unclosed <span> inside the link: the date at the link's edge is split off.
    expect(unclosed.datedItems).toEqual([{ title: '未闭合的标题文字', href: 'http://www.example.gov.cn/zwgk/tzgg/x.html', date: '2020-11-20' }]);
  });

  it('stays linear on a big list page', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<li><a href="/a/${i}.html">第${i}条通知的标题文字</a><span>2020-11-${String((i % 28) + 1).padStart(2, '0')}</span></li>`).join('');
    const html = `<html><body><div class="nav">${'<a href="/n.html">导航链接文字</a>'.repeat(2000)}</div><ul>${rows}</ul></body></html>`;
    const s = extractSnapshot(cheerioDomView(html, URL_), URL_);
    expect(s.datedItems).toHaveLength(3000);
    expect(s.datedItems[2999]).toEqual({ title: '第2999条通知的标题文字', href: 'http://www.example.gov.cn/a/2999.html', date: '2020-11-04' });
  });
});

describe('unlinkedLinkTexts: tab and menu labels without a followable href', () => {
  it('keeps #, javascript: and href-less anchors (short labels, once each), not real links', () => {
    const url = 'http://www.example.gov.cn/xxgk/';
    const html =
      '<html><body><ul>' +
      '<li><a href="#zn">政府信息公开指南</a></li>' +
      '<li><a href="javascript:;">政府信息<br>公开制度</a></li>' +
      '<li><a>法定主动公开内容</a></li>' +
      '<li><a href="#zn">政府信息公开指南</a></li>' +
      '<li><a href="/xxgk/nb/">政府信息公开年报</a></li>' +
      '<li><a href="#">' + '很长的一段说明文字'.repeat(5) + '</a></li>' +
      '</ul></body></html>';
    const s = extractSnapshot(cheerioDomView(html, url), url);
    expect(s.unlinkedLinkTexts).toEqual(['政府信息公开指南', '政府信息公开制度', '法定主动公开内容']);
    expect(s.links.map((l) => l.text)).toEqual(['政府信息公开年报']);
  });
});

describe('publication date and article evidence: header clocks and short lists', () => {
  const ART = 'http://www.example.gov.cn/news/show.html';
  const page = (body: string, head = '') =>
    extractSnapshot(cheerioDomView(`<html><head><title>民政局</title>${head}</head><body>${body}</body></html>`, ART), ART, { refDate: '2020-11-26' });

  it('does not take a header clock (时间：… 星期四) before the title for a publication date', () => {
    const s = page('<div class="head">时间：2020年11月26日 星期四</div><h1>青岛西海岸新区民政局</h1><div><a href="/a/1.html">图片新闻</a></div>');
    expect(s.pubDate).toBeNull();
    expect(s.isArticle).toBe(false);
  });

  it('does not take a clock after the title either, nor a bare 时间： before it', () => {
    expect(page('<h1>青岛西海岸新区民政局</h1><div>时间：2020-11-26 周四</div><p>欢迎访问</p>').pubDate).toBeNull();
    expect(page('<div>时间：2020-11-20</div><h1>青岛西海岸新区民政局</h1><p>欢迎访问</p>').pubDate).toBeNull();
  });

  it('still reads a bare 时间： after the title, and a 发布时间 label anywhere', () => {
    const bare = page('<div>时间：2020-11-26 星期四</div><h1>区民政局召开推进会</h1><div>时间：2020-11-23　来源：区民政局</div><p>正文</p>');
    expect(bare.pubDate).toBe('2020-11-23');
    expect(bare.isArticle).toBe(true);
    expect(page('<div>发布时间：2020-11-20</div><h1>区民政局召开推进会</h1><p>正文</p>').pubDate).toBe('2020-11-20');
    // Without an h1 the <title> is not in the text: the whole text is read, the clock still skipped.
    expect(page('<div>时间：2020-11-26 星期四</div><p>区民政局召开推进会</p><div>时间：2020-11-23</div>').pubDate).toBe('2020-11-23');
  });

  it('calls a page whose 发布时间 labels name two different dates a short list, not an article', () => {
    const list = page('<ul><li><a href="/1.html">关于开展安全检查的通知</a> 发布时间：2020-11-20</li><li><a href="/2.html">关于调整办公时间的公告</a> 发布时间：2020-10-15</li></ul>');
    expect(list.pubDate).toBe('2020-11-20');
    expect(list.isListPage).toBe(false);
    expect(list.isArticle).toBe(false);
  });

  it('keeps an article whose header and footer repeat the same 发布时间, or which has a PubDate meta', () => {
    const twice = page('<h1>区民政局召开推进会</h1><div>发布时间：2020-11-24</div><p>正文</p><div>发布时间：2020-11-24 【打印】</div>');
    expect(twice.isArticle).toBe(true);
    const withMeta = page(
      '<h1>区民政局召开推进会</h1><div>发布时间：2020-11-24</div><p>正文</p><div>相关文章：<a href="/3.html">另一篇</a> 发布时间：2020-10-01</div>',
      '<meta name="PubDate" content="2020-11-24 09:00">',
    );
    expect(withMeta.pubDate).toBe('2020-11-24');
    expect(withMeta.isArticle).toBe(true);
  });
});
