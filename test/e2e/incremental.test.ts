/**
 * Incremental nightly crawls of the demo district over real HTTP: a second night of an unchanged
 * district downloads only the pages that are always fetched in full (home and list pages) and comes
 * to the findings of a full crawl, with each finding's firstSeen still the first night; an article
 * edited between nights is downloaded and audited again; a server that ignores conditional requests
 * gets everything downloaded again; a killed incremental crawl resumes; `--full` downloads all.
 * Transfer is measured as the body bytes the demo servers sent (no timing here: see the report).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runConfig, validateConfig, type Config } from '../../crawler/config.js';
import { alwaysFetchInFull } from '../../crawler/incremental.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { unitPages } from '../../store/pages.js';
import { findRun, getRun } from '../../store/runs.js';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument } from '../../reports/export-schema.js';
import { DEMO_REGION, syntheticIdNumber } from '../demo-district/personal-data.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { binPath, runCli } from '../helpers/cli.js';

const NIGHT_1 = '2020-11-25';
const NIGHT_2 = '2020-11-26';
// Slow enough that a kill lands mid-crawl; a11y off (Chromium's own page loads are not what is measured).
// revisitDays 1: every known page is asked again each night (conditionally), which is what these tests
// measure; carrying pages without a request (the nightly plan) is test/e2e/night-plan.test.ts's.
const CRAWL = { concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 15, timeoutMs: 30_000, a11yPagesPerUnit: 0, revisitDays: 1 };
const quiet = createProgress(process.stderr, { quiet: true });

let district: DemoDistrict;
let dir: string;
let config: Config;
let configFile: string;

function configFor(d: DemoDistrict, crawl: Record<string, unknown> = {}): Config {
  return validateConfig({
    name: d.name,
    units: d.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { ...CRAWL, ...crawl },
  });
}

/** One night in-process; returns the run id and the body bytes the district sent for it. */
async function night(db: Db, d: DemoDistrict, c: Config, evalDate: string): Promise<{ runId: number; bytes: number }> {
  const before = d.responseBytes();
  const outcome = await runCrawl(db, c, { evalDate }, quiet);
  expect(outcome.interrupted).toBe(false);
  return { runId: outcome.run.id, bytes: d.responseBytes() - before };
}

function exportOf(db: Db, runId: number): ExportDocument {
  return buildExport(db, getRun(db, runId)!);
}

/** What must be equal between an incremental and a full crawl: per unit, the score and every finding's key and outcome. */
function comparable(doc: ExportDocument) {
  return doc.units.map((u) => ({ id: u.id, total: u.score.total, findings: u.findings.map((f) => `${f.outcome} ${f.key}`).sort() }));
}

function reusedPages(db: Db, runId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM pages WHERE run_id = ? AND reused_from IS NOT NULL').get(runId) as { n: number }).n;
}

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: NIGHT_2 });
  dir = mkdtempSync(join(tmpdir(), 'gk-incremental-'));
  config = configFor(district);
  configFile = join(dir, 'gongkai.config.yaml');
  writeFileSync(configFile, stringify({ name: config.name, units: config.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })), crawl: CRAWL }));
});

afterAll(async () => {
  await district?.close();
});

describe('incremental crawls, in process', () => {
  let db: Db;
  let first: { runId: number; bytes: number };
  let second: { runId: number; bytes: number };
  let full: { runId: number; bytes: number };

  beforeAll(async () => {
    db = openStore(join(dir, 'nights.sqlite'));
    first = await night(db, district, config, NIGHT_1);
    second = await night(db, district, config, NIGHT_2);
    // The reference for night 2: the same night crawled in full.
    full = await night(db, district, configFor(district, { incremental: false }), NIGHT_2);
  }, 240_000);

  afterAll(() => db?.close());

  it('downloads only home and list pages again when nothing changed', () => {
    expect(reusedPages(db, first.runId)).toBe(0);
    expect(reusedPages(db, full.runId)).toBe(0);
    const reused = reusedPages(db, second.runId);
    expect(reused).toBeGreaterThan(100);
    console.info(`incremental night: ${second.bytes} of ${first.bytes} bytes (${((second.bytes / first.bytes) * 100).toFixed(1)}%), ${reused} pages reused`);
    // Lists are always downloaded in full, and the demo district is list-heavy (see the report).
    expect(second.bytes).toBeLessThan(first.bytes * 0.25);
    expect(full.bytes).toBeGreaterThan(first.bytes * 0.9);

    // Every page downloaded again was one that must be: no article with validators was fetched in full.
    const previous = new Map([...district.units].flatMap((u) => [...unitPages(db, first.runId, u.id)].map((p) => [`${u.id} ${p.url}`, p] as const)));
    for (const u of district.units) {
      for (const p of unitPages(db, second.runId, u.id)) {
        if (p.reusedFrom !== null) {
          expect(p.reusedFrom, p.url).toBe(first.runId);
          continue;
        }
        const before = previous.get(`${u.id} ${p.url}`);
        const askable = before && before.status === 200 && before.via === 'http' && before.renderNote === null && before.etag !== null &&
          before.redirects.length === 0 && !alwaysFetchInFull({ url: p.url, depth: p.depth, homeUrl: u.url, previous: before.snapshot });
        expect(askable, `${p.url} was downloaded again`).toBeFalsy();
      }
    }
  });

  it('comes to the findings and scores of a full crawl of the same night', () => {
    const incremental = comparable(exportOf(db, second.runId));
    expect(incremental.flatMap((u) => u.findings).length).toBeGreaterThan(20);
    expect(incremental).toEqual(comparable(exportOf(db, full.runId)));
  });

  it("keeps each finding's first-seen date: the first night's", () => {
    const before = new Set(exportOf(db, first.runId).units.flatMap((u) => u.findings.map((f) => `${u.id} ${f.outcome} ${f.key}`)));
    const carried = exportOf(db, second.runId).units.flatMap((u) => u.findings.filter((f) => before.has(`${u.id} ${f.outcome} ${f.key}`)));
    expect(carried.length).toBeGreaterThan(20);
    expect(carried.filter((f) => f.outcome === 'violation').length).toBeGreaterThan(0);
    for (const f of carried) expect(f.firstSeen, f.key).toBe(NIGHT_1);
  });

  it('downloads and audits an article edited between nights again', async () => {
    // An article carried over on night 2, now with a (synthetic, checksum-valid) ID number in its text.
    const unit = district.units.find((u) => u.id === 'fgj')!;
    const article = [...unitPages(db, second.runId, unit.id)].find((p) => p.reusedFrom !== null && p.snapshot?.isArticle);
    expect(article).toBeDefined();
    const path = new URL(article!.url).pathname;
    const original = Buffer.from(await (await fetch(article!.url)).arrayBuffer());
    const id = syntheticIdNumber(DEMO_REGION, '19800101', '123');
    const edited = original.toString('utf8').replace('<p>', `<p>联系人：张某某，身份证号码：${id}。</p><p>`);
    expect(edited).not.toBe(original.toString('utf8'));
    district.setOverride(unit.id, path, { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(edited, 'utf8') });
    try {
      const third = await night(db, district, config, NIGHT_2);
      const row = [...unitPages(db, third.runId, unit.id)].find((p) => p.url === article!.url)!;
      expect(row.reusedFrom).toBeNull();
      expect(row.status).toBe(200);
      expect(reusedPages(db, third.runId)).toBeGreaterThan(100);

      const onPage = (doc: ExportDocument) => doc.units.find((u) => u.id === unit.id)!.findings.filter((f) => f.url === article!.url);
      const then = new Set(onPage(exportOf(db, second.runId)).map((f) => `${f.outcome} ${f.key}`));
      const added = onPage(exportOf(db, third.runId)).filter((f) => !then.has(`${f.outcome} ${f.key}`));
      expect(added.filter((f) => f.outcome === 'violation' && f.ruleId.startsWith('privacy.'))).toHaveLength(1);
      expect(added[0]!.firstSeen).toBe(NIGHT_2);
    } finally {
      district.setOverride(unit.id, path, null);
    }
  }, 120_000);
});

describe('a server that ignores conditional requests', () => {
  it('gets every page downloaded again, to the same findings', async () => {
    const ignoring = await startDemoDistrict({ evalDate: NIGHT_2, conditionalRequests: 'ignored' });
    const db = openStore(join(dir, 'ignored.sqlite'));
    try {
      const c = configFor(ignoring);
      const one = await night(db, ignoring, c, NIGHT_2);
      const two = await night(db, ignoring, c, NIGHT_2);
      expect(reusedPages(db, two.runId)).toBe(0);
      expect(two.bytes).toBeGreaterThan(one.bytes * 0.9);
      // Validators were sent (the crawl was incremental), and ignored.
      expect(comparable(exportOf(db, two.runId))).toEqual(comparable(exportOf(db, one.runId)));
    } finally {
      db.close();
      await ignoring.close();
    }
  }, 240_000);
});

describe('the crawl command', () => {
  const dbFile = () => join(dir, 'cli.sqlite');

  function pagesOfRun(runId: number): number {
    const raw = new Database(dbFile(), { readonly: true, fileMustExist: true });
    try {
      return (raw.prepare('SELECT COUNT(*) AS n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
    } catch {
      return 0;
    } finally {
      raw.close();
    }
  }

  function runRow(runId: number): { pages: number; reused: number; incremental: unknown; status: string } {
    const db = openStore(dbFile(), { readonly: true });
    try {
      const run = getRun(db, runId)!;
      return { pages: pagesOfRun(runId), reused: reusedPages(db, runId), incremental: runConfig(run).crawl.incremental, status: run.status };
    } finally {
      db.close();
    }
  }

  /** Starts `crawl` with `args`, SIGKILLs it once run `runId` has stored a third of `total` pages. */
  async function killedCrawl(args: string[], runId: number, total: number): Promise<void> {
    const child = spawn(process.execPath, [binPath, 'crawl', '--config', configFile, '--db', dbFile(), '--quiet', ...args], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (pagesOfRun(runId) < total / 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(pagesOfRun(runId)).toBeLessThan(total);
  }

  it('resumes a killed incremental night, and --full downloads everything (also when resumed)', async () => {
    const one = await runCli(['crawl', '--config', configFile, '--db', dbFile(), '--now', NIGHT_1, '--quiet']);
    expect(one.code, one.stderr).toBe(0);
    const total = pagesOfRun(1);
    expect(total).toBeGreaterThan(50);

    // Night 2, killed and resumed (--full cannot turn a begun incremental run into a full one): still
    // incremental, and complete.
    await killedCrawl(['--now', NIGHT_2], 2, total);
    const resumed = await runCli(['crawl', '--config', configFile, '--db', dbFile(), '--now', NIGHT_2, '--resume', '--full']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/第 2 次运行开始时是增量抓取，继续时仍按增量抓取/);
    expect(resumed.stderr).toMatch(/与第 1 次运行相比未发生变化、直接沿用的：网页 \d+ 个/);
    // The summary on stdout says it too: a nightly (--quiet) log has no progress lines.
    expect(resumed.stdout).toMatch(/本次抓取 \d+ 页（其中 \d+ 页未变化，沿用上次下载的内容，照常审核）/);
    const two = runRow(2);
    expect(two).toMatchObject({ pages: total, status: 'done' });
    expect(two.reused).toBeGreaterThan(100);

    // --full, killed, then resumed without the flag: the run stays a full one.
    const bytes = district.responseBytes();
    await killedCrawl(['--now', NIGHT_2, '--full'], 3, total);
    const resumedFull = await runCli(['crawl', '--config', configFile, '--db', dbFile(), '--now', NIGHT_2, '--resume', '--quiet']);
    expect(resumedFull.code, resumedFull.stderr).toBe(0);
    expect(resumedFull.stdout).toMatch(/本次抓取 \d+ 页\n/);
    expect(runRow(3)).toEqual({ pages: total, reused: 0, incremental: false, status: 'done' });
    expect(district.responseBytes() - bytes).toBeGreaterThan(0);

    // The same findings either way, and the same as the in-process incremental night.
    const db = openStore(dbFile(), { readonly: true });
    try {
      expect(comparable(exportOf(db, 2))).toEqual(comparable(exportOf(db, 3)));
      expect(findRun(db, 'latest')?.id).toBe(3);
    } finally {
      db.close();
    }
  }, 300_000);
});
