import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { truncateSnippet } from '../../rules/dom/css-path.js';

const page = `<!DOCTYPE html><html lang="zh-CN"><head><title>测试</title></head><body>
<div id="main"><ul><li class="a">一</li><li class="a">二<span>内</span></li></ul><p>段落</p><p>第二段</p></div>
<div id="dup"><b>x</b></div><div id="dup"><b>y</b><b>z</b></div>
<div id="4567"><i>数字 id</i></div>
<script type="text/xml"><datastore><record><![CDATA[<li><a href="/a.html">标题</a></li>]]></record></datastore></script>
</body></html>`;

describe('cheerioDomView', () => {
  const dom = cheerioDomView(page, 'http://www.example.gov.cn/x/index.html');

  it('exposes the <html> root, attributes and element children', () => {
    expect(dom.root.tagName).toBe('html');
    expect(dom.root.attr('lang')).toBe('zh-CN');
    expect(dom.root.hasAttr('lang')).toBe(true);
    expect(dom.root.attr('dir')).toBeNull();
    expect(dom.root.children().map((c) => c.tagName)).toEqual(['head', 'body']);
    expect(dom.baseUrl).toBe('http://www.example.gov.cn/x/index.html');
  });

  it('text() is textContent and parent() walks up to html, then null', () => {
    const li = dom.querySelectorAll('li.a')[1]!;
    expect(li.text()).toBe('二内');
    expect(li.parent()?.tagName).toBe('ul');
    expect(dom.root.parent()).toBeNull();
    expect(dom.querySelector('#main')?.querySelectorAll('p').map((p) => p.text())).toEqual(['段落', '第二段']);
    expect(dom.querySelector('nav')).toBeNull();
  });

  it('gives the same wrapper for the same element', () => {
    const li = dom.querySelectorAll('li')[0]!;
    expect(li.parent()).toBe(dom.querySelector('ul'));
  });

  it('innerHtml() keeps CDATA inside a script raw', () => {
    const script = dom.querySelector('script[type="text/xml"]')!;
    expect(script.innerHtml()).toContain('<![CDATA[<li><a href="/a.html">标题</a></li>]]>');
    expect(script.children()).toEqual([]);
  });

  it('selector() starts at the nearest unique id, else at html, and finds the element back', () => {
    const span = dom.querySelector('span')!;
    expect(span.selector()).toBe('#main > ul:nth-of-type(1) > li:nth-of-type(2) > span:nth-of-type(1)');
    const z = dom.querySelectorAll('b')[2]!;
    expect(z.selector()).toBe('html > body:nth-of-type(1) > div:nth-of-type(3) > b:nth-of-type(2)');
    expect(dom.querySelectorAll(z.selector())).toEqual([z]);
    const i = dom.querySelector('i')!;
    expect(i.selector()).toBe('#\\34 567 > i:nth-of-type(1)');
    expect(dom.querySelectorAll(i.selector())).toEqual([i]);
    for (const el of dom.querySelectorAll('*')) expect(dom.querySelectorAll(el.selector())).toEqual([el]);
  });

  it('snippet() is the outer HTML, truncated', () => {
    expect(dom.querySelector('p')!.snippet()).toBe('<p>段落</p>');
    const long = cheerioDomView(`<p>${'字'.repeat(1000)}</p>`, 'http://a.cn/');
    const snip = long.querySelector('p')!.snippet();
    expect(snip.length).toBeLessThanOrEqual(301);
    expect(snip.startsWith('<p>字字')).toBe(true);
  });

  it('honours <base href>, resolved against the document URL', () => {
    const v = cheerioDomView('<html><head><base href="/root/"></head><body></body></html>', 'http://a.gov.cn/x/y.html');
    expect(v.baseUrl).toBe('http://a.gov.cn/root/');
    const bad = cheerioDomView('<base href="http://[bad">', 'http://a.gov.cn/x/y.html');
    expect(bad.baseUrl).toBe('http://a.gov.cn/x/y.html');
  });

  it('does not throw on malformed or empty HTML', () => {
    for (const html of ['', '<div><p>未闭合<li>列表<table><td>格</div></span>', '<<<>>>', '<html lang="en"><script>x</script><head></head>', '\u0000\ufffd']) {
      const v = cheerioDomView(html, 'http://a.gov.cn/');
      expect(v.root.tagName).toBe('html');
      expect(() => v.querySelectorAll('*').map((n) => [n.selector(), n.snippet(), n.text()])).not.toThrow();
    }
    const broken = cheerioDomView('<div><p>未闭合<li>列表</div>', 'http://a.gov.cn/');
    expect(broken.querySelector('li')?.text()).toBe('列表');
  });
});

describe('cheerioDomView: simple selectors walked directly', () => {
  // Tag lists with attribute tests are matched on the document order, not by css-select: it must find the
  // same elements in the same order as css-select does, including inside a <template>'s content.
  const html = `<html><head><title>t</title><link rel="icon" href="/i.png"></head><body>
    <template><title>in template</title><a href="/t.html">t</a></template>
    <p class="BreadCrumb">首页 &gt; 通知</p><span ID="dqWeiZhi">位置</span><i class="">空</i><b id="Crumbs" class="pos">两项</b>
    <em class="po-sition">不连续</em><u class="posİtion">土耳其字母</u>
    <div><a href="/1.html">一<img src="/p.png" alt=""></a><a>无链接</a><img src="/q.png">
    <table><tr><td><a href="/2.html">二</a></td></tr></table><h2>小</h2><h1>大</h1>
    <script src="/s.js"></script><script>var x = '<a href="/no.html">';</script><svg><a href="/svg.html">s</a></svg></div>
    </body></html>`;
  const dom = cheerioDomView(html, 'http://www.example.gov.cn/');
  const $ = load(html);
  const viaCssSelect = (selector: string, from?: string) =>
    (from ? $(from).first().find(selector) : $(selector)).toArray().map((el) => $.html(el));
  const outer = (nodes: { snippet(): string }[]) => nodes.map((n) => n.snippet());

  it.each([
    'a', 'a[href]', 'img[alt]', 'title', 'h1, h2, h3, h4, h5, h6', 'ul, ol, table, dl',
    'a[href], area[href], iframe[src], img[src], script[src], link[href], source[src], embed[src], object[data]',
    'a[href], script, datastore',
    '[class*="crumb" i], [id*="crumb" i], [class*="position" i], [id*="weizhi" i]',
  ])('%s: the elements css-select finds, in document order', (selector) => {
    expect(outer(dom.querySelectorAll(selector))).toEqual(viaCssSelect(selector).map(truncateSnippet));
    expect(dom.querySelector(selector)?.snippet()).toBe(viaCssSelect(selector).map(truncateSnippet)[0]);
    // Within an element: its descendants only, not what follows it (the table is followed by h2 and h1).
    for (const from of ['div', 'table']) {
      const scope = dom.querySelector(from)!;
      expect(outer(scope.querySelectorAll(selector)), from).toEqual(viaCssSelect(selector, from).map(truncateSnippet));
    }
  });

  it('finds elements inside a <template> as css-select does, and text() is textContent', () => {
    expect(dom.querySelectorAll('title').map((t) => t.text())).toEqual(['t', 'in template']);
    expect(dom.querySelector('div')!.text()).toBe($('div').first().text());
  });
});
