import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { capNesting, decodeHtml, MAX_NESTING_DEPTH } from '../../crawler/decode.js';

const TEXT = '政府信息公开指南——区发展和改革局';
const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');

describe('decodeHtml', () => {
  it('uses the HTTP header charset when the page declares none (GBK)', () => {
    const body = gbk(`<html><head><title>${TEXT}</title></head><body>${TEXT}</body></html>`);
    const out = decodeHtml(body, 'text/html; charset=GBK');
    expect(out).toMatchObject({ charset: 'gb18030', source: 'header' });
    expect(out.html).toContain(`<title>${TEXT}</title>`);
  });

  it('finds a GBK meta charset beyond the first 1024 bytes of the head', () => {
    const filler = `<!-- ${'x'.repeat(2000)} -->\n<script>var a = 1;</script>\n`;
    const body = gbk(`<html><head>${filler}<meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>${TEXT}</title></head><body>${TEXT}</body></html>`);
    expect(body.indexOf('charset=gbk')).toBeGreaterThan(1024);
    const out = decodeHtml(body, 'text/html');
    expect(out).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(out.html).toContain(`<body>${TEXT}</body>`);
  });

  it('decodes a gb2312 meta as GB18030 (so GBK-only characters survive)', () => {
    // 镕 and 喆 are outside GB2312 but common in names; sites labelled gb2312 still send them.
    const names = '朱镕基 张喆';
    const body = gbk(`<html><head><meta charset="gb2312"><title>${names}</title></head><body></body></html>`);
    const out = decodeHtml(body, null);
    expect(out).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(out.html).toContain(names);
  });

  it('ignores a commented-out meta and meta tags after the head', () => {
    const body = gbk(`<html><head><!-- <meta charset="utf-8"> --><title>${TEXT}</title></head><body><meta charset="big5">${TEXT}</body></html>`);
    const out = decodeHtml(body, null);
    expect(out).toMatchObject({ charset: 'gb18030', source: 'sniff' });
    expect(out.html).toContain(TEXT);
  });

  it('sniffs GBK bytes when nothing is declared', () => {
    const body = gbk(`<html><head><title>${TEXT}</title></head><body><p>${TEXT.repeat(3)}</p></body></html>`);
    const out = decodeHtml(body, 'text/html');
    expect(out).toMatchObject({ charset: 'gb18030', source: 'sniff' });
    expect(out.html).toContain(TEXT.repeat(3));
  });

  it('sniffs UTF-8 when nothing is declared', () => {
    const out = decodeHtml(Buffer.from(`<p>${TEXT}</p>`, 'utf8'), null);
    expect(out).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    expect(out.html).toBe(`<p>${TEXT}</p>`);
  });

  it('honours a UTF-8 BOM over a contrary header and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<p>${TEXT}</p>`, 'utf8')]);
    const out = decodeHtml(body, 'text/html; charset=gbk');
    expect(out).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    expect(out.html).toBe(`<p>${TEXT}</p>`);
  });

  it('does not trust a default ISO-8859-1 header over a GBK page', () => {
    const body = gbk(`<html><head><meta charset="gbk"></head><body>${TEXT}</body></html>`);
    const out = decodeHtml(body, 'text/html;charset=ISO-8859-1');
    expect(out).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(out.html).toContain(TEXT);
  });

  it('falls back to sniffing when a declared UTF-8 is contradicted by the bytes', () => {
    const body = gbk(`<html><head><meta charset="utf-8"></head><body>${TEXT}</body></html>`);
    const out = decodeHtml(body, null);
    expect(out).toMatchObject({ charset: 'gb18030', source: 'sniff' });
    expect(out.html).toContain(TEXT);
  });

  it('a UTF-8 body cut inside a character is still UTF-8', () => {
    const full = Buffer.from(`<p>${TEXT}</p>`, 'utf8');
    const cut = full.subarray(0, 3 + 4); // "<p>" + one whole character + one byte of the next
    expect(decodeHtml(cut, null).charset).toBe('utf-8');
    // The cut character reads as U+FFFD, as before valid UTF-8 was decoded in one pass, declared or not.
    expect(decodeHtml(cut, null).html).toBe(`<p>${TEXT.charAt(0)}\ufffd`);
    expect(decodeHtml(cut, 'text/html; charset=utf-8').html).toBe(`<p>${TEXT.charAt(0)}\ufffd`);
    expect(decodeHtml(full, 'text/html; charset=UTF-8').html).toBe(`<p>${TEXT}</p>`);
  });

  it('ignores an unknown charset label', () => {
    const out = decodeHtml(Buffer.from(`<p>${TEXT}</p>`, 'utf8'), 'text/html; charset=x-nonsense');
    expect(out).toMatchObject({ charset: 'utf-8', source: 'sniff' });
  });

  it('decodes Big5 when declared', () => {
    const trad = '政府資訊公開';
    const out = decodeHtml(iconv.encode(`<p>${trad}</p>`, 'big5'), 'text/html; charset="big5"');
    expect(out).toMatchObject({ charset: 'big5', source: 'header' });
    expect(out.html).toBe(`<p>${trad}</p>`);
  });

  it('says when the body is exactly the HTML in UTF-8, and only then (the stored HTML is compressed from the body)', () => {
    const page = `<html><head><title>${TEXT}</title></head><body>${TEXT}</body></html>`;
    const utf8 = Buffer.from(page, 'utf8');
    for (const header of ['text/html; charset=utf-8', 'text/html', null]) {
      const out = decodeHtml(utf8, header);
      expect(out.bodyIsUtf8Html).toBe(true);
      expect(Buffer.from(out.html, 'utf8').equals(utf8)).toBe(true);
    }
    const withMark = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    const cut = utf8.subarray(0, utf8.indexOf(Buffer.from(TEXT)) + 4); // ends inside a character
    const deep = Buffer.from(`<body>${'<div>'.repeat(MAX_NESTING_DEPTH + 10)}深</body>`, 'utf8');
    for (const [body, header] of [[gbk(page), 'text/html; charset=gbk'], [gbk(page), null], [withMark, null], [cut, 'text/html; charset=utf-8'], [deep, null]] as const) {
      const out = decodeHtml(body, header);
      expect(out.bodyIsUtf8Html ?? false).toBe(false);
      expect(out.html.length).toBeGreaterThan(0);
    }
  });
});

/** The depth of the deepest element cheerio builds from `html`, walked without recursion. */
function treeDepth(html: string): number {
  const $ = cheerio.load(html);
  let max = 0;
  const stack: { node: ReturnType<typeof $.root>[number]; depth: number }[] = [{ node: $.root()[0]!, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    max = Math.max(max, depth);
    for (const child of (node as { children?: typeof node[] }).children ?? []) {
      if ((child as { type: string }).type === 'tag') stack.push({ node: child, depth: depth + 1 });
    }
  }
  return max;
}

describe('capNesting', () => {
  it('leaves ordinary pages untouched, however many unclosed <li> and <p> they have', () => {
    const list = `<html><body><ul>${'<li>条目<p>段落'.repeat(5000)}</ul></body></html>`;
    expect(capNesting(list)).toEqual({ html: list, removed: 0 });
    const shallow = `<div>${'<span>文字</span><br><img src="a.png">'.repeat(2000)}</div>`;
    expect(capNesting(shallow)).toEqual({ html: shallow, removed: 0 });
  });

  it('caps 100 000 nested <div>s at the depth Chromium builds, keeping the content and what follows', () => {
    const depth = 100_000;
    const html = `<html lang="zh-CN"><head><title>深层</title></head><body>${'<div>'.repeat(depth)}最深处${'</div>'.repeat(depth)}<a href="/">首页</a></body></html>`;
    const out = decodeHtml(Buffer.from(html), 'text/html; charset=utf-8');
    expect(out.flattenedTags).toBe(2 * (depth - MAX_NESTING_DEPTH));
    expect(out.html).toContain('最深处');
    expect(out.html).toContain('<a href="/">首页</a>');
    const built = treeDepth(out.html);
    expect(built).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 3); // html, body and the capped divs
    expect(built).toBeGreaterThanOrEqual(MAX_NESTING_DEPTH);
  });

  it('does not count markup inside comments, scripts or self-closed tags', () => {
    const html = `<div><!--${'<div>'.repeat(1000)}--><script>${'<div>'.repeat(1000)}</script>${'<svg/>'.repeat(1000)}正文</div>`;
    expect(capNesting(html, 10)).toEqual({ html, removed: 0 });
  });

  it('removes the end tags of removed elements only, and survives stray end tags', () => {
    const html = `${'<div>'.repeat(5)}x${'</div>'.repeat(5)}${'</span>'.repeat(100)}<div>后</div>`;
    const out = capNesting(html, 3);
    expect(out.removed).toBe(4);
    expect(out.html).toBe(`${'<div>'.repeat(3)}x${'</div>'.repeat(3)}${'</span>'.repeat(100)}<div>后</div>`);
  });
});
