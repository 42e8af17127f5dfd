/** `--run ID|latest` for commands that read a stored run. */
import { cliText } from '../text.zh-CN.js';
import { UsageError } from '../main.js';
import type { Db } from '../../store/db.js';
import { findRun, type RunRow } from '../../store/runs.js';

export function selectRun(db: Db, value: string | undefined, dbFile: string, opts: { finishedOnly?: boolean } = {}): RunRow {
  const which = value ?? 'latest';
  let key: 'latest' | number = 'latest';
  if (which !== 'latest') {
    if (!/^\d+$/.test(which)) throw new UsageError(cliText.badRun(which));
    key = Number(which);
  }
  const run = findRun(db, key, opts);
  if (!run) {
    const runs = db.prepare('SELECT id, status FROM runs ORDER BY id').all() as { id: number; status: string }[];
    throw new UsageError(cliText.noRun(which, dbFile, runs));
  }
  return run;
}
