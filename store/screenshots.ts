/** Screenshots of violating elements in context (PNG), the evidence shown in reports. */
import type { Db } from './db.js';

export function saveScreenshot(db: Db, runId: number, unitId: string, url: string, selector: string, png: Buffer): void {
  db.prepare('INSERT OR REPLACE INTO screenshots (run_id, unit_id, url, selector, png) VALUES (?, ?, ?, ?, ?)')
    .run(runId, unitId, url, selector, png);
}

/** Screenshots of a unit keyed by `url + '\\n' + selector`. */
export function unitScreenshots(db: Db, runId: number, unitId: string): Map<string, Buffer> {
  const rows = db.prepare('SELECT url, selector, png FROM screenshots WHERE run_id = ? AND unit_id = ?').all(runId, unitId) as
    { url: string; selector: string; png: Buffer }[];
  return new Map(rows.map((r) => [`${r.url}\n${r.selector}`, r.png]));
}
