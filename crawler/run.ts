/**
 * One complete run: create (or resume) a run in the store, gather, audit, score. Used by
 * `gongkai crawl` and `gongkai demo`.
 */
import { RULE_SET_VERSION } from '../rules/version.js';
import type { UnitInfo } from '../rules/types.js';
import { auditRun } from './audit.js';
import type { Config } from './config.js';
import { crawlRun, type CrawlStats } from './crawl.js';
import { crawlText } from './messages.zh-CN.js';
import type { Progress } from './progress.js';
import type { Db } from './store/db.js';
import { createRun, findUnfinishedRun, getRun, setRunStatus, type RunRow } from './store/runs.js';

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
      resumed = true;
      progress.log(`继续第 ${run.id} 次运行（开始于 ${run.startedAt}，评估日期 ${run.evalDate}）`);
    } else {
      progress.log('没有未完成的运行，开始新的抓取。');
    }
  }
  run ??= createRun(db, config, unitsOf(config, opts.units), opts.evalDate, RULE_SET_VERSION);
  if (!resumed) progress.log(crawlText.crawlStart(run.id, unitsOf(config, opts.units).length, run.evalDate));

  let stats: CrawlStats = { pages: 0, errors: 0, linksChecked: 0 };
  if (run.status === 'crawling') {
    try {
      stats = await crawlRun(db, run, progress, opts.signal);
    } catch (err) {
      setRunStatus(db, run.id, 'failed');
      throw err;
    }
    if (opts.signal?.aborted) {
      progress.log(crawlText.interrupted(run.id));
      return { run: getRun(db, run.id)!, stats, resumed, interrupted: true };
    }
  }
  auditRun(db, run, progress);
  return { run: getRun(db, run.id)!, stats, resumed, interrupted: false };
}
