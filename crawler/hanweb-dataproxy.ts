/**
 * Hanweb 大汉 JCMS list batches read straight from `dataproxy.jsp` (requirements §9), so a Hanweb
 * column is complete without a browser.
 *
 * A column page carries its first batch of records in a `<datastore>`; the jpage script fetches
 * the rest by POSTing the column's parameters to
 * `/module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P` (records counted from 1,
 * both ends included) and gets XML back: `<totalrecord>N</totalrecord>` and
 * `<record><![CDATA[<li>…</li>]]></record>` entries, the same shape as the in-page datastore.
 * This module only builds the requests and parses the answers; the crawler sends them with its
 * own fetch (robots, per-host limits, decoding).
 */
import { datastoreRecords, recordItem } from '../rules/extract/hanweb.js';
import type { DatedItem, HanwebList } from '../rules/types.js';

export const DATAPROXY_PATH = '/module/web/jpage/dataproxy.jsp';
/** jpage's defaults when the page does not say: 15 per page, 3 pages per request. */
export const DEFAULT_PER_PAGE = 15;
export const PAGES_PER_BATCH = 3;

export interface DataproxyRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  /** application/x-www-form-urlencoded body. */
  body: string;
  /** 1-based, inclusive. */
  startRecord: number;
  endRecord: number;
}

export interface DataproxyOptions {
  /** Read no record beyond this one (the crawl's budget for one column). */
  maxRecords: number;
  /**
   * Records the page itself already carries: pass `datastoreRecordCount(html)`. Default: one
   * page of the list (perPage), the smallest batch sites put in the page; re-reading a few
   * records costs a little, skipping some would leave a gap.
   */
  inPageRecords?: number;
  /** The site's name (`webname`); some Hanweb versions log it, none was seen to require it. */
  webName?: string;
}

export interface DataproxyAnswer {
  /** `<totalrecord>`, or null when the answer does not say. */
  totalRecord: number | null;
  /** `<record>` entries in the answer, dated or not. */
  recordCount: number;
  /** Records that have a titled link and a date. */
  items: DatedItem[];
}

function batchSize(hanweb: HanwebList): number {
  const perPage = hanweb.perPage !== undefined && hanweb.perPage > 0 ? hanweb.perPage : DEFAULT_PER_PAGE;
  return perPage * PAGES_PER_BATCH;
}

/** The form fields jpage sends (ajaxParam in Hanweb's column template). */
function formBody(hanweb: HanwebList, webName: string | undefined): string {
  const form = new URLSearchParams();
  form.set('col', '1');
  form.set('appid', '1');
  if (hanweb.webId !== undefined) form.set('webid', hanweb.webId);
  form.set('path', '/');
  form.set('columnid', hanweb.columnId);
  form.set('sourceContentType', '1');
  if (hanweb.unitId !== undefined) form.set('unitid', hanweb.unitId);
  if (webName) form.set('webname', webName);
  form.set('permissiontype', '0');
  return form.toString();
}

/**
 * The dataproxy requests that fetch the records the page does not carry, up to
 * `min(totalRecord, maxRecords)`. With no known total, batches run up to `maxRecords`: stop at
 * the first answer with fewer records than asked for (or use its `totalRecord`).
 */
export function dataproxyRequests(pageUrl: string, hanweb: HanwebList, opts: DataproxyOptions): DataproxyRequest[] {
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(DATAPROXY_PATH, pageUrl);
  } catch {
    return [];
  }
  const size = batchSize(hanweb);
  const inPage = Math.max(0, opts.inPageRecords ?? size / PAGES_PER_BATCH);
  const last = Math.min(hanweb.totalRecord ?? Number.POSITIVE_INFINITY, Math.max(0, opts.maxRecords));
  const body = formBody(hanweb, opts.webName);
  const perPage = String(size / PAGES_PER_BATCH);
  const headers = {
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    'x-requested-with': 'XMLHttpRequest',
    referer: pageUrl,
  };
  const out: DataproxyRequest[] = [];
  for (let start = inPage + 1; start <= last; start += size) {
    const end = Math.min(start + size - 1, last);
    const url = new URL(proxyUrl);
    url.search = new URLSearchParams({ startrecord: String(start), endrecord: String(end), perpage: perPage }).toString();
    out.push({ url: url.toString(), method: 'POST', headers: { ...headers }, body, startRecord: start, endRecord: end });
  }
  return out;
}

/** How many `<record>` entries the page's own datastore holds. */
export function datastoreRecordCount(html: string): number {
  return datastoreRecords(html).length;
}

/**
 * One dataproxy answer as dated entries. Links are resolved against `baseUrl` (the column page);
 * `refDate` places year-less dates. Markup that is not a Hanweb answer gives no records.
 */
export function parseDataproxy(xml: string, baseUrl: string, refDate?: string): DataproxyAnswer {
  const total = /<totalrecord>\s*(\d{1,9})\s*<\/totalrecord>/i.exec(xml);
  const records = datastoreRecords(xml);
  const ctx = refDate ? { refDate } : undefined;
  const items: DatedItem[] = [];
  for (const record of records) {
    const item = recordItem(record, baseUrl, ctx);
    if (item) items.push(item);
  }
  return { totalRecord: total ? Number(total[1]) : null, recordCount: records.length, items };
}
