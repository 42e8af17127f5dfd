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
 *   npm run bench -- --nights 8 [--portal-units 20] [--columns 10] [--articles 500] [--delay 0] [--revisit-days 7]
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

function siteLevel(doc: ExportDocument): string[] {
  const isSite = (f: ExportFinding) => {
    const scope = f.ruleId.startsWith('a11y.') && f.ruleId !== 'a11y.toolbar' ? 'page' : ruleMeta(f.ruleId)?.scope;
    if (scope === 'unit' || scope === 'column') return true;
    return f.ruleId === 'link.broken' && (f.data['fromHome'] === true || typeof f.data['href'] !== 'string');
  };
  return doc.units.flatMap((u) => u.findings.filter(isSite).map((f) => `${u.id} ${f.ruleId} ${f.outcome} ${f.key}`)).sort();
}

export async function runNights(o: NightsOptions): Promise<void> {
  const portal = await new ChangingPortal({ units: o.units, columns: o.columns, articlesPerColumn: o.articles, perPage: 20, newPerNight: 15, paragraphs: 1 }).start();
  const work = mkdtempSync(join(tmpdir(), 'gk-nights-'));
  const units = portal.units().map((u) => ({ ...u, type: 'department' }));
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
      const date = portal.dateOf(n);
      const job = (name: string, dbFile: string, c: Record<string, unknown>) => {
        const dir = join(work, `${name}-${n}`);
        mkdirSync(dir, { recursive: true });
        return { units, concurrency: o.concurrency, workDir: dir, resultFile: join(dir, 'result.json'), evalDate: date, dbFile, crawl: c };
      };
      console.error(`night ${n} (${date}): full crawl…`);
      let before = portal.requests(n);
      const fullDb = join(work, `full-${n}.sqlite`);
      const full = await runChild(job('full', fullDb, { ...crawl, incremental: false }));
      const fullRequests = portal.requests(n) - before;
      console.error(`  ${full.pages} pages, ${fullRequests} requests, ${full.wallSeconds.toFixed(0)} s; planned night…`);
      before = portal.requests(n);
      const plan = await runChild(job('plan', planDb, { ...crawl, revisitDays: o.revisitDays }));
      const planRequests = portal.requests(n) - before;
      if (n === 1) night1Requests = planRequests;
      const pdb = openStore(planDb, { readonly: true });
      const fdb = openStore(fullDb, { readonly: true });
      try {
        const planDoc = buildExport(pdb, getRun(pdb, Number(plan.detail['runId']))!);
        const fullDoc = buildExport(fdb, getRun(fdb, Number(full.detail['runId']))!);
        const a = siteLevel(planDoc);
        const b = siteLevel(fullDoc);
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
    if (!o.keep) rmSync(work, { recursive: true, force: true });
    else console.error(`working directory kept in ${work}`);
  }

  const pct = (x: number) => `${((x / night1Requests) * 100).toFixed(1)}%`;
  const lines = [
    `Nightly plan: ${rows[0]?.pages ?? 0} pages on one host, revisitDays ${o.revisitDays}, perHostDelayMs ${o.delayMs}, concurrency ${o.concurrency}`,
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
