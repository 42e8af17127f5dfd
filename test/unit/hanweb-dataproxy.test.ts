/**
 * Hanweb dataproxy requests and answers, against a local server that answers like Hanweb JCMS:
 * a column page with the first records in a <datastore>, and dataproxy.jsp serving the rest as XML
 * for POSTed column parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataproxyRequests, datastoreRecordCount, parseDataproxy } from '../../crawler/hanweb-dataproxy.js';
import type { DataproxyRequest } from '../../crawler/hanweb-dataproxy.js';
import { cheerioDomView } from '../../rules/dom/cheerio-view.js';
import { extractSnapshot } from '../../rules/extract/snapshot.js';
import type { DatedItem, HanwebList } from '../../rules/types.js';
import { startServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

const COLUMN = '1234';
const UNIT = '5678';
const WEB = '3';
const TOTAL = 100;
const IN_PAGE = 15;
const REF_DATE = '2024-12-31';

/** Record n (1-based): a dated entry, except record 50, which has no date. */
function record(n: number): string {
  const day = String(((n - 1) % 28) + 1).padStart(2, '0');
  const month = String(12 - Math.floor((n - 1) / 28)).padStart(2, '0');
  const date = n === 50 ? '' : `<span class="bt-data-time">[2024-${month}-${day}]</span>`;
  return `<record><![CDATA[<li><a href="/art/2024/${Number(month)}/${Number(day)}/art_${COLUMN}_${n}.html" title="关于第${n}号事项的公告" target="_blank">关于第${n}号事项的公告</a>${date}</li>]]></record>`;
}

function columnPage(): string {
  const records = Array.from({ length: IN_PAGE }, (_, i) => record(i + 1)).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title>
<meta name="ColumnName" content="通知公告"></head><body>
<div id="${UNIT}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=${WEB}&path=/&columnid=${COLUMN}&unitid=${UNIT}&permissiontype=0"></a>]]></nextgroup>
<recordset>
${records}
</recordset></datastore></script></div>
<script>$('#${UNIT}').jpage({dataStore:dataStore,perPage:15,totalRecord:${TOTAL},proxyUrl:'/module/web/jpage/dataproxy.jsp',groupSize:3,ajaxParam:{col:1,appid:1,webid:${WEB},path:'/',columnid:${COLUMN},sourceContentType:1,unitid:'${UNIT}',permissiontype:0}});</script>
</body></html>`;
}

interface ProxyCall {
  query: URLSearchParams;
  form: URLSearchParams;
  method: string;
  contentType: string;
}

const calls: ProxyCall[] = [];
let server: TestServer;
let pageUrl: string;

beforeAll(async () => {
  server = await startServer({
    [`/col/col${COLUMN}/index.html`]: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(columnPage());
    },
    '/module/web/jpage/dataproxy.jsp': async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += String(chunk);
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const form = new URLSearchParams(raw);
      calls.push({ query, form, method: req.method ?? '', contentType: String(req.headers['content-type'] ?? '') });
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      // Hanweb answers an unknown column with an empty datastore, not an error.
      if (form.get('columnid') !== COLUMN || form.get('unitid') !== UNIT || form.get('webid') !== WEB) {
        res.end('<?xml version="1.0" encoding="UTF-8"?><datastore></datastore>');
        return;
      }
      const start = Number(query.get('startrecord'));
      const end = Math.min(TOTAL, Number(query.get('endrecord')));
      const records: string[] = [];
      for (let n = start; n <= end; n++) records.push(record(n));
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<nextgroup><![CDATA[]]></nextgroup>\n<recordset>\n${records.join('\n')}\n</recordset>\n<totalrecord>${TOTAL}</totalrecord>\n<totalpage>${Math.ceil(TOTAL / 15)}</totalpage>\n</datastore>`,
      );
    },
  });
  pageUrl = `${server.url}/col/col${COLUMN}/index.html`;
});

afterAll(async () => {
  await server?.close();
});

async function send(req: DataproxyRequest): Promise<string> {
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  return res.text();
}

async function readColumn(): Promise<{ html: string; hanweb: HanwebList; items: DatedItem[] }> {
  const html = await (await fetch(pageUrl)).text();
  const snapshot = extractSnapshot(cheerioDomView(html, pageUrl), pageUrl, { refDate: REF_DATE });
  if (!snapshot.hanweb) throw new Error('the column page was not read as a Hanweb list');
  return { html, hanweb: snapshot.hanweb, items: snapshot.datedItems };
}

describe('dataproxyRequests', () => {
  it('asks for every record the page does not carry, in jpage-sized batches', async () => {
    const { html, hanweb } = await readColumn();
    expect(hanweb).toEqual({ columnId: COLUMN, unitId: UNIT, webId: WEB, totalRecord: TOTAL, perPage: 15 });
    expect(datastoreRecordCount(html)).toBe(IN_PAGE);
    const requests = dataproxyRequests(pageUrl, hanweb, { maxRecords: 1000, inPageRecords: datastoreRecordCount(html) });
    expect(requests.map((r) => [r.startRecord, r.endRecord])).toEqual([
      [16, 60],
      [61, 100],
    ]);
    const first = requests[0]!;
    expect(first.method).toBe('POST');
    expect(first.url).toBe(`${server.url}/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=60&perpage=15`);
    expect(first.headers.referer).toBe(pageUrl);
    const form = new URLSearchParams(first.body);
    expect(Object.fromEntries(form)).toMatchObject({ columnid: COLUMN, unitid: UNIT, webid: WEB, col: '1', appid: '1', path: '/', permissiontype: '0' });
  });

  it('stops at maxRecords', () => {
    const hanweb: HanwebList = { columnId: COLUMN, unitId: UNIT, webId: WEB, totalRecord: TOTAL, perPage: 15 };
    const requests = dataproxyRequests(pageUrl, hanweb, { maxRecords: 50, inPageRecords: IN_PAGE });
    expect(requests.map((r) => [r.startRecord, r.endRecord])).toEqual([[16, 50]]);
    expect(dataproxyRequests(pageUrl, hanweb, { maxRecords: 10, inPageRecords: IN_PAGE })).toEqual([]);
  });

  it('runs up to maxRecords when the total is unknown, and defaults to one page in the page', () => {
    const requests = dataproxyRequests(pageUrl, { columnId: COLUMN, perPage: 10 }, { maxRecords: 70 });
    expect(requests.map((r) => [r.startRecord, r.endRecord])).toEqual([
      [11, 40],
      [41, 70],
    ]);
    expect(new URLSearchParams(requests[0]!.body).has('unitid')).toBe(false);
  });

  it('asks for nothing when the page already holds every record', () => {
    expect(dataproxyRequests(pageUrl, { columnId: COLUMN, totalRecord: 12, perPage: 15 }, { maxRecords: 1000, inPageRecords: 12 })).toEqual([]);
  });
});

describe('reading a Hanweb column completely over HTTP', () => {
  it('gets all records: the page batch plus the dataproxy batches', async () => {
    calls.length = 0;
    const { html, hanweb, items: inPage } = await readColumn();
    expect(inPage).toHaveLength(IN_PAGE);
    const requests = dataproxyRequests(pageUrl, hanweb, { maxRecords: 1000, inPageRecords: datastoreRecordCount(html) });
    const answers = await Promise.all(requests.map(async (r) => parseDataproxy(await send(r), pageUrl, REF_DATE)));

    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.method).toBe('POST');
      expect(call.contentType).toContain('application/x-www-form-urlencoded');
    }
    expect(answers.map((a) => a.totalRecord)).toEqual([TOTAL, TOTAL]);
    expect(answers.map((a) => a.recordCount)).toEqual([45, 40]);
    const all = [...inPage, ...answers.flatMap((a) => a.items)];
    // Record 50 has no date; every other record is there once.
    expect(all).toHaveLength(TOTAL - 1);
    expect(new Set(all.map((i) => i.href)).size).toBe(TOTAL - 1);
    expect(all.some((i) => i.href.endsWith(`art_${COLUMN}_50.html`))).toBe(false);
    expect(all).toContainEqual({
      title: '关于第100号事项的公告',
      href: `${server.url}/art/2024/9/16/art_${COLUMN}_100.html`,
      date: '2024-09-16',
    });
  });

  it('reads an answer for the wrong column as empty', async () => {
    const wrong = dataproxyRequests(pageUrl, { columnId: '9999', unitId: UNIT, webId: WEB, totalRecord: 30, perPage: 15 }, { maxRecords: 100 });
    const answer = parseDataproxy(await send(wrong[0]!), pageUrl, REF_DATE);
    expect(answer).toEqual({ totalRecord: null, recordCount: 0, items: [] });
  });
});

describe('parseDataproxy', () => {
  it('resolves links against the column page and places year-less dates with refDate', () => {
    const xml = `<datastore><recordset>
<record><![CDATA[<li><a href="../../art/2024/11/20/art_7_1.html">关于秋季森林防火工作的通知</a><span>(11-20)</span></li>]]></record>
<record><![CDATA[<li><a href="javascript:void(0)">更多</a></li>]]></record>
</recordset><totalrecord>2</totalrecord></datastore>`;
    const answer = parseDataproxy(xml, 'http://www.example.gov.cn/col/col7/index.html', '2025-01-10');
    expect(answer.totalRecord).toBe(2);
    expect(answer.recordCount).toBe(2);
    expect(answer.items).toEqual([
      { title: '关于秋季森林防火工作的通知', href: 'http://www.example.gov.cn/art/2024/11/20/art_7_1.html', date: '2024-11-20' },
    ]);
  });

  it('finds nothing in markup that is not a Hanweb answer', () => {
    expect(parseDataproxy('<html><body><h1>系统维护中</h1></body></html>', 'http://www.example.gov.cn/')).toEqual({
      totalRecord: null,
      recordCount: 0,
      items: [],
    });
  });
});
