/**
 * The crawler's visible text (rules/dom/visible-text.ts) reads the parsed tree; it must give what
 * htmlToText gives on the serialised inner HTML, which the extension's live view still reads, on
 * every page we have (our fixtures, the real government pages), attributes aside. Where the
 * serialised string misleads htmlToText (an attribute value holding `>`: real pages have them), the
 * walk gives the text a visitor sees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../crawler/decode.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { htmlToText } from '../../rules/extract/html-text.js';
import { externalPath, skipWithout } from '../helpers/material.js';
import { repoRoot } from '../helpers/cli.js';
import { htmlFiles } from '../helpers/html-files.js';

/**
 * The visible text both ways, for the body and every element a rule may read text under: walked on
 * the page, and htmlToText of the inner HTML of the same page without its attributes (the walk
 * never reads attributes; htmlToText would read a `>` in one as the end of the tag).
 */
function bothWays(html: string): { serialised: string; walked: string }[] {
  const $ = load(html);
  for (const el of $('*').toArray()) if (el.type === 'tag' || el.type === 'script' || el.type === 'style') el.attribs = {};
  const plain = cheerioDomView($.html(), 'http://x.test/');
  const dom = cheerioDomView(html, 'http://x.test/');
  const read = (view: typeof dom) => [view.querySelector('body') ?? view.root, ...view.querySelectorAll('div, td, table, p, li')];
  const walked = read(dom).map((el) => el.visibleText());
  return read(plain).map((el, i) => ({ serialised: htmlToText(el.innerHtml()), walked: walked[i] ?? '' }));
}

function differing(files: string[]): string[] {
  const bad: string[] = [];
  for (const f of files) {
    const pairs = bothWays(decodeHtml(readFileSync(f), null).html);
    if (pairs.some((p) => p.serialised !== p.walked)) bad.push(f);
  }
  return bad;
}

describe('visible text read from the tree', () => {
  it('breaks lines at block tags, gaps table cells, drops scripts, styles, lists and comments', () => {
    const html = `<html><head><title>标题</title><style>p{}</style></head><body>
      <div>第一行<br>第二行<hr>第三行</div><p>段落</p><p-item>自定义块</p-item><o:p>Word 段落</o:p>
      <table><tr><td>单元格一</td><th>单元格二</th></tr></table><ul><li>条目</li></ul>
      <script>var a = "<p>不可见</p>";</script><noscript>不可见</noscript><!-- 注释 --><select><option>选项</option></select>
      <textarea>输入框</textarea><template><p>模板</p></template><iframe><p>框架文字</p></iframe>
      <span>&amp;lt; &copy; &nbsp;空格&#21644;</span><img alt="图片"><input value="值"></body></html>`;
    const [body] = bothWays(html);
    expect(body!.walked).toBe(body!.serialised);
    for (const seen of ['第一行\n第二行\n第三行', '\n段落\n', '\n自定义块\n', 'Word 段落', '单元格一 \t 单元格二 \t ', '\n条目\n', '框架文字', '&lt; © \u00a0空格和'])
      expect(body!.walked).toContain(seen);
    for (const hidden of ['不可见', '选项', '输入框', '模板', '注释', 'p{}', '标题', '图片', '值']) expect(body!.walked).not.toContain(hidden);
  });

  it('reads the whole document when there is no body element to read', () => {
    const dom = cheerioDomView('<title>只有标题</title>', 'http://x.test/');
    expect(dom.root.visibleText()).toBe(htmlToText(dom.root.innerHtml()));
    expect(dom.root.visibleText()).toContain('只有标题');
  });

  it('never lets attribute text through, where the serialised string did', () => {
    const html = '<body><button onclick="setTimeout(() => this.focus(), 10)">按钮</button><a title="a>b">链接</a></body>';
    const body = cheerioDomView(html, 'http://x.test/').querySelector('body')!;
    expect(htmlToText(body.innerHtml())).toContain('this.focus()');
    expect(body.visibleText()).toBe('按钮链接');
  });

  it('gives the same text as the serialised HTML on every HTML fixture of the repository', () => {
    const files = htmlFiles(join(repoRoot, 'test', 'fixtures'));
    expect(files.length).toBeGreaterThan(50);
    expect(differing(files)).toEqual([]);
  });

  describe.skipIf(skipWithout({ external: ['gov-pages', 'act-rules'] }))('real government pages and the W3C ACT test cases', () => {
    it('gives the same text as the serialised HTML on every page', () => {
      const files = ['gov-pages', 'act-rules'].flatMap((f) => htmlFiles(externalPath(f) ?? ''));
      expect(files.length).toBeGreaterThan(1000);
      expect(differing(files)).toEqual([]);
    });
  });
});
