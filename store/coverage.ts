/**
 * What a night covered (the nightly plan, crawler/night-plan.ts), counted from the run's rows when
 * its crawl ends and kept with the run (runs.coverage_json). The reports, the dashboard and the
 * export read it from there.
 */
import type { Db } from './db.js';

export interface NightCoverage {
  /** The night built on an earlier run and carried what was not due (false: every page was fetched). */
  planned: boolean;
  /** Pages the servers confirmed tonight: downloaded, or answered "unchanged" (304). */
  verifiedPages: number;
  /** Pages carried from an earlier night without a request, each with the date it was last verified. */
  carriedPages: number;
  /** The oldest verification date of anything the run holds (pages, attachments, link targets), YYYY-MM-DD. */
  oldestVerification: string | null;
  /** New pages (never fetched) left for another night because the budget ran out. */
  pagesLeft: number;
  /** Essential and list pages (home, 政府信息公开 column and parts, column list pages) the budget left unread tonight. */
  essentialsLeft: number;
  /** Attachments and link targets neither checked tonight nor carried (new ones, budget spent). */
  attachmentsLeft: number;
  linksLeft: number;
  /** The night's time budget in minutes (null: none) and whether it ran out. */
  budgetMinutes: number | null;
  budgetSpent: boolean;
  /** crawl.revisitDays of a planned night. */
  revisitDays: number | null;
}

/** Counts what the run holds (the crawl has ended; the audit has not started). */
export function countCoverage(db: Db, runId: number, opts: { planned: boolean; budgetMinutes: number | null; budgetSpent: boolean; revisitDays: number | null }): NightCoverage {
  const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number | null }).n ?? 0;
  const verifiedPages = one('SELECT COUNT(*) AS n FROM pages WHERE run_id = ? AND COALESCE(verified_run, run_id) = run_id', runId);
  const carriedPages = one('SELECT COUNT(*) AS n FROM pages WHERE run_id = ? AND COALESCE(verified_run, run_id) <> run_id', runId);
  const oldest = db.prepare(
    `SELECT MIN(d) AS d FROM (
       SELECT MIN(verified_on) AS d FROM pages WHERE run_id = ?
       UNION ALL SELECT MIN(verified_on) FROM attachments WHERE run_id = ? AND state = 'done'
       UNION ALL SELECT MIN(verified_on) FROM link_checks WHERE run_id = ? AND verdict IS NOT NULL)`,
  ).get(runId, runId, runId) as { d: string | null };
  return {
    planned: opts.planned,
    verifiedPages,
    carriedPages,
    oldestVerification: oldest.d,
    pagesLeft: one("SELECT COUNT(*) AS n FROM frontier WHERE run_id = ? AND state = 'skipped' AND priority > 1", runId),
    // Essential and list pages not read tonight: skipped, or carried because the budget ran out.
    essentialsLeft: one(
      `SELECT COUNT(*) AS n FROM frontier f LEFT JOIN pages p ON p.run_id = f.run_id AND p.unit_id = f.unit_id AND p.url = f.url
        WHERE f.run_id = ? AND f.priority <= 1 AND (f.state = 'skipped' OR COALESCE(p.verified_run, p.run_id) <> p.run_id)`, runId),
    attachmentsLeft: one("SELECT COUNT(*) AS n FROM attachments WHERE run_id = ? AND state = 'pending'", runId),
    linksLeft: one('SELECT COUNT(*) AS n FROM link_checks WHERE run_id = ? AND verdict IS NULL', runId),
    budgetMinutes: opts.budgetMinutes,
    budgetSpent: opts.budgetSpent,
    revisitDays: opts.revisitDays,
  };
}
