/**
 * The persisted frontier (request queue). URLs are admitted once per unit (primary key), claimed in
 * FIFO order within a unit, the units taking turns (claimFair), and marked done in the same
 * transaction that stores the page — so a killed crawl resumes without losing or repeating pages
 * (only the in-flight ones are fetched again).
 */
import type { Db } from './db.js';

export interface FrontierEntry {
  unitId: string;
  url: string;
  depth: number;
  parent: string | null;
  linkText: string | null;
}

interface RawEntry { unit_id: string; url: string; depth: number; parent: string | null; link_text: string | null }

export class Frontier {
  private seq: number;
  private readonly insertStmt;
  private readonly claimStmt;
  private readonly markActive;
  private readonly doneStmt;
  private readonly countStmt;
  private readonly hasStmt;
  private readonly claimUnitStmt;
  /**
   * Pending entries per unit, kept in memory so that claimFair asks only units with work. Never
   * lower than the truth (a rolled-back add leaves it one too high, and the next claim from that
   * unit corrects it), so no unit with work is ever skipped.
   */
  private pendingByUnit = new Map<string, number>();
  /** The unit after which the next claimFair begins its round. */
  private lastServed: string | null = null;

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
    this.claimUnitStmt = db.prepare(
      "SELECT unit_id, url, depth, parent, link_text FROM frontier WHERE run_id = ? AND unit_id = ? AND state = 'pending' ORDER BY seq LIMIT ?",
    );
    this.countPending();
  }

  private countPending(): void {
    const rows = this.db.prepare("SELECT unit_id, COUNT(*) AS n FROM frontier WHERE run_id = ? AND state = 'pending' GROUP BY unit_id")
      .all(this.runId) as { unit_id: string; n: number }[];
    this.pendingByUnit = new Map(rows.map((r) => [r.unit_id, r.n]));
  }

  /** Admits a URL; returns true when it was new for that unit. Call inside a transaction for batches. */
  add(e: FrontierEntry): boolean {
    const info = this.insertStmt.run(this.runId, e.unitId, e.url, e.depth, e.parent, e.linkText, this.seq + 1);
    if (info.changes > 0) {
      this.seq++;
      this.pendingByUnit.set(e.unitId, (this.pendingByUnit.get(e.unitId) ?? 0) + 1);
    }
    return info.changes > 0;
  }

  /**
   * Whether a URL was admitted for the unit already (primary-key look-up). The seen-set lives here,
   * in SQLite, not in the crawler's memory, so a crawl of any size keeps a flat heap.
   */
  has(unitId: string, url: string): boolean {
    return this.hasStmt.get(this.runId, unitId, url) !== undefined;
  }

  /** Claims up to `limit` pending entries (marks them active) in FIFO order, whatever their unit. */
  claim(limit: number): FrontierEntry[] {
    return this.db.transaction(() => this.activate(this.claimStmt.all(this.runId, limit) as RawEntry[]))();
  }

  /**
   * Claims up to `limit` pending entries with the units taking turns, one entry each per round;
   * within a unit, in FIFO order. Units in one `groupOf` (their site: departments' columns on the
   * district portal share its host) together get no more than `room(group)` (what the site may still
   * have claimed). Why: a list page admits its twenty articles one after another, and claimed in
   * plain FIFO order they would fill the whole window and wait, one by one, on that one site's
   * politeness delay while every other site sat idle.
   */
  claimFair(limit: number, room: (group: string) => number, groupOf: (unitId: string) => string = (u) => u): FrontierEntry[] {
    return this.db.transaction(() => {
      const units = [...this.pendingByUnit.keys()].filter((u) => (this.pendingByUnit.get(u) ?? 0) > 0).sort();
      // Begin after the unit served last, so no unit is always first.
      const start = this.lastServed === null ? 0 : units.findIndex((u) => u > this.lastServed!);
      const order = start <= 0 ? units : [...units.slice(start), ...units.slice(0, start)];
      const want = new Map<string, number>();
      const wantByGroup = new Map<string, number>();
      let total = 0;
      for (let progressed = true; progressed && total < limit;) {
        progressed = false;
        for (const u of order) {
          const n = want.get(u) ?? 0;
          const g = groupOf(u);
          const taken = wantByGroup.get(g) ?? 0;
          if (total >= limit || n >= (this.pendingByUnit.get(u) ?? 0) || taken >= room(g)) continue;
          want.set(u, n + 1);
          wantByGroup.set(g, taken + 1);
          total++;
          progressed = true;
        }
      }
      const out: FrontierEntry[] = [];
      for (const [u, n] of want) {
        const rows = this.claimUnitStmt.all(this.runId, u, n) as RawEntry[];
        // Fewer rows than counted: the count was high (see pendingByUnit); it is exact again now.
        if (rows.length < n) this.pendingByUnit.set(u, rows.length);
        out.push(...this.activate(rows));
        this.lastServed = u;
      }
      return out;
    })();
  }

  private activate(rows: RawEntry[]): FrontierEntry[] {
    for (const r of rows) {
      this.markActive.run(this.runId, r.unit_id, r.url);
      const left = (this.pendingByUnit.get(r.unit_id) ?? 1) - 1;
      if (left > 0) this.pendingByUnit.set(r.unit_id, left);
      else this.pendingByUnit.delete(r.unit_id);
    }
    return rows.map((r) => ({ unitId: r.unit_id, url: r.url, depth: r.depth, parent: r.parent, linkText: r.link_text }));
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
    const changes = this.db.prepare("UPDATE frontier SET state = 'pending' WHERE run_id = ? AND state = 'active'").run(this.runId).changes;
    this.countPending();
    return changes;
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
