/**
 * Pages are read in parallel by every worker, but a unit's pages are *saved* (and their links
 * discovered) in admission order: the page admitted n-th waits until the unit's pages admitted
 * before it are done. Why: which URLs a trap budget admits (a calendar's 24 months, a search page's
 * 50 variants) depends on the order in which pages discover their links, and with workers on several
 * machines that order would follow network timing. In admission order it is the order of a FIFO
 * crawl — what crawl.ts does (it claims by seq) — so several workers admit the same URLs as one
 * process, whatever the timing.
 *
 * A waiting page holds no connection or lock; this process asks PostgreSQL for each waited-on unit's
 * lowest unfinished seq once per tick, for all its waiting pages together. Liveness: a page whose
 * turn does not come within `maxWaitMs` (a row held by a worker that died, until its job expires and
 * is taken again) is saved anyway, out of order — the run goes on, at the price of that guarantee.
 */
import type { PgPool } from '../../store/pg/connect.js';

const TICK_MS = 15;

interface Waiter {
  seq: number;
  since: number;
  resolve: (inOrder: boolean) => void;
}

export class AdmissionOrder {
  private readonly waiters = new Map<string, Waiter[]>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  /** On `signal` (Ctrl-C) every waiting page stops waiting (resolves false); the caller then does not save it. */
  constructor(private readonly pool: PgPool, private readonly runId: number, private readonly maxWaitMs = 60_000, signal?: AbortSignal) {
    signal?.addEventListener('abort', () => {
      for (const list of this.waiters.values()) for (const w of list) w.resolve(false);
      this.waiters.clear();
    }, { once: true });
  }

  /** Resolves when every page of the unit admitted before `seq` is done (true), or after maxWaitMs (false). */
  turn(unitId: string, seq: number): Promise<boolean> {
    return new Promise((resolve) => {
      const list = this.waiters.get(unitId) ?? [];
      list.push({ seq, since: Date.now(), resolve });
      this.waiters.set(unitId, list);
      this.schedule(0);
    });
  }

  /** Something was saved here: look again now rather than at the next tick. */
  nudge(): void {
    if (this.waiters.size > 0) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer !== null || this.polling) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, ms);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const units = [...this.waiters.keys()];
      if (units.length === 0) return;
      const rows = (await this.pool.query<{ unit_id: string; low: number }>(
        `SELECT unit_id, MIN(seq)::float8 AS low FROM frontier WHERE run_id = $1 AND unit_id = ANY($2::text[]) AND state <> 'done' GROUP BY unit_id`,
        [this.runId, units])).rows;
      const low = new Map(rows.map((r) => [r.unit_id, r.low]));
      const now = Date.now();
      for (const unit of units) {
        const list = this.waiters.get(unit)!;
        const lowest = low.get(unit) ?? Infinity;
        const still: Waiter[] = [];
        for (const w of list) {
          if (w.seq <= lowest) w.resolve(true);
          else if (now - w.since >= this.maxWaitMs) w.resolve(false);
          else still.push(w);
        }
        if (still.length > 0) this.waiters.set(unit, still);
        else this.waiters.delete(unit);
      }
    } catch {
      // A failed look-up is retried at the next tick; the wait bound still holds.
    } finally {
      this.polling = false;
      if (this.waiters.size > 0) this.schedule(TICK_MS);
    }
  }
}
