/**
 * `gongkai worker`: one of several processes (on one or more machines) that crawl one district
 * together through a PostgreSQL database. See crawler/pg/worker.ts for what is shared and how.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evalDateFrom, loadConfig, parseCommandArgs, requireOption, UsageError } from '../main.js';
import { interruptSignal } from '../../crawler/interrupt.js';
import { timeZoneOf } from '../../crawler/config.js';
import { describePgUrl, isPostgresUrl } from '../../store/pg/connect.js';
import { pgStoreText } from '../../store/pg/messages.zh-CN.js';
import { workerCliText as T } from '../text-worker.zh-CN.js';
import { runWorker } from '../../crawler/pg/worker.js';
import { createProgress } from '../../crawler/progress.js';
import { UserError } from '../../store/errors.js';

export async function workerCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('worker', args, {
    db: { type: 'string' }, config: { type: 'string' }, now: { type: 'string' }, concurrency: { type: 'string' },
    'export-sqlite': { type: 'string' }, quiet: { type: 'boolean' }, name: { type: 'string' },
  });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbUrl = requireOption('worker', v.db, '--db', 'PostgreSQL 连接地址，例如 --db postgres://gongkai@数据库主机/gongkai');
  if (!isPostgresUrl(dbUrl)) throw new UsageError(`worker：${pgStoreText.badUrl}`);
  const configFile = requireOption('worker', v.config, '--config', '区县配置文件，例如 --config gongkai.config.yaml');
  const config = loadConfig(configFile);
  const evalDate = evalDateFrom(v.now ?? config.evalDate, timeZoneOf(config));
  let concurrency: number | undefined;
  if (v.concurrency !== undefined) {
    concurrency = Number(v.concurrency);
    if (!/^\d+$/.test(v.concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`worker：${T.badConcurrency}`);
  }
  const exportSqlite = v['export-sqlite'] === undefined ? undefined : resolve(v['export-sqlite']);
  // Checked before any work: the copy is written only at the end, and must never replace a database.
  if (exportSqlite && existsSync(exportSqlite)) throw new UserError(T.exportExists(exportSqlite));

  const progress = createProgress(process.stderr, { quiet: v.quiet ?? false });
  const interrupt = interruptSignal(progress);
  try {
    const outcome = await runWorker({
      dbUrl, config, evalDate, progress, signal: interrupt.signal,
      ...(concurrency !== undefined ? { concurrency } : {}), ...(exportSqlite ? { exportSqlite } : {}), ...(v.name ? { name: v.name } : {}),
    });
    progress.done();
    if (outcome.interrupted) {
      process.stderr.write(`${T.interrupted}\n`);
      return 1;
    }
    if (outcome.failed) {
      process.stderr.write(`${T.runFailed(outcome.run.id)}\n`);
      return 1;
    }
    process.stdout.write(`${T.done(outcome.run.id, outcome.pages, describePgUrl(dbUrl))}\n`);
    process.stdout.write(`${exportSqlite ? T.sqliteCopy(exportSqlite) : T.howToCopy}\n`);
    return 0;
  } finally {
    interrupt.dispose();
  }
}
