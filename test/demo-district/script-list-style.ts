/**
 * A TRS-like site whose chosen columns are built in the browser: the list page's static HTML holds
 * only an empty `<ul class="list" data-col="KEY">` and a `/js/list.js` script that fetches
 * `/api/list?col=KEY` (JSON) and writes `<li><a href>title</a><span>YYYY-MM-DD</span></li>` entries.
 * Without rendering, a crawler sees a column with no entries; with Chromium it sees the real list.
 * Other columns (and the disclosure parts) stay plain TRS lists, so everything but the scripted
 * columns can be checked without a browser.
 */
import type { CmsStyle, ColumnPlan, DynamicHandler, ListItem } from './cms-style.js';
import { formatDate } from './dates.js';
import { esc } from './html.js';
import { textResource } from './resource.js';
import { trsStyle } from './trs-style.js';

export const LIST_SCRIPT_PATH = '/js/list.js';
export const LIST_API_PATH = '/api/list';

/** One entry of the list API's answer (field names as such CMS APIs commonly use them). */
export interface ListApiItem {
  title: string;
  url: string;
  pubDate: string;
}

export interface ListApiAnswer {
  col: string;
  total: number;
  list: ListApiItem[];
}

/**
 * Written like a small site script: no framework, DOM methods only (titles are set as text, never
 * as HTML). `defer` in the page runs it before DOMContentLoaded, so the listener is always in time.
 */
const LIST_JS = `/* Column lists: each <ul data-col> is filled from ${LIST_API_PATH}?col=KEY (JSON). */
(function () {
  function fill(box) {
    var col = box.getAttribute('data-col');
    fetch('${LIST_API_PATH}?col=' + encodeURIComponent(col), { headers: { Accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (data) {
        var items = data && data.list ? data.list : [];
        for (var i = 0; i < items.length; i++) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.setAttribute('href', items[i].url);
          a.setAttribute('title', items[i].title);
          a.setAttribute('target', '_blank');
          a.textContent = items[i].title;
          var span = document.createElement('span');
          span.textContent = items[i].pubDate;
          li.appendChild(a);
          li.appendChild(span);
          box.appendChild(li);
        }
      })
      .catch(function () { /* the list stays empty, as on a real site whose API fails */ });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var boxes = document.querySelectorAll('ul[data-col]');
    for (var i = 0; i < boxes.length; i++) fill(boxes[i]);
  });
})();
`;

function apiItems(col: ColumnPlan, items: ListItem[]): ListApiItem[] {
  return items.map((i) => ({ title: i.title, url: i.href, pubDate: formatDate(i.date, col.dateStyle) }));
}

/** `scriptedKeys`: the column keys whose lists only the script builds. */
export function scriptListStyle(scriptedKeys: readonly string[]): CmsStyle {
  const scripted = new Set(scriptedKeys);
  return {
    name: 'trs',
    listPaths(col, itemCount) {
      // The API returns the whole list at once: one list page, no pager.
      return scripted.has(col.key) ? [`${col.folder}index.html`] : trsStyle.listPaths(col, itemCount);
    },
    articlePath: (col, date, id) => trsStyle.articlePath(col, date, id),
    renderList(col, items, pageIndex, pageCount, total) {
      if (!scripted.has(col.key)) return trsStyle.renderList(col, items, pageIndex, pageCount, total);
      return {
        html: `<ul class="list" id="list-${esc(col.key)}" data-col="${esc(col.key)}"></ul>`,
        head: `<script src="${LIST_SCRIPT_PATH}" defer></script>`,
      };
    },
    dynamicHandler(columns): DynamicHandler {
      const lists = new Map(columns.filter((c) => scripted.has(c.col.key)).map((c) => [c.col.key, c]));
      return (req) => {
        if (req.path !== LIST_API_PATH) return null;
        const key = req.query.get('col') ?? '';
        const entry = lists.get(key);
        const answer: ListApiAnswer = entry
          ? { col: key, total: entry.items.length, list: apiItems(entry.col, entry.items) }
          : { col: key, total: 0, list: [] };
        return textResource(JSON.stringify(answer), 'application/json; charset=utf-8', entry ? 200 : 404);
      };
    },
    assets() {
      return { [LIST_SCRIPT_PATH]: textResource(LIST_JS, 'application/javascript; charset=utf-8') };
    },
  };
}
