/**
 * A counting test site for politeness: it records every request with its host (the name in the Host
 * header, spelled as url.ts hostKey spells it: `127.0.0.1`, `localhost`, `[::1]`), its port, and the
 * server's own start and end times, so a test can check per-host concurrency, the global concurrency
 * and the gaps between request starts against the crawl's limits, and that no Disallowed path was
 * ever asked for.
 *
 * The site runs in a child process (`startCountingSite`): the crawler under test shares the test's
 * event loop, and a server there would stamp arrivals late whenever the crawler parses a page. Its
 * own event loop does nothing but serve, so the stamps are the arrival times. The counts come back
 * through a control server that is not counted.
 *
 * Each host name is one unit (a government site): a home page, static columns with pagination, a
 * Hanweb column (datastore + dataproxy.jsp), a column built by script (Chromium renders it: the list
 * comes from /api/list, and the script also asks for Disallowed paths), a redirect, slow article pages
 * (so requests overlap), text attachments (on a second port of the same host for 127.0.0.1), and a
 * robots.txt with Disallow rules and, on one host, a Crawl-delay. Answers listed in `slowDown` are a
 * 429 with Retry-After the first time they are asked for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface SiteOptions {
  /** Article pages per static column (4 columns per unit). */
  articlesPerColumn: number;
  /** Crawl-delay (seconds) in the robots.txt of each host name, when any. */
  crawlDelay: Record<string, number>;
  /** Server-side pause (ms) before an article page or attachment answers, so requests overlap. */
  slowMs: number;
  /** Paths (per host name) answered once with 429 and `Retry-After: retryAfterSeconds`. */
  slowDown: Record<string, string[]>;
  retryAfterSeconds: number;
}

export interface CountedRequest {
  host: string;
  port: number;
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  /** performance.now() in the site's process when the request arrived and when its answer ended. */
  start: number;
  end: number;
}

export interface CountingSite {
  /** Host name → unit home URL. */
  homes: Record<string, string>;
  /** The second port of 127.0.0.1 (attachments). */
  attachmentPort: number;
  requests(): Promise<CountedRequest[]>;
  close(): Promise<void>;
}

/** Paths every robots.txt disallows; the pages link to them and the script-built page fetches them. */
export const DISALLOWED_PREFIXES = ['/private/', '/hidden-api/'];

// --- The site (runs in the child process) ------------------------------------------------------------

const EVAL_YEAR = 2020;

function page(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>` +
    `<div class="header"><a href="/">首页</a></div>${body}<div class="footer">测试区政府 版权所有</div></body></html>`;
}

function dateOf(i: number): string {
  const d = new Date(Date.UTC(EVAL_YEAR, 10, 20) - i * 86_400_000);
  return d.toISOString().slice(0, 10);
}

const COLUMNS = ['tzgg', 'gzdt', 'zcwj', 'rsxx'];
const COLUMN_NAMES: Record<string, string> = { tzgg: '通知公告', gzdt: '工作动态', zcwj: '政策文件', rsxx: '人事信息' };
const PER_LIST_PAGE = 10;
const HANWEB_TOTAL = 40;
const HANWEB_IN_PAGE = 10;

const LIST_JS = `(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('ul[data-col]');
    fetch('/api/list?col=' + box.getAttribute('data-col')).then(function (r) { return r.json(); }).then(function (data) {
      data.list.forEach(function (it) {
        var li = document.createElement('li'); var a = document.createElement('a');
        a.setAttribute('href', it.url); a.textContent = it.title;
        var s = document.createElement('span'); s.textContent = it.pubDate;
        li.appendChild(a); li.appendChild(s); box.appendChild(li);
      });
    });
    // A site script that reaches into Disallowed paths: the crawler's browser must not send these.
    fetch('/hidden-api/track.json').catch(function () {});
    var img = new Image(); img.src = '/private/pixel.gif';
  });
})();`;

interface Answer {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
  slow?: boolean;
}

function siteAnswer(host: string, path: string, opts: SiteOptions, attachmentBase: string, form: URLSearchParams): Answer {
  const html = (body: string): Answer => ({ status: 200, type: 'text/html; charset=utf-8', body });
  const url = new URL(path, 'http://x');
  const p = url.pathname;
  if (p === '/robots.txt') {
    const delay = opts.crawlDelay[host];
    const lines = ['User-agent: *', ...DISALLOWED_PREFIXES.map((d) => `Disallow: ${d}`), ...(delay !== undefined ? [`Crawl-delay: ${delay}`] : [])];
    return { status: 200, type: 'text/plain; charset=utf-8', body: `${lines.join('\n')}\n` };
  }
  if (p === '/' || p === '/index.html') {
    const cols = COLUMNS.map((c) => `<li><a href="/${c}/index.html">${COLUMN_NAMES[c]}</a></li>`).join('');
    return html(page('测试单位门户', `<ul class="nav">${cols}<li><a href="/col/col9/index.html">政务公开</a></li>` +
      `<li><a href="/jslist/index.html">便民服务</a></li><li><a href="/old/">旧栏目</a></li>` +
      `<li><a href="/private/internal.html">内部资料</a></li><li><a href="/private/roster.txt">名册下载</a></li></ul>` +
      `<img src="/img/logo.gif" alt="标志">`));
  }
  if (p === '/old/') return { status: 302, type: 'text/plain', body: '', headers: { location: '/gzdt/index.html' } };
  const list = /^\/(\w+)\/index(?:_(\d+))?\.html$/.exec(p);
  if (list && COLUMNS.includes(list[1]!)) {
    const col = list[1]!;
    const pageNo = Number(list[2] ?? '0');
    const pages = Math.ceil(opts.articlesPerColumn / PER_LIST_PAGE);
    const first = pageNo * PER_LIST_PAGE;
    const items = Array.from({ length: Math.max(0, Math.min(PER_LIST_PAGE, opts.articlesPerColumn - first)) }, (_, k) => {
      const i = first + k;
      return `<li><a href="/${col}/art_${i}.html">${COLUMN_NAMES[col]}第${i}号</a><span>${dateOf(i)}</span></li>`;
    }).join('');
    const pager = Array.from({ length: pages }, (_, k) => `<a href="/${col}/index${k === 0 ? '' : `_${k}`}.html">${k + 1}</a>`).join(' ');
    return html(page(COLUMN_NAMES[col]!, `<ul class="list">${items}</ul><div class="page">${pager}</div>`));
  }
  const art = /^\/(\w+)\/art_(\d+)\.html$/.exec(p);
  if (art && COLUMNS.includes(art[1]!)) {
    const i = Number(art[2]);
    const attach = i % 3 === 0 ? `<p>附件：<a href="${attachmentBase}/files/${art[1]}_${i}.txt">附件${i}.txt</a></p>` : '';
    const hidden = i % 5 === 0 ? '<p><a href="/private/draft.pdf">草稿</a></p>' : '';
    return { ...html(page(`${COLUMN_NAMES[art[1]!]}第${i}号`, `<div class="article"><h1>${COLUMN_NAMES[art[1]!]}第${i}号</h1>` +
      `<p>发布时间：${dateOf(i)}</p><p>正文内容。</p>${attach}${hidden}</div>`)), slow: true };
  }
  if (p.startsWith('/files/')) return { status: 200, type: 'text/plain; charset=utf-8', body: '附件正文：通知内容。\n', slow: true };
  if (p === '/img/logo.gif') return { status: 200, type: 'image/gif', body: 'GIF89a' };
  // Hanweb column: the first batch in the page, the rest from dataproxy.jsp.
  if (p === '/col/col9/index.html') {
    const records = Array.from({ length: HANWEB_IN_PAGE }, (_, i) => hanwebRecord(i)).join('\n');
    return html(page('政务公开', `<div id="4009"><script type="text/xml"><datastore><recordset>${records}</recordset></datastore></script></div>` +
      `<script>jpage({containerId:'4009',perPage:${HANWEB_IN_PAGE},totalRecord:${HANWEB_TOTAL},proxyUrl:'/module/web/jpage/dataproxy.jsp',` +
      `ajaxParam:{col:1,appid:1,webid:2,path:'/',columnid:9,sourceContentType:1,unitid:'4009',permissiontype:0}});</script>`,
      '<script src="/module/web/jpage/jpage.js"></script>'));
  }
  if (p === '/module/web/jpage/dataproxy.jsp') {
    const start = Math.max(1, Number(url.searchParams.get('startrecord') ?? form.get('startrecord')) || 1);
    const end = Math.min(HANWEB_TOTAL, Number(url.searchParams.get('endrecord') ?? form.get('endrecord')) || start);
    const records = Array.from({ length: Math.max(0, end - start + 1) }, (_, k) => hanwebRecord(start - 1 + k)).join('\n');
    return { status: 200, type: 'text/xml; charset=UTF-8', body: `<?xml version="1.0" encoding="UTF-8"?><datastore><recordset>${records}</recordset><totalrecord>${HANWEB_TOTAL}</totalrecord></datastore>` };
  }
  if (p === '/module/web/jpage/jpage.js') return { status: 200, type: 'application/javascript', body: 'function jpage(){}' };
  const hanwebArt = /^\/art\/2020\/art_9_(\d+)\.html$/.exec(p);
  if (hanwebArt) return html(page(`政务公开第${hanwebArt[1]}号`, `<div class="article"><h1>政务公开第${hanwebArt[1]}号</h1><p>正文。</p></div>`));
  // A column built by script: Chromium renders it (the static list is empty).
  if (p === '/jslist/index.html') {
    return html(page('便民服务', '<ul class="list" data-col="bmfw"></ul>', '<script src="/js/list.js" defer></script>'));
  }
  if (p === '/js/list.js') return { status: 200, type: 'application/javascript; charset=utf-8', body: LIST_JS };
  if (p === '/api/list') {
    const list = Array.from({ length: 8 }, (_, i) => ({ title: `便民服务第${i}号`, url: `/jslist/art_${i}.html`, pubDate: dateOf(i) }));
    return { status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify({ col: 'bmfw', total: list.length, list }) };
  }
  const jsArt = /^\/jslist\/art_(\d+)\.html$/.exec(p);
  if (jsArt) return html(page(`便民服务第${jsArt[1]}号`, `<div class="article"><h1>便民服务第${jsArt[1]}号</h1><p>正文。</p></div>`));
  return { status: 404, type: 'text/plain; charset=utf-8', body: 'not found' };
}

function hanwebRecord(i: number): string {
  return `<record><![CDATA[<li><a href="/art/2020/art_9_${i}.html" title="政务公开第${i}号">政务公开第${i}号</a><span>${dateOf(i)}</span></li>]]></record>`;
}

/** Host name as url.ts hostKey gives it (URL.hostname: IPv6 in brackets), from the Host header. */
function hostName(req: IncomingMessage): string {
  try {
    return new URL(`http://${req.headers.host ?? 'unknown'}`).hostname.toLowerCase();
  } catch {
    return 'unknown';
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function runSite(opts: SiteOptions): Promise<void> {
  const log: CountedRequest[] = [];
  const refused = new Set<string>();
  let attachmentBase = '';
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const host = hostName(req);
    const port = req.socket.localPort ?? 0;
    const path = req.url ?? '/';
    const entry: CountedRequest = { host, port, method: req.method ?? 'GET', path, status: 0, start, end: start };
    log.push(entry);
    // The end is stamped right after the answer is written (synchronously, so a busy moment of this
    // process cannot make it late, as it could a 'finish' event); a request the client gave up on ends
    // at 'close'.
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      entry.end = performance.now();
    };
    res.once('close', end);
    void (async () => {
      const form = new URLSearchParams(req.method === 'POST' ? await readBody(req) : '');
      const key = `${host} ${new URL(path, 'http://x').pathname}`;
      let answer: Answer;
      if ((opts.slowDown[host] ?? []).includes(new URL(path, 'http://x').pathname) && !refused.has(key)) {
        refused.add(key);
        answer = { status: 429, type: 'text/plain; charset=utf-8', body: '请求过于频繁', headers: { 'retry-after': String(opts.retryAfterSeconds) } };
      } else {
        const base = host === '127.0.0.1' ? attachmentBase : '';
        answer = siteAnswer(host, path, opts, base, form);
      }
      if (answer.slow && opts.slowMs > 0) await new Promise((r) => setTimeout(r, opts.slowMs));
      entry.status = answer.status;
      res.writeHead(answer.status, { 'content-type': answer.type, ...answer.headers });
      res.end(req.method === 'HEAD' ? undefined : answer.body);
      end();
    })();
  };

  // One port serves 127.0.0.1, [::1] and localhost (whichever address `localhost` resolves to).
  const v4 = createServer(handler);
  const v6 = createServer(handler);
  let port = 0;
  for (let tries = 0; ; tries++) {
    port = await listen(v6, 0, '::1');
    try {
      await listen(v4, port, '127.0.0.1');
      break;
    } catch (err) {
      await new Promise<void>((r) => v6.close(() => r()));
      if (tries > 20) throw err;
    }
  }
  const second = createServer(handler);
  const attachmentPort = await listen(second, 0, '127.0.0.1');
  attachmentBase = `http://127.0.0.1:${attachmentPort}`;

  const control = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(log));
  });
  const controlPort = await listen(control, 0, '127.0.0.1');
  const homes = { '127.0.0.1': `http://127.0.0.1:${port}/`, localhost: `http://localhost:${port}/`, '[::1]': `http://[::1]:${port}/` };
  process.stdout.write(`${JSON.stringify({ homes, attachmentPort, controlPort })}\n`);
}

// --- The test's side --------------------------------------------------------------------------------

/** Starts the site in a child process; `close` ends it. */
export async function startCountingSite(opts: SiteOptions): Promise<CountingSite> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, GONGKAI_COUNTING_SITE: JSON.stringify(opts) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ homes: Record<string, string>; attachmentPort: number; controlPort: number }>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`counting site exited (${code}) before it started`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(JSON.parse(out.slice(0, nl)) as { homes: Record<string, string>; attachmentPort: number; controlPort: number });
    });
  });
  return {
    homes: ready.homes,
    attachmentPort: ready.attachmentPort,
    async requests() {
      const res = await fetch(`http://127.0.0.1:${ready.controlPort}/log`);
      return (await res.json()) as CountedRequest[];
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The largest number of requests open at one moment (a request is open from its start to its end). */
export function maxOpen(requests: CountedRequest[]): number {
  const events = requests.flatMap((r) => [{ at: r.start, d: 1 }, { at: r.end, d: -1 }]);
  // At equal times an end comes before a start: a request that ended as another began did not overlap.
  events.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let peak = 0;
  for (const e of events) {
    open += e.d;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** Gaps between consecutive request starts, in start order. */
export function startGaps(requests: CountedRequest[]): { gap: number; before: CountedRequest; after: CountedRequest }[] {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  return sorted.slice(1).map((r, i) => ({ gap: r.start - sorted[i]!.start, before: sorted[i]!, after: r }));
}

if (process.env.GONGKAI_COUNTING_SITE && process.argv[1] === fileURLToPath(import.meta.url)) {
  void runSite(JSON.parse(process.env.GONGKAI_COUNTING_SITE) as SiteOptions);
}
