/**
 * Further pages of a list: TRS WCM writes them with `createPageHTML(N, cur, "index", "html")`
 * (pages index.html, index_1.html … index_{N-1}.html); other CMSs print 下一页 / 尾页 / page-number
 * links inside a pager. Hanweb lists page through dataproxy.jsp instead (see hanweb.ts).
 */
import type { DomNode, DomView } from '../dom/view.js';
import { collapseWhitespace } from '../text.js';
import { resolveHref } from './urls.js';

/** `createPageHTML(N, cur, "index", "html")`, optionally with a leading element id argument. */
const TRS_PAGER =
  /createPageHTML\s*\(\s*(?:['"][^'"]*['"]\s*,\s*)?(\d{1,5})\s*,\s*(\d{1,5})\s*,\s*['"]([\w.-]{1,40})['"]\s*,\s*['"](\w{1,10})['"]/;
/** More pages than this are a crawl trap or a broken counter; the crawler still sees the first ones. */
const MAX_PAGES = 500;
/** Pager words that are specific enough to trust anywhere on the page. */
const PAGER_WORD = /^(?:下一页|下页|尾页|末页|上一页|上页)$/;
const PAGE_NUMBER = /^\d{1,4}$/;
const FIRST_PAGE = /^首页$/;
/** Class or id of a pager container (page, pager, pagination, fenye 分页, pn …). */
const PAGER_CONTAINER = /pag|fenye|fy|pn\b|turn/i;
const PAGER_CLIMB = 4;

function inPager(link: DomNode): boolean {
  let node = link.parent();
  for (let i = 0; node && i < PAGER_CLIMB; i++, node = node.parent()) {
    const cls = `${node.attr('class') ?? ''} ${node.attr('id') ?? ''}`;
    if (PAGER_CONTAINER.test(cls)) return true;
  }
  return false;
}

/** TRS page URLs from a createPageHTML call in any of the script texts. */
export function trsPages(scriptTexts: string[], baseUrl: string): string[] {
  for (const text of scriptTexts) {
    const m = TRS_PAGER.exec(text);
    if (!m) continue;
    const count = Math.min(Number(m[1]), MAX_PAGES);
    const name = m[3] ?? 'index';
    const ext = m[4] ?? 'html';
    const out: string[] = [];
    for (let i = 1; i < count; i++) {
      const url = resolveHref(`${name}_${i}.${ext}`, baseUrl);
      if (url) out.push(url);
    }
    return out;
  }
  return [];
}

/** `dir/` and `dir/index.html` are the same list page. */
function samePageKey(url: string): string {
  return url.replace(/\/(?:index|default)\.s?html?$/i, '/');
}

export function extractPagination(dom: DomView, pageUrl: string, scriptTexts: string[]): string[] {
  const self = resolveHref(pageUrl, pageUrl);
  const selfKey = self ? samePageKey(self) : null;
  const origin = self ? new URL(self).origin : null;
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (url: string | null): void => {
    if (!url || samePageKey(url) === selfKey || seen.has(url)) return;
    if (origin && new URL(url).origin !== origin) return;
    seen.add(url);
    out.push(url);
  };
  for (const url of trsPages(scriptTexts, dom.baseUrl)) add(url);
  for (const a of dom.querySelectorAll('a[href]')) {
    const text = collapseWhitespace(a.text()).replace(/[\s<>«»‹›]+/g, '');
    if (text === '' || text.length > 4) continue;
    const pager = PAGER_WORD.test(text);
    if (!pager && !((PAGE_NUMBER.test(text) || FIRST_PAGE.test(text)) && inPager(a))) continue;
    add(resolveHref(a.attr('href'), dom.baseUrl));
  }
  return out;
}
