/**
 * A crawl killed with SIGKILL and restarted with --resume ends with the same findings as an
 * uninterrupted crawl, fetches no page twice beyond the ones in flight, and leaves a sound database.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openStore } from '../../store/db.js';
import { findRun } from '../../store/runs.js';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument } from '../../reports/export-schema.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { binPath, runCli } from '../helpers/cli.js';

const EVAL_DATE = '2020-11-26';
// Slow enough that the kill lands mid-crawl; one host (127.0.0.1) serves every demo unit.
// render 'never': the browser's own request for a rendered page would count as a second fetch here.
const CRAWL = { concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 15, timeoutMs: 30_000, a11yPagesPerUnit: 0, render: 'never' as const };

let district: DemoDistrict;
let dir: string;
let configFile: string;

function comparable(doc: ExportDocument) {
  return doc.units.map((u) => ({
    id: u.id,
    score: u.score,
    findings: u.findings.map((f) => JSON.stringify(f)).sort(),
  }));
}

function exportOf(dbFile: string): ExportDocument {
  const db = openStore(dbFile, { readonly: true });
  try {
    const run = findRun(db, 'latest');
    if (!run) throw new Error('no finished run');
    return buildExport(db, run);
  } finally {
    db.close();
  }
}

function pageCount(dbFile: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet
  }
}

/** Page GETs per unit+path since `from` (robots.txt and link-check HEADs excluded). */
function getsSince(from: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of district.requests.slice(from)) {
    if (r.method !== 'GET' || r.path === '/robots.txt') continue;
    const key = `${r.unitId} ${r.path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  dir = mkdtempSync(join(tmpdir(), 'gk-resume-'));
  configFile = join(dir, 'gongkai.config.yaml');
  writeFileSync(configFile, stringify({
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: CRAWL,
  }));
});

afterAll(async () => {
  await district?.close();
});

let fullDb: string;
let totalPages: number;

/** Starts a crawl, sends `sig` once a third of the pages are stored, and waits for the process to end. */
async function interruptedCrawl(dbFile: string, sig: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [binPath, 'crawl', '--config', configFile, '--db', dbFile, '--now', EVAL_DATE, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const target = Math.floor(totalPages / 3);
  const deadline = Date.now() + 60_000;
  while (pageCount(dbFile) < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.kill(sig);
  const end = await exited;
  const atStop = pageCount(dbFile);
  expect(atStop).toBeGreaterThanOrEqual(target);
  expect(atStop).toBeLessThan(totalPages);
  return { ...end, stderr };
}

describe('crawl --resume after an interruption', () => {
  beforeAll(async () => {
    // The reference: one uninterrupted crawl.
    fullDb = join(dir, 'full.sqlite');
    const full = await runCli(['crawl', '--config', configFile, '--db', fullDb, '--now', EVAL_DATE, '--quiet']);
    expect(full.code, full.stderr).toBe(0);
    totalPages = pageCount(fullDb);
    expect(totalPages).toBeGreaterThan(50);
  }, 120_000);

  it('after SIGKILL: the findings of an uninterrupted crawl, without refetching finished pages', async () => {
    const killedDb = join(dir, 'killed.sqlite');
    const requestsBefore = district.requests.length;
    const stop = await interruptedCrawl(killedDb, 'SIGKILL');
    expect(stop.signal).toBe('SIGKILL');

    const resumed = await runCli(['crawl', '--config', configFile, '--db', killedDb, '--now', EVAL_DATE, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(pageCount(killedDb)).toBe(totalPages);
    expect(comparable(exportOf(killedDb))).toEqual(comparable(exportOf(fullDb)));

    // No page fetched twice, except those in flight at the kill (at most the crawl window) and those
    // finished in the group not yet committed (at most one window more: store/group-commit.ts).
    const twice = [...getsSince(requestsBefore)].filter(([, n]) => n > 1);
    expect(twice.length).toBeLessThanOrEqual(2 * (CRAWL.concurrency * 2));

    const db = new Database(killedDb, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(1); // resumed, not restarted
    db.close();
  }, 240_000);

  it('after Ctrl-C (SIGINT): stops cleanly, keeps no half-fetched page, and resumes to the same findings', async () => {
    const db2 = join(dir, 'sigint.sqlite');
    const stop = await interruptedCrawl(db2, 'SIGINT');
    expect(stop.code).toBe(1);
    expect(stop.stderr).toMatch(/可用 --resume 继续/);
    const raw = new Database(db2, { readonly: true });
    const cancelled = raw.prepare("SELECT COUNT(*) AS n FROM pages WHERE error LIKE '%取消%'").get() as { n: number };
    raw.close();
    expect(cancelled.n).toBe(0);

    const resumed = await runCli(['crawl', '--config', configFile, '--db', db2, '--now', EVAL_DATE, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(comparable(exportOf(db2))).toEqual(comparable(exportOf(fullDb)));
  }, 240_000);

  it('killed while auditing: --resume audits again without fetching anything, to the same findings', async () => {
    // The state a kill during the audit leaves: everything gathered, the run `auditing`, the first
    // unit's results written (each unit's are replaced in one transaction), the others not yet.
    const db5 = join(dir, 'auditing.sqlite');
    copyFileSync(fullDb, db5);
    const raw = new Database(db5);
    const first = (raw.prepare('SELECT id FROM units ORDER BY rowid LIMIT 1').get() as { id: string }).id;
    raw.prepare("UPDATE runs SET status = 'auditing', finished_at = NULL").run();
    raw.prepare('DELETE FROM findings WHERE unit_id <> ?').run(first);
    raw.prepare('DELETE FROM scores WHERE unit_id <> ?').run(first);
    raw.close();

    const before = district.requests.length;
    const resumed = await runCli(['crawl', '--config', configFile, '--db', db5, '--now', EVAL_DATE, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(district.requests.length).toBe(before);
    expect(comparable(exportOf(db5))).toEqual(comparable(exportOf(fullDb)));
  }, 240_000);

  it('refuses to resume a run under a changed config (exit 2, nothing lost)', async () => {
    const db3 = join(dir, 'changed.sqlite');
    await interruptedCrawl(db3, 'SIGKILL');
    const before = pageCount(db3);
    const changed = join(dir, 'changed.yaml');
    writeFileSync(changed, stringify({
      name: district.name,
      units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
      crawl: { ...CRAWL, maxPagesPerUnit: 10 },
    }));
    const r = await runCli(['crawl', '--config', changed, '--db', db3, '--resume', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/配置文件自第 1 次运行开始后已修改/);
    expect(pageCount(db3)).toBe(before);
  }, 240_000);
});
