import type { IncomingMessage, ServerResponse } from 'node:http';
import { unitPage } from './page.js';

/**
 * Crawl traps: URL spaces without end. Each page links onward to URLs the crawler has never seen,
 * so only the crawler's own budgets (trap guard, maxPagesPerUnit, session-id normalisation) stop it.
 */

let sessionCounter = 0;

/** A new session token per visit, as servlet containers and PHP hand out to cookie-less clients. */
function newSessionId(): string {
  sessionCounter += 1;
  return `${sessionCounter.toString(16).padStart(8, '0')}A1B2C3D4E5F6A7B8C9D0E1F2`;
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

/** `/f/session/list.jsp;jsessionid=…` and `/f/session/item.html?sid=…`: same pages, new id each visit. */
export function sessionPage(_req: IncomingMessage, res: ServerResponse): void {
  const jsession = newSessionId();
  const sid = newSessionId();
  html(res, unitPage('会话列表', `<ul>
<li><a href="/f/session/list.jsp;jsessionid=${jsession}">会话列表</a></li>
<li><a href="/f/session/item.html?sid=${sid}">会话详情</a></li>
<li><a href="/f/session/list.jsp;jsessionid=${jsession}?col=2">第二栏目</a></li>
</ul>`));
}

/** `/f/calendar?date=YYYY-MM`: previous and next month, forever in both directions. */
export function calendarPage(req: IncomingMessage, res: ServerResponse): void {
  const date = new URL(req.url ?? '/', 'http://x').searchParams.get('date') ?? '2020-11';
  const m = /^(\d{4})-(\d{2})$/.exec(date);
  const month = m ? Number(m[1]) * 12 + Number(m[2]) - 1 : 2020 * 12 + 10;
  const label = (n: number): string => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  html(res, unitPage(`活动日历 ${label(month)}`, `<p>本月暂无活动。</p>
<a href="/f/calendar?date=${label(month - 1)}">上个月</a> <a href="/f/calendar?date=${label(month + 1)}">下个月</a>`));
}

const FACETS = { a: 10, b: 10, c: 10 } as const;

/** `/f/search?a=&b=&c=`: a faceted search whose filters combine into 1 000 result pages. */
export function facetedSearchPage(req: IncomingMessage, res: ServerResponse): void {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const current = Object.fromEntries(Object.keys(FACETS).map((k) => [k, q.get(k) ?? '0'])) as Record<keyof typeof FACETS, string>;
  const links: string[] = [];
  for (const [name, count] of Object.entries(FACETS) as [keyof typeof FACETS, number][]) {
    for (let v = 0; v < count; v++) {
      const next = { ...current, [name]: String(v) };
      links.push(`<a href="/f/search?a=${next.a}&amp;b=${next.b}&amp;c=${next.c}">筛选 ${name}=${v}</a>`);
    }
  }
  html(res, unitPage('信息检索', `<p>共找到 0 条结果。</p><div class="facets">${links.join(' ')}</div>`));
}
