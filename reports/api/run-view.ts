/**
 * What the server shows of one run: the export document, the ranking, each unit's scope and its
 * screenshots, built once and kept while nothing changed. Rebuilt when a newer run finishes, when
 * the same run was re-audited (its finishedAt changes), or when the dashboard saved a mark or a
 * manual entry (`invalidate()`): those change the export document (marks, rescored totals).
 */
import type { Db } from '../../store/db.js';
import { findRun, runUnits, type RunRow } from '../../store/runs.js';
import type { UnitInfo } from '../../rules/types.js';
import { buildExport } from '../build-export.js';
import type { ExportDocument, ExportFinding } from '../export-schema.js';
import { rankUnits, type RankedUnit } from '../ranking-table.js';
import { storeScreenshots } from '../screenshot-source.js';

export interface RunView {
  key: string;
  run: RunRow;
  doc: ExportDocument;
  ranked: RankedUnit[];
  units: UnitInfo[];
  /** A violation's screenshot from the store as a PNG data URI, or null. */
  screenshot: (unitId: string, finding: ExportFinding) => string | null;
}

export interface RunViewCache {
  /** The view of the latest finished run, or null when the store has none. */
  latest(): RunView | null;
  /** Forget the cached view: the next `latest()` rebuilds it (after a write to the store). */
  invalidate(): void;
}

export function createRunViewCache(db: Db): RunViewCache {
  let cached: RunView | null = null;
  return {
    latest() {
      const run = findRun(db, 'latest');
      if (!run) return null;
      const key = `${run.id}|${run.finishedAt ?? ''}|${handEnteredVersion(db)}`;
      if (cached?.key !== key) {
        const doc = buildExport(db, run);
        cached = { key, run, doc, ranked: rankUnits(doc), units: runUnits(db, run.id), screenshot: storeScreenshots(db, run.id) };
      }
      return cached;
    },
    invalidate() {
      cached = null;
    },
  };
}

/**
 * Changes to marks and manual entries, also those made by another process (`gongkai mark`,
 * `gongkai manual`): counts and newest timestamps, two cheap indexed queries per request.
 */
function handEnteredVersion(db: Db): string {
  const m = db.prepare('SELECT COUNT(*) AS n, MAX(marked_at) AS t, MAX(rowid) AS i FROM marks').get() as { n: number; t: string | null; i: number | null };
  const e = db.prepare('SELECT COUNT(*) AS n, MAX(entered_at) AS t FROM manual_entries').get() as { n: number; t: string | null };
  return `${m.n}:${m.t ?? ''}:${m.i ?? ''}|${e.n}:${e.t ?? ''}`;
}

/** Finished runs in the store (for /health). */
export function finishedRunCount(db: Db): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'done'").get() as { n: number }).n;
}
