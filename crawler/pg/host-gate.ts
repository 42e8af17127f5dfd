/**
 * Per-host politeness across worker processes on several machines: the HostLimiter of each process
 * keeps its own limits, and before a request starts it also takes a slot here, in PostgreSQL.
 *
 * One row per host (gk_host_gate) holds `next_start`, the earliest moment the next request may start,
 * on the database's clock (one clock for all machines, so their own clocks may disagree). A slot is a
 * lease row (gk_host_lease) with an expiry: a worker that dies while holding one blocks the host only
 * until the lease runs out. Taking a slot is one transaction that locks the host's row:
 *   - leases that ran out are dropped;
 *   - if fewer than the host's concurrency are held and now() ≥ next_start, a lease is inserted;
 *   - otherwise the caller learns how long to wait and asks again.
 * Giving it back deletes the lease and, for a host with a delay, sets next_start to
 * greatest(next_start, now() + delay): like the single-process limiter, the delay runs from the *end*
 * of the previous request, so the gaps the server sees between requests are at least the delay
 * whatever the network latency (with a delay the concurrency is 1). A 429/503 pause moves next_start
 * forward for every worker.
 */
import { randomUUID } from 'node:crypto';
import { sleep, type HostGate, type HostGateRequest } from '../host-limiter.js';
import { inTransaction, type PgClient, type PgPool } from '../../store/pg/connect.js';

/** How often a waiting request asks again at most (the wait is shorter when next_start is sooner). */
const MAX_POLL_MS = 50;

export class PgHostGate implements HostGate {
  /**
   * `leaseMs`: how long a slot is held at most; longer than any one request (connect to last byte),
   * since a lease that runs out while its request is still open would let another one in.
   */
  constructor(private readonly pool: PgPool, private readonly leaseMs: number) {}

  async acquire(req: HostGateRequest): Promise<() => Promise<void>> {
    const id = randomUUID();
    for (;;) {
      if (req.signal?.aborted) throw req.signal.reason ?? new Error('aborted');
      const waitMs = await this.tryTake(id, req);
      if (waitMs === 0) break;
      // The known wait (the host's next start only ever moves later), or a short poll while every lease is held.
      await sleep(Math.max(1, waitMs), req.signal);
    }
    let given: Promise<void> | null = null;
    // A failed give-back (database gone) leaves the lease to run out on its own.
    return () => (given ??= this.give(id, req.host, req.delayMs).catch(() => undefined));
  }

  /** No request starts on the host for `ms` from now, in any worker. */
  pause(host: string, ms: number): void {
    if (!(ms > 0)) return;
    void this.pool.query(
      `INSERT INTO gk_host_gate (host, next_start) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (host) DO UPDATE SET next_start = greatest(gk_host_gate.next_start, excluded.next_start)`, [host, Math.ceil(ms)],
    ).catch(() => undefined);
  }

  /** 0 when the lease was taken; otherwise milliseconds to wait before asking again. */
  private tryTake(id: string, req: HostGateRequest): Promise<number> {
    return inTransaction(this.pool, async (c) => {
      await c.query('INSERT INTO gk_host_gate (host) VALUES ($1) ON CONFLICT (host) DO NOTHING', [req.host]);
      const gate = await c.query<{ wait_ms: number }>(
        `SELECT GREATEST(0, CEIL(EXTRACT(EPOCH FROM (next_start - clock_timestamp())) * 1000))::float8 AS wait_ms
         FROM gk_host_gate WHERE host = $1 FOR UPDATE`, [req.host]);
      await c.query('DELETE FROM gk_host_lease WHERE host = $1 AND expires_at < clock_timestamp()', [req.host]);
      const held = await c.query<{ n: number }>('SELECT COUNT(*)::float8 AS n FROM gk_host_lease WHERE host = $1', [req.host]);
      const waitMs = gate.rows[0]!.wait_ms;
      if (held.rows[0]!.n >= Math.max(1, req.concurrency)) return MAX_POLL_MS;
      if (waitMs > 0) return waitMs;
      await c.query(`INSERT INTO gk_host_lease (id, host, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')`,
        [id, req.host, this.leaseMs]);
      return 0;
    });
  }

  private give(id: string, host: string, delayMs: number): Promise<void> {
    return inTransaction(this.pool, async (c) => {
      await c.query('SELECT 1 FROM gk_host_gate WHERE host = $1 FOR UPDATE', [host]);
      await c.query('DELETE FROM gk_host_lease WHERE id = $1', [id]);
      if (delayMs > 0) {
        await c.query(`UPDATE gk_host_gate SET next_start = greatest(next_start, clock_timestamp() + $2 * interval '1 millisecond') WHERE host = $1`,
          [host, delayMs]);
      }
    });
  }
}
