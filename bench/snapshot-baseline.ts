/**
 * Behaviour-equality check for performance work on extraction, page rules and the audit: the snapshot
 * of every page and every finding and score must stay byte-identical (as canonical JSON).
 *
 *   npx tsx bench/snapshot-baseline.ts save    [--dir DIR]   # before a change: record the baseline
 *   npx tsx bench/snapshot-baseline.ts compare [--dir DIR]   # after it: recompute and compare
 *
 * What is recorded (DIR defaults to $TMPDIR/gongkai-snapshot-baseline):
 * - `files.json`: every .html under ../shared/external next to the repository (real government pages, ACT rule cases) and
 *   test/fixtures: extractSnapshot and runPageRules on cheerioDomView of the file.
 * - `demo.json`, `bench.json`: a real crawl (runCrawl over HTTP, audit included) of the demo district
 *   (test/demo-district) and of a 1,000-page generated bench district: every stored page's snapshot,
 *   and each unit's findings and score.
 * - `demo.sqlite`: the demo crawl's store. `compare` re-audits a copy of it with the current code and
 *   compares with the findings recorded at `save`: an audit change is checked on the very same stored
 *   snapshots, apart from extraction changes.
 * Page order inside a crawl depends on timing, so pages are keyed by URL and findings sorted.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { auditRun } from '../crawler/audit.js';
import { ConfigSchema } from '../crawler/config.js';
import type { Progress } from '../crawler/progress.js';
import { runCrawl } from '../crawler/run.js';
import { openStore, type Db } from '../store/db.js';
import { unitFindings, unitScore } from '../store/findings.js';
import { unitPages } from '../store/pages.js';
import { findRun, runUnits } from '../store/runs.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { runPageRules } from '../rules/engine.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import { startDemoDistrict } from '../test/demo-district/server.js';
import { BENCH_EVAL_DATE, benchDistrict } from './district-layout.js';
import { startDistrictServer } from './static-server.js';

const ROOT = new URL('..', import.meta.url).pathname;
/** The material outside the repository, as seen from it (absent in a plain clone: then only the fixtures). */
const SHARED = join(ROOT, '..', 'shared');
const FILE_DIRS = [join(SHARED, 'external'), join(ROOT, 'test/fixtures')];
const FILE_EVAL_DATE = '2024-06-01';
const DEMO_EVAL_DATE = '2020-11-26';
const BENCH_PAGES = 1000;

const silent: Progress = { update() {}, log() {}, done() {} };

/** JSON with object keys sorted, so equal values give equal bytes whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

function htmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (/\.html?$/i.test(name)) out.push(path);
  }
  return out;
}

/** Snapshot and page findings of every fixture file, keyed by path. */
function filesRecord(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of FILE_DIRS) {
    for (const file of htmlFiles(dir)) {
      const rel = relative(dir === FILE_DIRS[0] ? SHARED : ROOT, file);
      const url = `https://www.example.gov.cn/${rel.replace(/[^A-Za-z0-9/._-]/g, '_')}`;
      const html = readFileSync(file, 'utf8');
      const dom = cheerioDomView(html, url);
      const snapshot = extractSnapshot(dom, url, { refDate: FILE_EVAL_DATE });
      const findings = runPageRules({ url, snapshot, dom, evalDate: FILE_EVAL_DATE });
      out[rel] = canonical({ snapshot, findings });
    }
  }
  return out;
}

/** Findings (sorted) and score of every unit of the latest run of a store. */
function resultsOf(db: Db): Record<string, string> {
  const run = findRun(db, 'latest');
  if (!run) throw new Error('no run in the store');
  const out: Record<string, string> = {};
  for (const unit of runUnits(db, run.id)) {
    const findings = unitFindings(db, run.id, unit.id).map(canonical).sort();
    out[`findings ${unit.id}`] = canonical(findings);
    out[`score ${unit.id}`] = canonical(unitScore(db, run.id, unit.id) ?? null);
  }
  return out;
}

/**
 * Every page's snapshot and every unit's results. The servers listen on ports chosen at start, so
 * each unit's origin is replaced by a fixed name (http://<unit id>.test) in keys and values.
 */
function crawlRecord(db: Db): Record<string, string> {
  const run = findRun(db, 'latest')!;
  const units = runUnits(db, run.id);
  // The origin first, then the bare host:port (a SiteDomain meta names it without the scheme).
  const origins = units.flatMap((u) => [[new URL(u.url).origin, `http://${u.id}.test`], [new URL(u.url).host, `${u.id}.test`]] as const);
  const stable = (s: string) => origins.reduce((acc, [origin, name]) => acc.split(origin).join(name), s);
  const out: Record<string, string> = {};
  for (const unit of units) {
    for (const p of unitPages(db, run.id, unit.id)) {
      out[`page ${unit.id} ${p.url}`] = canonical({ finalUrl: p.finalUrl, status: p.status, error: p.error, snapshot: p.snapshot });
    }
  }
  return Object.fromEntries(Object.entries({ ...out, ...resultsOf(db) }).map(([k, v]) => [stable(k), stable(v)]));
}

/** Crawls a district into a fresh store and records its results; the district's server is closed after. */
async function crawlRecordOf(dbFile: string, config: unknown, evalDate: string, close: () => Promise<void>): Promise<Record<string, string>> {
  try {
    const db = openStore(dbFile);
    await runCrawl(db, ConfigSchema.parse(config), { evalDate }, silent);
    const record = crawlRecord(db);
    db.close();
    return record;
  } finally {
    await close();
  }
}

async function crawlDemo(dbFile: string): Promise<Record<string, string>> {
  const district = await startDemoDistrict({ evalDate: DEMO_EVAL_DATE });
  return crawlRecordOf(dbFile, {
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 5000, render: 'never', a11yPagesPerUnit: 0 },
  }, DEMO_EVAL_DATE, () => district.close());
}

async function crawlBench(dbFile: string): Promise<Record<string, string>> {
  const server = await startDistrictServer(benchDistrict(BENCH_PAGES));
  return crawlRecordOf(dbFile, {
    name: '性能测试区',
    units: server.units.map(({ unit, url }) => ({ id: unit.id, name: unit.name, type: 'department', url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, render: 'never', a11yPagesPerUnit: 0, maxPagesPerUnit: 1_000_000 },
  }, BENCH_EVAL_DATE, () => server.close());
}

/** Re-audits a copy of the baseline demo store with the current code. */
function reaudit(baselineDb: string, work: string): Record<string, string> {
  const copy = join(work, 'reaudit.sqlite');
  copyFileSync(baselineDb, copy);
  const db = openStore(copy, { mustExist: true });
  auditRun(db, findRun(db, 'latest')!, silent);
  const out = resultsOf(db);
  db.close();
  return out;
}

function compareRecords(name: string, before: Record<string, string>, after: Record<string, string>): number {
  let differences = 0;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[key] === after[key]) continue;
    differences++;
    if (differences <= 5) {
      const a = before[key] ?? '(missing)';
      const b = after[key] ?? '(missing)';
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      console.log(`  ${name}: ${key}\n    before …${a.slice(Math.max(0, at - 80), at + 160)}\n    after  …${b.slice(Math.max(0, at - 80), at + 160)}`);
    }
  }
  console.log(`${name}: ${Object.keys(before).length} entries before, ${Object.keys(after).length} after, ${differences} different`);
  return differences;
}

const mode = process.argv[2];
const dirArg = process.argv.indexOf('--dir');
const dir = dirArg > 0 ? process.argv[dirArg + 1]! : join(tmpdir(), 'gongkai-snapshot-baseline');
if (mode !== 'save' && mode !== 'compare') {
  console.error('usage: tsx bench/snapshot-baseline.ts save|compare [--dir DIR]');
  process.exit(2);
}
const work = join(dir, mode === 'save' ? '.' : `compare-${Date.now()}`);
mkdirSync(work, { recursive: true });

const t0 = performance.now();
const records = {
  files: filesRecord(),
  demo: await crawlDemo(join(work, 'demo.sqlite')),
  bench: await crawlBench(join(work, 'bench.sqlite')),
};
if (mode === 'save') {
  for (const [name, record] of Object.entries(records)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(record));
  writeFileSync(join(dir, 'demo-findings.json'), JSON.stringify(resultsOf(openStore(join(dir, 'demo.sqlite'), { mustExist: true }))));
  const counts = Object.entries(records).map(([n, r]) => `${n} ${Object.keys(r).length}`).join(', ');
  console.log(`baseline saved in ${dir} (${counts}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  let differences = 0;
  for (const [name, record] of Object.entries(records)) {
    const before = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, string>;
    differences += compareRecords(name, before, record);
  }
  const before = JSON.parse(readFileSync(join(dir, 'demo-findings.json'), 'utf8')) as Record<string, string>;
  differences += compareRecords('re-audit of the baseline demo store', before, reaudit(join(dir, 'demo.sqlite'), work));
  console.log(differences === 0 ? 'IDENTICAL: every snapshot, finding and score equals the baseline' : `DIFFERENT: ${differences} entries differ`);
  process.exitCode = differences === 0 ? 0 : 1;
}
