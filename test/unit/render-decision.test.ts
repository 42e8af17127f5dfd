/**
 * needsRendering on real government pages (../shared/external/gov-pages) and on small pages
 * that show one signal each; on each, the crawl's page analysis decides the same on its own parse.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { externalPath, skipWithout } from '../helpers/material.js';
import { needsRendering, type RenderDecision } from '../../crawler/browser/render-decision.js';
import { analysePage } from '../../crawler/page-analysis.js';
import { browserMessages } from '../../crawler/browser/messages.zh-CN.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import type { PageSnapshot } from '../../rules/types.js';

const SKIP_GOV = skipWithout({ external: ['gov-pages'] });
const GOV_PAGES = pathToFileURL(`${externalPath('gov-pages', 'html') ?? '/nonexistent'}/`);
const URL_BASE = 'http://www.example.gov.cn/col/col1/index.html';

function snapshotOf(html: string, url = URL_BASE): PageSnapshot {
  return extractSnapshot(cheerioDomView(html, url), url, { refDate: '2025-06-01' });
}

/** The crawl's decision, made on the parse it made for the snapshot (page-analysis.ts). */
function crawlDecision(html: string, url = URL_BASE): RenderDecision | null {
  return analysePage({ body: Buffer.from(html), contentType: 'text/html; charset=utf-8', finalUrl: url, evalDate: '2025-06-01', unitName: null, render: 'auto' })
    .renderDecision;
}

/** needsRendering on the HTML alone; the crawl's decision on its own parse must be the same. */
function decide(html: string): { render: boolean; reasons: string[] } {
  const decision = needsRendering(html, snapshotOf(html), 'auto');
  expect(crawlDecision(html)).toEqual(decision);
  return decision;
}

function page(body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试页面</title></head><body>${body}</body></html>`;
}

const ARTICLE_TEXT =
  '<h1>关于做好2024年度政府信息公开工作的通知</h1><p>发布时间：2024-03-01</p>' +
  '<p>各乡镇人民政府、区直各单位：为进一步做好政府信息公开工作，现将有关事项通知如下。一、提高思想认识，二、加强制度建设，三、强化监督检查。</p>';

/** A column page's own text (no publication date: not an article). */
const COLUMN_TEXT = '<h1>通知公告</h1><p>本栏目发布区政府及各部门的通知公告，欢迎查阅。</p>';

const STATIC_LIST = Array.from(
  { length: 5 },
  (_, i) => `<li><a href="/art/2024/3/${i + 1}/art_1_${i + 1}.html">关于第${i + 1}项工作的通知</a><span>2024-03-0${i + 1}</span></li>`,
).join('');

describe.skipIf(SKIP_GOV)('needsRendering on real pages', () => {
  const files = (SKIP_GOV ? [] : readdirSync(GOV_PAGES)).filter((f) => f.endsWith('.html'));

  it('has the real pages to test with', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.skipIf(SKIP_GOV)('renders the Pingtan list: its list is an avalon ms-repeat template and its pager is empty', () => {
    const html = readFileSync(new URL('pingtan_zfxxgknb_list_page.html', GOV_PAGES), 'utf8');
    const decision = needsRendering(html, snapshotOf(html, 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/'), 'auto');
    expect(crawlDecision(html, 'https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/')).toEqual(decision);
    expect(decision.render).toBe(true);
    expect(decision.reasons).toContain(browserMessages.reasonTemplateList('ms-repeat', '<dl>'));
    expect(decision.reasons).toContain(browserMessages.reasonEmptyPager('<div.page_base>'));
    // The search box's ms-repeat suggestions have no bound links: not a list of entries.
    expect(decision.reasons.filter((r) => r.includes('ms-repeat'))).toHaveLength(1);
  });

  it.skipIf(SKIP_GOV)('does not render any of the real article pages', () => {
    const articles = files.filter((f) => f.includes('article'));
    expect(articles.length).toBeGreaterThanOrEqual(10);
    for (const file of articles) {
      const html = readFileSync(new URL(file, GOV_PAGES), 'utf8');
      expect({ file, ...decide(html) }).toEqual({ file, render: false, reasons: [] });
    }
  });

  it.skipIf(SKIP_GOV)('does not render the Handan pages, whose lists are in the HTML', () => {
    for (const file of files.filter((f) => f.startsWith('handan_'))) {
      const html = readFileSync(new URL(file, GOV_PAGES), 'utf8');
      expect({ file, ...decide(html) }).toEqual({ file, render: false, reasons: [] });
    }
  });
});

describe('needsRendering modes', () => {
  const plain = page(ARTICLE_TEXT);

  it.skipIf(SKIP_GOV)("'always' renders every page and 'never' none", () => {
    const snap = snapshotOf(plain);
    expect(needsRendering(plain, snap, 'always')).toEqual({ render: true, reasons: [browserMessages.reasonAlways] });
    const pingtan = readFileSync(new URL('pingtan_zfxxgknb_list_page.html', GOV_PAGES), 'utf8');
    expect(needsRendering(pingtan, snapshotOf(pingtan), 'never')).toEqual({ render: false, reasons: [] });
  });

  it("'auto' leaves a plain article alone", () => {
    expect(decide(plain)).toEqual({ render: false, reasons: [] });
  });
});

describe('needsRendering signals', () => {
  it('an empty list filled by $.ajax from a list address', () => {
    const html = page(`<h1>通知公告</h1><ul class="news-list"></ul>
<script>$.ajax({ url: '/api/notice/list.json', success: function (d) { /* fill */ } });</script>`);
    expect(decide(html)).toEqual({ render: true, reasons: [browserMessages.reasonEmptyList('<ul.news-list>', '$.ajax(')] });
  });

  it('an empty list on a page whose only ajax call counts visits is not rendered', () => {
    const html = page(`${ARTICLE_TEXT}<ul class="news-list"></ul>
<script>$.ajax({ url: '/counter.jsp?id=88', type: 'post' });</script>`);
    expect(decide(html)).toEqual({ render: false, reasons: [] });
  });

  it('an empty list with no script at all is not rendered (nothing would fill it)', () => {
    expect(decide(page(`${ARTICLE_TEXT}<ul class="list"></ul>`))).toEqual({ render: false, reasons: [] });
  });

  it('a Hanweb jpage list without a datastore in the page', () => {
    const html = page(`<div id="4567" class="list-box"></div>
<script>$('#4567').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15, ajaxParam: { columnid: 1, unitid: 4567 } });</script>`);
    const decision = decide(html);
    expect(decision.render).toBe(true);
    expect(decision.reasons).toEqual([browserMessages.reasonEmptyList('<div#4567>', 'dataproxy.jsp')]);
  });

  it('a Hanweb list with its datastore in the page is read without a browser', () => {
    const records = Array.from(
      { length: 3 },
      (_, i) => `<record><![CDATA[<li><a href="/art/2024/3/${i + 1}/art_1_${i + 1}.html">关于第${i + 1}项工作的通知</a><span>2024-03-0${i + 1}</span></li>]]></record>`,
    ).join('');
    const html = page(`<div id="4567" class="list-box"><script type="text/xml"><datastore><recordset>${records}</recordset></datastore></script></div>
<div class="pages"></div>
<script>$('#4567').jpage({ dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15, totalRecord: 40, ajaxParam: { columnid: 1, unitid: 4567 } });</script>`);
    expect(decide(html)).toEqual({ render: false, reasons: [] });
  });

  it('a Vue v-for list with bound links', () => {
    const html = page(`<div id="app"><h1>政策文件</h1><ul class="wj"><li v-for="item in items"><a :href="item.url">{{ item.title }}</a></li></ul></div>
<script src="/js/vue.min.js"></script><script src="/js/policy.js"></script>`);
    expect(decide(html)).toEqual({ render: true, reasons: [browserMessages.reasonTemplateList('v-for', '<li>')] });
  });

  it('an art-template <script type="text/html"> list', () => {
    const html = page(`${COLUMN_TEXT}<ul id="result"></ul>
<script type="text/html" id="tpl">{{each list as item}}<li><a href="{{item.url}}">{{item.title}}</a></li>{{/each}}</script>
<script src="/js/template.js"></script>`);
    const decision = decide(html);
    expect(decision.render).toBe(true);
    expect(decision.reasons).toEqual([browserMessages.reasonTemplateList('<script type="text/html">', '<script#tpl>')]);
  });

  it('never renders an article, whatever widgets its template loads (it already has its text and date)', () => {
    const html = page(`${ARTICLE_TEXT}<ul id="result"></ul>
<script type="text/html" id="tpl">{{each list as item}}<li><a href="{{item.url}}">{{item.title}}</a></li>{{/each}}</script>
<script src="/js/template.js"></script>`);
    expect(decide(html)).toEqual({ render: false, reasons: [] });
  });

  it('entries written with document.write', () => {
    const html = page(`${COLUMN_TEXT}<ul><script>
var rows = [['关于开展安全检查的通知', '/a/1.html']];
for (var i = 0; i < rows.length; i++) document.write('<li><a href="' + rows[i][1] + '">' + rows[i][0] + '</a></li>');
</script></ul>`);
    expect(decide(html)).toEqual({ render: true, reasons: [browserMessages.reasonDocumentWrite] });
  });

  it('an empty pager on a list page without createPageHTML', () => {
    const html = page(`<h1>工作动态</h1><ul class="xwdt">${STATIC_LIST}</ul><div id="pagination"></div><script src="/js/pager.js"></script>`);
    expect(decide(html)).toEqual({ render: true, reasons: [browserMessages.reasonEmptyPager('<div#pagination>')] });
  });

  it('an empty pager is fine when createPageHTML writes it (the static reader follows that)', () => {
    const html = page(`<h1>工作动态</h1><ul class="xwdt">${STATIC_LIST}</ul><div id="pagination"></div>
<script>createPageHTML(5, 0, "index", "html");</script>`);
    expect(decide(html)).toEqual({ render: false, reasons: [] });
  });

  it('an empty pager on an article page is not a reason', () => {
    const html = page(`${ARTICLE_TEXT}<div class="pages"></div><script src="/js/share.js"></script>`);
    expect(decide(html)).toEqual({ render: false, reasons: [] });
  });

  it('a body with almost no text but scripts', () => {
    const html = page('<div id="app"></div><script src="/js/app.7f3a.js"></script>');
    expect(decide(html)).toEqual({ render: true, reasons: [browserMessages.reasonScriptOnlyBody(0)] });
  });

  it('a frameset page with no text is not rendered (its content is in the frames)', () => {
    const html = '<html><head><script src="/js/a.js"></script></head><frameset cols="20%,80%"><frame src="/left.html"><frame src="/main.html"></frameset></html>';
    expect(decide(html)).toEqual({ render: false, reasons: [] });
  });
});
