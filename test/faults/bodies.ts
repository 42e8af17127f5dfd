import type { IncomingMessage, ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import { makePdf } from '../fixtures/attachments/make.js';

/**
 * Bodies that are not what they claim or not what HTML should be: binary files labelled text/html,
 * broken and absurdly deep markup, and Chinese text in GBK under a wrong or missing charset.
 */

/** The sentence the charset pages carry; the test looks for it in the decoded page. */
export const GBK_SENTENCE = '政府信息公开指南';

/** A real one-page PDF: what a CMS's download servlet sends under its default text/html type. */
const PDF_BYTES = makePdf(['Notice 2020']);

/** Deterministic noise (xorshift), so a failure can be reproduced byte for byte. */
function noise(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export function pdfAsHtml(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(PDF_BYTES);
}

export function noiseAsHtml(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(noise(64 * 1024));
}

/** 100 000 nested <div>s: a recursive walk over this tree overflows the stack. */
export const NESTING_DEPTH = 100_000;

export function deeplyNested(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="zh-CN"><head><title>深层嵌套</title></head><body>${'<div>'.repeat(NESTING_DEPTH)}最深处${'</div>'.repeat(NESTING_DEPTH)}<a href="/">首页</a></body></html>`);
}

/** Unclosed and misnested tags, broken attributes, stray end tags, a second <html>, NUL characters. */
export function malformed(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<html lang="zh-CN"><head><title>残缺页面</title><meta charset=utf-8 <body><div class="a><p>未闭合段落<b><i>错位</b></i>
<table><tr><td>单元格<div>表格里的块</table></tr><a href="/f/malformed.html?x=<script>">奇怪的链接</a>
</html><html><body>第二个html\u0000空字符<a href=/ >首页</a><!-- 未结束的注释`);
}

function gbkPage(): Buffer {
  return iconv.encode(`<html lang="zh-CN"><head><title>${GBK_SENTENCE}</title></head><body><p>${GBK_SENTENCE}：本机关依法主动公开政府信息。</p><a href="/">首页</a></body></html>`, 'gbk');
}

/** GBK bytes under a header that says UTF-8: the template lies. */
export function gbkLabelledUtf8(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(gbkPage());
}

/** GBK bytes with no charset in the header nor in the page. */
export function gbkWithoutCharset(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(gbkPage());
}
