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

export async function auditCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('audit', args, { db: { type: 'string' }, run: { type: 'string' }, now: { type: 'string' }, quiet: { type: 'boolean' } });
  if (!parsed) return 0;
  const v = parsed.values;
  const dbFile = resolve(requireOption('audit', v.db, '--db', '数据库文件，例如 --db gongkai.sqlite'));
  const db = openStore(dbFile, { mustExist: true });
  try {
    const run = selectRun(db, v.run, dbFile, { finishedOnly: false });
    const evalDate = v.now === undefined ? run.evalDate : evalDateFrom(v.now);
    auditRun(db, run, createProgress(process.stderr, { quiet: v.quiet ?? false }), { evalDate });
    process.stdout.write(renderRankingTable(buildExport(db, getRun(db, run.id)!)));
    return 0;
  } finally {
    db.close();
  }
}
