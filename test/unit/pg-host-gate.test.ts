/**
 * The PostgreSQL host gate on a real server: two HostLimiters with their own connection pools (as two
 * worker processes) fetch from one 127.0.0.1 site. The site, which records when each request arrives
 * and ends, sees the per-host delay kept between the two (counted from the end of the previous
 * request) and never two requests open at once; a lease left by a holder that never gives it back
 * runs out; a pause from one holds back the other. A limiter given no gate takes none.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePg, openPg, type PgPool } from '../../store/pg/connect.js';
import { PgHostGate } from '../../crawler/pg/host-gate.js';
import { HostLimiter, limitedFetch, setProcessHostGate } from '../../crawler/host-limiter.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const CLOCK_TOLERANCE_MS = 3;

let server: TestPostgres;
let pools: PgPool[] = [];
let site: Server;
let base: string;
const seen: { path: string; start: number; end: number }[] = [];

beforeAll(async () => {
  server = await startPostgres();
  const url = await server.createDatabase('gate');
  pools = [await openPg(url), await openPg(url)];
  await migratePg(pools[0]!);
  site = createServer((req, res) => {
    const entry = { path: req.url ?? '', start: performance.now(), end: 0 };
    seen.push(entry);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok', () => (entry.end = performance.now()));
    }, 5);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => site?.close(r));
  await Promise.all(pools.map((p) => p.end()));
  await server?.stop();
});

function since(mark: number) {
  return seen.filter((r) => r.start >= mark).sort((a, b) => a.start - b.start);
}

describe('PgHostGate', () => {
  it('keeps the delay between two processes, from the end of one request to the start of the next, one at a time', async () => {
    const DELAY = 40;
    const limiters = pools.map((p) => new HostLimiter({ concurrency: 4, perHostConcurrency: 4, perHostDelayMs: DELAY, gate: new PgHostGate(p, 30_000) }));
    const mark = performance.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => limitedFetch(limiters[i % 2]!, `${base}/p${i}`, { timeoutMs: 5000, retries: 0 })));
    const got = since(mark);
    expect(got.length).toBe(16);
    for (let i = 1; i < got.length; i++) {
      expect(got[i]!.start - got[i - 1]!.end, `${got[i - 1]!.path} → ${got[i]!.path}`).toBeGreaterThanOrEqual(DELAY - CLOCK_TOLERANCE_MS);
    }
    // Both "processes" sent requests: the gaps above are between them, not only within one.
    const paths = got.map((r) => Number(r.path.slice(2)));
    expect(paths.some((n) => n % 2 === 0) && paths.some((n) => n % 2 === 1)).toBe(true);
    // Every slot is given back (asynchronously, after the answer was read).
    let leases = -1;
    for (let i = 0; i < 100 && leases !== 0; i++) {
      leases = (await pools[0]!.query('SELECT COUNT(*)::int AS n FROM gk_host_lease')).rows[0].n;
      if (leases !== 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(leases).toBe(0);
  });

  it('limits requests on a host across processes to perHostConcurrency', async () => {
    const limiters = pools.map((p) => new HostLimiter({ concurrency: 8, perHostConcurrency: 2, perHostDelayMs: 0, gate: new PgHostGate(p, 30_000) }));
    const mark = performance.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => limitedFetch(limiters[i % 2]!, `${base}/c${i}`, { timeoutMs: 5000, retries: 0 })));
    const got = since(mark);
    expect(got.length).toBe(12);
    let peak = 0;
    for (const r of got) peak = Math.max(peak, got.filter((o) => o.start <= r.start && o.end > r.start).length);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('frees a slot whose holder never gave it back once its lease runs out', async () => {
    const dead = new PgHostGate(pools[0]!, 300);
    await dead.acquire({ host: 'lease.example', concurrency: 1, delayMs: 0 }); // never released
    const live = new PgHostGate(pools[1]!, 30_000);
    const release = await live.acquire({ host: 'lease.example', concurrency: 1, delayMs: 0 });
    const held = await pools[1]!.query("SELECT COUNT(*)::int AS n FROM gk_host_lease WHERE host = 'lease.example'");
    expect(held.rows[0].n).toBe(1);
    await release();
  });

  it('a pause from one process holds back the other', async () => {
    const a = new PgHostGate(pools[0]!, 30_000);
    const b = new PgHostGate(pools[1]!, 30_000);
    const t0 = performance.now();
    a.pause('pause.example', 300);
    await new Promise((r) => setTimeout(r, 30)); // pause() is fire-and-forget
    const release = await b.acquire({ host: 'pause.example', concurrency: 1, delayMs: 0 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(300 - CLOCK_TOLERANCE_MS);
    await release();
  });

  it('a limiter without a gate takes none, even when the process has one', async () => {
    let asked = 0;
    setProcessHostGate({ acquire: async () => (asked++, () => undefined), pause: () => undefined });
    try {
      const plain = new HostLimiter({ concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 0, gate: null });
      await limitedFetch(plain, `${base}/plain`, { timeoutMs: 5000, retries: 0 });
      expect(asked).toBe(0);
      const shared = new HostLimiter({ concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 0 });
      await limitedFetch(shared, `${base}/shared`, { timeoutMs: 5000, retries: 0 });
      expect(asked).toBe(1);
    } finally {
      setProcessHostGate(null);
    }
    const untouched = new HostLimiter({ concurrency: 2, perHostConcurrency: 2, perHostDelayMs: 0 });
    await limitedFetch(untouched, `${base}/untouched`, { timeoutMs: 5000, retries: 0 });
    expect(asked).toBe(1);
  });
});
