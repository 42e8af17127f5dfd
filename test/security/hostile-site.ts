/**
 * A compromised unit website, served for real on 127.0.0.1 (port 0): every string a crawler reads
 * from it — titles, link texts, column names, meta tags, attachment names (link text and
 * Content-Disposition), alt texts, annual report titles, HTTP reason phrases and error pages —
 * carries markup, script, `javascript:` URLs, breakouts of `<style>`, `<textarea>` and comments,
 * CSS injection, bidi overrides, zero-width characters, very long unbroken strings, Markdown links
 * and spreadsheet formulas.
 *
 * The site itself runs no script: every payload sits in text or in attribute values, so the page
 * is inert as served. Anything that turns one of these strings back into markup makes the payload
 * act: it sets `window.__pwned`, opens a dialog or requests `/canary/...` on this server, which
 * counts such requests (`canaryHits`). A test asserts none of those happened.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A valid 18-digit 身份证号 (check digit X), so the attachment yields a privacy finding. */
export const ID_NUMBER = '11010519491231002X';

/** A long string without any break opportunity (no spaces, no punctuation). */
export const UNBROKEN = 'W'.repeat(700);

/**
 * The payloads, built on the canary address of the running site. Each is short enough to survive
 * the rules' 40-character clipping where it matters (column names, link texts).
 */
export interface Payloads {
  /** Base URL of the counting endpoint; every request under it is a sign of injection. */
  canary: string;
  script: string;
  img: string;
  svg: string;
  iframe: string;
  styleBreak: string;
  textareaBreak: string;
  commentBreak: string;
  cssInjection: string;
  attrBreak: string;
  jsUrl: string;
  markdown: string;
  formula: string;
  /** U+202E (right-to-left override) before a reversed file name: reads as `…exe.pdf`. */
  rtlOverride: string;
  /** U+202B (right-to-left embedding) with Arabic letters and a number after them. */
  rtlEmbedding: string;
  /** Zero-width space, non-joiner, joiner and the BOM inside a word. */
  zeroWidth: string;
}

export function payloadsFor(base: string): Payloads {
  const canary = `${base}/canary`;
  return {
    canary,
    script: `<script>window.__pwned=1;fetch('/canary/s')</script>`,
    img: `<img src=/canary/i onerror=window.__pwned=2>`,
    svg: `<svg onload=window.__pwned=3>`,
    iframe: `<iframe src=/canary/f></iframe>`,
    styleBreak: `</style><img src=/canary/st>`,
    textareaBreak: `</textarea><img src=/canary/ta>`,
    commentBreak: `--><img src=/canary/cm><!--`,
    cssInjection: `</style><style>*{background:url(/canary/css)!important}</style>`,
    attrBreak: `" onmouseover="window.__pwned=4" x="`,
    jsUrl: 'javascript:window.__pwned=5',
    markdown: `[点此查看](javascript:window.__pwned=6)`,
    formula: `=HYPERLINK("${canary}/xl","点我")`,
    rtlOverride: '通知\u202Efdp.exe',
    rtlEmbedding: '\u202Bمرحبا 2020\u202C',
    zeroWidth: '通\u200B知\u200C公\u200D告\uFEFF',
  };
}

/** The strings a report must show literally (as text), one per kind of payload. */
export function literalPayloads(p: Payloads): string[] {
  return [p.script, p.img, p.svg, p.iframe, p.styleBreak, p.textareaBreak, p.commentBreak, p.markdown, p.formula];
}

/** HTML escaping for building the site's own pages (the site is inert as served). */
function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export interface HostileSite {
  url: string;
  payloads: Payloads;
  /** Paths of requests to `/canary/...` (an injected payload acted). */
  canaryHits: string[];
  /** Every path requested, for debugging a failing test. */
  requests: string[];
  /** The unit name the test config uses: Arabic letters, an override and markup (config may be imported). */
  unitName: string;
  close(): Promise<void>;
}

interface Page {
  status: number;
  reason?: string;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

function html(title: string, head: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>${esc(title)}</title>\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

function meta(name: string, content: string): string {
  return `<meta name="${esc(name)}" content="${esc(content)}">`;
}

function pages(p: Payloads, origin: string): Map<string, Page> {
  const host = new URL(origin).host;
  const routes = new Map<string, Page>();
  const ok = (body: string): Page => ({ status: 200, type: 'text/html; charset=utf-8', body });

  const footer = `<div class="footer"><p>主办单位：${esc(p.script)}区测试局　网站标识码：3702110001　鲁ICP备05000000号　鲁公网安备 37021102000000号</p></div>`;
  const nav = [
    `<a href="/">首页</a>`,
    `<a href="/col/dt/index.html">${esc(`${p.img}工作动态`)}</a>`,
    `<a href="/xxgk/index.html">${esc(`${p.svg}政务公开`)}</a>`,
    `<a href="/wza/">无障碍浏览</a> <a href="/wza/#elder">长者模式</a>`,
  ].join(' ');

  routes.set('/', ok(html(
    `${p.script}${p.rtlOverride}首页`,
    [
      meta('SiteName', `${p.img}测试网站`),
      meta('SiteDomain', host),
      // Not a 10-digit code: meta.site quotes the value in its message.
      meta('SiteIDCode', `${p.svg}${p.zeroWidth}`),
    ].join('\n'),
    [
      `<div class="nav">${nav}</div>`,
      `<h1>${esc(p.cssInjection)}</h1>`,
      '<ul class="news">',
      `<li><a href="/col/dt/a1.html">${esc(`${p.script}关于开展工作的通知`)}</a><span>2019-01-05</span></li>`,
      `<li><a href="/col/dt/a2.html">${esc(`${p.rtlEmbedding}会议纪要`)}</a><span>2019-01-04</span></li>`,
      '</ul>',
      // Broken links whose texts (and one address) carry the payloads: link.broken quotes both.
      `<p><a href="/gone/script.html">${esc(p.script)}</a></p>`,
      `<p><a href="/gone/img.html">${esc(p.img)}</a></p>`,
      `<p><a href="/gone/iframe.html">${esc(p.iframe)}</a></p>`,
      `<p><a href="/gone/style.html">${esc(p.styleBreak)}</a></p>`,
      `<p><a href="/gone/textarea.html">${esc(p.textareaBreak)}</a></p>`,
      `<p><a href="/gone/comment.html">${esc(p.commentBreak)}</a></p>`,
      `<p><a href="/gone/markdown.html">${esc(p.markdown)}</a></p>`,
      `<p><a href="/gone/formula.html">${esc(p.formula)}</a></p>`,
      `<p><a href="/gone/rtl.html">${esc(p.rtlOverride)}</a></p>`,
      `<p><a href="/gone/rtl-embedding.html">${esc(p.rtlEmbedding)}</a></p>`,
      `<p><a href="/gone/zw.html">${esc(p.zeroWidth)}</a></p>`,
      `<p><a href="/gone/attr.html">${esc(p.attrBreak)}</a></p>`,
      `<p><a href="/gone/${UNBROKEN}.html">${esc(UNBROKEN)}</a></p>`,
      `<p><a href="/gone/%3Cscript%3Ewindow.__pwned=7%3C/script%3E.html">${esc('地址里的脚本')}</a></p>`,
      `<p><a href="/error.html">${esc('出错的页面')}</a></p>`,
      // An image-only link: its name comes from the alt text.
      `<p><a href="/gone/alt.html"><img src="/images/icon.png" alt="${esc(`${p.img}${p.styleBreak}`)}"></a></p>`,
      `<p><a href="${esc(p.jsUrl)}">${esc('脚本链接')}</a></p>`,
      // No alt: image-alt quotes the src; the snippet carries the other attributes and a long unbroken string.
      `<p><img src="/images/x.png?${esc(`${p.attrBreak}${p.script}`)}" data-note="${esc(`${p.textareaBreak}${p.commentBreak}${UNBROKEN}`)}" width="20" height="20"></p>`,
      // Attachments: a list of people with an ID number; names from link texts and Content-Disposition.
      `<p><a href="/files/list.txt">${esc(`${p.script}人员名单.txt`)}</a></p>`,
      `<p><a href="/download?id=7">${esc(`${p.formula}名单`)}</a></p>`,
      footer,
    ].join('\n'),
  )));

  const dtItems = [1, 2, 3].map((n) => `<li><a href="/col/dt/a${n}.html">${esc(`${p.markdown}动态${n}`)}</a><span>2019-01-0${6 - n}</span></li>`).join('');
  routes.set('/col/dt/index.html', ok(html(
    `${p.styleBreak}工作动态`,
    meta('ColumnName', `${p.script}工作动态`),
    `<div class="nav">${nav}</div><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/dt/index.html">${esc(`${p.script}工作动态`)}</a></div><ul class="list">${dtItems}</ul>${footer}`,
  )));

  for (const n of [1, 2, 3]) {
    routes.set(`/col/dt/a${n}.html`, ok(html(
      `${p.script}动态${n}`,
      // ContentSource is missing: meta.article. The other metas carry payloads.
      [meta('ArticleTitle', `${p.img}${p.rtlOverride}`), meta('PubDate', `2019-01-0${6 - n}`), meta('ColumnName', p.iframe)].join('\n'),
      `<div class="nav">${nav}</div><h1>${esc(`${p.script}动态${n}`)}</h1><p>发布时间：2019-01-0${6 - n}</p><p>${esc(p.cssInjection)}</p>${footer}`,
    )));
  }

  routes.set('/xxgk/index.html', ok(html(
    `${p.svg}政务公开`,
    meta('ColumnName', `${p.svg}政务公开`),
    `<div class="nav">${nav}</div><ul class="xxgk-nav">
<li><a href="/xxgk/guide.html">${esc(`政府信息公开指南${p.zeroWidth}`)}</a></li>
<li><a href="/xxgk/zd.html">政府信息公开制度</a></li>
<li><a href="/xxgk/fdzdgknr.html">法定主动公开内容</a></li>
<li><a href="/xxgk/ndbg/index.html">政府信息公开年报</a></li>
</ul>${footer}`,
  )));
  routes.set('/xxgk/guide.html', ok(html(`${p.textareaBreak}政府信息公开指南`, '', `<div class="nav">${nav}</div><h1>政府信息公开指南</h1><p>${esc(p.commentBreak)}本指南说明申请方式。</p>${footer}`)));
  routes.set('/xxgk/zd.html', ok(html('政府信息公开制度', '', `<div class="nav">${nav}</div><ul class="list"><li><a href="/xxgk/zd1.html">${esc(`${p.iframe}保密审查制度`)}</a><span>2019-01-02</span></li></ul>${footer}`)));
  routes.set('/xxgk/zd1.html', ok(html(`${p.iframe}保密审查制度`, '', `<div class="nav">${nav}</div><h1>保密审查制度</h1><p>发布时间：2019-01-02</p>${footer}`)));
  routes.set('/xxgk/fdzdgknr.html', ok(html('法定主动公开内容', '', `<div class="nav">${nav}</div><ul class="list"><li><a href="/col/dt/index.html">${esc(`${p.formula}工作动态`)}</a></li></ul>${footer}`)));
  routes.set('/xxgk/ndbg/index.html', ok(html(
    '政府信息公开年报',
    meta('ColumnName', '政府信息公开年报'),
    `<div class="nav">${nav}</div><ul class="list">
<li><a href="/xxgk/ndbg/2019.html">${esc(`${p.script}区测试局2019年政府信息公开工作年度报告`)}</a><span>2020-01-20</span></li>
<li><a href="/xxgk/ndbg/2018.html">${esc(`${p.img}区测试局2018年政府信息公开工作年度报告`)}</a><span>2019-01-20</span></li>
</ul>${footer}`,
  )));
  for (const year of [2019, 2018]) {
    routes.set(`/xxgk/ndbg/${year}.html`, ok(html(
      `${p.script}区测试局${year}年政府信息公开工作年度报告`,
      '',
      // Only one of the six sections: annual-report.structure quotes the title.
      `<div class="nav">${nav}</div><h1>${esc(`${p.script}区测试局${year}年政府信息公开工作年度报告`)}</h1><p>发布时间：${year + 1}-01-20</p><h2>一、总体情况</h2><p>${esc(p.cssInjection)}本年度工作总体平稳。</p>${footer}`,
    )));
  }

  routes.set('/wza/', ok(html('无障碍', '', `<p>无障碍浏览</p>`)));
  routes.set('/files/list.txt', {
    status: 200,
    type: 'text/plain; charset=utf-8',
    body: `姓名\t身份证号\t备注\n张三\t${ID_NUMBER}\t${p.script}\n`,
  });
  routes.set('/download', {
    status: 200,
    type: 'application/octet-stream',
    headers: {
      // The file name carries markup and an override; the ASCII fallback a formula.
      'Content-Disposition': `attachment; filename="=HYPERLINK(1).csv"; filename*=UTF-8''${encodeURIComponent(`${p.script}${p.rtlOverride}名单.csv`)}`,
    },
    body: `姓名,身份证号\n李四,${ID_NUMBER}\n`,
  });
  routes.set('/error.html', {
    status: 500,
    // Node refuses control characters in a reason phrase, but markup is allowed.
    reason: '<script>window.__pwned=8</script>',
    type: 'text/html; charset=utf-8',
    body: html(`${p.script}服务器错误`, '', `<p>${esc(p.img)}服务器内部错误</p>`),
  });
  routes.set('/images/icon.png', { status: 200, type: 'image/png', body: PNG_1X1 });
  routes.set('/images/x.png', { status: 200, type: 'image/png', body: PNG_1X1 });
  routes.set('/robots.txt', { status: 200, type: 'text/plain', body: 'User-agent: *\nAllow: /\n' });
  return routes;
}

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function notFound(p: Payloads): Page {
  // The error page itself is hostile too (titles of 404 pages are crawled text as well).
  return { status: 404, reason: `Not Found ${p.svg}`.replace(/[^\t\x20-\x7e]/g, ''), type: 'text/html; charset=utf-8', body: html(`${p.script}404`, '', `<h1>${esc(p.img)}页面不存在</h1>`) };
}

export async function startHostileSite(): Promise<HostileSite> {
  const canaryHits: string[] = [];
  const requests: string[] = [];
  let routes = new Map<string, Page>();
  let payloads: Payloads | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    requests.push(target);
    const path = target.split('?')[0] ?? '/';
    if (path.startsWith('/canary')) {
      canaryHits.push(target);
      res.writeHead(204);
      res.end();
      return;
    }
    const page = routes.get(path) ?? notFound(payloads!);
    const headers = { 'Content-Type': page.type, ...page.headers };
    if (page.reason !== undefined) res.writeHead(page.status, page.reason, headers);
    else res.writeHead(page.status, headers);
    res.end(req.method === 'HEAD' ? undefined : page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  payloads = payloadsFor(url);
  routes = pages(payloads, url);
  return {
    url: `${url}/`,
    payloads,
    canaryHits,
    requests,
    unitName: `区测试局${payloads.rtlOverride}مرحبا${payloads.img}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
