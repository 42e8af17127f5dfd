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
 * Other programs keep their turn: after each group the next `gapMs` writes commit one by one (the
 * write lock is free between them, as it always was), so a `gongkai serve` marking a finding during
 * a nightly crawl gets the lock within its busy timeout. A timer commits a group that no page closes.
 */
import { runTransaction, type Db } from './db.js';

export interface GroupCommitOptions {
  /** How long a group may stay open before it commits (default 200 ms). */
  holdMs?: number;
  /** After a group, how long writes commit one by one before the next group opens (default 25 ms). */
  gapMs?: number;
  /** Most `run` calls one group holds (default unbounded): what a kill can lose is at most this many. */
  maxRuns?: number;
}

export class GroupCommit {
  private openedAt: number | null = null;
  private closedAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private readonly holdMs: number;
  private readonly gapMs: number;
  private readonly maxRuns: number;
  private runs = 0;
  /** A commit the timer made that failed: thrown to the crawl at its next write, not from a timer. */
  private timerFault: unknown = null;
  private readonly committed: (() => void)[] = [];

  constructor(private readonly db: Db, opts: GroupCommitOptions = {}) {
    this.holdMs = opts.holdMs ?? 200;
    this.gapMs = opts.gapMs ?? 25;
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
    if (this.openedAt === null && !this.db.inTransaction && now - this.closedAt >= this.gapMs) {
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

  /** Commits the open group, if any. A failed commit rolls the group back and throws. */
  commit(): void {
    this.throwTimerFault();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.openedAt === null) return;
    this.openedAt = null;
    this.closedAt = performance.now();
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
