/**
 * `gongkai worker` on a real PostgreSQL server (started by the test, see helpers/postgres.ts), as
 * real child processes (`node bin/gongkai.js worker …`):
 * - two workers on one database crawl the demo district and end with exactly the pages, findings
 *   (finding keys and outcomes) and scores of one `gongkai crawl` into SQLite; both did some pages;
 *   one of them finished the run;
 * - per-host politeness holds across the workers: with perHostDelayMs, the site (in its own process)
 *   sees no two request starts on one host closer than the delay, and never two open at once;
 * - a worker SIGKILLed in the middle of the page phase: the other one finishes, nothing is lost (the
 *   same results again).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../store/db.js';
import { findRun } from '../../store/runs.js';
import { buildExport } from '../../reports/build-export.js';
import { findingKey } from '../../reports/finding-key.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { binPath, runCli } from '../helpers/cli.js';
import { maxOpen, startCountingSite, startGaps, type CountedRequest } from '../helpers/counting-server.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const EVAL_DATE = '2020-11-26';
/** performance.now() resolution and timer rounding: the only slack a gap gets (as politeness.test.ts). */
const CLOCK_TOLERANCE_MS = 3;

let server: TestPostgres;
let district: DemoDistrict;
let dir: string;
let configFile: string;
let reference: Results;

interface Results {
  pages: { unit_id: string; url: string; status: number | null }[];
  findings: string[];
  scores: { id: string; score: unknown }[];
}

/** What a finished run found, from a SQLite file: pages, finding identities with outcome, scores. */
function results(file: string): Results {
  const db = openStore(file, { readonly: true });
  try {
    const run = findRun(db, 'latest');
    if (!run) throw new Error(`no finished run in ${file}`);
    const doc = buildExport(db, run);
    return {
      pages: db.prepare('SELECT unit_id, url, status FROM pages WHERE run_id = ? ORDER BY unit_id, url').all(run.id) as Results['pages'],
      findings: doc.units.flatMap((u) => u.findings.map((f) => `${u.id} ${f.outcome} ${findingKey(f)}`)).sort(),
      scores: doc.units.map((u) => ({ id: u.id, score: u.score })).sort((a, b) => a.id.localeCompare(b.id)),
    };
  } finally {
    db.close();
  }
}

/** Differences in both directions, so a failure names the pages or findings instead of a long array diff. */
function sameAs(got: Results, want: Results, label: string): void {
  const diff = <T>(a: T[], b: T[]) => {
    const key = (x: T) => JSON.stringify(x);
    const inB = new Set(b.map(key));
    const inA = new Set(a.map(key));
    return { missing: b.filter((x) => !inA.has(key(x))), extra: a.filter((x) => !inB.has(key(x))) };
  };
  expect(diff(got.pages, want.pages), `${label}: pages`).toEqual({ missing: [], extra: [] });
  expect(got.pages.length, `${label}: page count`).toBe(want.pages.length);
  expect(diff(got.findings, want.findings), `${label}: findings`).toEqual({ missing: [], extra: [] });
  expect(got.findings, `${label}: findings`).toEqual(want.findings);
  expect(got.scores, `${label}: scores`).toEqual(want.scores);
}

interface Worker {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startWorker(args: string[], env: NodeJS.ProcessEnv = {}): Worker {
  const child = spawn(process.execPath, [binPath, 'worker', ...args], { env: { ...process.env, NO_COLOR: '1', GONGKAI_DEBUG: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

async function pagesByWorker(url: string): Promise<Map<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = (await c.query<{ worker: string; n: string }>('SELECT worker, COUNT(*) AS n FROM gk_page_workers GROUP BY worker')).rows;
    return new Map(rows.map((r) => [r.worker, Number(r.n)]));
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  server = await startPostgres();
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  dir = mkdtempSync(join(tmpdir(), 'gk-workers-'));
  configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, stringify({
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 4, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, a11yPagesPerUnit: 1 },
  }));
  const ref = await runCli(['crawl', '--config', configFile, '--db', join(dir, 'reference.sqlite'), '--now', EVAL_DATE, '--quiet'], { timeoutMs: 170_000 });
  expect(ref.code, ref.stderr).toBe(0);
  reference = results(join(dir, 'reference.sqlite'));
}, 180_000);

afterAll(async () => {
  await district?.close();
  await server?.stop();
});

describe('gongkai worker: several processes, one crawl', () => {
  it('two workers end with exactly the pages, findings and scores of one crawl, and both did pages', async () => {
    const url = await server.createDatabase('two_workers');
    const common = ['--db', url, '--config', configFile, '--now', EVAL_DATE, '--concurrency', '2'];
    const a = startWorker([...common, '--name', 'w1', '--export-sqlite', join(dir, 'w1.sqlite')]);
    const b = startWorker([...common, '--name', 'w2', '--export-sqlite', join(dir, 'w2.sqlite')]);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea.code, ea.stderr).toBe(0);
    expect(eb.code, eb.stderr).toBe(0);
    // Exactly one of them ran the finishing phases.
    expect([ea.stderr, eb.stderr].filter((s) => s.includes('本进程负责')).length).toBe(1);
    expect(ea.stdout).toContain('SQLite 副本');

    expect(reference.pages.length).toBeGreaterThan(50);
    expect(reference.findings.filter((f) => f.includes(' violation ')).length).toBeGreaterThan(10);
    for (const file of ['w1.sqlite', 'w2.sqlite']) {
      sameAs(results(join(dir, file)), reference, file);
    }
    const byWorker = await pagesByWorker(url);
    console.log(`pages per worker: ${JSON.stringify(Object.fromEntries(byWorker))} of ${reference.pages.length}`);
    expect([...byWorker.keys()].sort()).toEqual(['w1', 'w2']);
    expect([...byWorker.values()].every((n) => n > 0)).toBe(true);
    expect([...byWorker.values()].reduce((s, n) => s + n, 0)).toBe(reference.pages.length);
  }, 180_000);

  it('a worker killed mid-crawl loses nothing: the other finishes with the same results', async () => {
    const url = await server.createDatabase('killed_worker');
    const common = ['--db', url, '--config', configFile, '--now', EVAL_DATE, '--concurrency', '2'];
    // Jobs of a dead worker come back after 2 s instead of the default 15 min.
    const env = { GONGKAI_WORKER_JOB_EXPIRE_S: '2' };
    const victim = startWorker([...common, '--name', 'victim'], env);
    const survivor = startWorker([...common, '--name', 'survivor', '--export-sqlite', join(dir, 'survivor.sqlite')], env);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    let atKill = 0;
    try {
      const deadline = Date.now() + 120_000;
      let victimEnded = false;
      void victim.exited.then(() => (victimEnded = true));
      while (!victimEnded && Date.now() < deadline) {
        try {
          atKill = Number((await c.query("SELECT COUNT(*) AS n FROM gk_page_workers WHERE worker = 'victim'")).rows[0].n);
        } catch {
          atKill = 0; // schema not created yet
        }
        if (atKill >= 5) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(victimEnded, 'the victim ended before it could be killed').toBe(false);
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      const total = Number((await c.query('SELECT COUNT(*) AS n FROM pages')).rows[0].n);
      expect(total).toBeLessThan(reference.pages.length);
    } finally {
      await c.end();
    }
    const end = await survivor.exited;
    expect(end.code, end.stderr).toBe(0);
    sameAs(results(join(dir, 'survivor.sqlite')), reference, 'survivor');
    expect((await pagesByWorker(url)).get('victim')).toBeGreaterThanOrEqual(atKill);
  }, 180_000);

  it('keeps per-host politeness across workers: request starts on a host at least perHostDelayMs apart, one at a time', async () => {
    const DELAY = 40;
    const site = await startCountingSite({ articlesPerColumn: 3, crawlDelay: {}, slowMs: 10, slowDown: {}, retryAfterSeconds: 1 });
    try {
      const politeConfig = join(dir, 'polite.yaml');
      writeFileSync(politeConfig, stringify({
        name: '礼貌抓取测试区',
        units: Object.keys(site.homes).map((h, i) => ({ id: `u${i}`, name: `测试单位${i}`, type: 'department', url: site.homes[h] })),
        crawl: { concurrency: 4, perHostConcurrency: 4, perHostDelayMs: DELAY, timeoutMs: 10_000, render: 'never', a11yPagesPerUnit: 0, respectRobots: true },
      }));
      const url = await server.createDatabase('polite_workers');
      const common = ['--db', url, '--config', politeConfig, '--now', EVAL_DATE, '--concurrency', '4'];
      const [ea, eb] = await Promise.all([startWorker([...common, '--name', 'p1']).exited, startWorker([...common, '--name', 'p2']).exited]);
      expect(ea.code, ea.stderr).toBe(0);
      expect(eb.code, eb.stderr).toBe(0);
      const byWorker = await pagesByWorker(url);
      expect([...byWorker.values()].every((n) => n > 0), JSON.stringify(Object.fromEntries(byWorker))).toBe(true);
      expect(byWorker.size).toBe(2);

      const requests = await site.requests();
      const hosts = new Map<string, CountedRequest[]>();
      for (const r of requests) hosts.set(r.host, [...(hosts.get(r.host) ?? []), r]);
      expect(hosts.size).toBeGreaterThanOrEqual(2);
      for (const [host, list] of hosts) {
        expect(list.length, host).toBeGreaterThan(10);
        const tooClose = startGaps(list).filter((g) => g.gap < DELAY - CLOCK_TOLERANCE_MS);
        expect(tooClose.map((g) => `${g.before.method} ${g.before.path} → ${g.after.method} ${g.after.path}: ${g.gap.toFixed(1)} ms`), host).toEqual([]);
        expect(maxOpen(list), host).toBe(1);
      }
    } finally {
      await site.close();
    }
  }, 180_000);

  it('says clearly when the database cannot be reached (exit 2), and refuses to overwrite an existing SQLite file', async () => {
    const bad = await runCli(['worker', '--db', 'postgres://gongkai@127.0.0.1:1/none', '--config', configFile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('无法连接 PostgreSQL 数据库 127.0.0.1:1/none');
    const notPg = await runCli(['worker', '--db', 'gongkai.sqlite', '--config', configFile]);
    expect(notPg.code).toBe(2);
    expect(notPg.stderr).toContain('PostgreSQL 连接地址');
    const exists = await runCli(['worker', '--db', server.url, '--config', configFile, '--export-sqlite', join(dir, 'reference.sqlite')]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('已存在');
  });
});
