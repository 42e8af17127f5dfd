/** The runs of the store, newest first, with the number of pages each fetched (for `/runs`). */
import type { Db } from '../../store/db.js';
import type { RunStatus } from '../../store/runs.js';

export interface RunListEntry {
  id: number;
  evalDate: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
}

/** The newest runs first; a nightly store keeps a month or so, so a limit is only a guard. */
export function listRuns(db: Db, limit = 200): RunListEntry[] {
  return db
    .prepare(
      `SELECT r.id, r.eval_date AS evalDate, r.status, r.started_at AS startedAt, r.finished_at AS finishedAt,
              (SELECT COUNT(*) FROM pages p WHERE p.run_id = r.id) AS pages
         FROM runs r ORDER BY r.id DESC LIMIT ?`,
    )
    .all(limit) as RunListEntry[];
}
