/**
 * `gongkai serve` over a real crawl of the demo district: the API a browser extension reads, its
 * refusals (404/405/400), and the command line (missing DB, port in use, loopback default).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { findRun } from '../../store/runs.js';
import { startApiServer } from '../../cli/commands/serve.js';
import { buildExport } from '../../reports/build-export.js';
import { rankUnits } from '../../reports/ranking-table.js';
import { findingsForPage, unitForUrl } from '../../reports/api/page-findings.js';
import { parseRequestTarget } from '../../reports/api/request-target.js';
import { expectedViolations } from '../demo-district/answer-key.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { binPath, repoRoot, runCli } from '../helpers/cli.js';

const EVAL_DATE = '2020-11-26';

let district: DemoDistrict;
let dbFile: string;
let db: Db;
let api: { url: string; close(): Promise<void> };

interface FindingsBody {
  url: string;
  run: { id: string; evalDate: string };
  unit: { id: string; name: string; score: { total: number; max: number; vetoed: boolean; assessed: boolean }; rank: number } | null;
  findings: { ruleId: string; outcome: string; url: string; message: string; data: Record<string, unknown>; scope: string }[];
}

/** A raw GET (or other method) with the target sent exactly as given: fetch() would normalise `..`. */
function raw(method: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(api.url);
  return new Promise((resolveReq, rejectReq) => {
    const req = request({ host: u.hostname, port: u.port, method, path: target, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolveReq({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', rejectReq);
    req.end();
  });
}

async function findingsFor(pageUrl: string): Promise<FindingsBody> {
  const res = await fetch(`${api.url}/api/findings?url=${encodeURIComponent(pageUrl)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as FindingsBody;
}

function expectedPage(unitId: string, ruleId: string): { url: string; data?: Record<string, unknown> } {
  const unit = district.units.find((u) => u.id === unitId)!;
  const f = expectedViolations(district).find((e) => e.unitId === unitId && e.ruleId === ruleId);
  expect(f, `answer key lists ${ruleId} for ${unitId}`).toBeDefined();
  return { url: new URL(f!.path, unit.url).href, ...(f!.data ? { data: f!.data } : {}) };
}

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const config = validateConfig({
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, a11yPagesPerUnit: 0 },
  });
  dbFile = join(mkdtempSync(join(tmpdir(), 'gk-serve-')), 'demo.sqlite');
  const writer = openStore(dbFile);
  await runCrawl(writer, config, { evalDate: EVAL_DATE }, createProgress(process.stderr, { quiet: true }));
  writer.close();
  db = openStore(dbFile, { readonly: true });
  api = await startApiServer(db, { port: 0 });
}, 180_000);

afterAll(async () => {
  await api?.close();
  db?.close();
  await district?.close();
});

describe('GET /api/findings', () => {
  it('gives a stale column page its freshness.column violation with the age in days', async () => {
    const expected = expectedPage('bsz', 'freshness.column');
    const body = await findingsFor(expected.url);
    expect(body.unit?.id).toBe('bsz');
    expect(body.run.evalDate).toBe(EVAL_DATE);
    const hit = body.findings.find((f) => f.ruleId === 'freshness.column' && f.outcome === 'violation');
    expect(hit, JSON.stringify(body.findings.map((f) => [f.ruleId, f.url]))).toBeDefined();
    expect(hit!.scope).toBe('page');
    expect(typeof hit!.data.ageDays).toBe('number');
    expect(hit!.data.ageDays).toBe(expected.data?.ageDays);
    // Unit-level findings come along (bsz misses its 年报 part), pass findings never do.
    expect(body.findings.some((f) => f.ruleId === 'disclosure.parts' && f.scope === 'unit')).toBe(true);
    expect(body.findings.every((f) => f.outcome === 'violation' || f.outcome === 'incomplete')).toBe(true);
  });

  it('gives an article page of jty its missing image alternative, and its score and rank', async () => {
    const expected = expectedPage('jty', 'a11y.image-alt');
    const body = await findingsFor(expected.url);
    expect(body.unit?.id).toBe('jty');
    expect(body.findings.some((f) => f.ruleId === 'a11y.image-alt' && f.outcome === 'violation' && f.scope === 'page')).toBe(true);
    const ranked = rankUnits(buildExport(db, findRun(db, 'latest')!)).find((r) => r.unit.id === 'jty')!;
    expect(body.unit?.rank).toBe(ranked.rank);
    expect(body.unit?.score.total).toBe(ranked.unit.score.total);
    expect(body.unit?.score.max).toBe(ranked.unit.score.max);
    // Another unit's page findings do not leak in.
    expect(body.findings.every((f) => f.ruleId !== 'freshness.column' || new URL(f.url).host === new URL(expected.url).host)).toBe(true);
  });

  it('does not mix in page findings of a different page of the same unit', async () => {
    const alt = expectedPage('jty', 'a11y.image-alt');
    const unit = district.units.find((u) => u.id === 'jty')!;
    const body = await findingsFor(new URL('/no-such-page.html', unit.url).href);
    expect(body.unit?.id).toBe('jty');
    expect(body.findings.some((f) => f.ruleId === 'a11y.image-alt' && f.url === alt.url)).toBe(false);
    expect(body.findings.every((f) => f.scope === 'unit')).toBe(true);
  });

  it('answers an unknown site with unit null and no findings', async () => {
    const body = await findingsFor('http://www.unknown.example.gov.cn/col/col1/index.html');
    expect(body.unit).toBeNull();
    expect(body.findings).toEqual([]);
  });

  it('refuses a missing or non-http url with 400 and a zh-CN error', async () => {
    for (const target of ['/api/findings', '/api/findings?url=', `/api/findings?url=${encodeURIComponent('javascript:alert(1)')}`]) {
      const res = await raw('GET', target);
      expect(res.status, target).toBe(400);
      expect((JSON.parse(res.body) as { error: string }).error).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lets the extension read it cross-origin, but no web page, and no foreign host name', async () => {
    const ext = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const fromExtension = await raw('GET', '/api/units', { origin: ext });
    expect(fromExtension.headers['access-control-allow-origin']).toBe(ext);
    expect(fromExtension.headers['access-control-allow-credentials']).toBeUndefined();
    const fromPage = await raw('GET', '/api/units', { origin: 'http://attacker.example' });
    expect(fromPage.status).toBe(200); // same-machine tools (curl) still work
    expect(fromPage.headers['access-control-allow-origin']).toBeUndefined();
    // DNS rebinding: a page's own host name pointing at 127.0.0.1 is refused outright.
    const rebound = await raw('GET', '/api/units', { host: `attacker.example:${new URL(api.url).port}`, origin: 'http://attacker.example' });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('units');
  });
});

describe('GET /api/units, /health, /', () => {
  it('ranks the units exactly like rankUnits', async () => {
    const res = await fetch(`${api.url}/api/units`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { units: { id: string; name: string; rank: number; violations: number; review: number; score: { total: number } }[] };
    const ranked = rankUnits(buildExport(db, findRun(db, 'latest')!));
    expect(body.units.map((u) => [u.id, u.rank, u.violations, u.review, u.score.total]))
      .toEqual(ranked.map((r) => [r.unit.id, r.rank, r.violations, r.review, r.unit.score.total]));
    expect(body.units.length).toBe(district.units.length);
  });

  it('gives a unit that could not be assessed no total: never 70 of 70 to a program', async () => {
    const body = (await (await fetch(`${api.url}/api/units`)).json()) as { units: { id: string; score: { total: number | null; max: number; assessed: boolean } }[] };
    const unreachable = body.units.filter((u) => !u.score.assessed);
    expect(unreachable.length).toBeGreaterThan(0);
    for (const u of unreachable) expect(u.score.total, u.id).toBeNull();
    for (const u of body.units.filter((x) => x.score.assessed)) expect(typeof u.score.total).toBe('number');
  });

  it('reports health with the number of finished runs', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(await res.json()).toEqual({ ok: true, runs: 1 });
  });

  it('serves a small zh-CN start page with the ranking', async () => {
    const res = await fetch(`${api.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('/api/findings');
    for (const u of district.units) expect(html).toContain(u.name);
  });
});

describe('refusals', () => {
  it('answers unknown paths with 404 JSON in zh-CN, never a file', async () => {
    for (const target of ['/nope', '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/api/../../../etc/passwd', '/api/findings/../../package.json', '/package.json']) {
      const res = await raw('GET', target);
      expect(res.status, target).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      const body = JSON.parse(res.body) as { error: string };
      expect(body.error).toMatch(/没有这个地址/);
      expect(res.body).not.toMatch(/root:|"name":\s*"gongkai"/);
    }
  });

  it('answers bad percent-encoding with 400 and very long targets with 414', async () => {
    expect((await raw('GET', '/api/findings?url=%E0%A4%A')).status).toBe(400);
    expect((await raw('GET', '/%zz')).status).toBe(400);
    expect((await raw('GET', '/api/findings?url=http%3A%2F%2Fa%00b')).status).toBe(400);
    const long = await raw('GET', `/api/findings?url=${'a'.repeat(9000)}`);
    expect(long.status).toBe(414);
    expect(long.body).not.toMatch(/\n\s+at /);
  });

  it('answers other methods with 405 and Allow: GET', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await raw(method, '/api/units');
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET');
      expect((JSON.parse(res.body) as { error: string }).error).toBe('只支持 GET 请求。');
    }
  });
});

describe('pure parts', () => {
  it('picks the unit with the longest matching scope prefix', () => {
    const units = [
      { id: 'portal', url: 'http://q.gov.cn/', scope: ['http://q.gov.cn/'] },
      { id: 'town', url: 'http://q.gov.cn/town/', scope: ['http://q.gov.cn/town/'] },
    ];
    expect(unitForUrl(units, 'http://q.gov.cn/town/col/1.html')?.id).toBe('town');
    expect(unitForUrl(units, 'https://q.gov.cn/townhall/1.html')?.id).toBe('portal');
    expect(unitForUrl(units, 'http://other.gov.cn/')).toBeNull();
  });

  it('keeps only violations and incompletes about the page or the whole unit, each once', () => {
    const page = 'http://q.gov.cn/col/1/index.html';
    const f = (ruleId: string, outcome: 'violation' | 'incomplete' | 'pass', url: string, data: Record<string, unknown> = {}) =>
      ({ ruleId, outcome, url, message: 'm', data });
    const got = findingsForPage([
      f('freshness.column', 'violation', page),
      f('freshness.column', 'violation', 'http://q.gov.cn/col/2/index.html'),
      f('a11y.image-alt', 'pass', page),
      f('disclosure.parts', 'incomplete', 'http://q.gov.cn/xxgk/'),
      f('disclosure.guide.dated', 'pass', 'http://q.gov.cn/xxgk/'),
      f('link.broken', 'violation', 'http://q.gov.cn/other.html', { fromUrl: 'http://q.gov.cn/other.html' }),
      f('link.broken', 'violation', 'http://q.gov.cn/col/1/index.html#top'),
    ], page);
    expect(got.map((x) => [x.ruleId, x.scope])).toEqual([
      ['freshness.column', 'page'], ['link.broken', 'page'], ['disclosure.parts', 'unit'],
    ]);
  });

  it('parses request targets strictly', () => {
    expect(parseRequestTarget('/api/findings?url=a%20b&url=evil')).toEqual({ ok: true, path: '/api/findings', query: new Map([['url', 'a b']]) });
    expect(parseRequestTarget('/%E4')).toEqual({ ok: false, reason: 'bad-encoding' });
    expect(parseRequestTarget('http://x/')).toEqual({ ok: false, reason: 'bad-encoding' });
  });
});

describe('gongkai serve on the command line', () => {
  it('exits 2 with a zh-CN message when the database is missing', async () => {
    const r = await runCli(['serve', '--db', join(tmpdir(), 'gk-no-such-dir', 'none.sqlite'), '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/找不到数据库文件/);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('exits 2 with a zh-CN message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['serve', '--db', dbFile, '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`端口 ${port} 已被占用`));
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('rejects a bad --port with exit 2', async () => {
    const r = await runCli(['serve', '--db', dbFile, '--port', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port: “99999” 不是有效的端口号/);
  });

  it('binds 127.0.0.1 by default', async () => {
    const s = await startApiServer(db, { port: 0 });
    try {
      expect(s.address.address).toBe('127.0.0.1');
    } finally {
      await s.close();
    }
  });

  it('starts, prints its loopback address, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [binPath, 'serve', '--db', dbFile, '--port', '0'], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const address = await new Promise<string>((resolveAddr, rejectAddr) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        const m = /已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolveAddr(m[1]!);
      });
      child.on('close', () => rejectAddr(new Error(`serve exited early: ${stderr}`)));
    });
    const health = (await (await fetch(`${address}/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stdout).toMatch(/服务已停止/);
    expect(stderr).not.toMatch(/注意：服务监听在/);
  }, 60_000);
});
