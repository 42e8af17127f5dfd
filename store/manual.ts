/**
 * The hand-entered 30 points per unit (migration 4): one entry per unit, replaced on each import.
 * Not per run: what the office entered holds for every run until it enters something else.
 */
import type { Db } from './db.js';

/** One unit's hand-entered items, normalized (reports/manual-scores.ts reads them from manual.yaml). */
export interface ManualEntry {
  daily: { id: string; points: number; note?: string }[];
  deductions: { id: string; points: number; note?: string }[];
  note?: string;
  enteredBy?: string;
}

export interface StoredManualEntry extends ManualEntry {
  /** ISO timestamp of the import. */
  enteredAt: string;
}

export function saveManualEntry(db: Db, unitId: string, entry: ManualEntry, enteredAt = new Date().toISOString()): void {
  db.prepare(
    `INSERT INTO manual_entries (unit_id, json, entered_by, entered_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (unit_id) DO UPDATE SET json = excluded.json, entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
  ).run(unitId, JSON.stringify(entry), entry.enteredBy ?? null, enteredAt);
}

/** Saves many entries at once: an import is all or nothing. */
export function saveManualEntries(db: Db, entries: ReadonlyMap<string, ManualEntry>, enteredAt = new Date().toISOString()): void {
  db.transaction(() => {
    for (const [unitId, entry] of entries) saveManualEntry(db, unitId, entry, enteredAt);
  })();
}

interface RawEntry { unit_id: string; json: string; entered_by: string | null; entered_at: string }

function toEntry(r: RawEntry): StoredManualEntry {
  const entry = JSON.parse(r.json) as ManualEntry;
  return { ...entry, ...(r.entered_by !== null ? { enteredBy: r.entered_by } : {}), enteredAt: r.entered_at };
}

export function loadManualEntry(db: Db, unitId: string): StoredManualEntry | undefined {
  const r = db.prepare('SELECT * FROM manual_entries WHERE unit_id = ?').get(unitId) as RawEntry | undefined;
  return r && toEntry(r);
}

export function loadManualEntries(db: Db): Map<string, StoredManualEntry> {
  const rows = db.prepare('SELECT * FROM manual_entries ORDER BY unit_id').all() as RawEntry[];
  return new Map(rows.map((r) => [r.unit_id, toEntry(r)]));
}

export function clearManualEntry(db: Db, unitId: string): boolean {
  return db.prepare('DELETE FROM manual_entries WHERE unit_id = ?').run(unitId).changes > 0;
}
