/** Runs and their units. */
import { createHash } from 'node:crypto';
import type { UnitInfo, UnitType } from '../rules/types.js';
import type { Db } from './db.js';

export type RunStatus = 'crawling' | 'auditing' | 'done' | 'failed';

/**
 * The config a run was started with, kept as JSON. Its full shape is the crawler's (crawler/config.ts,
 * read back with `runConfig`); the store itself needs only the district's name and what identifies
 * the crawl (units and crawl settings) for the config hash.
 */
export interface StoredConfig {
  readonly name: string;
  readonly units: readonly { readonly id: string; readonly name: string; readonly type: string; readonly url: string; readonly scope?: readonly string[] }[];
  readonly crawl: { readonly watchdogMs?: number; readonly budgetMinutes?: number; readonly pageThreads?: number };
  /** The office's time zone (crawler/config.ts timeZone). */
  readonly timeZone?: string;
}

export interface RunRow {
  id: number;
  district: string;
  startedAt: string;
  finishedAt: string | null;
  evalDate: string;
  status: RunStatus;
  config: StoredConfig;
  configHash: string;
  ruleSetVersion: string;
  /** What the night covered (crawler/night-plan.ts NightCoverage), once the crawl has ended; null before or for older runs. */
  coverage: unknown;
}

/** A runs row as the database returns it (SQLite and PostgreSQL alike). */
export interface RawRun {
  id: number; district: string; started_at: string; finished_at: string | null; eval_date: string;
  status: RunStatus; config_json: string; config_hash: string; rule_set_version: string; coverage_json?: string | null;
}

export const toRun = (r: RawRun): RunRow => ({
  id: r.id, district: r.district, startedAt: r.started_at, finishedAt: r.finished_at, evalDate: r.eval_date,
  status: r.status, config: JSON.parse(r.config_json) as StoredConfig, configHash: r.config_hash, ruleSetVersion: r.rule_set_version,
  coverage: r.coverage_json ? (JSON.parse(r.coverage_json) as unknown) : null,
});

/** Records what the night covered (JSON of the crawler's NightCoverage). */
export function setRunCoverage(db: Db, id: number, coverage: unknown): void {
  db.prepare('UPDATE runs SET coverage_json = ? WHERE id = ?').run(JSON.stringify(coverage), id);
}

/**
 * What a resumed run must share with the interrupted one: the units to crawl (id, name, type, url,
 * scope) and the crawl settings except the watchdog. Who receives the alerts (units[].contact) does not
 * change the crawl.
 */
export function configHash(config: StoredConfig): string {
  const units = config.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url, scope: u.scope }));
  // The watchdog limit and the night's time budget only decide when a run stops, and the page threads
  // only which core parses a page: changing them must not block --resume.
  const { watchdogMs: _watchdog, budgetMinutes: _budget, pageThreads: _threads, ...crawl } = config.crawl;
  void _watchdog;
  void _budget;
  void _threads;
  return createHash('sha256').update(JSON.stringify({ units, crawl })).digest('hex').slice(0, 16);
}

export function createRun(db: Db, config: StoredConfig, units: UnitInfo[], evalDate: string, ruleSetVersion: string): RunRow {
  const startedAt = new Date().toISOString();
  const hash = configHash(config);
  const insert = db.transaction(() => {
    const info = db
      .prepare(`INSERT INTO runs (district, started_at, eval_date, status, config_json, config_hash, rule_set_version)
                VALUES (?, ?, ?, 'crawling', ?, ?, ?)`)
      .run(config.name, startedAt, evalDate, JSON.stringify(config), hash, ruleSetVersion);
    const runId = Number(info.lastInsertRowid);
    const addUnit = db.prepare('INSERT INTO units (run_id, id, name, type, url, scope_json) VALUES (?, ?, ?, ?, ?, ?)');
    for (const u of units) addUnit.run(runId, u.id, u.name, u.type, u.url, JSON.stringify(u.scope));
    return runId;
  });
  return getRun(db, insert())!;
}

export function getRun(db: Db, id: number): RunRow | undefined {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RawRun | undefined;
  return r && toRun(r);
}

/** `latest` = the newest finished run; a number = that run. */
export function findRun(db: Db, which: 'latest' | number, opts: { finishedOnly?: boolean } = {}): RunRow | undefined {
  if (which !== 'latest') return getRun(db, which);
  const where = opts.finishedOnly === false ? '' : "WHERE status = 'done'";
  const r = db.prepare(`SELECT * FROM runs ${where} ORDER BY id DESC LIMIT 1`).get() as RawRun | undefined;
  return r && toRun(r);
}

/** The newest run that did not finish (for --resume). */
export function findUnfinishedRun(db: Db): RunRow | undefined {
  const r = db.prepare("SELECT * FROM runs WHERE status IN ('crawling','auditing') ORDER BY id DESC LIMIT 1").get() as RawRun | undefined;
  return r && toRun(r);
}

/**
 * Sets a run's status; `done` and `failed` are stamped now, unless `finishedAt` says when (a run
 * audited again keeps the time its crawl finished).
 */
export function setRunStatus(db: Db, id: number, status: RunStatus, opts: { finishedAt?: string } = {}): void {
  const finished = status === 'done' || status === 'failed' ? (opts.finishedAt ?? new Date().toISOString()) : null;
  db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, finished, id);
}

export function runUnits(db: Db, runId: number): UnitInfo[] {
  const rows = db.prepare('SELECT id, name, type, url, scope_json FROM units WHERE run_id = ? ORDER BY rowid').all(runId) as
    { id: string; name: string; type: UnitType; url: string; scope_json: string }[];
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, url: r.url, scope: JSON.parse(r.scope_json) as string[] }));
}

/** The newest finished run before this one: what "changed since last time" compares with. */
export function previousFinishedRun(db: Db, runId: number): { id: number; evalDate: string } | undefined {
  const r = db.prepare("SELECT id, eval_date FROM runs WHERE status = 'done' AND id < ? ORDER BY id DESC LIMIT 1").get(runId) as
    { id: number; eval_date: string } | undefined;
  return r && { id: r.id, evalDate: r.eval_date };
}
