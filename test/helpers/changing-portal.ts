/**
 * A county portal that changes from night to night, served on one host (127.0.0.1), for the nightly
 * plan: the multi-night correctness test and the night benchmark (`npm run bench -- --nights`).
 *
 * Every unit lives under `/u<n>/` of the one host: a home page (nav, a 最新动态 list, the footer
 * identity), the 政府信息公开 column with its four parts (guide, rules, 法定主动公开内容, the annual
 * reports list and reports), and columns of dated articles in paginated lists (`index.html`,
 * `index_1.html`, … twenty items a page by default). Night 1 is the first crawl; from night 2 on:
 *   - 工作动态 (column 0) gets `newPerNight` new articles a night, dated that night;
 *   - 通知公告 (column 1) gets one new notice a night with a .txt attachment; the one published on
 *     night 3 has an unmasked (synthetic, checksum-valid) 身份证号 in its attachment;
 *   - 部门要闻 (column 2) gets nothing: a 14-day column whose newest item turns stale on night 4;
 *   - from night 4, an old 通知公告 article is edited in place (its body gains an unmasked ID number;
 *     its list entry stays the same), and an old 工作动态 article's title changes (its list entry too);
 *   - from night 5, one 工作动态 article is deleted (404, and gone from its list);
 *   - from night 3, the home page's link to the portal's 网站地图 answers 404 (a site-level finding);
 *   - every fourth article shows a picture without alt text (page findings for the nights to carry).
 * Answers carry an ETag and honour If-None-Match (304), as TRS and most portals do. Deterministic:
 * the same night and URL always give the same bytes. The server counts the requests of each night.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PortalOptions {
  units?: number;
  /** Columns per unit (at least 3: 工作动态, 通知公告, 部门要闻; more get other names). */
  columns?: number;
  /** Articles each column has on night 1. */
  articlesPerColumn?: number;
  perPage?: number;
  newPerNight?: number;
  /** Evaluation date of night 1. */
  firstNight?: string;
  /** Paragraphs of filler text per article (page weight). */
  paragraphs?: number;
}

export interface PortalUnit {
  id: string;
  name: string;
  url: string;
}

interface Item {
  id: number;
  title: string;
  date: string;
  attachment: boolean;
}

const COLUMN_NAMES = ['工作动态', '通知公告', '部门要闻', '人事信息', '规划计划', '政策文件', '财政资金', '建议提案', '专项工作', '公示公告'];

const FILLER = [
  '为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政务公开标准化规范化水平，现就有关事项通知如下。',
  '各单位要充分认识做好本项工作的重要意义，切实加强组织领导，明确责任分工，细化工作措施，确保各项任务按时保质完成。',
  '坚持以公开为常态、不公开为例外，围绕群众关切，主动公开政策文件、规划计划、财政预决算和重大建设项目等信息。',
  '加强政策解读工作，通过图文解读、新闻发布会、在线访谈等多种形式，准确传递政策意图，回应社会关切。',
];

/** A valid 18-digit 身份证号 (check digit computed), synthetic: region 370211, born 1980-01-01. */
export function syntheticId(seq: number): string {
  const body = `37021119800101${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export class ChangingPortal {
  readonly opts: Required<PortalOptions>;
  private server: Server | null = null;
  private base = '';
  private night = 1;
  private readonly requestsByNight = new Map<number, number>();

  constructor(opts: PortalOptions = {}) {
    this.opts = {
      units: opts.units ?? 2, columns: Math.max(3, opts.columns ?? 3), articlesPerColumn: opts.articlesPerColumn ?? 40,
      perPage: opts.perPage ?? 20, newPerNight: opts.newPerNight ?? 3, firstNight: opts.firstNight ?? '2020-11-20', paragraphs: opts.paragraphs ?? 2,
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  setNight(n: number): void {
    this.night = n;
  }

  /** The night the portal is serving. */
  get nightNow(): number {
    return this.night;
  }

  /** Evaluation date of night n. */
  dateOf(n: number): string {
    return addDays(this.opts.firstNight, n - 1);
  }

  /** Requests the server answered during night n. */
  requests(n: number): number {
    return this.requestsByNight.get(n) ?? 0;
  }

  units(): PortalUnit[] {
    return Array.from({ length: this.opts.units }, (_, u) => ({ id: `u${u}`, name: `区第${u + 1}局`, url: `${this.base}/u${u}/index.html` }));
  }

  // ---- content of a night -------------------------------------------------------------------------

  /** A column's items tonight, newest first. */
  items(u: number, c: number): Item[] {
    const n = this.night;
    const { articlesPerColumn, newPerNight } = this.opts;
    const out: Item[] = [];
    const idOf = (k: number) => (u * 100 + c) * 100_000 + k;
    // Items published on nights 2..n (columns 0 and 1), newest first.
    if (c === 0 || c === 1) {
      const perNight = c === 0 ? newPerNight : 1;
      for (let night = n; night >= 2; night--) {
        for (let k = perNight - 1; k >= 0; k--) {
          const seq = articlesPerColumn + (night - 2) * perNight + k;
          out.push({ id: idOf(seq), title: this.titleOf(u, c, seq), date: this.dateOf(night), attachment: c === 1 });
        }
      }
    }
    // The first night's articles: the newest 1 day (or, for 部门要闻, 12 days) before night 1.
    const newestAge = c === 2 ? 12 : 1;
    for (let k = 0; k < articlesPerColumn; k++) {
      if (c === 0 && n >= 5 && k === 3) continue; // deleted from night 5
      out.push({ id: idOf(k), title: this.titleOf(u, c, k), date: addDays(this.opts.firstNight, -(newestAge + k * 3)), attachment: c === 1 });
    }
    return out;
  }

  private titleOf(u: number, c: number, seq: number): string {
    const base = `第${u + 1}局${COLUMN_NAMES[c % COLUMN_NAMES.length]}第${seq + 1}号`;
    return c === 0 && seq === 8 && this.night >= 4 ? `${base}（更新）` : base;
  }

  private columnPath(u: number, c: number): string {
    return `/u${u}/c${c}/`;
  }

  private listPath(u: number, c: number, page: number): string {
    return `${this.columnPath(u, c)}${page === 0 ? 'index.html' : `index_${page}.html`}`;
  }

  private articlePath(u: number, c: number, id: number): string {
    return `${this.columnPath(u, c)}art_${id}.html`;
  }

  private head(u: number, title: string, meta: string): string {
    return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="SiteName" content="区第${u + 1}局"><meta name="SiteDomain" content="u${u}.example.gov.cn"><meta name="SiteIDCode" content="37021100${String(u).padStart(2, '0')}">
${meta}</head><body>
<div class="nav"><a href="/u${u}/index.html">网站首页</a> <a href="/u${u}/zfxxgk/index.html">政府信息公开</a>
${Array.from({ length: this.opts.columns }, (_, c) => `<a href="${this.listPath(u, c, 0)}">${COLUMN_NAMES[c % COLUMN_NAMES.length]}</a>`).join(' ')}</div>`;
  }

  private foot(u: number): string {
    return `<div class="footer"><p>主办单位：区第${u + 1}局　网站标识码：37021100${String(u).padStart(2, '0')}　<a href="https://beian.miit.gov.cn/">鲁ICP备12345678号</a>　鲁公网安备 37021102000${u}号</p></div></body></html>`;
  }

  private home(u: number): string {
    const latest = this.items(u, 0).slice(0, 5);
    const sitemap = `<a href="/portal/sitemap.html">网站地图</a>`;
    return `${this.head(u, `区第${u + 1}局`, '')}
<div class="latest"><h2>最新动态</h2><ul>
${latest.map((i) => `<li><a href="${this.articlePath(u, 0, i.id)}">${esc(i.title)}</a><span>${i.date}</span></li>`).join('\n')}
</ul></div>
<div class="links">${sitemap} <a href="/u${u}/zfxxgk/index.html">政府信息公开</a> <a href="/u${u}/wza.html">无障碍浏览</a></div>
${this.foot(u)}`;
  }

  private list(u: number, c: number, page: number): string | null {
    const all = this.items(u, c);
    const pages = Math.max(1, Math.ceil(all.length / this.opts.perPage));
    if (page >= pages) return null;
    const name = COLUMN_NAMES[c % COLUMN_NAMES.length]!;
    const slice = all.slice(page * this.opts.perPage, (page + 1) * this.opts.perPage);
    const nav = Array.from({ length: pages }, (_, p) => `<a href="${this.listPath(u, c, p)}">${p + 1}</a>`).join(' ');
    const next = page + 1 < pages ? ` <a href="${this.listPath(u, c, page + 1)}">下一页</a>` : '';
    return `${this.head(u, name, `<meta name="ColumnName" content="${name}">`)}
<div class="crumb">当前位置：<a href="/u${u}/index.html">首页</a> &gt; ${name}</div>
<ul class="list">
${slice.map((i) => `<li><a href="${this.articlePath(u, c, i.id)}">${esc(i.title)}</a><span class="date">${i.date}</span></li>`).join('\n')}
</ul>
<div class="page">${nav}${next}</div>
${this.foot(u)}`;
  }

  private article(u: number, c: number, id: number): string | null {
    const item = this.items(u, c).find((i) => i.id === id);
    if (!item) return null;
    const name = COLUMN_NAMES[c % COLUMN_NAMES.length]!;
    const paras = Array.from({ length: this.opts.paragraphs }, (_, p) => `<p>${FILLER[(id + p) % FILLER.length]}</p>`).join('\n');
    const k = id % 100_000;
    // From night 4 an old 通知公告 article carries an unmasked ID number (edited in place).
    const leak = c === 1 && k === 5 && this.night >= 4 ? `<p>联系人：张某某，身份证号码：${syntheticId(u * 10 + 1)}。</p>` : '';
    const attachment = item.attachment ? `<p>附件：<a href="${this.columnPath(u, c)}fj/${id}.txt">${esc(item.title)}.txt</a></p>` : '';
    // Every fourth article has a picture without alt text: page findings that nights carry.
    const picture = k % 4 === 0 ? '<p><img src="/u0/images/photo.png" width="400" height="300"></p>' : '';
    return `${this.head(u, item.title, `<meta name="ArticleTitle" content="${esc(item.title)}"><meta name="PubDate" content="${item.date} 09:00"><meta name="ContentSource" content="区第${u + 1}局"><meta name="ColumnName" content="${name}">`)}
<div class="crumb">当前位置：<a href="/u${u}/index.html">首页</a> &gt; <a href="${this.listPath(u, c, 0)}">${name}</a></div>
<div class="article"><h1>${esc(item.title)}</h1><div class="info">发布时间：${item.date}　来源：区第${u + 1}局</div>
${leak}${picture}${paras}${attachment}</div>
${this.foot(u)}`;
  }

  private attachmentText(u: number, c: number, id: number): string | null {
    const item = this.items(u, c).find((i) => i.id === id);
    if (!item?.attachment) return null;
    const k = id % 100_000;
    // The notice published on night 3 leaks an ID number in its attachment.
    const night3 = this.opts.articlesPerColumn + 1;
    const leak = k === night3 ? `报名人员：李某某，身份证号：${syntheticId(u * 10 + 2)}\n` : '';
    return `${item.title}\n${leak}请有关单位按要求报送材料。\n`;
  }

  private disclosure(u: number, path: string): string | null {
    const crumb = `<div class="crumb">当前位置：<a href="/u${u}/index.html">首页</a> &gt; <a href="/u${u}/zfxxgk/index.html">政府信息公开</a></div>`;
    const page = (title: string, body: string, meta = '') => `${this.head(u, title, meta)}${crumb}<div class="content"><h1>${title}</h1>${body}</div>${this.foot(u)}`;
    switch (path) {
      case 'index.html':
        return page('政府信息公开', `<ul class="parts">
<li><a href="/u${u}/zfxxgk/zn.html">政府信息公开指南</a></li>
<li><a href="/u${u}/zfxxgk/zd.html">政府信息公开制度</a></li>
<li><a href="/u${u}/zfxxgk/fdzdgknr.html">法定主动公开内容</a></li>
<li><a href="/u${u}/zfxxgk/nb/index.html">政府信息公开年报</a></li></ul>`, '<meta name="ColumnName" content="政府信息公开">');
      case 'zn.html':
        return page('政府信息公开指南', `<div class="info">发布时间：2020-01-15</div><p>${FILLER[2]}</p>`, '<meta name="ArticleTitle" content="政府信息公开指南"><meta name="PubDate" content="2020-01-15 09:00"><meta name="ContentSource" content="本机关">');
      case 'zd.html':
        return page('政府信息公开制度', `<p>${FILLER[0]}</p>`);
      case 'fdzdgknr.html':
        return page('法定主动公开内容', `<ul>${Array.from({ length: this.opts.columns }, (_, c) => `<li><a href="${this.listPath(u, c, 0)}">${COLUMN_NAMES[c % COLUMN_NAMES.length]}</a></li>`).join('')}</ul>`);
      case 'nb/index.html':
        return page('政府信息公开年报', `<ul class="list"><li><a href="/u${u}/zfxxgk/nb/2019.html">区第${u + 1}局2019年政府信息公开工作年度报告</a><span class="date">2020-01-20</span></li>
<li><a href="/u${u}/zfxxgk/nb/2018.html">区第${u + 1}局2018年政府信息公开工作年度报告</a><span class="date">2019-01-21</span></li></ul>`, '<meta name="ColumnName" content="政府信息公开年报">');
      case 'nb/2019.html':
      case 'nb/2018.html': {
        const year = path.slice(3, 7);
        return page(`区第${u + 1}局${year}年政府信息公开工作年度报告`, `<p>一、总体情况</p><p>${FILLER[1]}</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p>`,
          `<meta name="ArticleTitle" content="${year}年政府信息公开工作年度报告"><meta name="PubDate" content="${Number(year) + 1}-01-20 09:00"><meta name="ContentSource" content="本机关">`);
      }
      default:
        return null;
    }
  }

  /** The body and type at a path tonight, or null (404). */
  resource(path: string): { body: string; type: string } | null {
    const html = (body: string | null) => (body === null ? null : { body, type: 'text/html; charset=utf-8' });
    const m = /^\/u(\d+)\/(.*)$/.exec(path);
    if (!m) return null;
    const u = Number(m[1]);
    if (u >= this.opts.units) return null;
    const rest = m[2]!;
    if (rest === 'index.html' || rest === '') return html(this.home(u));
    if (rest === 'wza.html') return html(`${this.head(u, '无障碍浏览', '')}<p>无障碍浏览说明</p>${this.foot(u)}`);
    if (rest.startsWith('zfxxgk/')) return html(this.disclosure(u, rest.slice('zfxxgk/'.length)));
    const col = /^c(\d+)\/(?:index(?:_(\d+))?\.html|art_(\d+)\.html|fj\/(\d+)\.txt)$/.exec(rest);
    if (!col) return null;
    const c = Number(col[1]);
    if (c >= this.opts.columns) return null;
    if (col[3] !== undefined) return html(this.article(u, c, Number(col[3])));
    if (col[4] !== undefined) {
      const text = this.attachmentText(u, c, Number(col[4]));
      return text === null ? null : { body: text, type: 'text/plain; charset=utf-8' };
    }
    return html(this.list(u, c, col[2] === undefined ? 0 : Number(col[2])));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requestsByNight.set(this.night, (this.requestsByNight.get(this.night) ?? 0) + 1);
    const path = new URL(req.url ?? '/', this.base).pathname;
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    // The portal's site map: gone from night 3 (the home pages link it: a site-level broken link).
    if (path === '/portal/sitemap.html') {
      if (this.night >= 3) res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>404</h1>');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html lang="zh-CN"><head><title>网站地图</title></head><body>网站地图</body></html>');
      return;
    }
    const found = this.resource(path);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><head><title>404</title></head><body>页面不存在</body></html>');
      return;
    }
    const body = Buffer.from(found.body, 'utf8');
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': found.type, 'content-length': body.length, etag });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
