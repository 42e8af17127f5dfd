/**
 * Hanweb 大汉 JCMS-like sites: columns at /col/colNNNN/index.html whose list exists only inside
 * <script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>…; the DOM container
 * is empty until a script renders it. Records beyond the first batch come from
 * /module/web/jpage/dataproxy.jsp (startrecord, endrecord, perpage, columnid). Articles at
 * /art/Y/M/D/art_COLUMN_ID.html (month and day not padded).
 */
import type { CmsStyle, ColumnPlan, DynamicHandler, ListItem } from './cms-style.js';
import { formatDate, hanwebDateFolder } from './dates.js';
import { esc } from './html.js';
import { textResource } from './resource.js';

const PROXY = '/module/web/jpage/dataproxy.jsp';
const WEB_ID = 2;

/** The Hanweb "unitid" is the id of the list container element (a module instance). */
function containerId(col: ColumnPlan): string {
  return String(col.hanwebId + 4000);
}

function record(col: ColumnPlan, item: ListItem): string {
  return (
    `<record><![CDATA[<li><a href="${esc(item.href)}" title="${esc(item.title)}" target="_blank">` +
    `${esc(item.title)}</a><span>${formatDate(item.date, col.dateStyle)}</span></li>]]></record>`
  );
}

/** Renders the datastore in a browser, as the real jpage script does (render mode, extension). */
const JPAGE_JS = `/* jpage: renders Hanweb datastore records into their container */
function jpage(opts) {
  var box = document.getElementById(opts.containerId);
  if (!box) return;
  var xml = box.querySelector('script[type="text/xml"]');
  if (!xml) return;
  var re = /<record><!\\[CDATA\\[([\\s\\S]*?)\\]\\]><\\/record>/g, m, html = '';
  while ((m = re.exec(xml.textContent)) !== null) html += m[1];
  var ul = document.createElement('ul');
  ul.className = 'list';
  ul.innerHTML = html;
  box.appendChild(ul);
}
`;

export const hanwebStyle: CmsStyle = {
  name: 'hanweb',
  listPaths(col) {
    return [`/col/col${col.hanwebId}/index.html`];
  },
  articlePath(col, date, id) {
    return `/art/${hanwebDateFolder(date)}/art_${col.hanwebId}_${id}.html`;
  },
  renderList(col, items, _pageIndex, _pageCount, total) {
    const unitId = containerId(col);
    const batch = items.slice(0, col.perPage);
    const nextGroup =
      `${PROXY}?page=1&webid=${WEB_ID}&path=/&columnid=${col.hanwebId}` +
      `&unitid=${unitId}&permissiontype=0`;
    const html = `<div class="list-box" id="${unitId}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="${nextGroup}"></a>]]></nextgroup>
<recordset>
${batch.map((i) => record(col, i)).join('\n')}
</recordset>
</datastore></script></div>
<script>jpage({containerId:'${unitId}',perPage:${col.perPage},totalRecord:${total},proxyUrl:'${PROXY}',ajaxParam:{col:1,appid:1,webid:${WEB_ID},path:'/',columnid:${col.hanwebId},sourceContentType:1,unitid:'${unitId}',permissiontype:0}});</script>`;
    return { html, head: '<script src="/module/web/jpage/jpage.js"></script>' };
  },
  dynamicHandler(columns): DynamicHandler {
    return (req) => {
      if (req.path !== PROXY) return null;
      const param = (name: string): string | null => req.form.get(name) ?? req.query.get(name);
      const entry = columns.find((c) => String(c.col.hanwebId) === param('columnid'));
      if (!entry) {
        return textResource('<?xml version="1.0" encoding="UTF-8"?><datastore></datastore>', 'text/xml; charset=UTF-8');
      }
      const total = entry.items.length;
      const perPage = Number(param('perpage')) || entry.col.perPage;
      const start = Math.max(1, Number(param('startrecord')) || 1);
      const end = Math.min(total, Number(param('endrecord')) || start + perPage - 1);
      const slice = entry.items.slice(start - 1, end);
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<datastore>
<nextgroup><![CDATA[]]></nextgroup>
<recordset>
${slice.map((i) => record(entry.col, i)).join('\n')}
</recordset>
<totalrecord>${total}</totalrecord>
<totalpage>${Math.ceil(total / perPage)}</totalpage>
</datastore>`;
      return textResource(xml, 'text/xml; charset=UTF-8');
    };
  },
  assets() {
    return { '/module/web/jpage/jpage.js': textResource(JPAGE_JS, 'application/javascript; charset=utf-8') };
  },
};
