/**
 * The persisted frontier (request queue). URLs are admitted once per unit (primary key), claimed by
 * priority (the nightly plan: essentials, lists, new pages, re-verification), in FIFO order within a
 * unit and a priority, the units taking turns (claimFair), and marked done in the same transaction
 * that stores the page — so a killed crawl resumes without losing or repeating pages (only the
 * in-flight ones are fetched again). Entries that need no request (pages carried from the previous
 * run) wait at CARRY_PRIORITY and are taken by claimCarry.
 *
 * A claim writes nothing: the entries this process has claimed are kept in memory and stay
 * `pending` in the store until their page is stored, so a kill leaves them pending for the resume
 * to take again. Marking each claim `active` cost every page one more UPDATE and one more
 * transaction, most of them a commit of its own. Stores written by earlier versions may still hold
 * `active` entries; requeueActive puts them back.
 */
import type { Db } from './db.js';

/** Priority of a page that is carried from the previous run without a request. */
export const CARRY_PRIORITY = 9;
/** Priority of every entry of a crawl that is not planned (a first or full crawl): plain FIFO. */
export const DEFAULT_PRIORITY = 2;

export interface FrontierEntry {
  unitId: string;
  url: string;
  depth: number;
  parent: string | null;
  linkText: string | null;
  /** Lower is sooner (crawler/night-plan.ts); default DEFAULT_PRIORITY. */
  priority?: number;
  /** Why the page is in tonight's crawl (crawler/night-plan.ts: PlanKind); null for unplanned crawls. */
  plan?: string | null;
  /** `date title` of the list entry that linked the page, for the next night to compare. */
  listEntry?: string | null;
}

interface RawEntry {
  unit_id: string; url: string; depth: number; parent: string | null; link_text: string | null;
  priority: number; plan: string | null; list_entry: string | null;
}

const ENTRY_COLUMNS = 'unit_id, url, depth, parent, link_text, priority, plan, list_entry';
/**
 * The claims' LIMIT, bound as an integer expression: with a bare `LIMIT ?` each claim cost SQLite
 * about 30 µs more (36 instead of 9 µs for one entry, measured on 20,000 pending entries), once
 * for every page a crawl fetches.
 */
const LIMIT = 'CAST(? AS INTEGER)';

export class Frontier {
  private seq: number;
  private readonly insertStmt;
  private readonly claimStmt;
  private readonly doneStmt;
  private readonly countStmt;
  private readonly hasStmt;
  private readonly claimUnitStmt;
  private readonly claimCarryStmt;
  private readonly upgradeStmt;
  private readonly priorityStmt;
  private readonly skipStmt;
  private readonly entryStmt;
  /**
   * Pending entries per priority and unit, kept in memory so that claimFair asks only units with
   * work. Never lower than the truth (a rolled-back add leaves it one too high, and the next claim
   * from that unit corrects it), so no unit with work is ever skipped.
   */
  private pending = new Map<number, Map<string, number>>();
  /** The unit after which the next claimFair begins its round. */
  private lastServed: string | null = null;
  /**
   * Entries claimed by this process and not yet done or skipped (key: keyOf), with their unit and
   * priority. At most the crawl's window: a claim reads as many rows more as it may meet, to skip them.
   */
  private readonly claimed = new Map<string, { unitId: string; priority: number }>();

  constructor(private readonly db: Db, private readonly runId: number) {
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM frontier WHERE run_id = ?').get(runId) as { s: number }).s;
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO frontier (run_id, unit_id, url, depth, parent, link_text, state, seq, priority, plan, list_entry)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
    );
    this.claimStmt = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM frontier WHERE run_id = ? AND state = 'pending' AND priority < ${CARRY_PRIORITY} ORDER BY priority, seq LIMIT ${LIMIT}`,
    );
    this.doneStmt = db.prepare("UPDATE frontier SET state = 'done' WHERE run_id = ? AND unit_id = ? AND url = ?");
    this.countStmt = db.prepare('SELECT unit_id, COUNT(*) AS n FROM frontier WHERE run_id = ? GROUP BY unit_id');
    this.hasStmt = db.prepare('SELECT 1 FROM frontier WHERE run_id = ? AND unit_id = ? AND url = ?');
    this.claimUnitStmt = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM frontier WHERE run_id = ? AND unit_id = ? AND state = 'pending' AND priority = ? ORDER BY seq LIMIT ${LIMIT}`,
    );
    this.claimCarryStmt = db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM frontier WHERE run_id = ? AND state = 'pending' AND priority = ${CARRY_PRIORITY} ORDER BY seq LIMIT ${LIMIT}`,
    );
    this.upgradeStmt = db.prepare(
      "UPDATE frontier SET priority = ?, plan = ? WHERE run_id = ? AND unit_id = ? AND url = ? AND state = 'pending' AND priority > ?",
    );
    this.priorityStmt = db.prepare("SELECT priority FROM frontier WHERE run_id = ? AND unit_id = ? AND url = ? AND state = 'pending'");
    this.skipStmt = db.prepare("UPDATE frontier SET state = 'skipped' WHERE run_id = ? AND unit_id = ? AND url = ?");
    this.entryStmt = db.prepare('UPDATE frontier SET list_entry = ? WHERE run_id = ? AND unit_id = ? AND url = ? AND list_entry IS NULL');
    this.countPending();
  }

  /** Counts the pending entries again from the table (the counts in memory may be high). */
  recount(): void {
    this.countPending();
  }

  private countPending(): void {
    const rows = this.db.prepare("SELECT unit_id, priority, COUNT(*) AS n FROM frontier WHERE run_id = ? AND state = 'pending' GROUP BY unit_id, priority")
      .all(this.runId) as { unit_id: string; priority: number; n: number }[];
    this.pending = new Map();
    for (const r of rows) this.levelOf(r.priority).set(r.unit_id, r.n);
    // Claimed entries are still pending in the store; they are not work to claim.
    for (const c of this.claimed.values()) this.bump(c.priority, c.unitId, -1);
  }

  private levelOf(priority: number): Map<string, number> {
    let level = this.pending.get(priority);
    if (!level) this.pending.set(priority, (level = new Map()));
    return level;
  }

  private bump(priority: number, unitId: string, by: number): void {
    const level = this.levelOf(priority);
    const n = (level.get(unitId) ?? 0) + by;
    if (n > 0) level.set(unitId, n);
    else level.delete(unitId);
  }

  /** Admits a URL; returns true when it was new for that unit. Call inside a transaction for batches. */
  add(e: FrontierEntry): boolean {
    const priority = e.priority ?? DEFAULT_PRIORITY;
    const info = this.insertStmt.run(this.runId, e.unitId, e.url, e.depth, e.parent, e.linkText, this.seq + 1, priority, e.plan ?? null, e.listEntry ?? null);
    if (info.changes > 0) {
      this.seq++;
      this.bump(priority, e.unitId, 1);
    }
    return info.changes > 0;
  }

  /**
   * Moves a pending entry to a sooner priority (a later link showed it must be fetched tonight).
   * True when it moved; an entry already claimed, done or as soon is left alone.
   */
  upgrade(unitId: string, url: string, priority: number, plan: string): boolean {
    if (this.claimed.has(keyOf(unitId, url))) return false;
    const before = this.priorityStmt.get(this.runId, unitId, url) as { priority: number } | undefined;
    if (!before || before.priority <= priority) return false;
    this.upgradeStmt.run(priority, plan, this.runId, unitId, url, priority);
    this.bump(before.priority, unitId, -1);
    this.bump(priority, unitId, 1);
    return true;
  }

  /** Leaves a claimed entry out of tonight's crawl (the night's budget ran out before it). */
  skip(unitId: string, url: string): void {
    this.skipStmt.run(this.runId, unitId, url);
    this.claimed.delete(keyOf(unitId, url));
  }

  /** Records the list entry that linked an admitted page, when none is recorded yet. */
  noteListEntry(unitId: string, url: string, entry: string): void {
    this.entryStmt.run(entry, this.runId, unitId, url);
  }

  /** Pending entries at `priority` or sooner (counted in memory; never lower than the truth). */
  pendingUpTo(priority: number): number {
    let n = 0;
    for (const [p, level] of this.pending) if (p <= priority) for (const c of level.values()) n += c;
    return n;
  }

  /**
   * Whether a URL was admitted for the unit already (primary-key look-up). The seen-set lives here,
   * in SQLite, not in the crawler's memory, so a crawl of any size keeps a flat heap.
   */
  has(unitId: string, url: string): boolean {
    return this.hasStmt.get(this.runId, unitId, url) !== undefined;
  }

  /**
   * Claims up to `limit` pending entries that need a request (marks them active), soonest priority
   * first, in FIFO order within it, whatever their unit.
   */
  claim(limit: number): FrontierEntry[] {
    return this.activate(this.claimStmt.all(this.runId, limit + this.claimed.size) as RawEntry[], limit);
  }

  /** Claims up to `limit` pending entries that are carried without a request, in FIFO order. */
  claimCarry(limit: number): FrontierEntry[] {
    return this.activate(this.claimCarryStmt.all(this.runId, limit + this.claimed.size) as RawEntry[], limit);
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
    const out: FrontierEntry[] = [];
    const wantByGroup = new Map<string, number>();
    // Sooner priorities first; within one, the units take turns. CARRY entries need no request.
    const priorities = [...this.pending.keys()].filter((p) => p < CARRY_PRIORITY).sort((a, b) => a - b);
    for (const priority of priorities) {
      if (out.length >= limit) break;
      const level = this.levelOf(priority);
      const units = [...level.keys()].filter((u) => (level.get(u) ?? 0) > 0).sort();
      // Begin after the unit served last, so no unit is always first.
      const start = this.lastServed === null ? 0 : units.findIndex((u) => u > this.lastServed!);
      const order = start <= 0 ? units : [...units.slice(start), ...units.slice(0, start)];
      const want = new Map<string, number>();
      let total = out.length;
      for (let progressed = true; progressed && total < limit;) {
        progressed = false;
        for (const u of order) {
          const n = want.get(u) ?? 0;
          const g = groupOf(u);
          const taken = wantByGroup.get(g) ?? 0;
          if (total >= limit || n >= (level.get(u) ?? 0) || taken >= room(g)) continue;
          want.set(u, n + 1);
          wantByGroup.set(g, taken + 1);
          total++;
          progressed = true;
        }
      }
      for (const [u, n] of want) {
        const rows = this.claimUnitStmt.all(this.runId, u, priority, n + this.claimedOf(u, priority)) as RawEntry[];
        const taken = this.activate(rows, n);
        // Fewer entries than counted: the count was high (see pending). The rows read cover every
        // entry of the unit at this priority then (at most the claimed ones are skipped), so none is
        // left: the count is exact again.
        if (taken.length < n) level.delete(u);
        out.push(...taken);
        this.lastServed = u;
      }
    }
    return out;
  }

  /**
   * How many of the claimed entries are the unit's at `priority`: the rows a claim of that unit
   * reads more, to skip them. Counted over the claimed entries (at most the crawl's window) rather
   * than reading the whole window's rows more: each row read cost a claim about 1.7 µs.
   */
  private claimedOf(unitId: string, priority: number): number {
    let n = 0;
    for (const c of this.claimed.values()) if (c.unitId === unitId && c.priority === priority) n++;
    return n;
  }

  /** Up to `limit` of `rows` that this process has not claimed yet, claimed now (they leave `pending`). */
  private activate(rows: RawEntry[], limit: number): FrontierEntry[] {
    const out: FrontierEntry[] = [];
    for (const r of rows) {
      if (out.length >= limit) break;
      const key = keyOf(r.unit_id, r.url);
      if (this.claimed.has(key)) continue;
      this.claimed.set(key, { unitId: r.unit_id, priority: r.priority });
      this.bump(r.priority, r.unit_id, -1);
      out.push({
        unitId: r.unit_id, url: r.url, depth: r.depth, parent: r.parent, linkText: r.link_text,
        priority: r.priority, plan: r.plan, listEntry: r.list_entry,
      });
    }
    return out;
  }

  /** Marks an entry done. Call in the transaction that stores its page. */
  done(unitId: string, url: string): void {
    this.doneStmt.run(this.runId, unitId, url);
    this.claimed.delete(keyOf(unitId, url));
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
    // Claimed by this process: in flight, though the store still says pending.
    out.pending -= this.claimed.size;
    out.active += this.claimed.size;
    return out;
  }
}

/** A claimed entry's key. A newline is never part of a stored URL (normalizeUrl drops it). */
function keyOf(unitId: string, url: string): string {
  return `${url}\n${unitId}`;
}
