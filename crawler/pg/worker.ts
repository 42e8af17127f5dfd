/**
 * One `gongkai worker` process: joins (or creates) the PostgreSQL run of its config, works the shared
 * page phase until every admitted URL of the run is done, then either finishes the run itself or
 * waits for the worker that does.
 *
 * What is distributed: the page phase (fetch, decode, snapshot, discover) — the bulk of the work.
 * What is not: the finishing phases (link checks, attachments, probes, accessibility, audit) run on
 * ONE worker, through the unchanged single-process code: the run is copied into a temporary SQLite
 * file, `crawlRun` there finds its frontier all done and goes straight to the link checks, `auditRun`
 * scores, and every table those phases wrote is copied back to PostgreSQL.
 *
 * Exactly one worker finishes: it holds a session-level advisory lock on the run for as long as it
 * works (a worker that dies loses its connection and with it the lock), and moves the run from
 * 'crawling' to 'auditing' with one conditional UPDATE. A worker that finds the run 'auditing' and
 * the lock free takes over from a finisher that died.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { RULE_SET_VERSION } from '../../rules/version.js';
import { attachmentTimeoutMs } from '../attachments/phase.js';
import { auditRun } from '../audit.js';
import { BrowserPool } from '../browser/pool.js';
import { BROWSER_USER_AGENT } from '../browser/user-agent.js';
import { runConfig, type Config } from '../config.js';
import { crawlRun } from '../crawl.js';
import { HostLimiter, setProcessHostGate, sleep } from '../host-limiter.js';
import { shown } from '../../rules/escape.js';
import type { Progress } from '../progress.js';
import { pageReaderFor } from '../page-reader.js';
import { unitsOf } from '../run.js';
import { openStore } from '../../store/db.js';
import { getRun, type RunRow } from '../../store/runs.js';
import { migratePg, openPg, type PgPool } from '../../store/pg/connect.js';
import { AdmissionOrder } from './admission-order.js';
import { PgHostGate } from './host-gate.js';
import { pgText } from './messages.zh-CN.js';
import { PagePhase, type JobSettings, type PageJob } from './page-phase.js';
import { copyRunResultsToPg, copyRunToSqlite } from '../../store/pg/run-copy.js';
import { getPgRun, joinOrCreateRun, pgRunUnits } from '../../store/pg/runs.js';

export interface WorkerOptions {
  dbUrl: string;
  config: Config;
  evalDate: string;
  /** Requests at once in this process (default: the config's crawl.concurrency). */
  concurrency?: number;
  /** Where to leave a SQLite copy of the finished run (a new file). */
  exportSqlite?: string;
  signal?: AbortSignal;
  progress: Progress;
  /** Shown in logs and recorded per page in gk_page_workers. */
  name?: string;
}

export interface WorkerOutcome {
  run: RunRow;
  /** Pages this process saved in the page phase. */
  pages: number;
  /** This process ran the finishing phases. */
  finished: boolean;
  interrupted: boolean;
  failed: boolean;
}

/** Tables only the page phase writes; the finishing phases read them and they are not copied back. */
const PAGE_PHASE_TABLES: ReadonlySet<string> = new Set(['frontier', 'pages', 'units']);
const FINISH_LOCK = 0x676b6669;
const POLL_MS = 250;
/** Environment override of the job expiry (seconds): how soon a dead worker's pages go to another. */
export const JOB_EXPIRE_ENV = 'GONGKAI_WORKER_JOB_EXPIRE_S';

export function jobSettings(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const fromEnv = Number(env[JOB_EXPIRE_ENV]);
  // Generous by default: a page waiting for its turn on a slow, polite host is not a dead worker.
  // Expiring a live job costs only repeated requests: the second save of a page is refused.
  return { expireInSeconds: Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : 15 * 60, retryLimit: 50 };
}

export async function runWorker(opts: WorkerOptions): Promise<WorkerOutcome> {
  const crawl = opts.config.crawl;
  const concurrency = opts.concurrency ?? crawl.concurrency;
  const pool = await openPg(opts.dbUrl, { max: concurrency * 2 + 6 });
  let boss: PgBoss | null = null;
  const browser = new BrowserPool({ userAgent: BROWSER_USER_AGENT });
  try {
    await migratePg(pool);
    boss = new PgBoss({ connectionString: opts.dbUrl, max: 4, schedule: false, supervise: true, maintenanceIntervalSeconds: 30 });
    boss.on('error', () => undefined); // maintenance errors are retried by pg-boss itself
    await boss.start();

    const joined = await joinOrCreateRun(pool, opts.config, unitsOf(opts.config), opts.evalDate, RULE_SET_VERSION);
    const run = joined.run;
    opts.progress.log(joined.created ? pgText.created(run.id, joined.homes.length, run.evalDate) : pgText.joined(run.id, run.evalDate));
    const queue = `gongkai_pages_${run.id}`;
    await ensureQueue(pool, boss, queue);

    // Every request of this process (also the finishing phases' own limiter) takes the shared slot too.
    setProcessHostGate(new PgHostGate(pool, attachmentTimeoutMs(crawl.timeoutMs) + 30_000));
    const limiter = new HostLimiter({ concurrency, perHostConcurrency: crawl.perHostConcurrency, perHostDelayMs: crawl.perHostDelayMs });
    const reader = pageReaderFor(runConfig(run).crawl, limiter, browser, run.evalDate, opts.signal);
    const workerName = opts.name ?? `${hostname()}#${process.pid}`;
    const order = new AdmissionOrder(pool, run.id, 60_000, opts.signal);
    const phase = new PagePhase(pool, boss, run, queue, reader, jobSettings(), workerName, await pgRunUnits(pool, run.id), order);
    if (joined.created) await phase.sendJobs(joined.homes);

    await workPages(pool, boss, phase, run, queue, Math.max(4, concurrency * 2), opts);
    if (opts.signal?.aborted) return { run, pages: phase.saved, finished: false, interrupted: true, failed: false };

    const finished = await finishOrWait(pool, run, browser, opts);
    const final = (await getPgRun(pool, run.id))!;
    if (final.status === 'done' && opts.exportSqlite) {
      const db = openStore(opts.exportSqlite);
      try {
        await copyRunToSqlite(pool, run.id, db);
      } finally {
        db.close();
      }
    }
    return { run: final, pages: phase.saved, finished, interrupted: opts.signal?.aborted === true, failed: final.status === 'failed' };
  } finally {
    setProcessHostGate(null);
    await browser.close().catch(() => undefined);
    await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

const QUEUE_LOCK = 0x676b7175;

/**
 * Creates the run's pg-boss queue once. pg-boss's create_queue attaches a partition and adds foreign
 * keys: two workers creating the same queue at the same moment deadlock in PostgreSQL, so creation is
 * serialised by an advisory lock and skipped when the queue exists.
 */
async function ensureQueue(pool: PgPool, boss: PgBoss, name: string): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [QUEUE_LOCK]);
    try {
      if (!(await boss.getQueue(name))) await boss.createQueue(name);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [QUEUE_LOCK]);
    }
  } finally {
    c.release();
  }
}

async function openCount(pool: PgPool, runId: number): Promise<{ open: number; done: number }> {
  const r = (await pool.query<{ open: number; done: number }>(
    "SELECT COUNT(*) FILTER (WHERE state <> 'done')::float8 AS open, COUNT(*) FILTER (WHERE state = 'done')::float8 AS done FROM frontier WHERE run_id = $1",
    [runId])).rows[0]!;
  return r;
}

async function workPages(pool: PgPool, boss: PgBoss, phase: PagePhase, run: RunRow, queue: string, window: number, opts: WorkerOptions): Promise<void> {
  const inflight = new Set<Promise<void>>();
  const handle = async (job: PgBoss.Job<PageJob>): Promise<void> => {
    try {
      const outcome = job.data.runId === run.id ? await phase.process(job.data) : 'skipped';
      // Cut short by Ctrl-C: straight back to the queue for another worker.
      if (outcome === 'aborted') await boss.fail(queue, job.id);
      else await boss.complete(queue, job.id);
    } catch (err) {
      opts.progress.log(pgText.pageFailed(shown(job.data.url), err instanceof Error ? err.message : String(err)));
      await boss.fail(queue, job.id).catch(() => undefined);
    }
  };
  let lastReport = 0;
  let lastExpire = Date.now();
  // Pages read and waiting for their turn to be saved (admission-order.ts) do not hold a request
  // slot, so more are taken, up to a bound on what waits in memory.
  const maxHeld = window * 8;
  while (!opts.signal?.aborted) {
    const room = Math.min(window - phase.reading, maxHeld - inflight.size);
    if (room > 0) {
      const jobs = await boss.fetch<PageJob>(queue, { batchSize: room });
      // Started in admission order, as crawl.ts starts its claimed entries (the fetch returns them unordered).
      jobs.sort((x, y) => (x.data.seq ?? 0) - (y.data.seq ?? 0));
      for (const job of jobs) {
        const p: Promise<void> = handle(job).finally(() => inflight.delete(p));
        inflight.add(p);
      }
    }
    if (inflight.size === 0) {
      const { open } = await openCount(pool, run.id);
      if (open === 0) break;
      // Pages another worker holds. If it died, its jobs expire and come back here.
      await boss.expire();
      // Rows with no job at all (a creator that died between the run and its first jobs, or a job
      // that used up its retries): send them again. A duplicate job is harmless, see PagePhase.
      if ((await boss.getQueueSize(queue, { before: 'completed' })) === 0) {
        const orphans = (await pool.query<{ unit_id: string; url: string; seq: number }>(
          "SELECT unit_id, url, seq FROM frontier WHERE run_id = $1 AND state <> 'done' ORDER BY seq", [run.id])).rows;
        await phase.sendJobs(orphans.map((o) => ({ unitId: o.unit_id, url: o.url, seq: o.seq })));
      }
      await sleep(POLL_MS);
      continue;
    }
    await Promise.race([...inflight, phase.nextReadDone(), sleep(POLL_MS)]);
    // Jobs of a dead worker come back even while this one is busy: pages waiting for their turn
    // may be waiting for exactly those.
    if (Date.now() - lastExpire > 1000) {
      lastExpire = Date.now();
      await boss.expire();
    }
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      const { open, done } = await openCount(pool, run.id);
      opts.progress.update(pgText.progress(phase.saved, done, open));
    }
  }
  await Promise.allSettled(inflight);
}

/** Finishes the run if no other worker is doing it; otherwise waits until it is done. Returns whether this process finished it. */
async function finishOrWait(pool: PgPool, run: RunRow, browser: BrowserPool, opts: WorkerOptions): Promise<boolean> {
  let saidWaiting = false;
  while (!opts.signal?.aborted) {
    const client = await pool.connect();
    let locked = false;
    try {
      locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', [FINISH_LOCK, run.id])).rows[0]!.ok;
      if (locked) {
        const status = (await getPgRun(client, run.id))!.status;
        if (status === 'done' || status === 'failed') return false;
        if (status === 'crawling') {
          await client.query("UPDATE runs SET status = 'auditing' WHERE id = $1 AND status = 'crawling' RETURNING id", [run.id]);
        }
        // 'auditing' with the lock free: the finisher before us died; its work is redone from the start.
        await finish(pool, run.id, browser, opts);
        return true;
      }
    } finally {
      if (locked) await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [FINISH_LOCK, run.id]).catch(() => undefined);
      client.release();
    }
    const status = (await getPgRun(pool, run.id))!.status;
    if (status === 'done' || status === 'failed') return false;
    if (!saidWaiting) opts.progress.log(pgText.waitingForFinisher);
    saidWaiting = true;
    await sleep(1000);
  }
  return false;
}

async function finish(pool: PgPool, runId: number, browser: BrowserPool, opts: WorkerOptions): Promise<void> {
  opts.progress.log(pgText.finishing(runId));
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-finish-'));
  const db = openStore(join(dir, 'run.sqlite'));
  try {
    await copyRunToSqlite(pool, runId, db);
    const run = getRun(db, runId)!;
    try {
      await crawlRun(db, run, opts.progress, opts.signal, browser);
      if (opts.signal?.aborted) return; // left 'auditing': the next worker to start takes over
      auditRun(db, getRun(db, runId)!, opts.progress);
    } catch (err) {
      await pool.query("UPDATE runs SET status = 'failed', finished_at = $2 WHERE id = $1", [runId, new Date().toISOString()]);
      throw err;
    }
    opts.progress.log(pgText.savingResults);
    await copyRunResultsToPg(db, pool, runId, PAGE_PHASE_TABLES);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
