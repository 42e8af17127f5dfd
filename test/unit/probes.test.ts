/**
 * The network probes (crawler/probes.ts): HTTPS against real local servers (TLS with test certificates,
 * plain HTTP, a closed port, a silent socket), IPv6 with an injected resolver (no outside DNS here) and
 * through the system resolver on local names, and probeUnits against a real store.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyHttpsError, probeHttpsHost, probeIpv6Host, probeUnitHttps, probeUnits, systemDnsResolver, type DnsResolver,
} from '../../crawler/probes.js';
import { validateConfig } from '../../crawler/config.js';
import { openStore, type Db } from '../../store/db.js';
import { savePage } from '../../store/pages.js';
import { unitProbes, saveProbe } from '../../store/probes.js';
import { createRun } from '../../store/runs.js';
import type { UnitInfo } from '../../rules/types.js';

const CERTS = fileURLToPath(new URL('../fixtures/rules/site.https/', import.meta.url));
const key = readFileSync(join(CERTS, 'localhost.key.pem'));
const cert = readFileSync(join(CERTS, 'localhost.cert.pem'));
const expired = readFileSync(join(CERTS, 'expired.cert.pem'));

const CHINESE = /[\u4e00-\u9fff]/;

function portOf(server: HttpServer | TcpServer): number {
  return (server.address() as AddressInfo).port;
}

async function listen<T extends HttpServer | TcpServer>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function close(server: HttpServer | TcpServer): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A port nothing listens on: bind one, then free it. */
async function closedPort(): Promise<number> {
  const s = await listen(createTcpServer());
  const port = portOf(s);
  await close(s);
  return port;
}

let tlsServer: HttpServer;
let expiredServer: HttpServer;
let plainServer: HttpServer;
let silentServer: TcpServer;
const silentSockets = new Set<import('node:net').Socket>();

beforeAll(async () => {
  tlsServer = await listen(createHttpsServer({ key, cert }, (_req, res) => { res.writeHead(302, { location: '/index.html' }); res.end(); }));
  expiredServer = await listen(createHttpsServer({ key, cert: expired }, (_req, res) => res.end('ok')));
  plainServer = await listen(createHttpServer((_req, res) => res.end('<html></html>')));
  silentServer = await listen(createTcpServer((socket) => { silentSockets.add(socket); }));
});

afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  await Promise.all([close(tlsServer), close(expiredServer), close(plainServer), close(silentServer)]);
});

describe('probeHttpsHost', () => {
  const base = { timeoutMs: 3000 };

  it('answers yes when the TLS handshake completes and any HTTP status comes back', async () => {
    const r = await probeHttpsHost('localhost', { ...base, httpsPort: portOf(tlsServer), ca: cert });
    expect(r.outcome).toBe('yes');
    expect(r.detail).toContain('HTTP 302');
  });

  it('calls a self-signed certificate a certificate problem (unknown), not missing HTTPS', async () => {
    const r = await probeHttpsHost('localhost', { ...base, httpsPort: portOf(tlsServer) });
    expect(r.outcome).toBe('unknown');
    expect(r.detail).toContain('自签名');
  });

  it('calls an expired certificate unknown and says it expired', async () => {
    const r = await probeHttpsHost('localhost', { ...base, httpsPort: portOf(expiredServer), ca: expired });
    expect(r.outcome).toBe('unknown');
    expect(r.detail).toContain('证书已过期');
  });

  it('calls a certificate for another name unknown and says the name does not match', async () => {
    // The certificate names only `localhost`; reached as 127.0.0.1 it does not match.
    const r = await probeHttpsHost('127.0.0.1', { ...base, httpsPort: portOf(tlsServer), ca: cert });
    expect(r.outcome).toBe('unknown');
    expect(r.detail).toContain('与网站域名不符');
  });

  it('answers no when the port speaks plain HTTP instead of TLS', async () => {
    const r = await probeHttpsHost('localhost', { ...base, httpsPort: portOf(plainServer) });
    expect(r.outcome).toBe('no');
    expect(r.detail).toContain('没有提供 HTTPS');
  });

  it('answers no when the connection is refused', async () => {
    const r = await probeHttpsHost('localhost', { ...base, httpsPort: await closedPort() });
    expect(r.outcome).toBe('no');
    expect(r.detail).toContain('拒绝连接');
  });

  it('answers unknown when the server never answers within the timeout', async () => {
    const r = await probeHttpsHost('localhost', { timeoutMs: 300, httpsPort: portOf(silentServer) });
    expect(r.outcome).toBe('unknown');
    expect(r.detail).toContain('超时');
  });

  it('answers unknown (interrupted) when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await probeHttpsHost('localhost', { ...base, httpsPort: portOf(silentServer), signal: controller.signal });
    expect(r).toEqual({ outcome: 'unknown', detail: '检测被中断' });
  });
});

describe('classifyHttpsError', () => {
  const origin = 'https://www.example.gov.cn/';
  it.each([
    ['ECONNREFUSED', 'no'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'no'],
    ['CERT_HAS_EXPIRED', 'unknown'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown'],
    ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'unknown'],
    ['ECONNRESET', 'unknown'],
    ['ETIMEDOUT', 'unknown'],
    ['ENOTFOUND', 'unknown'],
    ['EHOSTUNREACH', 'unknown'],
  ])('%s → %s, with a zh-CN detail naming the origin', (code, outcome) => {
    const r = classifyHttpsError(code, origin, 5000);
    expect(r.outcome).toBe(outcome);
    expect(r.detail).toMatch(CHINESE);
    expect(r.detail).toContain(origin);
  });
});

describe('probeUnitHttps', () => {
  it('is inapplicable for IP-literal hosts, IPv4 and IPv6', async () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]:8080/']) {
      const r = await probeUnitHttps({ finalUrl: url }, { timeoutMs: 1000 });
      expect(r.outcome, url).toBe('inapplicable');
    }
  });

  it('is yes without asking again when the home page was read over HTTPS', async () => {
    const r = await probeUnitHttps({ finalUrl: 'https://www.example.gov.cn/index.html' }, { timeoutMs: 1000 });
    expect(r).toEqual({ outcome: 'yes', detail: '首页已通过 HTTPS 访问（https://www.example.gov.cn/index.html）' });
  });
});

/** A resolver with fixed answers: addresses, or an error code per look-up. */
function fakeResolver(answers: { v6?: string[] | string; v4?: string[] | string; local6?: string[] | string }, calls: string[] = []): DnsResolver {
  const answer = async (what: string, a: string[] | string | undefined): Promise<string[]> => {
    calls.push(what);
    if (a === undefined) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    if (typeof a === 'string') throw Object.assign(new Error(a), { code: a });
    return a;
  };
  return {
    resolve6: (h) => answer(`resolve6 ${h}`, answers.v6),
    resolve4: (h) => answer(`resolve4 ${h}`, answers.v4),
    lookup: (h, family) => answer(`lookup${family} ${h}`, family === 6 ? answers.local6 : answers.v4),
  };
}

describe('probeIpv6Host', () => {
  const host = 'www.example.gov.cn';
  const opts = (resolver: DnsResolver) => ({ timeoutMs: 1000, resolver });

  it('is yes when DNS has an AAAA record', async () => {
    const r = await probeIpv6Host(host, opts(fakeResolver({ v6: ['2001:db8::1'] })));
    expect(r).toMatchObject({ outcome: 'yes' });
    expect(r.detail).toContain('2001:db8::1');
  });

  it('is no when DNS has no AAAA (NODATA) but has an A record', async () => {
    const r = await probeIpv6Host(host, opts(fakeResolver({ v6: 'ENODATA', v4: ['192.0.2.1'] })));
    expect(r.outcome).toBe('no');
    expect(r.detail).toContain('没有 AAAA 记录');
  });

  it('is unknown when the name resolves neither way (not proof of anything)', async () => {
    const r = await probeIpv6Host(host, opts(fakeResolver({ v6: 'ENOTFOUND', v4: 'ENOTFOUND' })));
    expect(r.outcome).toBe('unknown');
  });

  it('falls back to the system resolver when DNS cannot be asked, and says yes on an IPv6 address', async () => {
    const calls: string[] = [];
    const r = await probeIpv6Host(host, opts(fakeResolver({ v6: 'ECONNREFUSED', local6: ['2001:db8::2'] }, calls)));
    expect(r.outcome).toBe('yes');
    expect(calls).toEqual([`resolve6 ${host}`, `lookup6 ${host}`]);
  });

  it('is unknown, never no, when DNS cannot be asked and the system resolver has no IPv6 address', async () => {
    for (const code of ['ECONNREFUSED', 'ESERVFAIL', 'ETIMEOUT', 'EREFUSED']) {
      const r = await probeIpv6Host(host, opts(fakeResolver({ v6: code, v4: ['192.0.2.1'] })));
      expect(r.outcome, code).toBe('unknown');
      expect(r.detail).toMatch(CHINESE);
    }
  });

  it('is unknown when a look-up never answers (deadline)', async () => {
    const hanging: DnsResolver = { resolve6: () => new Promise(() => {}), resolve4: () => new Promise(() => {}), lookup: () => new Promise(() => {}) };
    const r = await probeIpv6Host(host, { timeoutMs: 50, resolver: hanging });
    expect(r.outcome).toBe('unknown');
    expect(r.detail).toContain('超时');
  });

  it('is unknown (interrupted) on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await probeIpv6Host(host, { timeoutMs: 1000, resolver: fakeResolver({ v6: ['2001:db8::1'] }), signal: controller.signal });
    expect(r).toEqual({ outcome: 'unknown', detail: '检测被中断' });
  });

  it('judges IP literals without DNS: IPv4 inapplicable, IPv6 yes', async () => {
    const calls: string[] = [];
    expect((await probeIpv6Host('127.0.0.1', opts(fakeResolver({}, calls)))).outcome).toBe('inapplicable');
    expect((await probeIpv6Host('::1', opts(fakeResolver({}, calls)))).outcome).toBe('yes');
    expect(calls).toEqual([]);
  });

  it('works with the real system resolver on local names, offline', async () => {
    // localhost has ::1 only where the hosts file says so; without it the answer must stay open, never "no".
    const r = await probeIpv6Host('localhost', { timeoutMs: 2000, resolver: systemDnsResolver(2000) });
    expect(['yes', 'unknown']).toContain(r.outcome);
    expect(r.detail).toMatch(CHINESE);
    const literal = await probeIpv6Host('127.0.0.1', { timeoutMs: 2000 });
    expect(literal.outcome).toBe('inapplicable');
  });
});

describe('probeUnits', () => {
  const units: UnitInfo[] = [
    { id: 'ip', name: '甲局', type: 'department', url: 'http://127.0.0.1:9/', scope: [] },
    { id: 'named', name: '乙局', type: 'department', url: 'http://localhost:9/', scope: [] },
    { id: 'tls', name: '丙局', type: 'department', url: 'https://secure.example.gov.cn/', scope: [] },
    { id: 'down', name: '丁局', type: 'department', url: 'http://down.example.gov.cn/', scope: [] },
  ];
  let db: Db;
  let runId: number;

  beforeAll(() => {
    db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-probes-')), 'db.sqlite'));
    const config = validateConfig({ name: '测试区', units: units.map(({ id, name, type, url }) => ({ id, name, type, url })) });
    runId = createRun(db, config, units, '2020-11-26', 'test').id;
    const page = (unitId: string, url: string, status: number | null, error: string | null = null) =>
      savePage(db, runId, { unitId, url, finalUrl: url, status, contentType: 'text/html', charset: 'utf-8', fetchedAt: '2020-11-26T00:00:00Z',
        redirects: [], error, depth: 0, snapshot: null, html: null });
    page('ip', 'http://127.0.0.1:9/', 200);
    page('named', 'http://localhost:9/', 200);
    page('tls', 'https://secure.example.gov.cn/', 200);
    page('down', 'http://down.example.gov.cn/', null, '连接超时');
  });

  afterAll(() => db.close());

  it('probes every unit whose home page answered, stores the results, and leaves the others null', async () => {
    const calls: string[] = [];
    await probeUnits(db, runId, units, { timeoutMs: 2000, httpsPort: await closedPort(), resolver: fakeResolver({ v6: ['2001:db8::1'] }, calls) });
    expect(unitProbes(db, runId, 'ip')).toEqual({
      https: { outcome: 'inapplicable', detail: expect.stringContaining('127.0.0.1') },
      ipv6: { outcome: 'inapplicable', detail: expect.stringContaining('127.0.0.1') },
    });
    expect(unitProbes(db, runId, 'named')).toMatchObject({ https: { outcome: 'no' }, ipv6: { outcome: 'yes' } });
    expect(unitProbes(db, runId, 'tls')).toMatchObject({ https: { outcome: 'yes' }, ipv6: { outcome: 'yes' } });
    expect(unitProbes(db, runId, 'down')).toEqual({ https: null, ipv6: null });
    expect(calls.sort()).toEqual(['resolve6 localhost', 'resolve6 secure.example.gov.cn']);
  });

  it('does not probe again what is stored (resume)', async () => {
    saveProbe(db, runId, 'named', 'ipv6', { outcome: 'no', detail: '已存的结果' });
    const calls: string[] = [];
    await probeUnits(db, runId, units, { timeoutMs: 2000, resolver: fakeResolver({ v6: ['2001:db8::1'] }, calls) });
    expect(calls).toEqual([]);
    expect(unitProbes(db, runId, 'named').ipv6).toEqual({ outcome: 'no', detail: '已存的结果' });
  });

  it('stores nothing once the signal is aborted', async () => {
    const fresh = openStore(join(mkdtempSync(join(tmpdir(), 'gk-probes-')), 'db.sqlite'));
    const config = validateConfig({ name: '测试区', units: [{ id: 'named', name: '乙局', type: 'department', url: 'http://localhost:9/' }] });
    const id = createRun(fresh, config, [units[1]!], '2020-11-26', 'test').id;
    savePage(fresh, id, { unitId: 'named', url: 'http://localhost:9/', finalUrl: 'http://localhost:9/', status: 200, contentType: 'text/html', charset: null,
      fetchedAt: '2020-11-26T00:00:00Z', redirects: [], error: null, depth: 0, snapshot: null, html: null });
    const controller = new AbortController();
    controller.abort();
    await probeUnits(fresh, id, [units[1]!], { timeoutMs: 2000, resolver: fakeResolver({ v6: ['2001:db8::1'] }), signal: controller.signal });
    expect(unitProbes(fresh, id, 'named')).toEqual({ https: null, ipv6: null });
    fresh.close();
  });

  it('never throws: a resolver that throws synchronously becomes unknown', async () => {
    const fresh = openStore(join(mkdtempSync(join(tmpdir(), 'gk-probes-')), 'db.sqlite'));
    const config = validateConfig({ name: '测试区', units: [{ id: 'tls', name: '丙局', type: 'department', url: 'https://secure.example.gov.cn/' }] });
    const id = createRun(fresh, config, [units[2]!], '2020-11-26', 'test').id;
    savePage(fresh, id, { unitId: 'tls', url: 'https://secure.example.gov.cn/', finalUrl: 'https://secure.example.gov.cn/', status: 200, contentType: 'text/html',
      charset: null, fetchedAt: '2020-11-26T00:00:00Z', redirects: [], error: null, depth: 0, snapshot: null, html: null });
    const broken: DnsResolver = { resolve6: () => { throw new Error('坏的解析器'); }, resolve4: () => { throw new Error('x'); }, lookup: () => { throw new Error('x'); } };
    await expect(probeUnits(fresh, id, [units[2]!], { timeoutMs: 2000, resolver: broken })).resolves.toBeUndefined();
    expect(unitProbes(fresh, id, 'tls')).toMatchObject({ https: { outcome: 'yes' }, ipv6: { outcome: 'unknown' } });
    fresh.close();
  });
});
