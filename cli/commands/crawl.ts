/** `gongkai crawl`: gather, audit and score the configured units. */
import { resolve } from 'node:path';
import { buildExport } from '../../reports/build-export.js';
import { coverageText } from '../../reports/messages.zh-CN.js';
import { isAssessed } from '../../reports/ranking-table.js';
import { renderRankingTable } from '../../reports/ranking-table.js';
import { cliText } from '../text.zh-CN.js';
import { crawlText } from '../../crawler/messages.zh-CN.js';
import { evalDateFrom, loadConfig, parseCommandArgs, parseUnitList, requireOption } from '../main.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { incrementalOf, runConfig, timeZoneOf, type Config } from '../../crawler/config.js';
import { openStore } from '../../store/db.js';
import { findUnfinishedRun } from '../../store/runs.js';
import { interruptSignal } from '../../crawler/interrupt.js';
import { acquireCrawlLock } from '../schedule/lock.js';

/** The config with crawl.incremental set (undefined = the default, on), the rest untouched. */
function withIncremental(config: Config, incremental: boolean | undefined): Config {
  const { incremental: _previous, ...crawl } = config.crawl;
  void _previous;
  return { ...config, crawl: incremental === undefined ? crawl : { ...crawl, incremental } };
}

export async function crawlCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('crawl', args, {
    config: { type: 'string' }, db: { type: 'string' }, now: { type: 'string' }, units: { type: 'string' },
    resume: { type: 'boolean' }, quiet: { type: 'boolean' }, full: { type: 'boolean' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const configFile = requireOption('crawl', v.config, '--config', '区县配置文件，例如 --config gongkai.config.yaml');
  const config = loadConfig(configFile);
  const evalDate = evalDateFrom(v.now ?? config.evalDate, timeZoneOf(config));
  const units = parseUnitList(v.units, config.units.map((u) => u.id));
  const dbFile = resolve(v.db ?? 'gongkai.sqlite');
  // One crawl per database at a time (a nightly schedule, the dashboard's button, a hand-run crawl):
  // a second one is refused with who holds the lock. Released however this command ends.
  const lock = acquireCrawlLock(dbFile);
  try {
    // --full: tonight every page and attachment is downloaded again, validators or not. Recorded in
    // the run's stored config, so a resumed run goes on the way it began.
    return await crawlWithLock(v, v.full ? withIncremental(config, false) : config, evalDate, units, dbFile);
  } finally {
    lock.release();
  }
}

async function crawlWithLock(
  v: { db?: string; resume?: boolean; quiet?: boolean; full?: boolean },
  config: Config,
  evalDate: string,
  units: string[] | undefined,
  dbFile: string,
): Promise<number> {
  const db = openStore(dbFile);
  const progress = createProgress(process.stderr, { quiet: v.quiet ?? false });
  if (v.resume) {
    // A resumed run keeps the mode it began with (incremental or --full), whatever tonight's flags:
    // half a run built on the previous night and half downloaded in full would still be correct,
    // but the run's stored config would no longer say how it was made.
    const unfinished = findUnfinishedRun(db);
    if (unfinished) {
      if (v.full && incrementalOf(runConfig(unfinished).crawl)) progress.log(crawlText.resumeKeepsIncremental(unfinished.id));
      config = withIncremental(config, runConfig(unfinished).crawl.incremental);
    }
  }
  const interrupt = interruptSignal(progress);
  try {
    const outcome = await runCrawl(db, config, { evalDate, units, resume: v.resume ?? false, signal: interrupt.signal }, progress);
    if (outcome.interrupted) {
      // Said even with --quiet: whoever reads the log must know the run can be continued.
      process.stderr.write(`${crawlText.interrupted(outcome.run.id)}\n`);
      return 1;
    }
    // The reused count belongs in the summary: a nightly run (schedule) is --quiet and its log shows
    // only stdout and the summary, not the progress lines.
    const reused = outcome.stats.reused ?? 0;
    const reusedNote = reused > 0 ? crawlText.reusedInSummary(reused) : '';
    const doc = buildExport(db, outcome.run);
    process.stdout.write(`\n${config.name} · 评估日期 ${outcome.run.evalDate} · 第 ${outcome.run.id} 次运行 · 本次抓取 ${outcome.stats.pages} 页${reusedNote}\n`);
    if (doc.run.coverage) process.stdout.write(`${coverageText(doc.run.coverage)}\n`);
    // Said plainly (also in a schedule's log): a night where no home page answered scored nothing.
    if (doc.units.length > 0 && doc.units.every((u) => !isAssessed(u))) process.stderr.write(`${crawlText.noUnitReachable(doc.units.length)}\n`);
    process.stdout.write('\n');
    process.stdout.write(renderRankingTable(doc));
    process.stdout.write(`\n${cliText.dbAt(dbFile)}\n${cliText.nextExport(v.db ?? 'gongkai.sqlite')}\n`);
    return 0;
  } finally {
    interrupt.dispose();
    db.close();
  }
}
