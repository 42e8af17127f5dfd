/** `gongkai audit`: re-audit and re-score a stored run without fetching. */
import { resolve } from 'node:path';
import { buildExport } from '../../reports/build-export.js';
import { renderRankingTable } from '../../reports/ranking-table.js';
import { auditRun } from '../../crawler/audit.js';
import { evalDateFrom, parseCommandArgs, requireOption } from '../main.js';
import { createProgress } from '../../crawler/progress.js';
import { openStore } from '../../store/db.js';
import { getRun } from '../../store/runs.js';
import { selectRun } from './run-selector.js';
import { acquireCrawlLock } from '../schedule/lock.js';
import { UserError } from '../../store/errors.js';
import { cliText } from '../text.zh-CN.js';

export async function auditCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('audit', args, { db: { type: 'string' }, run: { type: 'string' }, now: { type: 'string' }, quiet: { type: 'boolean' } });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('audit', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const db = openStore(dbFile, { mustExist: true });
  try {
    const run = selectRun(db, v.run, dbFile, { finishedOnly: false });
    // Only a finished run is audited again: a run still crawling (or stopped mid-way) belongs to
    // `crawl --resume`, which audits it when its crawl is complete.
    if (run.status !== 'done') throw new UserError(auditText.notFinished(run.id, cliText.runStatus(run.status)));
    // The same lock a crawl takes: no audit while a crawl writes into this database.
    const lock = acquireCrawlLock(dbFile, 'audit');
    try {
      const evalDate = v.now === undefined ? run.evalDate : evalDateFrom(v.now);
      process.stdout.write(`${auditText.auditing(run.id, evalDate, run.evalDate)}\n`);
      auditRun(db, run, createProgress(process.stderr, { quiet: v.quiet ?? false }), { evalDate });
      process.stdout.write(renderRankingTable(buildExport(db, getRun(db, run.id)!)));
      return 0;
    } finally {
      lock.release();
    }
  } finally {
    db.close();
  }
}

const auditText = {
  notFinished: (run: number, status: string) =>
    `第 ${run} 次运行${status}，不能重新审核（它的页面还没有抓完）。请用 npx gongkai crawl --resume 完成这次运行，完成时会自动审核。`,
  auditing: (run: number, evalDate: string, before: string) =>
    evalDate === before ? `按评估日期 ${evalDate} 重新审核第 ${run} 次运行。` : `按评估日期 ${evalDate} 重新审核第 ${run} 次运行（原评估日期 ${before}）。`,
};
