/**
 * Marks on findings (误报 / 已整改), kept per unit and finding key across runs (migration 4).
 * A new mark on the same finding replaces the old one: the latest judgement counts.
 */
import type { Db } from './db.js';

/** 误报 (false positive) or 已整改 (fixed, awaiting the next crawl): entered by a person. */
export const MARK_KINDS = ['false-positive', 'fixed'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface MarkRow {
  unitId: string;
  key: string;
  ruleId: string;
  url: string;
  kind: MarkKind;
  reason: string;
  by: string;
  /** ISO timestamp. */
  at: string;
  /** The run the finding was seen in when marked (null when unknown). */
  runId: number | null;
}

interface RawMark {
  unit_id: string; finding_key: string; rule_id: string; url: string; kind: MarkKind;
  reason: string; marked_by: string; marked_at: string; run_id: number | null;
}

const toMark = (r: RawMark): MarkRow => ({
  unitId: r.unit_id, key: r.finding_key, ruleId: r.rule_id, url: r.url, kind: r.kind,
  reason: r.reason, by: r.marked_by, at: r.marked_at, runId: r.run_id,
});

/** A mark to save: `at` defaults to now, `runId` to unknown. */
export type NewMark = Omit<MarkRow, 'at' | 'runId'> & { at?: string; runId?: number | null };

export function setMark(db: Db, mark: NewMark): MarkRow {
  const at = mark.at ?? new Date().toISOString();
  db.prepare(
    `INSERT INTO marks (unit_id, finding_key, rule_id, url, kind, reason, marked_by, marked_at, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit_id, finding_key) DO UPDATE SET
       rule_id = excluded.rule_id, url = excluded.url, kind = excluded.kind, reason = excluded.reason,
       marked_by = excluded.marked_by, marked_at = excluded.marked_at, run_id = excluded.run_id`,
  ).run(mark.unitId, mark.key, mark.ruleId, mark.url, mark.kind, mark.reason, mark.by, at, mark.runId ?? null);
  return getMark(db, mark.unitId, mark.key)!;
}

/** Removes a mark; false when there was none. */
export function clearMark(db: Db, unitId: string, key: string): boolean {
  return db.prepare('DELETE FROM marks WHERE unit_id = ? AND finding_key = ?').run(unitId, key).changes > 0;
}

export function getMark(db: Db, unitId: string, key: string): MarkRow | undefined {
  const r = db.prepare('SELECT * FROM marks WHERE unit_id = ? AND finding_key = ?').get(unitId, key) as RawMark | undefined;
  return r && toMark(r);
}

/** Every mark, or one unit's, oldest first. */
export function marksOf(db: Db, unitId?: string): MarkRow[] {
  const rows = (unitId === undefined
    ? db.prepare('SELECT * FROM marks ORDER BY marked_at, rowid').all()
    : db.prepare('SELECT * FROM marks WHERE unit_id = ? ORDER BY marked_at, rowid').all(unitId)) as RawMark[];
  return rows.map(toMark);
}
