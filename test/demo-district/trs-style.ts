/**
 * TRS WCM-like sites: lists paged as index.html, index_1.html …, the page count in a
 * createPageHTML(N, i, "index", "html") call plus static 下一页 links; articles at
 * FOLDER/YYYYMM/tYYYYMMDD_ID.html. Lists come as <ul><li><a/><span>date</span></li> or as tables.
 */
import type { CmsStyle, ColumnPlan, ListItem, ListRender } from './cms-style.js';
import { compactDate, formatDate, yearMonth } from './dates.js';
import { esc } from './html.js';

function pageFile(index: number): string {
  return index === 0 ? 'index.html' : `index_${index}.html`;
}

function pager(pageIndex: number, pageCount: number): string {
  if (pageCount <= 1) return '';
  const parts = [`<script>createPageHTML(${pageCount}, ${pageIndex}, "index", "html");</script>`];
  parts.push(`<a href="${pageFile(0)}">首页</a>`);
  if (pageIndex > 0) parts.push(`<a href="${pageFile(pageIndex - 1)}">上一页</a>`);
  if (pageIndex < pageCount - 1) parts.push(`<a href="${pageFile(pageIndex + 1)}">下一页</a>`);
  parts.push(`<a href="${pageFile(pageCount - 1)}">尾页</a>`);
  return `<div class="page">${parts.join(' ')}</div>`;
}

function ulList(col: ColumnPlan, items: ListItem[]): string {
  const lis = items
    .map(
      (i) =>
        `<li><a href="${esc(i.href)}" title="${esc(i.title)}" target="_blank">${esc(i.title)}</a>` +
        `<span>${formatDate(i.date, col.dateStyle)}</span></li>`,
    )
    .join('\n');
  return `<ul class="list">\n${lis}\n</ul>`;
}

function tableList(col: ColumnPlan, items: ListItem[]): string {
  const rows = items
    .map(
      (i, n) =>
        `<tr><td>${n + 1}</td><td><a href="${esc(i.href)}" title="${esc(i.title)}">${esc(i.title)}</a></td>` +
        `<td>${formatDate(i.date, col.dateStyle)}</td></tr>`,
    )
    .join('\n');
  return `<table class="list-table"><tr><th>序号</th><th>标题</th><th>发布日期</th></tr>\n${rows}\n</table>`;
}

export const trsStyle: CmsStyle = {
  name: 'trs',
  listPaths(col, itemCount) {
    const count = Math.max(1, Math.ceil(itemCount / col.perPage));
    return Array.from({ length: count }, (_, i) => `${col.folder}${pageFile(i)}`);
  },
  articlePath(col, date, id) {
    return `${col.folder}${yearMonth(date)}/t${compactDate(date)}_${id}.html`;
  },
  renderList(col, items, pageIndex, pageCount): ListRender {
    const list = col.listStyle === 'table' ? tableList(col, items) : ulList(col, items);
    return { html: `${list}\n${pager(pageIndex, pageCount)}` };
  },
  assets() {
    return {};
  },
};
