/**
 * One crawl of a unit whose home page links to every fault of test/faults (timeouts, stalls, resets,
 * 5xx bursts, 429, redirect loops and chains, 50 MB and endless bodies, binary files as text/html,
 * broken and absurdly deep HTML, wrong charsets, session ids, calendars, faceted search, broken
 * certificates). The crawl must finish within its limits, record each fault with a zh-CN reason, and
 * turn none of them into a violation except the one the rules define (a 5xx after retries).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { normalizeUrl } from '../../store/url.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { AttachmentStore } from '../../store/attachments.js';
import { openStore, type Db } from '../../store/db.js';
import { unitFindings, unitScore } from '../../store/findings.js';
import { LinkCheckStore } from '../../store/link-checks.js';
import { unitPages, type PageRecord } from '../../store/pages.js';
import { getRun } from '../../store/runs.js';
import type { LinkCheck } from '../../rules/types.js';
import { GBK_SENTENCE } from '../faults/bodies.js';
import { FAULT_LINKS, TLS_LINK_TEXT, type FaultName } from '../faults/catalogue.js';
import { hasOpenssl, makeTestCertificates } from '../faults/certs.js';
import { BURST_FAILURES, HUGE_BYTES } from '../faults/network.js';
import { startFaultServer, type FaultServer } from '../faults/server.js';

const CRAWL = { maxPagesPerUnit: 150, concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 2500, render: 'never', a11yPagesPerUnit: 0 } as const;
/** The page cap of fetchPage (its default) and the trap guard's default budgets. */
const MAX_PAGE_BYTES = 10 * 1024 * 1024;
const CALENDAR_BUDGET = 24;
const QUERY_VARIANT_BUDGET = 50;
const TLS = hasOpenssl();

let server: FaultServer;
let db: Db;
let runId: number;
let pages: Map<string, PageRecord>;
let links: Map<string, LinkCheck>;

const urlOf = (name: FaultName): string => normalizeUrl(`${server.url}${FAULT_LINKS[name].path}`)!;
const pageOf = (name: FaultName): PageRecord => {
  const p = pages.get(urlOf(name));
  if (!p) throw new Error(`no stored page for ${name} (${urlOf(name)})`);
  return p;
};
const linkOf = (name: FaultName): LinkCheck => {
  const l = links.get(urlOf(name));
  if (!l) throw new Error(`no link check for ${name}`);
  return l;
};

beforeAll(async () => {
  server = await startFaultServer(TLS ? { certificates: makeTestCertificates() } : {});
  const units = [{ id: 'faults', name: '故障测试局', type: 'department', url: server.home }];
  if (server.tls) {
    units.push({ id: 'tls-self', name: '自签名局', type: 'department', url: server.tls.selfSigned });
    units.push({ id: 'tls-expired', name: '过期证书局', type: 'department', url: server.tls.expired });
  }
  const config = validateConfig({ name: '故障区', units, crawl: CRAWL });
  db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-faults-')), 'db.sqlite'));
  runId = (await runCrawl(db, config, { evalDate: '2020-11-26' }, createProgress(process.stderr, { quiet: true }))).run.id;
  pages = new Map([...unitPages(db, runId, 'faults', { withHtml: true })].map((p) => [p.url, p]));
  links = new Map(new LinkCheckStore(db, runId).forUnit('faults').map((l) => [l.href, l]));
}, 120_000);

afterAll(async () => {
  db?.close();
  await server?.close();
});

describe('a crawl through the fault server', () => {
  it('finishes, audits, and stays within maxPagesPerUnit and the trap budgets', () => {
    expect(getRun(db, runId)?.status).toBe('done');
    expect(pages.size).toBeGreaterThan(Object.keys(FAULT_LINKS).length);
    expect(pages.size).toBeLessThanOrEqual(CRAWL.maxPagesPerUnit);
    const paths = [...pages.keys()].map((u) => u.slice(server.url.length));
    const calendar = paths.filter((p) => p.startsWith('/f/calendar?'));
    const search = paths.filter((p) => p.startsWith('/f/search?'));
    // The traps are endless: the budgets, not the site, end them.
    expect(calendar.length).toBe(CALENDAR_BUDGET);
    expect(search.length).toBe(QUERY_VARIANT_BUDGET);
    // Session ids never make a page new: three pages, however many ids the server handed out (every
    // visit links onward with fresh ones; only a retry may fetch a page a second time).
    const session = paths.filter((p) => p.startsWith('/f/session/'));
    expect(session.sort()).toEqual(['/f/session/item.html', '/f/session/list.jsp', '/f/session/list.jsp?col=2']);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/f/session/')).length).toBeLessThanOrEqual(3 * 3);
  });

  it('records every network fault on its page with a zh-CN reason', () => {
    expect(pageOf('timeout')).toMatchObject({ status: null, error: '请求超时（2.5 秒内未完成）' });
    expect(pageOf('stall')).toMatchObject({ status: 200, error: '请求超时（2.5 秒内未完成）', snapshot: null });
    // The reset follows the headers at once: when it reaches a busy crawler before it read them, the
    // kernel drops them and there is no status to record — the same fault, named the same way.
    expect(pageOf('reset')).toMatchObject({ error: '连接被服务器中断', snapshot: null });
    expect([200, null]).toContain(pageOf('reset').status);
    expect(pageOf('loop').error).toMatch(/^重定向形成循环，又回到了 http/);
    expect(pageOf('chain').error).toBe('重定向次数超过 5 次');
    expect(pageOf('chain').redirects).toHaveLength(6);
    // Retried until the server recovered: the page is whole, nothing to report.
    expect(pageOf('burst')).toMatchObject({ status: 200, error: null });
    expect(server.hits.get(FAULT_LINKS.burst.path)).toBeGreaterThanOrEqual(BURST_FAILURES + 1);
    expect(pageOf('busy')).toMatchObject({ status: 200, error: null });
    expect(server.hits.get(FAULT_LINKS.busy.path)).toBe(2);
    // A 500 is retried before it counts.
    expect(pageOf('down').status).toBe(500);
    expect(server.hits.get(FAULT_LINKS.down.path)).toBe(3);
    expect(pageOf('limited').status).toBe(429);
  });

  it('caps the 50 MB page and the endless stream, and the server saw the crawler stop reading', () => {
    for (const name of ['huge', 'endless'] as const) {
      const p = pageOf(name);
      expect(p.error).toBe('页面超过 10 MB，只读取了前 10 MB');
      // + 3: a character cut in half at the cap decodes as one U+FFFD.
      expect(Buffer.byteLength(p.html ?? '')).toBeLessThanOrEqual(MAX_PAGE_BYTES + 3);
      expect(p.snapshot?.title).toBe('超大页面');
    }
    const streams = server.streams;
    expect(streams.map((s) => s.path).sort()).toEqual(expect.arrayContaining(['/f/endless.html', '/f/huge.html']));
    for (const s of streams) {
      expect(s.clientClosed).toBe(true);
      expect(s.finished).toBe(false);
      // Back-pressure: what the server wrote is what the crawler read plus socket buffers, far from 50 MB.
      expect(s.sent).toBeLessThan(MAX_PAGE_BYTES + 8 * 1024 * 1024);
      expect(s.sent).toBeLessThan(HUGE_BYTES / 2);
    }
  });

  it('does not read binary files labelled text/html as pages; a PDF is read as an attachment instead', () => {
    const pdf = pageOf('pdf');
    expect(pdf).toMatchObject({ status: 200, contentType: 'application/pdf', snapshot: null, html: null });
    expect(pdf.error).toBe('服务器声明这是网页（text/html），但内容实际是PDF 文件，未按网页检查');
    const noise = pageOf('noise');
    expect(noise).toMatchObject({ status: 200, contentType: 'application/octet-stream', snapshot: null, html: null });
    expect(noise.error).toMatch(/实际是二进制数据/);
    const attachment = new AttachmentStore(db, runId).forUnit('faults').find((a) => a.url === urlOf('pdf'));
    expect(attachment).toMatchObject({ type: 'pdf', error: null });
    expect(attachment?.text).toContain('Notice 2020');
  });

  it('reads malformed and 100 000-deep HTML as a browser would, without stalling the crawl', () => {
    const nested = pageOf('nested');
    expect(nested).toMatchObject({ status: 200, error: null });
    expect(nested.snapshot?.title).toBe('深层嵌套');
    expect(nested.html).toContain('最深处');
    expect(nested.snapshot?.links.map((l) => l.href)).toContain(server.home);
    const malformed = pageOf('malformed');
    expect(malformed).toMatchObject({ status: 200, error: null });
    expect(malformed.snapshot?.title).toBe('残缺页面');
  });

  it('decodes GBK pages whose charset is wrong or missing', () => {
    for (const name of ['gbkUtf8', 'gbkBare'] as const) {
      const p = pageOf(name);
      expect(p).toMatchObject({ status: 200, error: null, charset: 'gb18030' });
      expect(p.snapshot?.title).toBe(GBK_SENTENCE);
    }
  });

  it('gives every fault link a verdict: broken only for the 5xx after retries, doubt where nothing is proven', () => {
    for (const name of Object.keys(FAULT_LINKS) as FaultName[]) expect(linkOf(name).verdict, name).not.toBe('skipped');
    expect(linkOf('down').verdict).toBe('broken');
    for (const name of ['timeout', 'limited', 'loop', 'chain'] as const) expect(linkOf(name).verdict, name).toBe('doubt');
    expect(linkOf('loop').error).toMatch(/重定向形成循环/);
    expect(linkOf('chain').error).toBe('重定向次数超过 5 次');
    const broken = [...links.values()].filter((l) => l.verdict === 'broken').map((l) => l.href);
    expect(broken).toEqual([urlOf('down')]);
  });

  it('turns no fault into a violation: findings on fault pages are never violations, link.broken only for the 500', () => {
    const findings = unitFindings(db, runId, 'faults');
    const violations = findings.filter((f) => f.outcome === 'violation');
    // The home page is an ordinary page with real shortcomings (no 备案号 etc.): those are its own.
    for (const v of violations) expect(v.url, `${v.ruleId}: ${v.message}`).toBe(server.home);
    expect(violations.filter((v) => v.ruleId === 'link.broken').map((v) => v.data['href'])).toEqual([urlOf('down')]);
    const doubts = findings.filter((f) => f.ruleId === 'link.broken' && f.outcome === 'incomplete');
    const doubtFor = (name: FaultName) => doubts.find((f) => f.data['href'] === urlOf(name))?.message ?? '';
    expect(doubtFor('timeout')).toMatch(/请求超时（2\.5 秒内未完成）.*需人工核查/);
    expect(doubtFor('limited')).toMatch(/HTTP 429.*需人工核查/);
    expect(doubtFor('loop')).toMatch(/重定向形成循环/);
  });

  it.skipIf(!TLS)('states a self-signed or expired certificate in zh-CN and leaves site.https incomplete', () => {
    const tls = server.tls!;
    const self = links.get(normalizeUrl(tls.selfSigned)!);
    const expired = links.get(normalizeUrl(tls.expired)!);
    expect(self).toMatchObject({ verdict: 'doubt', text: TLS_LINK_TEXT.selfSigned });
    expect(self?.error).toMatch(/^HTTPS 证书无效：自签名证书，浏览器不信任/);
    expect(expired).toMatchObject({ verdict: 'doubt', text: TLS_LINK_TEXT.expired });
    expect(expired?.error).toMatch(/^HTTPS 证书无效：证书已过期/);
    for (const [unit, reason] of [['tls-self', /自签名证书/], ['tls-expired', /证书已过期/]] as const) {
      const [home] = [...unitPages(db, runId, unit)];
      expect(home?.status).toBeNull();
      expect(home?.error).toMatch(reason);
      const score = unitScore(db, runId, unit);
      expect(score?.assessed).toBe(false);
      expect(score?.notAssessedReason).toMatch(reason);
      const findings = unitFindings(db, runId, unit);
      expect(findings.filter((f) => f.outcome === 'violation')).toEqual([]);
      expect(findings.find((f) => f.ruleId === 'site.https')?.outcome).toBe('incomplete');
    }
  });
});
