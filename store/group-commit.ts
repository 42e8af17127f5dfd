/**
 * Group commit for the crawl's page phase: the writes of the pages that finish within a short
 * window (`holdMs`) share one SQLite transaction, each page's work in its own savepoint. A commit
 * per page cost the crawl's thread more than any other store work (the WAL frames of the same
 * frontier and index pages written again for every page).
 *
 * What a kill costs: a page's row and its frontier entry's `done` are still written together, so a
 * crawl killed before a group commits fetches that group's pages again on resume, like the pages
 * that were in flight (the crawl bounds a group to its window: `maxRuns`). A page whose work fails
 * rolls back its savepoint only.
 *
 * Other programs keep their turn: once groups have held the write lock for `gapEveryMs`, the writes
 * of the next `gapMs` commit one by one (the write lock is free between them, as it always was), so
 * a `gongkai serve` marking a finding during a nightly crawl gets the lock within its busy timeout.
 * Until then a group follows the last at once: on a fast crawl a group fills its `maxRuns` in a few
 * dozen milliseconds, and a gap after each one had a third of the pages commit alone (bench: 7,800
 * commits for 10,000 pages). A timer commits a group that no page closes.
 */
import { runTransaction, type Db } from './db.js';

export interface GroupCommitOptions {
  /** How long a group may stay open before it commits (default 200 ms). */
  holdMs?: number;
  /** How long writes commit one by one before the next group opens, when a gap is due (default 25 ms). */
  gapMs?: number;
  /** A gap is due once the groups since the last gap held the write lock this long (default 100 ms; 0: after every group). */
  gapEveryMs?: number;
  /** Most `run` calls one group holds (default unbounded): what a kill can lose is at most this many. */
  maxRuns?: number;
}

export class GroupCommit {
  private openedAt: number | null = null;
  private closedAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private readonly holdMs: number;
  private readonly gapMs: number;
  private readonly gapEveryMs: number;
  private readonly maxRuns: number;
  /** How long the groups since the last gap held the write lock. */
  private heldMs = 0;
  private runs = 0;
  /** A commit the timer made that failed: thrown to the crawl at its next write, not from a timer. */
  private timerFault: unknown = null;
  private readonly committed: (() => void)[] = [];

  constructor(private readonly db: Db, opts: GroupCommitOptions = {}) {
    this.holdMs = opts.holdMs ?? 200;
    this.gapMs = opts.gapMs ?? 25;
    this.gapEveryMs = opts.gapEveryMs ?? 100;
    this.maxRuns = opts.maxRuns ?? Infinity;
  }

  /** `listener` runs after every commit that made earlier `run` work durable. */
  onCommit(listener: () => void): void {
    this.committed.push(listener);
  }

  /** Runs `work` as one transaction: a savepoint of the open group, or a transaction of its own. */
  run<T>(work: () => T): T {
    this.throwTimerFault();
    const now = performance.now();
    if (this.openedAt === null && !this.db.inTransaction && this.mayOpen(now)) {
      this.db.exec('BEGIN');
      this.openedAt = now;
      this.runs = 0;
      this.timer = setTimeout(() => this.commitFromTimer(), this.holdMs);
      this.timer.unref();
    }
    const result = runTransaction(this.db, work);
    if (this.openedAt === null) this.notify();
    else if (++this.runs >= this.maxRuns || performance.now() - this.openedAt >= this.holdMs) this.commit();
    return result;
  }

  /** A new group may open now: no gap is due, or the gap is over (and the count starts again). */
  private mayOpen(now: number): boolean {
    if (this.heldMs < this.gapEveryMs) return true;
    if (now - this.closedAt < this.gapMs) return false;
    this.heldMs = 0;
    return true;
  }

  /** Commits the open group, if any. A failed commit rolls the group back and throws. */
  commit(): void {
    this.throwTimerFault();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.openedAt === null) return;
    this.closedAt = performance.now();
    this.heldMs += this.closedAt - this.openedAt;
    this.openedAt = null;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
    this.notify();
  }

  /**
   * Commits what the group holds when the work stopped on a fault (the pages it holds are whole). A
   * commit that fails too is dropped: the fault that stopped the work is the one to report.
   */
  commitAfterFault(): void {
    try {
      this.commit();
    } catch {
      // The store is failing already: the fault says so.
    }
  }

  private commitFromTimer(): void {
    try {
      this.commit();
    } catch (err) {
      this.timerFault = err;
    }
  }

  private throwTimerFault(): void {
    if (this.timerFault === null) return;
    const err = this.timerFault;
    this.timerFault = null;
    throw err;
  }

  private notify(): void {
    for (const listener of this.committed) listener();
  }
}
