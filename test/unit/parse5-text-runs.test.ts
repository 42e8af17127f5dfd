/**
 * The tokenizer's fast path for runs of text (rules/dom/parse5-text-runs.ts) must build the very
 * tree parse5 builds character by character. Every page the suite has — the fixtures, the real
 * government pages and the W3C ACT test cases when ../shared/external is there — and a few
 * thousand generated documents made of the characters the tokenizer treats specially are parsed
 * both ways, and the trees are compared node by node (type, name, attributes in order, text).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parse, parseFragment, serialize, Tokenizer, type DefaultTreeAdapterMap, type ParserError, type TokenHandler } from 'parse5';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHtml } from '../../crawler/decode.js';
import { textRunsSupported, useTextRuns } from '../../rules/dom/parse5-text-runs.js';
import { createRng } from '../fuzz/prng.js';
import { repoRoot } from '../helpers/cli.js';
import { externalPath, skipWithout } from '../helpers/material.js';
import { htmlFiles } from '../helpers/html-files.js';

/** The tree as lines: one per node, with its depth, kind, name, attributes and text. */
function dump(html: string): string {
  const $ = load(html);
  const out: string[] = [];
  const walk = (node: AnyNode, depth: number): void => {
    const n = node as AnyNode & { name?: string; attribs?: Record<string, string>; data?: string; children?: AnyNode[]; namespace?: string };
    out.push(`${depth} ${n.type} ${n.name ?? ''} ${n.namespace ?? ''} ${JSON.stringify(n.attribs ?? null)} ${JSON.stringify(n.data ?? null)}`);
    for (const c of n.children ?? []) walk(c, depth + 1);
  };
  walk($.root()[0]!, 0);
  return out.join('\n');
}

/** The tree, or the error parse5 throws (on input no decoder produces, such as two low surrogates). */
function dumpOrError(html: string): string {
  try {
    return dump(html);
  } catch (err) {
    return `threw ${String(err)}`;
  }
}

function bothWays(html: string, read: (html: string) => string = dumpOrError): { runs: string; plain: string } {
  useTextRuns(false);
  const plain = read(html);
  useTextRuns(true);
  return { runs: read(html), plain };
}

/**
 * What the tokenizer appends as characters while `work` runs: each append, so a run shows as one
 * string of several characters.
 */
function appendsDuring(work: () => void): string[] {
  const proto = Tokenizer.prototype as unknown as { _appendCharToCurrentCharacterToken: (type: number, ch: string) => void };
  const original = proto._appendCharToCurrentCharacterToken;
  const appended: string[] = [];
  proto._appendCharToCurrentCharacterToken = function (this: unknown, type: number, ch: string) {
    appended.push(ch);
    original.call(this, type, ch);
  };
  try {
    work();
  } finally {
    proto._appendCharToCurrentCharacterToken = original;
  }
  return appended;
}

/**
 * The tokens of `chunks` written one after another (the last one marked last), as lines; with
 * `errors`, parse5's errors among them (an error callback without source locations, which only a
 * bare tokenizer allows).
 */
function tokensOfChunks(chunks: string[], errors = false): string {
  const out: string[] = [];
  const record = (kind: string) => (token: unknown) => { out.push(`${kind} ${JSON.stringify(token)}`); };
  const handler: TokenHandler = {
    onComment: record('comment'), onDoctype: record('doctype'), onStartTag: record('start'), onEndTag: record('end'),
    onEof: record('eof'), onCharacter: record('chars'), onNullCharacter: record('null'), onWhitespaceCharacter: record('blank'),
    ...(errors ? { onParseError: (e: ParserError) => { out.push(`error ${e.code}`); } } : {}),
  };
  const tokenizer = new Tokenizer({ sourceCodeLocationInfo: false }, handler);
  chunks.forEach((chunk, i) => tokenizer.write(chunk, i === chunks.length - 1));
  return out.join('\n');
}

/** Files whose trees differ, by name (empty: all the same). */
function differing(files: string[]): string[] {
  return files.filter((f) => {
    const { runs, plain } = bothWays(decodeHtml(readFileSync(f), null).html);
    return runs !== plain;
  });
}

afterAll(() => useTextRuns(true));

describe('parse5 text runs', () => {
  it('is on, and takes a run of text in one step', () => {
    expect(textRunsSupported).toBe(true);
    expect(appendsDuring(() => load('<p>政府信息公开指南</p>'))).toContain('政府信息公开指南');
    useTextRuns(false);
    try {
      const appended = appendsDuring(() => load('<p>政府信息公开指南</p>'));
      expect(appended.filter((c) => c.length > 1)).toEqual([]);
      expect(appended.join('')).toBe('政府信息公开指南');
    } finally {
      useTextRuns(true);
    }
  });

  it('builds the same tree on the characters the tokenizer treats specially', () => {
    const cases = [
      'a\r\nb\rc\nd  e\t\tf\f g',
      '<p title="x\r\ny\rz">t</p><p title=\'a&amp;b&lt\'>&copy x &#x4e2d;&#20013 &notin; &nosuchthing;</p>',
      '😀中😀\ud800x\udc00y<b a="😀\ud800">😀</b>',
      'a\u0000b<p x="\u0000y">\u0000</p><script>q\u0000r</script>',
      '<script>if (a < b && c) { x = "</scr" + "ipt>"; } <!-- <script> --> </script>tail',
      '<textarea>\nfirst &amp; <b>not</b></textarea><title>A &lt; B</title><style>p > a { color: red }</style>',
      '<svg><![CDATA[x < y]]><title>t</title></svg><math><mi>x</mi></math>',
      '<table>text<tr><td>cell</td>after</tr></table>',
      '<a href=unquoted&amp;x=1 title=a"b>q</a><br/><img alt="图 片" src=x.png>',
      '<DIV Class=Main ID="x" data-Long_Name-1=\'v\' OnClick=a=b`c><SPAN>t</SPAN></DIV><Ä-Tag Ä=1>',
      '<!-- a comment with <tags> and -- dashes - and \r\n lines --><!--x--!><!--->',
      '<svg viewBox="0 0 1 1"><foreignObject><DIV>x</DIV></foreignObject><clipPath/></svg>',
      '<plaintext>a < b &amp; </plaintext> <p>',
      '<template><li>一</li></template><noscript><p>二</p></noscript>',
      '\ufeff<!DOCTYPE html><html><head><meta charset=gbk></head><body>正文</body></html>',
      '',
      'x',
    ];
    for (const c of cases) {
      const { runs, plain } = bothWays(c);
      expect(runs, c).toBe(plain);
    }
  });

  it('builds the same tree when parse5 drops the input it has read (past 64 KB, inside runs)', () => {
    const long = `<html><body>${'<p class="c">'.concat('公开'.repeat(9000), ' a\r\nb ', 'x'.repeat(20000), '&amp;', '</p>').repeat(4)}`
      + `<script>${'var s = 1;\r\n'.repeat(8000)}</script><p title="${'v'.repeat(70000)}">end</p>`;
    expect(long.length).toBeGreaterThan(3 * 65536);
    const { runs, plain } = bothWays(long);
    expect(runs).toBe(plain);
  });

  it('leaves parse5 alone when the caller wants parse errors or source locations: the same errors and locations', () => {
    // A control character inside an attribute value: a run would take it without the error parse5
    // reports when it reads it, so with an error callback runs must stay off (parse5 then also
    // turns source locations on; either keeps them off).
    const html = '<p title="a\u0001bcdefghijklmnop">一\u0002二三四五六七八九十</p>\n<p>\r\nline two, long enough for a run</p>';
    const withErrors = (doc: string): string => {
      const errors: ParserError[] = [];
      const tree = parse(doc, { onParseError: (e) => errors.push(e) });
      return `${serialize(tree)}\n${JSON.stringify(errors)}`;
    };
    const { runs, plain } = bothWays(html, withErrors);
    expect(runs).toBe(plain);
    expect(runs).toContain('control-character-in-input-stream');
    expect(appendsDuring(() => withErrors(html)).filter((c) => c.length > 1)).toEqual([]);

    const withLocations = (doc: string): string => JSON.stringify(parse(doc, { sourceCodeLocationInfo: true }),
      (key, value: unknown) => (key === 'parentNode' ? undefined : value));
    const located = bothWays(html, withLocations);
    expect(located.runs).toBe(located.plain);
    expect(located.runs).toContain('"startLine":2');
    expect(appendsDuring(() => withLocations(html)).filter((c) => c.length > 1)).toEqual([]);

    // A bare tokenizer takes an error callback without locations: the callback alone keeps runs off.
    const tokenErrors = bothWays(html, (doc) => tokensOfChunks([doc], true));
    expect(tokenErrors.runs).toBe(tokenErrors.plain);
    expect(tokenErrors.runs).toContain('error control-character-in-input-stream');
  });

  it('gives the same tokens when the document is written in chunks (runs only once the last chunk is in)', () => {
    const doc = '<p class="栏目名称">政府信息公开指南 and more text</p><!-- a comment long enough --><a href="/x?a=1&amp;b=2">链接文字很长很长</a>';
    for (const size of [1, 5, 13, 40]) {
      const chunks: string[] = [];
      for (let at = 0; at < doc.length; at += size) chunks.push(doc.slice(at, at + size));
      const { runs, plain } = bothWays('', () => tokensOfChunks(chunks));
      expect(runs, `chunks of ${size}`).toBe(plain);
      expect(runs).toContain('政府信息公开指南');
    }
  });

  it('builds the same fragments (cheerio fragment mode, parse5 in several contexts)', () => {
    const cases = ['<td>格</td>文本 text<tr><td>x</td></tr>', '<li title="标题 long value">一二三四五六七八九十</li>&amp; tail',
      '<option>选项一选项一</option>text', 'raw </script> text &lt; more text here', '<b>粗体</b><!-- 注释注释注释注释注释 -->'];
    const fragment = (doc: string): string => {
      const $ = load(doc, null, false);
      return `${$.html()}|${$.root().text()}`;
    };
    const contexts = ['table', 'tr', 'select', 'script', 'textarea', 'title', 'div', 'svg'];
    const inContexts = (doc: string): string => contexts.map((name) => {
      const context = parseFragment(`<${name}></${name}>`).childNodes[0]!;
      return serialize(parseFragment(context as DefaultTreeAdapterMap['parentNode'], doc, {}));
    }).join('\n');
    for (const c of cases) {
      for (const read of [fragment, inContexts]) {
        const { runs, plain } = bothWays(c, read);
        expect(runs, c).toBe(plain);
      }
    }
  });

  it('builds the same tree where parse5’s 64 KB drop falls on a run, a surrogate pair or a line break', () => {
    const around = (filler: string, tail: string): string[] => {
      const docs: string[] = [];
      for (let shift = -4; shift <= 4; shift++) {
        const pad = 'x'.repeat(65536 - filler.length + shift);
        docs.push(`<p>${pad}</p>${filler}${tail}`);
      }
      return docs;
    };
    const tails = ['😀😀公开公开😀 text</p>', '\r\n\r\nline two two two</p>', '<p title="😀值值值值值值值值值值值值">t</p>',
      '<!-- 注释😀注释注释注释注释 --->', '<script>var s = "😀😀😀😀😀😀😀";\r\n</script>', '<textarea>\u0000😀文本文本文本文本</textarea>'];
    for (const tail of tails) {
      for (const doc of around('<p>公开😀', tail)) {
        const { runs, plain } = bothWays(doc);
        expect(runs, `${tail} at ${doc.length}`).toBe(plain);
      }
    }
  });

  it('keeps no page alive through the strings taken from it: a run is a copy, not a slice', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapUsed = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // Pages of about 1 MB of Chinese text (2 MB in memory each) whose one heading and one attribute
    // value, each a single run, are all that is kept of them.
    const filler = `<p>${'政府信息公开工作年度报告'.repeat(90_000)}</p>`;
    // The heading's text and the link's title of page i; nothing else of the page outlives the call.
    const keptOf = (i: number): string[] => {
      const $ = load(`<html><body><h1>第${i}号政府信息公开指南全文</h1><a title="第${i}个链接的说明文字很长很长">x</a>${filler}</body></html>`);
      const h1 = $('h1')[0] as Element;
      return [(h1.children[0] as unknown as { data: string }).data, ($('a')[0] as Element).attribs['title']!];
    };
    // One page before the measure starts: whatever parsing a page this large leaves behind (the
    // filler flattened) is there before as after.
    keptOf(-1);
    const before = heapUsed();
    const kept: string[] = [];
    for (let i = 0; i < 12; i++) kept.push(...keptOf(i));
    const grown = heapUsed() - before;
    expect(kept[0]).toBe('第0号政府信息公开指南全文');
    expect(kept[1]).toBe('第0个链接的说明文字很长很长');
    // Held by slices: at least 12 × 2 MB. Copies: a few hundred bytes (4–32 KB measured, with the
    // heap's own noise).
    expect(grown).toBeLessThan(1_000_000);
  });

  it('builds the same tree on 3,000 generated documents', () => {
    const rng = createRng(Number(process.env.GONGKAI_FUZZ_SEED ?? 20261207));
    const pieces = [
      '<', '>', '&', 'amp;', '&lt;', '&#x4e2d;', '&#20013', '&notin', '\r', '\n', '\r\n', ' ', '\t', '\f', '\u0000',
      '😀', '\ud800', '\udc00', 'a', 'Zz', '公开', '"', "'", '=', '/', '<p>', '</p>', '<p title="', '<b class=\'', '">', "'>",
      '<script>', '</script>', '<!--', '-->', '<textarea>', '</textarea>', '<title>', '</title>', '<style>', '</style>',
      '<svg>', '</svg>', '<![CDATA[', ']]>', '<table>', '<td>', '<a href=', '<br/>', '<plaintext>', '<template>',
      '<DIV ', '<dIv\tClass=Ab', ' HREF=x?a=1&amp;b=', ' data-X_1 ', '`', '<foreignObject>', '<!--', ' -- ', '--!>', '<!',
      '<?xml', '</', '<a title=', 'ÄÖ', '<ÄB ', '\u007f',
    ];
    const differ: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let doc = '';
      const n = 1 + rng.int(i % 10 === 0 ? 400 : 40);
      for (let k = 0; k < n; k++) doc += rng.chance(0.3) ? 'text run 文本'.repeat(1 + rng.int(3)) : rng.pick(pieces);
      const { runs, plain } = bothWays(doc);
      if (runs !== plain) differ.push(JSON.stringify(doc));
    }
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it('builds the same tree on every page of the repository’s fixtures', () => {
    const files = htmlFiles(join(repoRoot, 'test', 'fixtures'));
    expect(files.length).toBeGreaterThan(100);
    expect(differing(files)).toEqual([]);
  });

  describe.skipIf(skipWithout({ external: ['gov-pages', 'act-rules'] }))('real pages (../shared/external)', () => {
    it('builds the same tree on every real government page and every ACT test case', () => {
      const files = [...htmlFiles(externalPath('gov-pages') ?? ''), ...htmlFiles(externalPath('act-rules') ?? '')];
      expect(files.length).toBeGreaterThan(1000);
      expect(differing(files)).toEqual([]);
    });
  });
});
