/**
 * Hanweb 大汉 JCMS column lists (requirements §9). The first batch of entries sits in the page as
 * `<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>…`, rendered
 * by script; later batches come from /module/web/jpage/dataproxy.jsp with the column's parameters.
 * A crawler that only reads the DOM would see an empty list, so records are parsed here.
 */
import type { DatedItem, HanwebList } from '../types.js';
import type { DateContext } from './dates.js';
import { decodeEntities, htmlToText } from './html-text.js';
import { entryDate, isEntryTitle, linkTitle } from './item-date.js';
import { resolveHref } from './urls.js';

const RECORD = /<record\b[^>]*>([\s\S]*?)<\/record\s*>/gi;
/** parse5 keeps CDATA raw inside <script>; outside a script it turns it into a comment. */
const CDATA = /^\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|<!--\[CDATA\[([\s\S]*?)\]\]-->)\s*$/;
const ANCHOR = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;

function attrValue(attrs: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  if (!m) return null;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

export function hasDatastore(markup: string): boolean {
  return /<datastore\b/i.test(markup);
}

/** The HTML of each `<record>` in a datastore, CDATA unwrapped. */
export function datastoreRecords(markup: string): string[] {
  const out: string[] = [];
  RECORD.lastIndex = 0;
  for (let m = RECORD.exec(markup); m; m = RECORD.exec(markup)) {
    const body = m[1] ?? '';
    const cdata = CDATA.exec(body);
    out.push(cdata ? (cdata[1] ?? cdata[2] ?? '') : body);
  }
  return out;
}

/**
 * One record as a dated entry: the link with the longest title, and the date next to it. Null
 * when the record has no titled link or no date.
 */
export function recordItem(recordHtml: string, baseUrl: string, ctx: DateContext | undefined): DatedItem | null {
  let best: { title: string; href: string; date: string | null } | null = null;
  ANCHOR.lastIndex = 0;
  for (let m = ANCHOR.exec(recordHtml); m; m = ANCHOR.exec(recordHtml)) {
    const attrs = m[1] ?? '';
    const href = resolveHref(attrValue(attrs, 'href'), baseUrl);
    if (!href) continue;
    const { title, edgeDate } = linkTitle(htmlToText(m[2] ?? ''), attrValue(attrs, 'title'), ctx);
    if (!isEntryTitle(title)) continue;
    if (best && best.title.length >= title.length) continue;
    const before = htmlToText(recordHtml.slice(0, m.index));
    const after = htmlToText(recordHtml.slice(m.index + m[0].length));
    best = { title, href, date: entryDate(before, after, ctx) ?? edgeDate };
  }
  return best && best.date ? { title: best.title, href: best.href, date: best.date } : null;
}

function numberParam(text: string, name: string): number | undefined {
  const m = new RegExp(`\\b${name}\\b\\s*['"]?\\s*[=:]\\s*['"]?(\\d{1,9})`, 'i').exec(text);
  return m ? Number(m[1]) : undefined;
}

function idParam(text: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\b\\s*['"]?\\s*[=:]\\s*['"]?(\\d{1,12})`, 'i').exec(text);
  return m ? m[1] : undefined;
}

/**
 * List parameters from the page's script texts (datastore, jpage call, dataproxy URL), or null when
 * the page is not a Hanweb list. The column id falls back to the `/col/colNNNN/` path of the page.
 */
export function hanwebParams(scriptTexts: string[], pageUrl: string): HanwebList | null {
  const relevant = scriptTexts.filter((t) => hasDatastore(t) || /dataproxy\.jsp|jpage/i.test(t));
  if (relevant.length === 0) return null;
  const text = relevant.join('\n');
  const columnId = idParam(text, 'columnid') ?? /\/col\/col(\d+)\//i.exec(pageUrl)?.[1];
  if (!columnId) return null;
  const list: HanwebList = { columnId };
  const unitId = idParam(text, 'unitid');
  const webId = idParam(text, 'webid');
  const tagTotal = /<totalrecord>\s*(\d{1,9})\s*<\/totalrecord>/i.exec(text);
  const totalRecord = tagTotal ? Number(tagTotal[1]) : numberParam(text, 'totalRecord');
  const perPage = numberParam(text, 'perpage');
  if (unitId !== undefined) list.unitId = unitId;
  if (webId !== undefined) list.webId = webId;
  if (totalRecord !== undefined) list.totalRecord = totalRecord;
  if (perPage !== undefined) list.perPage = perPage;
  return list;
}
