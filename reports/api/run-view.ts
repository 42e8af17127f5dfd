/**
 * What the API serves of one run: the export document, the ranking and each unit's scope, built
 * once per run and kept while that run stays the latest. Rebuilt when a newer run finishes, or when
 * the same run was re-audited (its finishedAt changes).
 */
import type { Db } from '../../crawler/store/db.js';
import { findRun } from '../../crawler/store/runs.js';
import { runUnits } from '../../crawler/store/runs.js';
import type { UnitInfo } from '../../rules/types.js';
import { buildExport } from '../build-export.js';
import type { ExportDocument } from '../export-schema.js';
import { rankUnits, type RankedUnit } from '../ranking-table.js';

export interface RunView {
  key: string;
  doc: ExportDocument;
  ranked: RankedUnit[];
  units: UnitInfo[];
}

export interface RunViewCache {
  /** The view of the latest finished run, or null when the store has none. */
  latest(): RunView | null;
}

export function createRunViewCache(db: Db): RunViewCache {
  let cached: RunView | null = null;
  return {
    latest() {
      const run = findRun(db, 'latest');
      if (!run) return null;
      const key = `${run.id}|${run.finishedAt ?? ''}`;
      if (cached?.key !== key) {
        const doc = buildExport(db, run);
        cached = { key, doc, ranked: rankUnits(doc), units: runUnits(db, run.id) };
      }
      return cached;
    },
  };
}

/** Finished runs in the store (for /health). */
export function finishedRunCount(db: Db): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'done'").get() as { n: number }).n;
}
