/**
 * Benchmark child: Gongkai's real crawl (runCrawl: frontier, HostLimiter, pages with snapshots and
 * compressed HTML, link checks, probes, then the audit with every page and site rule, findings and
 * scores written) into a fresh SQLite file. Phase times come from the crawl's own progress lines.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigSchema } from '../crawler/config.js';
import { crawlText } from '../crawler/messages.zh-CN.js';
import type { Progress } from '../crawler/progress.js';
import { runCrawl } from '../crawler/run.js';
import { openStore } from '../store/db.js';
import { measure, readJob, writeResult, type CrawlJob } from './child-protocol.js';

/**
 * `dbDir`: crawl into the store an earlier child left there (the second night of an incremental
 * measurement: the crawl builds on the previous run). `perHostDelayMs`: the politeness delay
 * (default 0: the speed measurement wants the crawler's own cost, not waiting).
 */
const job = readJob<CrawlJob & { dbDir?: string; perHostDelayMs?: number }>();
const dbFile = join(job.dbDir ?? job.workDir, 'bench.sqlite');

/** A silent Progress that notes when each phase begins (its first log line). */
function phaseClock(): { progress: Progress; marks: Map<string, number> } {
  const marks = new Map<string, number>();
  const linksLine = crawlText.checkingLinks(0).split('：')[0]!;
  const auditLine = crawlText.auditing(0).split(' ')[0]!;
  const progress: Progress = {
    update() {},
    done() {},
    log(text) {
      if (text.startsWith(linksLine) && !marks.has('links')) {
        marks.set('links', performance.now());
        // How busy the crawl's own thread was during the page phase (the page threads' busy time is
        // in the outcome): the busier of the two is the crawl's limit.
        marks.set('mainBusyMs', performance.eventLoopUtilization().active - (marks.get('mainBusyAtStartMs') ?? 0));
      }
      if (text.startsWith(auditLine) && !marks.has('audit')) {
        marks.set('audit', performance.now());
        // The audit runs synchronously: no timer sample fires during it. The process's peak so far
        // (getrusage) taken here tells whether the audit, or the crawl before it, set the final peak.
        marks.set('peakBeforeAuditMb', process.resourceUsage().maxRSS / 1024);
      }
    },
  };
  return { progress, marks };
}

/**
 * Peak resident memory per phase, sampled every 250 ms: getrusage gives only the process's peak,
 * and knowing which phase reaches it tells where the memory goes. The audit is synchronous, so its
 * sample is only the one taken at the end; its real peak is the getrusage peak at the end when that
 * exceeds the peak taken as the audit began (`peakBeforeAuditMb`).
 */
function phasePeaks(marks: Map<string, number>): { stop(): Record<string, number> } {
  const peaks = { page: 0, links: 0, audit: 0 };
  // What the RSS is made of when the page phase peaks: V8's heap (used and reserved), and memory
  // outside it (Buffers, native parsers, SQLite's page cache).
  const atPagePeak = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
  const sample = () => {
    const phase = marks.has('audit') ? 'audit' : marks.has('links') ? 'links' : 'page';
    const m = process.memoryUsage();
    const rss = m.rss / 1024 / 1024;
    if (phase === 'page' && rss > peaks.page) Object.assign(atPagePeak, { heapUsedMb: m.heapUsed / 1048576, heapTotalMb: m.heapTotal / 1048576, externalMb: m.external / 1048576 });
    peaks[phase] = Math.max(peaks[phase], rss);
  };
  const timer = setInterval(sample, 250);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const before = marks.get('peakBeforeAuditMb') ?? 0;
      const end = process.resourceUsage().maxRSS / 1024;
      return {
        peakRssPagePhaseMb: peaks.page, peakRssLinkPhaseMb: peaks.links,
        // The audit set the process's peak when it grew during the audit; else it stayed below it.
        peakRssAuditMb: end > before ? end : peaks.audit, peakRssBeforeAuditMb: before,
        pagePeakHeapUsedMb: atPagePeak.heapUsedMb, pagePeakHeapTotalMb: atPagePeak.heapTotalMb, pagePeakExternalMb: atPagePeak.externalMb,
      };
    },
  };
}

const result = await measure(async () => {
  const config = ConfigSchema.parse({
    name: '性能测试区',
    units: job.units,
    crawl: {
      concurrency: job.concurrency, perHostConcurrency: job.concurrency, perHostDelayMs: job.perHostDelayMs ?? 0, respectRobots: true,
      render: 'never', a11yPagesPerUnit: 0, maxPagesPerUnit: 1_000_000, timeoutMs: 60_000,
    },
  });
  const db = openStore(dbFile);
  const { progress, marks } = phaseClock();
  const peaks = phasePeaks(marks);
  const t0 = performance.now();
  marks.set('mainBusyAtStartMs', performance.eventLoopUtilization().active);
  const outcome = await runCrawl(db, config, { evalDate: job.evalDate, watchdogMs: 600_000 }, progress);
  const t1 = performance.now();
  const rss = peaks.stop();
  // This run's rows only: the store may hold the previous night's run too.
  const count = (sql: string) => (db.prepare(sql).get(outcome.run.id) as { n: number }).n;
  const htmlPages = count('SELECT COUNT(*) AS n FROM pages WHERE run_id = ? AND status = 200 AND (snapshot_gz IS NOT NULL OR snapshot_json IS NOT NULL)');
  const findings = count('SELECT COUNT(*) AS n FROM findings WHERE run_id = ?');
  db.close();
  const links = marks.get('links') ?? t1;
  const audit = marks.get('audit') ?? t1;
  return {
    pages: htmlPages,
    detail: {
      storedPages: outcome.stats.pages, reusedPages: outcome.stats.reused ?? 0, errors: outcome.stats.errors, linksChecked: outcome.stats.linksChecked, findings,
      status: outcome.run.status, pagesInThreads: outcome.pagesInThreads ?? 0,
      mainThreadBusySeconds: (marks.get('mainBusyMs') ?? 0) / 1000, pageThreadBusySeconds: (outcome.pageThreadBusyMs ?? 0) / 1000,
      pagePhaseSeconds: (links - t0) / 1000, linkPhaseSeconds: (audit - links) / 1000, auditSeconds: (t1 - audit) / 1000,
      dbMb: statSync(dbFile).size / 1024 / 1024,
      ...rss,
    },
  };
}, 'gongkai');

writeResult(job.resultFile, result);
