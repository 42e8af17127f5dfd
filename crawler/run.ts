/**
 * One complete run: create (or resume) a run in the store, gather, audit, score. Used by
 * `gongkai crawl` and `gongkai demo`.
 */
import Database from 'better-sqlite3';
import { RULE_SET_VERSION } from '../rules/version.js';
import type { UnitInfo } from '../rules/types.js';
import { auditRun } from './audit.js';
import { AnalysisPool } from './analysis-pool.js';
import { pageThreadsOf, runConfig, type Config } from './config.js';
import { crawlRun, type CrawlStats } from './crawl.js';
import { BrowserPool } from './browser/pool.js';
import { BROWSER_USER_AGENT } from './browser/user-agent.js';
import { crawlText } from './messages.zh-CN.js';
import { alertLine, type Progress } from './progress.js';
import { StoreError, type Db } from '../store/db.js';
import { configHash, createRun, findUnfinishedRun, getRun, setRunStatus, type RunRow } from '../store/runs.js';
import { UserError } from '../store/errors.js';
import { resolveWatchdogMs, Watchdog, WATCHDOG_ENV, watchdogText } from './watchdog.js';

export interface RunOptions {
  evalDate: string;
  units?: string[];
  resume?: boolean;
  signal?: AbortSignal;
  /**
   * No-progress watchdog: the crawl stops (resumable) after this long without a page stored, a link
   * checked or an attachment read. Default: GONGKAI_WATCHDOG_MS, else the config's
   * `crawl.watchdogMs`, else 10 minutes.
   */
  watchdogMs?: number;
  /** Pages analysed in the crawl's own thread before the page threads start (default 1,000; tests use 0). */
  pageThreadWarmup?: number;
}

export interface RunOutcome {
  run: RunRow;
  stats: CrawlStats;
  resumed: boolean;
  /** Stopped before the end (Ctrl-C, SIGTERM or the watchdog): resumable with --resume. */
  interrupted: boolean;
  /** Stopped by the no-progress watchdog. */
  stalled?: boolean;
  /** Pages analysed in page threads during this crawl (the rest in the crawl's own thread). */
  pagesInThreads?: number;
  /** Milliseconds the page threads were busy, summed over them (AnalysisPool.threadBusyMs). */
  pageThreadBusyMs?: number;
}

const runText = {
  busy: (file: string, run: number | null) =>
    `数据库 ${file} 正被另一个程序写入（SQLite 报告数据库忙，等待后仍未释放），无法保存抓取结果。` +
    '请关闭正在写这个数据库的其他程序（例如 sqlite3 命令行、数据库查看工具或另一个 Gongkai 进程）后再试。' +
    (run === null ? '' : `已保存的结果不受影响，可用 --resume 继续第 ${run} 次运行。`),
};

export function unitsOf(config: Config, only?: string[]): UnitInfo[] {
  const wanted = only && only.length > 0 ? new Set(only) : null;
  return config.units.filter((u) => !wanted || wanted.has(u.id)).map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url, scope: u.scope }));
}

/** SQLITE_BUSY / SQLITE_LOCKED: another connection holds the write lock longer than our busy timeout. */
function isBusy(err: unknown): boolean {
  return err instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(err.code);
}

export async function runCrawl(db: Db, config: Config, opts: RunOptions, progress: Progress): Promise<RunOutcome> {
  let runId: number | null = null;
  try {
    return await runCrawlUnguarded(db, config, opts, progress, (id) => (runId = id));
  } catch (err) {
    // Said plainly instead of "database is locked" and a stack: the run stays resumable.
    if (isBusy(err)) throw new StoreError(runText.busy(db.name, runId));
    throw err;
  }
}

async function runCrawlUnguarded(db: Db, config: Config, opts: RunOptions, progress: Progress, started: (runId: number) => void): Promise<RunOutcome> {
  let run: RunRow | undefined;
  let resumed = false;
  if (opts.resume) {
    run = findUnfinishedRun(db);
    if (run) {
      // Continuing under another config would mix two crawls in one run.
      if (configHash(config) !== run.configHash) throw new UserError(crawlText.resumeConfigChanged(run.id));
      resumed = true;
      progress.log(crawlText.resuming(run.id, run.startedAt, run.evalDate));
      if (opts.evalDate !== run.evalDate) progress.log(crawlText.resumeKeepsEvalDate(run.evalDate));
    } else {
      progress.log(crawlText.nothingToResume);
    }
  }
  run ??= createRun(db, config, unitsOf(config, opts.units), opts.evalDate, RULE_SET_VERSION);
  started(run.id);
  if (!resumed) progress.log(crawlText.crawlStart(run.id, unitsOf(config, opts.units).length, run.evalDate));

  let stats: CrawlStats = { pages: 0, errors: 0, linksChecked: 0 };
  let pagesInThreads = 0;
  let pageThreadBusyMs = 0;
  if (run.status === 'crawling') {
    const watchdog = new Watchdog(
      resolveWatchdogMs({ option: opts.watchdogMs, env: process.env[WATCHDOG_ENV], config: runConfig(run).crawl.watchdogMs }),
      () => alertLine(progress, watchdogText.stalled(watchdog.ms)),
    );
    // The crawl stops on the caller's signal (Ctrl-C) or on the watchdog's, whichever comes first.
    const signal = opts.signal ? AbortSignal.any([opts.signal, watchdog.signal]) : watchdog.signal;
    try {
      // The browser names itself like the HTTP crawler does, so site owners can tell who visits.
      const pool = new BrowserPool({ userAgent: BROWSER_USER_AGENT });
      const analysis = new AnalysisPool({
        threads: pageThreadsOf(runConfig(run).crawl), ...(opts.pageThreadWarmup !== undefined ? { warmupPages: opts.pageThreadWarmup } : {}),
      });
      watchdog.start();
      try {
        const crawling = crawlRun(db, run, watchdog.watch(progress), signal, pool, analysis);
        // Work that ignores the abort (a hung browser, a socket that never closes) must not keep a
        // stalled run from ending: after the grace period the run stops waiting for it. Everything
        // it could still write is guarded by the aborted signal, and its late failure is not ours.
        crawling.catch(() => undefined);
        const outcome = await Promise.race([crawling, watchdog.afterGrace().then(() => null)]);
        if (outcome) stats = outcome;
      } finally {
        watchdog.stop();
        pagesInThreads = analysis.pagesInThreads;
        pageThreadBusyMs = analysis.threadBusyMs;
        await Promise.all([pool.close(), analysis.close()]);
      }
    } catch (err) {
      // A busy database is another program's write lock, not a broken run: leave it resumable.
      if (!isBusy(err)) setRunStatus(db, run.id, 'failed');
      throw err;
    }
    if (signal.aborted) {
      return { run: getRun(db, run.id)!, stats, resumed, interrupted: true, stalled: watchdog.stalled, pagesInThreads, pageThreadBusyMs };
    }
  }
  auditRun(db, run, progress);
  return { run: getRun(db, run.id)!, stats, resumed, interrupted: false, pagesInThreads, pageThreadBusyMs };
}
