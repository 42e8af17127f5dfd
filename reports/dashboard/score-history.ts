/**
 * A unit's score over the finished runs of the store, oldest first: the data of the dashboard's
 * trend chart. Read straight from the `scores` and `runs` tables (one indexed query), so the
 * history does not need an export document per run.
 */
import type { Db } from '../../store/db.js';

export interface ScorePoint {
  runId: number;
  evalDate: string;
  finishedAt: string | null;
  total: number;
  max: number;
  vetoed: boolean;
  /** false when the unit's home page could not be fetched in that run: the total is no result. */
  assessed: boolean;
}

/** At most this many runs are drawn (the newest ones): a nightly store grows every day. */
export const HISTORY_LIMIT = 60;

export function scoreHistory(db: Db, unitId: string, limit: number = HISTORY_LIMIT): ScorePoint[] {
  const rows = db
    .prepare(
      `SELECT r.id AS runId, r.eval_date AS evalDate, r.finished_at AS finishedAt, s.total, s.max, s.vetoed, s.json
         FROM scores s JOIN runs r ON r.id = s.run_id
        WHERE s.unit_id = ? AND r.status = 'done'
        ORDER BY r.id DESC
        LIMIT ?`,
    )
    .all(unitId, limit) as { runId: number; evalDate: string; finishedAt: string | null; total: number; max: number; vetoed: number; json: string }[];
  return rows.reverse().map((r) => ({
    runId: r.runId,
    evalDate: r.evalDate,
    finishedAt: r.finishedAt,
    total: r.total,
    max: r.max,
    vetoed: r.vetoed === 1,
    assessed: assessedFrom(r.json),
  }));
}

/** Older stores have no `assessed` in the stored score: they were assessed unless told otherwise. */
function assessedFrom(json: string): boolean {
  try {
    const parsed = JSON.parse(json) as { assessed?: unknown };
    return parsed.assessed !== false;
  } catch {
    return true;
  }
}
