/**
 * `npm run bench -- --nights 8`: the nightly plan on a generated county portal of over 100,000 pages
 * on ONE host (test/helpers/changing-portal.ts) that changes every night: a few hundred new
 * articles and notices, an edited and a retitled article, a deleted one, a column going stale, a
 * leaked ID number in a new attachment. Each night runs twice, each in its own child process: the
 * planned night (revisitDays 7) in one store, and a full crawl of the same site in another.
 * Reported per night: requests the planned night sent (counted by the portal), against night 1 and
 * the full crawl; wall time and the time to finish the essentials and the column lists; pages
 * carried; the oldest verification age; and whether the site-level findings equal the full crawl's.
 *
 * With --together the two crawls of a night run at once (one per core), each against its own copy
 * of the portal (same content, another port) so each copy counts its own crawl's requests; the
 * findings are then compared with the port masked.
 *
 *   npm run bench -- --nights 8 [--portal-units 20] [--columns 10] [--articles 500] [--delay 0] [--revisit-days 7] [--together]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleMeta } from '../rules/catalogue.js';
import { openStore } from '../store/db.js';
import { getRun } from '../store/runs.js';
import { buildExport } from '../reports/build-export.js';
import type { ExportDocument, ExportFinding } from '../reports/export-schema.js';
import { findingKey } from '../reports/finding-key.js';
import { ChangingPortal } from '../test/helpers/changing-portal.js';
import type { ChildResult, CrawlJob } from './child-protocol.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');

export interface NightsOptions {
  nights: number;
  units: number;
  columns: number;
  articles: number;
  delayMs: number;
  concurrency: number;
  revisitDays: number;
  keep: boolean;
  /** Run the night's full crawl and planned night at the same time, against two copies of the portal. */
  together: boolean;
}

interface NightRow {
  night: number;
  date: string;
  planRequests: number;
  fullRequests: number;
  planSeconds: number;
  fullSeconds: number;
  essentialsSeconds: number;
  planCpuSeconds: number;
  pages: number;
  verifiedPages: number;
  carriedPages: number;
  oldestAgeDays: number;
  siteLevelEqual: boolean;
  siteLevelFindings: number;
  siteLevelDiff: string[];
}

function runChild(job: CrawlJob & { dbFile: string; crawl: Record<string, unknown> }): Promise<ChildResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'child-night.ts'), JSON.stringify(job)], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0 || !existsSync(job.resultFile)) fail(new Error(`child-night.ts exited with code ${code}`));
      else ok(JSON.parse(readFileSync(job.resultFile, 'utf8')) as ChildResult);
    });
  });
}

/**
 * The site-level findings of a run, each as `unit ruleId outcome key`. The key is computed again with
 * the portal's origin replaced by a fixed one, so runs against two copies of the portal (another
 * port) compare equal when their findings are the same.
 */
function siteLevel(doc: ExportDocument, origin: string): string[] {
  const masked = (f: ExportFinding) => findingKey(JSON.parse(JSON.stringify(f).split(origin).join('http://portal')) as ExportFinding);
  const isSite = (f: ExportFinding) => {
    const scope = f.ruleId.startsWith('a11y.') && f.ruleId !== 'a11y.toolbar' ? 'page' : ruleMeta(f.ruleId)?.scope;
    if (scope === 'unit' || scope === 'column') return true;
    return f.ruleId === 'link.broken' && (f.data['fromHome'] === true || typeof f.data['href'] !== 'string');
  };
  return doc.units.flatMap((u) => u.findings.filter(isSite).map((f) => `${u.id} ${f.ruleId} ${f.outcome} ${masked(f)}`)).sort();
}

export async function runNights(o: NightsOptions): Promise<void> {
  const portalOptions = { units: o.units, columns: o.columns, articlesPerColumn: o.articles, perPage: 20, newPerNight: 15, paragraphs: 1 };
  const portal = await new ChangingPortal(portalOptions).start();
  // The full crawl's own copy of the portal when both crawls run at once (requests counted apart).
  const fullPortal = o.together ? await new ChangingPortal(portalOptions).start() : portal;
  const work = mkdtempSync(join(tmpdir(), 'gk-nights-'));
  const unitsOf = (p: ChangingPortal) => p.units().map((u) => ({ ...u, type: 'department' }));
  const originOf = (p: ChangingPortal) => new URL(p.units()[0]!.url).origin;
  const crawl = {
    concurrency: o.concurrency, perHostConcurrency: o.delayMs > 0 ? 1 : o.concurrency, perHostDelayMs: o.delayMs, timeoutMs: 60_000,
    render: 'never', a11yPagesPerUnit: 0, maxPagesPerUnit: 1_000_000,
  };
  const planDb = join(work, 'planned.sqlite');
  const rows: NightRow[] = [];
  let night1Requests = 0;
  const machine = {
    cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  try {
    for (let n = 1; n <= o.nights; n++) {
      portal.setNight(n);
      fullPortal.setNight(n);
      const date = portal.dateOf(n);
      const job = (name: string, p: ChangingPortal, dbFile: string, c: Record<string, unknown>) => {
        const dir = join(work, `${name}-${n}`);
        mkdirSync(dir, { recursive: true });
        return { units: unitsOf(p), concurrency: o.concurrency, workDir: dir, resultFile: join(dir, 'result.json'), evalDate: date, dbFile, crawl: c };
      };
      const fullDb = join(work, `full-${n}.sqlite`);
      const runFull = async () => {
        const before = fullPortal.requests(n);
        const result = await runChild(job('full', fullPortal, fullDb, { ...crawl, incremental: false }));
        console.error(`  full crawl: ${result.pages} pages, ${fullPortal.requests(n) - before} requests, ${result.wallSeconds.toFixed(0)} s`);
        return { result, requests: fullPortal.requests(n) - before };
      };
      const runPlan = async () => {
        const before = portal.requests(n);
        const result = await runChild(job('plan', portal, planDb, { ...crawl, revisitDays: o.revisitDays }));
        return { result, requests: portal.requests(n) - before };
      };
      let fullRun: Awaited<ReturnType<typeof runFull>>;
      let planRun: Awaited<ReturnType<typeof runPlan>>;
      if (o.together) {
        console.error(`night ${n} (${date}): full crawl and planned night at once…`);
        [fullRun, planRun] = await Promise.all([runFull(), runPlan()]);
      } else {
        console.error(`night ${n} (${date}): full crawl…`);
        fullRun = await runFull();
        console.error('  planned night…');
        planRun = await runPlan();
      }
      const full = fullRun.result;
      const fullRequests = fullRun.requests;
      const plan = planRun.result;
      const planRequests = planRun.requests;
      if (n === 1) night1Requests = planRequests;
      const pdb = openStore(planDb, { readonly: true });
      const fdb = openStore(fullDb, { readonly: true });
      try {
        const planDoc = buildExport(pdb, getRun(pdb, Number(plan.detail['runId']))!);
        const fullDoc = buildExport(fdb, getRun(fdb, Number(full.detail['runId']))!);
        const a = siteLevel(planDoc, originOf(portal));
        const b = siteLevel(fullDoc, originOf(fullPortal));
        const diff = [...a.filter((x) => !b.includes(x)).map((x) => `+ ${x}`), ...b.filter((x) => !a.includes(x)).map((x) => `- ${x}`)];
        const c = planDoc.run.coverage!;
        const oldestAgeDays = c.oldestVerification ? Math.round((Date.parse(date) - Date.parse(c.oldestVerification)) / 86_400_000) : 0;
        rows.push({
          night: n, date, planRequests, fullRequests, planSeconds: plan.wallSeconds, fullSeconds: full.wallSeconds,
          essentialsSeconds: Number(plan.detail['essentialsSeconds']), planCpuSeconds: plan.usage.workCpuSeconds,
          pages: plan.pages, verifiedPages: c.verifiedPages, carriedPages: c.carriedPages, oldestAgeDays,
          siteLevelEqual: diff.length === 0, siteLevelFindings: a.length, siteLevelDiff: diff.slice(0, 20),
        });
        console.error(`  planned: ${planRequests} requests (${((planRequests / night1Requests) * 100).toFixed(1)}% of night 1), ${plan.wallSeconds.toFixed(0)} s, `
          + `carried ${c.carriedPages}, oldest ${oldestAgeDays} d, site-level ${diff.length === 0 ? 'equal' : `DIFFERENT (${diff.length})`}`);
      } finally {
        pdb.close();
        fdb.close();
      }
      // The full crawl's store is not needed again: keep the disk small.
      if (!o.keep) for (const s of ['', '-wal', '-shm']) rmSync(fullDb + s, { force: true });
    }
  } finally {
    await portal.close();
    if (fullPortal !== portal) await fullPortal.close();
    if (!o.keep) rmSync(work, { recursive: true, force: true });
    else console.error(`working directory kept in ${work}`);
  }

  const pct = (x: number) => `${((x / night1Requests) * 100).toFixed(1)}%`;
  const lines = [
    `Nightly plan: ${rows[0]?.pages ?? 0} pages on one host, revisitDays ${o.revisitDays}, perHostDelayMs ${o.delayMs}, concurrency ${o.concurrency}${o.together ? ', full crawl and planned night at once (wall times shared two ways)' : ''}`,
    '',
    '| night | requests (planned) | of night 1 | full crawl requests | planned wall s | essentials+lists s | full wall s | verified | carried | oldest age (days) | site-level = full |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.night} | ${r.planRequests} | ${pct(r.planRequests)} | ${r.fullRequests} | ${r.planSeconds.toFixed(0)} | ${r.essentialsSeconds.toFixed(0)} | ${r.fullSeconds.toFixed(0)} | ${r.verifiedPages} | ${r.carriedPages} | ${r.oldestAgeDays} | ${r.siteLevelEqual ? `yes (${r.siteLevelFindings})` : 'NO'} |`),
  ];
  const later = rows.slice(1);
  const maxShare = later.length ? Math.max(...later.map((r) => r.planRequests / night1Requests)) : 0;
  lines.push('', `nights 2–${o.nights}: at most ${(maxShare * 100).toFixed(1)}% of night 1's requests (target ≤ 20%); oldest verification ${Math.max(...rows.map((r) => r.oldestAgeDays))} days (target < ${o.revisitDays}); site-level findings equal every night: ${rows.every((r) => r.siteLevelEqual) ? 'yes' : 'no'}`);
  for (const r of rows.filter((x) => !x.siteLevelEqual)) lines.push(`night ${r.night} differences:`, ...r.siteLevelDiff.map((d) => `  ${d}`));
  console.log(lines.join('\n'));
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  let out = join(resultsDir, `${day}-nights.json`);
  for (let k = 2; existsSync(out); k++) out = join(resultsDir, `${day}-nights-${k}.json`);
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, options: o, nights: rows }, null, 2)}\n`);
  console.log(`\nraw results: ${out}`);
}
