/**
 * Run retention for nightly use: keep the newest `keep` finished runs, delete older ones with every
 * row they own. What it never touches:
 * - runs still crawling or auditing (a crawl may be writing into them, or they wait for --resume);
 * - the office's own data that lives across runs (marks, manual entries).
 */
import type { Db } from './db.js';

/**
 * Every table whose rows belong to one run (column `run_id`), from store/migrations.ts.
 * Listed by hand on purpose: a new per-run table must be added here, and a table of lasting data
 * (marks) must never be caught by a pattern. test/unit/run-retention.test.ts fails when a table
 * with a run_id column is in neither list.
 */
export const PER_RUN_TABLES = [
  'units', 'frontier', 'pages', 'link_checks', 'findings', 'scores',
  'attachments', 'unit_probes', 'axe_results', 'screenshots', 'site_roles',
] as const;

/** Tables that outlive runs (migration 4): a mark's run_id only says where it was made. */
export const LASTING_TABLES = ['marks', 'manual_entries'] as const;

export interface PruneResult {
  /** Ids of the deleted runs, oldest first. */
  deleted: number[];
}

/**
 * Keeps the newest `keep` runs with status `done`; deletes older `done` runs, and `failed` runs older
 * than the oldest run kept (a failed night must never push good results out of the window).
 */
export function pruneRuns(db: Db, keep: number): PruneResult {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a positive integer, got ${keep}`);
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  const tables = PER_RUN_TABLES.filter((t) => present.has(t));
  const prune = db.transaction((): number[] => {
    const kept = db.prepare("SELECT id FROM runs WHERE status = 'done' ORDER BY id DESC LIMIT ?").all(keep) as { id: number }[];
    if (kept.length < keep) return [];
    const oldestKept = kept[kept.length - 1]!.id;
    const doomed = (db.prepare("SELECT id FROM runs WHERE status IN ('done', 'failed') AND id < ? ORDER BY id").all(oldestKept) as { id: number }[]).map((r) => r.id);
    for (const id of doomed) {
      for (const table of tables) db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(id);
      db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    }
    return doomed;
  });
  return { deleted: prune() };
}
