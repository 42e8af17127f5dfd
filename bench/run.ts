/**
 * `npm run bench`: crawls a generated district (bench/district-*.ts) served by a local static server
 * (bench/static-server.ts) with Gongkai and with Crawlee's CheerioCrawler, each in its own child
 * process, then measures rule evaluation over the stored run; prints the table and writes the raw
 * results to bench/results/<date>.json.
 *
 *   npm run bench -- --sizes 1000,10000,50000 --concurrency 8 [--crawlers …] [--disk] [--profile] [--keep]
 *
 * --crawlers which crawls to run (default gongkai,crawlee-memory; also crawlee-disk, and floor: fetch and parse only, the floor under any crawler here).
 * --disk     also runs Crawlee with its default file storage (slow and large: see bench/README.md).
 * --profile  one more Gongkai crawl of the largest size under `node --cpu-prof`, summarised as hot
 *            spots (not used for the speed figures: profiling slows the crawl).
 * --keep     keeps the working directories (SQLite stores, profiles) under the system temp dir.
 * --incremental  after the Gongkai crawl, a second night on the same store and the unchanged
 *            district: bytes on the wire and wall time of both nights (the incremental target).
 * --delay    perHostDelayMs of the Gongkai crawls (default 0; the real default is 250): with a
 *            polite delay the night's length is set by the number of requests, not their size.
 * --nights N the nightly plan instead (bench/nights.ts): N nights of a changing portal of over
 *            100,000 pages on one host, planned against full crawls; --portal-units, --columns and
 *            --articles size the portal, --delay sets the politeness delay (default 0 there: the
 *            night's requests are what is measured, and 115,000 of them at a polite delay take hours);
 *            --together runs each night's full crawl and planned night at once (one per core).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildResult, CrawlJob } from './child-protocol.js';
import { summariseProfile, type ProfileSummary } from './cpu-profile.js';
import { BENCH_EVAL_DATE, benchDistrict } from './district-layout.js';
import { startDistrictServer, type DistrictServer } from './static-server.js';
import { formatReport, type SizeResult } from './table.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    concurrency: { type: 'string', default: '8' },
    units: { type: 'string', default: '8' },
    crawlers: { type: 'string', default: 'gongkai,crawlee-memory' },
    disk: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    incremental: { type: 'boolean', default: false },
    delay: { type: 'string' },
    nights: { type: 'string' },
    'portal-units': { type: 'string', default: '20' },
    columns: { type: 'string', default: '10' },
    articles: { type: 'string', default: '500' },
    'revisit-days': { type: 'string', default: '7' },
    together: { type: 'boolean', default: false },
  },
});
if (values.nights !== undefined) {
  const { runNights } = await import('./nights.js');
  await runNights({
    nights: Number(values.nights), units: Number(values['portal-units']), columns: Number(values.columns), articles: Number(values.articles),
    delayMs: Number(values.delay ?? '0'), concurrency: Number(values.concurrency), revisitDays: Number(values['revisit-days']), keep: values.keep, together: values.together,
  });
  process.exit(0);
}
const sizes = values.sizes.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const concurrency = Number(values.concurrency);
const unitCount = Number(values.units);
const delayMs = Number(values.delay ?? '0');
const KINDS = ['gongkai', 'crawlee-memory', 'crawlee-disk', 'floor'] as const;
type Kind = (typeof KINDS)[number];
const wanted = new Set([...values.crawlers.split(','), ...(values.disk ? ['crawlee-disk'] : [])].map((k) => k.trim()));
const kinds = KINDS.filter((k) => wanted.has(k));
if (kinds.length === 0 || sizes.length === 0 || !(concurrency >= 1) || !(unitCount >= 1) || !(delayMs >= 0)) {
  console.error('usage: npm run bench -- [--sizes 1000,10000] [--concurrency 8] [--units 8] [--crawlers gongkai,crawlee-memory,crawlee-disk,floor] [--disk] [--profile] [--keep] [--incremental] [--delay ms]');
  process.exit(2);
}

const workRoot = mkdtempSync(join(tmpdir(), 'gk-bench-'));

/** Runs one child script with its job; resolves with its result file's content. */
function runChild<J extends CrawlJob>(script: string, job: J, nodeFlags: string[] = []): Promise<ChildResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...nodeFlags, join(benchDir, script), JSON.stringify(job)], {
      cwd: repoRoot,
      // Crawlee would otherwise create ./storage in the repository.
      env: { ...process.env, CRAWLEE_STORAGE_DIR: join(job.workDir, 'storage') },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0 || !existsSync(job.resultFile)) fail(new Error(`${script} exited with code ${code}`));
      else ok(JSON.parse(readFileSync(job.resultFile, 'utf8')) as ChildResult);
    });
  });
}

function jobFor(server: DistrictServer, kind: string): CrawlJob {
  const workDir = join(workRoot, `${kind}-${Date.now()}`);
  mkdirSync(workDir, { recursive: true });
  return {
    units: server.units.map((u) => ({ id: u.unit.id, name: u.unit.name, type: u.unit.type, url: u.url })),
    concurrency, workDir, resultFile: join(workDir, 'result.json'), evalDate: BENCH_EVAL_DATE,
  };
}

/**
 * One measured crawl, with the server's CPU, answers and bytes during it. `dbDir`: a Gongkai crawl
 * into the store of an earlier one (the incremental second night).
 */
async function crawl(server: DistrictServer, kind: Kind, dbDir?: string): Promise<SizeResult['runs'][number] & { workDir: string }> {
  const job = jobFor(server, kind);
  server.resetCounts();
  const bytes0 = server.bytesSent();
  const cpu0 = process.cpuUsage();
  const result = kind === 'gongkai'
    ? await runChild('child-ours.ts', { ...job, perHostDelayMs: delayMs, ...(dbDir ? { dbDir } : {}) })
    : kind === 'floor'
      ? await runChild('child-floor.ts', job)
      : await runChild('child-crawlee.ts', { ...job, storage: kind === 'crawlee-disk' ? 'disk' : 'memory' });
  const cpu = process.cpuUsage(cpu0);
  return {
    ...result, serverCpuSeconds: (cpu.user + cpu.system) / 1e6, served: server.counts(), bytesSent: server.bytesSent() - bytes0,
    workDir: job.workDir,
  };
}

const machine = {
  cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3),
  node: process.version, platform: process.platform, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};
console.error(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

const results: SizeResult[] = [];
let profile: (ProfileSummary & { pages: number }) | undefined;
let distinctHosts = true;
try {
  for (const [i, size] of sizes.entries()) {
    const district = benchDistrict(size, unitCount);
    const server = await startDistrictServer(district);
    distinctHosts &&= server.distinctHosts;
    try {
      const result: SizeResult = { pages: district.totalPages, runs: [] };
      let gongkaiDir = '';
      for (const kind of kinds) {
        console.error(`[${size}] ${kind}: crawling ${district.totalPages} pages on ${district.units.length} hosts…`);
        const r = await crawl(server, kind);
        if (kind === 'gongkai') gongkaiDir = r.workDir;
        if (r.pages !== district.totalPages) console.error(`  warning: ${kind} reached ${r.pages} of ${district.totalPages} pages`);
        const { workDir: _, ...measured } = r;
        result.runs.push(measured);
        console.error(`  ${r.pages} pages in ${r.wallSeconds.toFixed(1)} s, peak ${Math.round(r.usage.peakRssMb)} MB`);
      }
      if (gongkaiDir) {
        console.error(`[${size}] rules over the stored run…`);
        const rulesJob = jobFor(server, 'rules');
        result.rules = await runChild('child-rules.ts', { ...rulesJob, dbDir: gongkaiDir });
      }
      if (gongkaiDir && values.incremental) {
        console.error(`[${size}] gongkai, second night on the unchanged district…`);
        const { workDir: _, ...second } = await crawl(server, 'gongkai', gongkaiDir);
        result.secondNight = second;
        console.error(`  ${second.pages} pages in ${second.wallSeconds.toFixed(1)} s, ${second.detail['reusedPages']} carried over`);
      }
      if (values.profile && i === sizes.length - 1) {
        console.error(`[${size}] gongkai under --cpu-prof…`);
        const job = jobFor(server, 'profile');
        const profDir = join(job.workDir, 'prof');
        const r = await runChild('child-ours.ts', job, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
        const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
        if (file) profile = { ...summariseProfile(join(profDir, file), repoRoot, 30), pages: r.pages };
      }
      results.push(result);
    } finally {
      await server.close();
    }
  }
} finally {
  if (!values.keep) rmSync(workRoot, { recursive: true, force: true });
  else console.error(`working directories kept in ${workRoot}`);
}

const report = formatReport(results, profile);
console.log(report);
if (!distinctHosts) console.log('\nnote: 127.0.0.2 could not be bound: every unit was served on 127.0.0.1 (one host for the limiter).');

const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const date = new Date().toISOString().slice(0, 10);
let out = join(resultsDir, `${date}.json`);
for (let n = 2; existsSync(out); n++) out = join(resultsDir, `${date}-${n}.json`);
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, concurrency, units: unitCount, perHostDelayMs: delayMs, distinctHosts, sizes: results, profile }, null, 2)}\n`);
console.log(`\nraw results: ${out}`);
