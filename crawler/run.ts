/**
 * One complete run: create (or resume) a run in the store, gather, audit, score. Used by
 * `gongkai crawl` and `gongkai demo`.
 */
import { RULE_SET_VERSION } from '../rules/version.js';
import type { UnitInfo } from '../rules/types.js';
import { auditRun } from './audit.js';
import type { Config } from './config.js';
import { crawlRun, type CrawlStats } from './crawl.js';
import { BrowserPool } from './browser/pool.js';
import { BROWSER_USER_AGENT } from './browser/user-agent.js';
import { crawlText } from './messages.zh-CN.js';
import type { Progress } from './progress.js';
import type { Db } from './store/db.js';
import { configHash, createRun, findUnfinishedRun, getRun, setRunStatus, type RunRow } from './store/runs.js';
import { UserError } from './errors.js';

export interface RunOptions {
  evalDate: string;
  units?: string[];
  resume?: boolean;
  signal?: AbortSignal;
}

export interface RunOutcome {
  run: RunRow;
  stats: CrawlStats;
  resumed: boolean;
  interrupted: boolean;
}

export function unitsOf(config: Config, only?: string[]): UnitInfo[] {
  const wanted = only && only.length > 0 ? new Set(only) : null;
  return config.units.filter((u) => !wanted || wanted.has(u.id)).map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url, scope: u.scope }));
}

export async function runCrawl(db: Db, config: Config, opts: RunOptions, progress: Progress): Promise<RunOutcome> {
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
  if (!resumed) progress.log(crawlText.crawlStart(run.id, unitsOf(config, opts.units).length, run.evalDate));

  let stats: CrawlStats = { pages: 0, errors: 0, linksChecked: 0 };
  if (run.status === 'crawling') {
    try {
      // The browser names itself like the HTTP crawler does, so site owners can tell who visits.
      const pool = new BrowserPool({ userAgent: BROWSER_USER_AGENT });
      try {
        stats = await crawlRun(db, run, progress, opts.signal, pool);
      } finally {
        await pool.close();
      }
    } catch (err) {
      setRunStatus(db, run.id, 'failed');
      throw err;
    }
    if (opts.signal?.aborted) {
      return { run: getRun(db, run.id)!, stats, resumed, interrupted: true };
    }
  }
  auditRun(db, run, progress);
  return { run: getRun(db, run.id)!, stats, resumed, interrupted: false };
}
