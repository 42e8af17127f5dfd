/** axe results per page (stored as the runner returned them, so a run re-audits without a browser). */
import type { Db } from './db.js';

export function saveAxeResult(db: Db, runId: number, unitId: string, url: string, r: { json: unknown; error: string | null }): void {
  db.prepare('INSERT OR REPLACE INTO axe_results (run_id, unit_id, url, json, error) VALUES (?, ?, ?, ?, ?)')
    .run(runId, unitId, url, r.json === null || r.json === undefined ? null : JSON.stringify(r.json), r.error);
}

export function hasAxeResult(db: Db, runId: number, unitId: string, url: string): boolean {
  return db.prepare('SELECT 1 FROM axe_results WHERE run_id = ? AND unit_id = ? AND url = ?').get(runId, unitId, url) !== undefined;
}

export function unitAxeResults(db: Db, runId: number, unitId: string): Map<string, { json: unknown; error: string | null }> {
  const rows = db.prepare('SELECT url, json, error FROM axe_results WHERE run_id = ? AND unit_id = ?').all(runId, unitId) as
    { url: string; json: string | null; error: string | null }[];
  return new Map(rows.map((r) => [r.url, { json: r.json === null ? null : (JSON.parse(r.json) as unknown), error: r.error }]));
}

/**
 * Carries an earlier run's axe results and their screenshots for the pages this run holds (the
 * night's budget ran out before the accessibility phase): they stay as they were last checked.
 */
export function carryAxeResults(db: Db, previousRunId: number, runId: number): void {
  db.transaction(() => {
    const inRun = 'EXISTS (SELECT 1 FROM pages p WHERE p.run_id = ? AND p.unit_id = x.unit_id AND (p.url = x.url OR p.final_url = x.url))';
    db.prepare(`INSERT OR IGNORE INTO axe_results (run_id, unit_id, url, json, error)
      SELECT ?, unit_id, url, json, error FROM axe_results x WHERE run_id = ? AND ${inRun}`).run(runId, previousRunId, runId);
    db.prepare(`INSERT OR IGNORE INTO screenshots (run_id, unit_id, url, selector, png)
      SELECT ?, unit_id, url, selector, png FROM screenshots x WHERE run_id = ? AND ${inRun}`).run(runId, previousRunId, runId);
  })();
}
