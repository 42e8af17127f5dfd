/**
 * Benchmark child for `--nights`: one night of Gongkai's real crawl (runCrawl, audit included) into a
 * given SQLite store — a planned night when the store holds an earlier run of the same config, a
 * full crawl when the config says `incremental: false`. Writes the run id and how long the night's
 * essentials and lists took (from the stored fetch times of frontier priorities 0 and 1).
 */
import { ConfigSchema } from '../crawler/config.js';
import type { Progress } from '../crawler/progress.js';
import { runCrawl } from '../crawler/run.js';
import { openStore } from '../store/db.js';
import { measure, readJob, writeResult, type CrawlJob } from './child-protocol.js';

const job = readJob<CrawlJob & { dbFile: string; crawl: Record<string, unknown> }>();
const silent: Progress = { update() {}, done() {}, log() {} };

const result = await measure(async () => {
  const config = ConfigSchema.parse({ name: '夜间计划测试区', units: job.units, crawl: job.crawl });
  const db = openStore(job.dbFile);
  const started = Date.now();
  const outcome = await runCrawl(db, config, { evalDate: job.evalDate, watchdogMs: 3_600_000 }, silent);
  const runId = outcome.run.id;
  // When the last essential or list page of the night was stored (fetched_at of pages fetched tonight).
  const urgent = db.prepare(
    `SELECT MAX(p.fetched_at) AS t FROM frontier f JOIN pages p ON p.run_id = f.run_id AND p.unit_id = f.unit_id AND p.url = f.url
      WHERE f.run_id = ? AND f.priority <= 1 AND p.verified_run = p.run_id`,
  ).get(runId) as { t: string | null };
  const pages = (db.prepare('SELECT COUNT(*) AS n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
  db.close();
  return {
    pages,
    detail: {
      runId, status: outcome.run.status, interrupted: outcome.interrupted,
      essentialsSeconds: urgent.t ? (Date.parse(urgent.t) - started) / 1000 : 0,
    },
  };
}, 'night');

writeResult(job.resultFile, result);
