/**
 * Attachments: type by URL, Content-Type and magic bytes; text decoding; extraction of real files
 * of each type in a worker thread; the crawl phase against a real HTTP server and a real store
 * (download, caps, errors, resume).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../crawler/attachments/decode-text.js';
import { sniffType, typeFromContentDisposition, typeFromContentType, typeFromUrl } from '../../crawler/attachments/file-type.js';
import { csvToTabs } from '../../crawler/attachments/csv.js';
import { attachmentTimeoutMs, DEFAULT_ATTACHMENT_TIMEOUT_MS, readPendingAttachments } from '../../crawler/attachments/phase.js';
import { AttachmentQueue } from '../../crawler/attachments/queue.js';
import { readAttachment } from '../../crawler/attachments/read-attachment.js';
import { validateConfig } from '../../crawler/config.js';
import { HostLimiter } from '../../crawler/host-limiter.js';
import { AttachmentStore } from '../../store/attachments.js';
import { openStore } from '../../store/db.js';
import { createRun } from '../../store/runs.js';
import { idCheckChar } from '../../rules/privacy/id-number.js';
import { idNumberAttachmentRule } from '../../rules/privacy/id-number-rule.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { makeDocx, makeGbkText, makePdf, makeXls, makeXlsx } from '../fixtures/attachments/make.js';

const first17 = '37021119960315452';
const ID = first17 + idCheckChar(first17);

describe('attachment types', () => {
  it('reads the type from the URL path and from Content-Type', () => {
    expect(typeFromUrl('http://a.test/fj/名单.XLSX')).toBe('xlsx');
    expect(typeFromUrl('http://a.test/fj/a.pdf?x=1')).toBe('pdf');
    expect(typeFromUrl('http://a.test/fj/a.html')).toBeNull();
    expect(typeFromContentType('application/vnd.ms-excel')).toBe('xls');
    expect(typeFromContentType('application/pdf; charset=binary')).toBe('pdf');
    expect(typeFromContentType('text/html')).toBeNull();
  });

  it('reads the type of extensionless download links from filename=, Content-Disposition; knows csv, et, wps', () => {
    expect(typeFromUrl('http://a.test/module/download/downfile.jsp?classid=0&filename=2011231234.xls')).toBe('xls');
    expect(typeFromUrl('http://a.test/down?fileName=%E5%90%8D%E5%8D%95.DOCX&x=1')).toBe('docx');
    expect(typeFromUrl('http://a.test/down?id=5&next=a.html')).toBeNull();
    expect(typeFromUrl('http://a.test/fj/a.csv')).toBe('csv');
    expect(typeFromUrl('http://a.test/fj/a.et')).toBe('et');
    expect(typeFromUrl('http://a.test/fj/a.wps')).toBe('wps');
    expect(typeFromContentDisposition('attachment; filename="x.xlsx"')).toBe('xlsx');
    expect(typeFromContentDisposition("attachment; filename*=UTF-8''%E5%90%8D%E5%8D%95.pdf")).toBe('pdf');
    expect(typeFromContentDisposition('inline')).toBeNull();
    expect(typeFromContentDisposition(null)).toBeNull();
    expect(typeFromContentType('text/csv')).toBe('csv');
  });

  it('turns CSV into tab-separated rows, quotes and commas inside quotes kept', () => {
    expect(csvToTabs('姓名,身份证号\r\n"张某, 甲",370211\n"说""明""",x\n')).toBe('姓名\t身份证号\n张某, 甲\t370211\n说"明"\tx\n');
  });

  it('gives attachment downloads their own time limit, never shorter than the page limit', () => {
    expect(DEFAULT_ATTACHMENT_TIMEOUT_MS).toBe(120_000);
    expect(attachmentTimeoutMs(15_000)).toBe(120_000);
    expect(attachmentTimeoutMs(300_000)).toBe(300_000);
  });

  it('sniffs the real type from the bytes whatever the name says', async () => {
    expect(sniffType(await makeXlsx([['a']]), 'xls')).toBe('xlsx');
    expect(sniffType(await makeDocx('a', [['b']]), null)).toBe('docx');
    expect(sniffType(makeXls([['a']]), 'doc')).toBe('xls');
    expect(sniffType(makePdf(['a']), 'xlsx')).toBe('pdf');
    expect(sniffType(Buffer.from('<!DOCTYPE html><html><body>登录</body></html>'), 'xlsx')).toBe('html');
    expect(sniffType(Buffer.from([0, 1, 2, 3, 0, 0]), 'pdf')).toBe('unknown');
    expect(sniffType(makeGbkText('名单'), 'txt')).toBe('txt');
  });

  it('decodes UTF-8 and GBK text', () => {
    expect(decodeText(Buffer.from('\ufeff姓名\t身份证号', 'utf8'))).toBe('姓名\t身份证号');
    expect(decodeText(makeGbkText('低保对象名单'))).toBe('低保对象名单');
  });
});

describe('reading attachments (worker thread)', () => {
  it('extracts xlsx rows as tab-separated lines', async () => {
    const r = await readAttachment(await makeXlsx([['姓名', '身份证号'], ['张某', ID]]), 'xlsx');
    expect(r).toMatchObject({ type: 'xlsx', error: null, truncated: false });
    expect(r.text).toContain(`张某\t${ID}`);
  });

  it('extracts xls (SheetJS), docx tables (mammoth) and pdf text (pdf-parse)', async () => {
    const xls = await readAttachment(makeXls([['姓名', '身份证号'], ['李某', ID]]), 'xls');
    expect(xls.text).toContain(`李某\t${ID}`);
    const docx = await readAttachment(await makeDocx('拟聘用人员名单', [['姓名', '身份证号'], ['王某', ID]]), 'docx');
    expect(docx.error).toBeNull();
    expect(docx.text).toContain('拟聘用人员名单');
    expect(docx.text).toContain(`王某\t${ID}`);
    const pdf = await readAttachment(makePdf(['Name ID', `Wang ${ID}`]), 'pdf');
    expect(pdf.text).toContain(ID);
  });

  it('caps the text and reports damaged, unknown and HTML files in zh-CN', async () => {
    const capped = await readAttachment(await makeXlsx(Array.from({ length: 200 }, (_, i) => [`行${i}`, 'x'.repeat(50)])), 'xlsx', { timeoutMs: 30_000, maxChars: 1000, maxMemoryMb: 256 });
    expect(capped.truncated).toBe(true);
    expect(capped.text).toHaveLength(1000);
    const damaged = await readAttachment(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('xl/workbook.xml garbage')]), 'xlsx');
    expect(damaged).toMatchObject({ text: null, type: 'xlsx' });
    expect(damaged.error).toMatch(/附件文件已损坏/);
    expect((await readAttachment(Buffer.from([0, 1, 2]), 'doc')).error).toBe('无法识别附件的文件类型');
    expect((await readAttachment(Buffer.from('<html><body>404</body></html>'), 'pdf')).error).toMatch(/网页/);
  });
});

describe('attachment phase (real server, real store)', () => {
  let server: TestServer;
  const bodies: Record<string, { type: string; body: Buffer }> = {};

  beforeAll(async () => {
    bodies['/fj/list.xlsx'] = { type: 'application/octet-stream', body: await makeXlsx([['序号', '姓名', '身份证号'], [1, '张某', ID]]) };
    bodies['/fj/masked.xlsx'] = { type: 'application/octet-stream', body: await makeXlsx([['序号', '姓名', '身份证号'], [1, '张某', '370211********1234']]) };
    bodies['/fj/big.pdf'] = { type: 'application/pdf', body: Buffer.concat([makePdf(['x']), Buffer.alloc(300 * 1024, 32)]) };
    bodies['/download.jsp'] = { type: 'text/plain; charset=gbk', body: makeGbkText(`姓名\t身份证号\n赵某\t${ID}\n`) };
    bodies['/downfile.jsp'] = { type: 'application/octet-stream', body: makeXls([['姓名', '身份证号'], ['钱某', ID]]) };
    bodies['/fj/list.csv'] = { type: 'application/octet-stream', body: makeGbkText(`序号,姓名,身份证号\r\n1,孙某,${ID}\r\n`) };
    bodies['/fj/sheet.et'] = { type: 'application/octet-stream', body: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) };
    const routes: Parameters<typeof startServer>[0] = {};
    for (const [path, b] of Object.entries(bodies)) routes[path] = (_req, res) => { res.writeHead(200, { 'content-type': b.type }); res.end(b.body); };
    server = await startServer(routes);
  });
  afterAll(() => server.close());

  function setup() {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-att-')), 'db.sqlite'));
    const config = validateConfig({ name: '测试区', units: [{ id: 'u', name: '甲局', type: 'department', url: `${server.url}/` }] });
    const run = createRun(db, config, [{ id: 'u', name: '甲局', type: 'department', url: `${server.url}/`, scope: [] }], '2020-11-26', 'v1');
    return { db, store: new AttachmentStore(db, run.id) };
  }

  it('queues attachments on the unit hosts only, once, by extension or Content-Type', () => {
    const { store } = setup();
    const queue = new AttachmentQueue(store, 3);
    const hosts = new Set([new URL(server.url).hostname]);
    const from = `${server.url}/a.html`;
    expect(queue.offer('u', hosts, { href: `${server.url}/fj/list.xlsx`, fromUrl: from, text: '名单' })).toBe(true);
    expect(queue.offer('u', hosts, { href: `${server.url}/fj/list.xlsx`, fromUrl: from, text: '名单' })).toBe(false);
    expect(queue.offer('u', hosts, { href: 'http://other.test/fj/x.xlsx', fromUrl: from, text: '' })).toBe(false);
    expect(queue.offer('u', hosts, { href: `${server.url}/page.html`, fromUrl: from, text: '' })).toBe(false);
    expect(queue.offer('u', hosts, { href: `${server.url}/download.jsp`, fromUrl: from, text: '名单', contentType: 'text/plain' })).toBe(true);
    expect(queue.offer('u', hosts, { href: `${server.url}/fj/masked.xlsx`, fromUrl: from, text: '' })).toBe(true);
    expect(queue.offer('u', hosts, { href: `${server.url}/fj/big.pdf`, fromUrl: from, text: '' })).toBe(false); // cap of 3 reached
    expect(store.pending().map((p) => p.type)).toEqual(['xlsx', 'txt', 'xlsx']);
  });

  it('continues the per-unit cap after a resume: a new queue counts what the store already holds', () => {
    const { store } = setup();
    const hosts = new Set([new URL(server.url).hostname]);
    const from = `${server.url}/a.html`;
    const before = new AttachmentQueue(store, 3);
    expect(before.offer('u', hosts, { href: `${server.url}/fj/1.xlsx`, fromUrl: from, text: '' })).toBe(true);
    expect(before.offer('u', hosts, { href: `${server.url}/fj/2.xlsx`, fromUrl: from, text: '' })).toBe(true);
    // The process is killed here; --resume builds a new queue over the same store.
    const after = new AttachmentQueue(store, 3);
    expect(after.offer('u', hosts, { href: `${server.url}/fj/1.xlsx`, fromUrl: from, text: '' })).toBe(false);
    expect(after.offer('u', hosts, { href: `${server.url}/fj/3.xlsx`, fromUrl: from, text: '' })).toBe(true);
    expect(after.offer('u', hosts, { href: `${server.url}/fj/4.xlsx`, fromUrl: from, text: '' })).toBe(false);
    expect(store.pending()).toHaveLength(3);
  });

  it('queues octet-stream downloads by filename=, Content-Disposition or the bytes, not other files', async () => {
    const { store } = setup();
    const queue = new AttachmentQueue(store);
    const hosts = new Set([new URL(server.url).hostname]);
    const from = `${server.url}/a.html`;
    const octet = 'application/octet-stream';
    expect(queue.offer('u', hosts, { href: `${server.url}/downfile.jsp?filename=x.xls`, fromUrl: from, text: '名单' })).toBe(true);
    expect(queue.offer('u', hosts, { href: `${server.url}/get?id=1`, fromUrl: from, text: '', contentType: octet, contentDisposition: 'attachment; filename="a.docx"' })).toBe(true);
    expect(queue.offer('u', hosts, { href: `${server.url}/get?id=2`, fromUrl: from, text: '', contentType: octet, body: makeXls([['a']]) })).toBe(true);
    expect(queue.offer('u', hosts, { href: `${server.url}/get?id=3`, fromUrl: from, text: '', contentType: octet, body: Buffer.from('{"a":1}') })).toBe(false);
    expect(queue.offer('u', hosts, { href: `${server.url}/get?id=4`, fromUrl: from, text: '', contentType: octet })).toBe(false);
    expect(queue.offer('u', hosts, { href: `${server.url}/fj/a.wps`, fromUrl: from, text: '' })).toBe(true);
    expect(store.pending().map((p) => p.type)).toEqual(['xls', 'docx', 'xls', 'wps']);
  });

  it('reads an octet-stream xls by filename=, a GBK csv as a table; an unreadable et is one unit-level doubt', async () => {
    const { store } = setup();
    const from = `${server.url}/a.html`;
    store.add('u', { url: `${server.url}/downfile.jsp?filename=x.xls`, fromUrl: from, fromText: '名单', type: 'xls' });
    store.add('u', { url: `${server.url}/fj/list.csv`, fromUrl: from, fromText: '公示', type: 'csv' });
    store.add('u', { url: `${server.url}/fj/sheet.et`, fromUrl: from, fromText: '统计表', type: 'et' });
    const limiter = new HostLimiter({ concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 0 });
    expect(await readPendingAttachments(store, limiter, {})).toBe(3);
    const byPath = new Map(store.forUnit('u').map((a) => [new URL(a.url).pathname, a]));
    expect(byPath.get('/downfile.jsp')).toMatchObject({ type: 'xls', error: null });
    expect(byPath.get('/downfile.jsp')?.text).toContain(`钱某\t${ID}`);
    expect(byPath.get('/fj/list.csv')).toMatchObject({ type: 'csv', error: null });
    expect(byPath.get('/fj/list.csv')?.text).toContain(`1\t孙某\t${ID}`);
    expect(byPath.get('/fj/sheet.et')).toMatchObject({ text: null, error: '无法识别附件的文件类型' });
    const findings = idNumberAttachmentRule.evaluate({
      unit: { id: 'u', name: '甲局', type: 'department', url: `${server.url}/`, scope: [] }, evalDate: '2020-11-26', home: null, homeError: null,
      columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null,
      annualReports: [], attachments: store.forUnit('u'), probes: { https: null, ipv6: null }, page: () => null,
    });
    expect(findings.filter((f) => f.outcome === 'violation')).toHaveLength(2);
    expect(findings.filter((f) => f.outcome === 'incomplete')).toMatchObject([{ url: `${server.url}/`, data: { unread: 1, examples: [{ url: `${server.url}/fj/sheet.et` }] } }]);
  });

  it('downloads, reads and stores each attachment; errors become zh-CN text; the rule fires on the leak only', async () => {
    const { store } = setup();
    const from = `${server.url}/a.html`;
    for (const [path, type] of [['/fj/list.xlsx', 'xlsx'], ['/fj/masked.xlsx', 'xlsx'], ['/fj/big.pdf', 'pdf'], ['/fj/missing.xls', 'xls'], ['/download.jsp', 'txt']] as const) {
      store.add('u', { url: `${server.url}${path}`, fromUrl: from, fromText: path, type });
    }
    const limiter = new HostLimiter({ concurrency: 4, perHostConcurrency: 2, perHostDelayMs: 0 });
    const done = await readPendingAttachments(store, limiter, { timeoutMs: 10_000, maxBytes: 200 * 1024 });
    expect(done).toBe(5);
    expect(store.pending()).toEqual([]);
    const byPath = new Map(store.forUnit('u').map((a) => [new URL(a.url).pathname, a]));
    expect(byPath.get('/fj/list.xlsx')?.text).toContain(ID);
    expect(byPath.get('/fj/big.pdf')).toMatchObject({ text: null, error: '附件超过 200 KB 上限，未读取' });
    expect(byPath.get('/fj/missing.xls')).toMatchObject({ text: null, error: '附件地址返回 HTTP 404' });
    expect(byPath.get('/download.jsp')?.text).toContain(`赵某\t${ID}`);

    const findings = idNumberAttachmentRule.evaluate({
      unit: { id: 'u', name: '甲局', type: 'department', url: `${server.url}/`, scope: [] }, evalDate: '2020-11-26', home: null, homeError: null,
      columns: [], disclosure: null, guideUrl: null, annualReportListUrl: null, annualReportUrls: [], linkChecks: [], guide: null,
      annualReports: [], attachments: store.forUnit('u'), probes: { https: null, ipv6: null }, page: () => null,
    });
    expect(findings.filter((f) => f.outcome === 'violation').map((f) => new URL(f.url).pathname).sort()).toEqual(['/download.jsp', '/fj/list.xlsx']);
    expect(JSON.stringify(findings)).not.toContain(ID);
  });

  it('leaves attachments pending when interrupted, and reads them on resume', async () => {
    const { store } = setup();
    store.add('u', { url: `${server.url}/fj/list.xlsx`, fromUrl: `${server.url}/`, fromText: '', type: 'xlsx' });
    const limiter = new HostLimiter({ concurrency: 1, perHostConcurrency: 1, perHostDelayMs: 0 });
    const aborted = new AbortController();
    aborted.abort();
    expect(await readPendingAttachments(store, limiter, { timeoutMs: 5_000, signal: aborted.signal })).toBe(0);
    expect(store.pending()).toHaveLength(1);
    expect(await readPendingAttachments(store, limiter, { timeoutMs: 5_000 })).toBe(1);
    expect(store.pending()).toHaveLength(0);
  });
});
