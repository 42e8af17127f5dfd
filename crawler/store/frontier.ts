/**
 * The persisted frontier (request queue). URLs are admitted once per unit (primary key), claimed in
 * FIFO order, and marked done in the same transaction that stores the page — so a killed crawl resumes
 * without losing or repeating pages (only the in-flight ones are fetched again).
 */
import type { Db } from './db.js';

export interface FrontierEntry {
  unitId: string;
  url: string;
  depth: number;
  parent: string | null;
  linkText: string | null;
}

export class Frontier {
  private seq: number;
  private readonly insertStmt;
  private readonly claimStmt;
  private readonly markActive;
  private readonly doneStmt;
  private readonly countStmt;
  private readonly hasStmt;

  constructor(private readonly db: Db, private readonly runId: number) {
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM frontier WHERE run_id = ?').get(runId) as { s: number }).s;
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO frontier (run_id, unit_id, url, depth, parent, link_text, state, seq)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
    this.claimStmt = db.prepare(
      "SELECT unit_id, url, depth, parent, link_text FROM frontier WHERE run_id = ? AND state = 'pending' ORDER BY seq LIMIT ?",
    );
    this.markActive = db.prepare("UPDATE frontier SET state = 'active' WHERE run_id = ? AND unit_id = ? AND url = ?");
    this.doneStmt = db.prepare("UPDATE frontier SET state = 'done' WHERE run_id = ? AND unit_id = ? AND url = ?");
    this.countStmt = db.prepare('SELECT unit_id, COUNT(*) AS n FROM frontier WHERE run_id = ? GROUP BY unit_id');
    this.hasStmt = db.prepare('SELECT 1 FROM frontier WHERE run_id = ? AND unit_id = ? AND url = ?');
  }

  /** Admits a URL; returns true when it was new for that unit. Call inside a transaction for batches. */
  add(e: FrontierEntry): boolean {
    const info = this.insertStmt.run(this.runId, e.unitId, e.url, e.depth, e.parent, e.linkText, this.seq + 1);
    if (info.changes > 0) this.seq++;
    return info.changes > 0;
  }

  /**
   * Whether a URL was admitted for the unit already (primary-key look-up). The seen-set lives here,
   * in SQLite, not in the crawler's memory, so a crawl of any size keeps a flat heap.
   */
  has(unitId: string, url: string): boolean {
    return this.hasStmt.get(this.runId, unitId, url) !== undefined;
  }

  /** Claims up to `limit` pending entries (marks them active) in FIFO order. */
  claim(limit: number): FrontierEntry[] {
    return this.db.transaction(() => {
      const rows = this.claimStmt.all(this.runId, limit) as
        { unit_id: string; url: string; depth: number; parent: string | null; link_text: string | null }[];
      for (const r of rows) this.markActive.run(this.runId, r.unit_id, r.url);
      return rows.map((r) => ({ unitId: r.unit_id, url: r.url, depth: r.depth, parent: r.parent, linkText: r.link_text }));
    })();
  }

  /** Marks an entry done. Call in the transaction that stores its page. */
  done(unitId: string, url: string): void {
    this.doneStmt.run(this.runId, unitId, url);
  }

  /** A unit's admitted URLs in admission order (to rebuild trap budgets on resume). */
  *urlsInOrder(unitId: string): Generator<string> {
    const stmt = this.db.prepare('SELECT url FROM frontier WHERE run_id = ? AND unit_id = ? ORDER BY seq');
    for (const r of stmt.iterate(this.runId, unitId) as Iterable<{ url: string }>) yield r.url;
  }

  /** After a kill, entries that were in flight go back to the queue. */
  requeueActive(): number {
    return this.db.prepare("UPDATE frontier SET state = 'pending' WHERE run_id = ? AND state = 'active'").run(this.runId).changes;
  }

  /** URLs admitted per unit so far (for maxPagesPerUnit on resume). */
  admittedPerUnit(): Map<string, number> {
    const rows = this.countStmt.all(this.runId) as { unit_id: string; n: number }[];
    return new Map(rows.map((r) => [r.unit_id, r.n]));
  }

  stats(): { pending: number; active: number; done: number } {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM frontier WHERE run_id = ? GROUP BY state').all(this.runId) as { state: string; n: number }[];
    const out = { pending: 0, active: 0, done: 0 };
    for (const r of rows) if (r.state in out) out[r.state as keyof typeof out] = r.n;
    return out;
  }
}
