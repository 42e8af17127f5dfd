/**
 * The long-running scheduler behind `gongkai schedule`: holds the schedule lock for its life, fires a
 * tick on every cron time (croner), never two at once, and stops cleanly on SIGINT/SIGTERM.
 */
import { Cron } from 'croner';
import type { AlertOptions } from '../alerts/send.js';
import { CRON_MODE } from '../../crawler/cron.js';
import { useOfficeTimeZone } from './messages.zh-CN.js';
import { acquireLock } from './lock.js';
import { openScheduleLog } from './log.js';
import { scheduleText } from './messages.zh-CN.js';
import { runTick, TickControl, type TickOutcome } from './tick.js';

export interface SchedulerOptions {
  configFile: string;
  dbFile: string;
  cron: string;
  keepRuns: number;
  logFile: string;
  /** Run one tick now and return (for systemd timers and crontab). */
  once: boolean;
  /** The office's time zone (config timeZone): cron times, the log and every time shown. */
  timeZone: string;
  alerts?: AlertOptions;
}

/** Exit code of a `--once` run: 0 done (or skipped because a crawl was already running), 1 failed. */
function onceExitCode(outcome: TickOutcome): number {
  return outcome.status === 'done' || outcome.status === 'skipped' ? 0 : 1;
}

export async function runScheduler(opts: SchedulerOptions): Promise<number> {
  useOfficeTimeZone(opts.timeZone);
  const log = openScheduleLog(opts.logFile);
  const lock = acquireLock(opts.dbFile, 'schedule', 'schedule', { onTakeOver: (stale) => log.info(scheduleText.staleLockTaken(stale)) });
  // Whatever ends the process, the lock must not outlive it as if held.
  const releaseOnExit = () => lock.release();
  process.on('exit', releaseOnExit);
  const settings = { configFile: opts.configFile, dbFile: opts.dbFile, keepRuns: opts.keepRuns, log, ...(opts.alerts ? { alerts: opts.alerts } : {}) };
  const control = new TickControl();
  let signals = 0;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      log.info(scheduleText.stopping(signal));
      if (control.child) log.info(scheduleText.stoppingCrawl);
      control.stop(false);
      stop();
    } else if (signals === 2) {
      log.info(scheduleText.stoppingForce);
      control.stop(true);
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (opts.once) {
      const outcome = await runTick(settings, control);
      log.info(scheduleText.onceDone);
      return onceExitCode(outcome);
    }

    let running: Promise<TickOutcome> | null = null;
    let runningSince: Date | null = null;
    const job = new Cron(opts.cron, {
      mode: CRON_MODE,
      // "0 2 * * *" is 02:00 office time, whatever the machine's clock zone.
      timezone: opts.timeZone,
      // A tick while the previous one still runs is skipped (and said so), never queued or overlapped.
      protect: () => log.info(scheduleText.tickSkippedBusy(runningSince)),
      catch: (err) => log.info(scheduleText.tickFailed(err instanceof Error ? err.message : String(err))),
    }, async () => {
      if (control.stopRequested) return;
      runningSince = new Date();
      running = runTick(settings, control);
      try {
        await running;
      } finally {
        running = null;
        runningSince = null;
        if (!control.stopRequested) log.info(scheduleText.nextRun(job.nextRun()));
      }
    });
    log.info(scheduleText.started(opts.cron, opts.dbFile, opts.keepRuns));
    log.info(scheduleText.nextRun(job.nextRun()));

    await stopped;
    job.stop();
    // Let the running tick end: the crawl was asked to stop and saves what it has.
    const last = running as Promise<TickOutcome> | null;
    if (last) await last;
    log.info(scheduleText.stopped);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', releaseOnExit);
    lock.release();
  }
}
