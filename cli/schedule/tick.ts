/**
 * One scheduled night: crawl in a child process, prune old runs, send the alerts.
 *
 * The crawl runs as `node bin/gongkai.js crawl …` in its own process (and process group), so a crash
 * or an out-of-memory in the crawl cannot take the scheduler down, and a Ctrl-C in the terminal reaches
 * only the scheduler, which then stops the crawl once, gracefully (the run stays resumable).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildExport } from '../../reports/build-export.js';
import type { ExportDocument } from '../../reports/export-schema.js';
import { sendAlerts, type AlertOptions } from '../alerts/send.js';
import { todayIn } from '../../rules/office-time.js';
import { loadConfig, timeZoneOf, type Config } from '../../crawler/config.js';
import { openStore } from '../../store/db.js';
import { pruneRuns } from '../../store/prune.js';
import { configHash, findRun, findUnfinishedRun } from '../../store/runs.js';
import { acquireLock, INHERITED_CRAWL_LOCK_ENV, LockHeldError, type HeldLock } from './lock.js';
import type { ScheduleLog } from './log.js';
import { scheduleText } from './messages.zh-CN.js';

const BIN = fileURLToPath(new URL('../../bin/gongkai.js', import.meta.url));

export interface TickSettings {
  configFile: string;
  dbFile: string;
  keepRuns: number;
  log: ScheduleLog;
  alerts?: AlertOptions;
}

export type TickOutcome =
  | { status: 'done'; runId: number }
  | { status: 'skipped' }
  | { status: 'failed'; reason: string }
  | { status: 'interrupted' };

/** Lets the scheduler stop the crawl of a running tick. */
export class TickControl {
  child: ChildProcess | null = null;
  stopRequested = false;

  /** First call: ask the crawl to stop (it saves what it has). `force`: kill it now. */
  stop(force: boolean): void {
    this.stopRequested = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(child.pid, force ? 'SIGKILL' : 'SIGINT');
    } catch {
      /* already gone */
    }
  }
}

/** The newest finished run's id, and whether an unfinished run of the same night can be continued. */
function storeState(dbFile: string, config: Config): { latestDone: number; resume: number | null; evalDate: string } {
  const db = openStore(dbFile);
  try {
    const latestDone = findRun(db, 'latest')?.id ?? 0;
    const unfinished = findUnfinishedRun(db);
    // Continue only the same night's crawl under the same config: an older one would carry an old evaluation date.
    // Each night is evaluated on its own date: a fixed evalDate in the config is not used here.
    const evalDate = todayIn(timeZoneOf(config));
    const resume = unfinished && unfinished.evalDate === evalDate && unfinished.configHash === configHash(config) ? unfinished.id : null;
    return { latestDone, resume, evalDate };
  } finally {
    db.close();
  }
}

function runCrawlChild(s: TickSettings, lock: HeldLock, resume: boolean, control: TickControl, evalDate: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const args = ['crawl', '--config', s.configFile, '--db', s.dbFile, '--now', evalDate, '--quiet', ...(resume ? ['--resume'] : [])];
  s.log.info(scheduleText.crawlCommand(args.join(' ')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [INHERITED_CRAWL_LOCK_ENV]: lock.holder.token, NO_COLOR: '1' },
    });
    control.child = child;
    if (child.pid !== undefined) lock.addPid(child.pid);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (line.trim() !== '') s.log.info(scheduleText.crawlOutput(line));
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      control.child = null;
      resolve({ code, signal });
    });
  });
}

export async function runTick(s: TickSettings, control: TickControl = new TickControl()): Promise<TickOutcome> {
  let lock: HeldLock;
  try {
    lock = acquireLock(s.dbFile, 'crawl', 'schedule-crawl', { onTakeOver: (stale) => s.log.info(scheduleText.staleLockTaken(stale)) });
  } catch (err) {
    if (err instanceof LockHeldError) {
      s.log.info(scheduleText.tickSkippedLocked(err.message));
      return { status: 'skipped' };
    }
    throw err;
  }
  try {
    s.log.info(scheduleText.tickStart);
    const config = loadConfig(s.configFile);
    const before = storeState(s.dbFile, config);
    if (before.resume !== null) s.log.info(scheduleText.resuming(before.resume));
    const started = Date.now();
    if (config.evalDate !== undefined) s.log.info(scheduleText.fixedEvalDate(config.evalDate, before.evalDate));
    const exit = await runCrawlChild(s, lock, before.resume !== null, control, before.evalDate);
    if (control.stopRequested) {
      s.log.info(scheduleText.crawlInterrupted);
      return { status: 'interrupted' };
    }
    if (exit.code !== 0) {
      const reason = scheduleText.crawlFailed(exit.code, exit.signal);
      s.log.info(reason);
      return { status: 'failed', reason };
    }

    let doc: ExportDocument;
    let runId: number;
    const db = openStore(s.dbFile);
    try {
      const run = findRun(db, 'latest');
      if (!run || run.id <= before.latestDone) {
        s.log.info(scheduleText.noNewRun);
        return { status: 'failed', reason: scheduleText.noNewRun };
      }
      runId = run.id;
      s.log.info(scheduleText.crawlDone(run.id, Date.now() - started));
      // Built before pruning: with keepRuns 1 the comparison run is about to go.
      doc = buildExport(db, run);
      try {
        s.log.info(scheduleText.pruned(pruneRuns(db, s.keepRuns).deleted, s.keepRuns));
      } catch (err) {
        s.log.info(scheduleText.pruneFailed(err instanceof Error ? err.message : String(err)));
      }
    } finally {
      db.close();
    }
    try {
      await sendAlerts(doc, config, (line) => s.log.info(line), s.alerts);
    } catch (err) {
      s.log.info(scheduleText.alertsFailed(err instanceof Error ? err.message : String(err)));
    }
    s.log.info(scheduleText.tickDone(runId));
    return { status: 'done', runId };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    s.log.info(scheduleText.tickFailed(reason));
    return { status: 'failed', reason };
  } finally {
    lock.release();
  }
}
