import { describe, expect, it } from 'vitest';
import { HostLimiter, limitedFetch } from '../../crawler/host-limiter.js';
import { startServer } from '../helpers/http-server.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs tasks through the limiter and records starts and the peak of concurrent tasks per host. */
function recorder() {
  const starts: { host: string; at: number; id: number }[] = [];
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  let globalRunning = 0;
  let globalPeak = 0;
  const task = (host: string, id: number, ms: number) => async () => {
    starts.push({ host, at: performance.now(), id });
    running.set(host, (running.get(host) ?? 0) + 1);
    peak.set(host, Math.max(peak.get(host) ?? 0, running.get(host) ?? 0));
    globalRunning += 1;
    globalPeak = Math.max(globalPeak, globalRunning);
    await tick(ms);
    running.set(host, (running.get(host) ?? 0) - 1);
    globalRunning -= 1;
    return id;
  };
  return { starts, peak, task, globalPeak: () => globalPeak };
}

describe('HostLimiter', () => {
  it('never exceeds perHostConcurrency on one host, ports included', async () => {
    const limiter = new HostLimiter({ concurrency: 10, perHostConcurrency: 2, perHostDelayMs: 0 });
    const rec = recorder();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => limiter.run(`http://a.gov.cn:${8000 + (i % 3)}/p${i}`, rec.task('a', i, 15))),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(rec.starts).toHaveLength(12);
    expect(rec.peak.get('a')).toBe(2);
    expect(limiter.pending).toBe(0);
  });

  it('respects the global cap across hosts', async () => {
    const limiter = new HostLimiter({ concurrency: 3, perHostConcurrency: 2, perHostDelayMs: 0 });
    const rec = recorder();
    const hosts = ['a', 'b', 'c', 'd'];
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const h = hosts[i % 4] ?? 'a';
        return limiter.run(`http://${h}.gov.cn/${i}`, rec.task(h, i, 10));
      }),
    );
    expect(rec.globalPeak()).toBe(3);
    for (const h of hosts) expect(rec.peak.get(h) ?? 0).toBeLessThanOrEqual(2);
  });

  it('keeps the delay between starts on one host, in submission order', async () => {
    const delay = 60;
    const limiter = new HostLimiter({ concurrency: 10, perHostConcurrency: 4, perHostDelayMs: delay });
    const rec = recorder();
    await Promise.all(Array.from({ length: 5 }, (_, i) => limiter.run(`http://a.gov.cn/${i}`, rec.task('a', i, 1))));
    expect(rec.starts.map((s) => s.id)).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < rec.starts.length; i++) {
      const gap = (rec.starts[i]?.at ?? 0) - (rec.starts[i - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(delay * 0.8);
    }
  });

  it('runs two hosts in parallel: the second host does not wait for the first one’s delay', async () => {
    const limiter = new HostLimiter({ concurrency: 10, perHostConcurrency: 1, perHostDelayMs: 200 });
    const rec = recorder();
    await Promise.all([
      limiter.run('http://a.gov.cn/1', rec.task('a', 1, 5)),
      limiter.run('http://a.gov.cn/2', rec.task('a', 2, 5)),
      limiter.run('http://b.gov.cn/1', rec.task('b', 3, 5)),
      limiter.run('http://b.gov.cn/2', rec.task('b', 4, 5)),
    ]);
    // Order, not wall-clock: both hosts' first requests start before either host's second.
    expect(rec.starts.map((s) => s.id)).toEqual([1, 3, 2, 4]);
  });

  it('setHostDelay slows one host (Crawl-delay) but never below the default', async () => {
    const limiter = new HostLimiter({ concurrency: 10, perHostConcurrency: 4, perHostDelayMs: 10 });
    limiter.setHostDelay('slow.gov.cn', 120);
    limiter.setHostDelay('http://fast.gov.cn:8080/', 1);
    expect(limiter.hostDelay('http://slow.gov.cn/x')).toBe(120);
    expect(limiter.hostDelay('fast.gov.cn')).toBe(10);
    const rec = recorder();
    await Promise.all([
      limiter.run('http://slow.gov.cn/1', rec.task('slow', 1, 1)),
      limiter.run('http://slow.gov.cn/2', rec.task('slow', 2, 1)),
      limiter.run('http://fast.gov.cn/1', rec.task('fast', 3, 1)),
      limiter.run('http://fast.gov.cn/2', rec.task('fast', 4, 1)),
    ]);
    // The fast host finishes both before the slow host may start its second.
    expect(rec.starts.map((s) => s.id)).toEqual([1, 3, 4, 2]);
    const slow = rec.starts.filter((s) => s.host === 'slow');
    expect((slow[1]?.at ?? 0) - (slow[0]?.at ?? 0)).toBeGreaterThanOrEqual(120 * 0.8);
  });

  it('passes a task’s failure to its caller only, and onIdle waits for everything', async () => {
    const limiter = new HostLimiter({ concurrency: 2, perHostConcurrency: 1, perHostDelayMs: 0 });
    const done: number[] = [];
    const failing = limiter.run('http://a.gov.cn/', async () => {
      await tick(5);
      throw new Error('boom');
    });
    const others = [1, 2, 3].map((i) =>
      limiter.run(`http://a.gov.cn/${i}`, async () => {
        await tick(5);
        done.push(i);
      }),
    );
    expect(limiter.pending).toBe(4);
    await expect(failing).rejects.toThrow('boom');
    await limiter.onIdle();
    expect(done).toEqual([1, 2, 3]);
    expect(limiter.pending).toBe(0);
    await Promise.all(others);
    await limiter.onIdle(); // already idle: resolves at once
  });

  it('with a delay, runs one request at a time on the host and counts the delay from the end of the last', async () => {
    const limiter = new HostLimiter({ concurrency: 10, perHostConcurrency: 4, perHostDelayMs: 30 });
    const spans: { start: number; end: number }[] = [];
    await Promise.all(Array.from({ length: 4 }, (_, i) => limiter.run(`http://a.gov.cn/${i}`, async () => {
      const start = performance.now();
      await tick(20);
      spans.push({ start, end: performance.now() });
    })));
    expect(limiter.hostConcurrency('a.gov.cn')).toBe(1);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start - spans[i - 1]!.end).toBeGreaterThanOrEqual(30);
  });

  it('stops waiting when the signal aborts, and then counts nothing', async () => {
    const limiter = new HostLimiter({ concurrency: 1, perHostConcurrency: 1, perHostDelayMs: 0 });
    const first = await limiter.acquire('http://a.gov.cn/1');
    const ctl = new AbortController();
    const waiting = limiter.acquire('http://a.gov.cn/2', { signal: ctl.signal });
    expect(limiter.pending).toBe(2);
    ctl.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.pending).toBe(1);
    first();
    first(); // a second release does nothing
    await limiter.onIdle();
    expect(limiter.pending).toBe(0);
  });

  it('a 429 with Retry-After holds back every request to that host, and the refused one is retried', async () => {
    const served: { path: string; at: number }[] = [];
    let refused = false;
    const server = await startServer({
      '/busy': (_req, res) => {
        served.push({ path: '/busy', at: performance.now() });
        if (!refused) {
          refused = true;
          res.writeHead(429, { 'retry-after': '1' });
          res.end('slow down');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      },
      '/other': (_req, res) => {
        served.push({ path: '/other', at: performance.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      },
    });
    try {
      const limiter = new HostLimiter({ concurrency: 4, perHostConcurrency: 4, perHostDelayMs: 0 });
      const busy = await limitedFetch(limiter, `${server.url}/busy`, { timeoutMs: 5_000, retries: 1 });
      // Sent after the 429 came back: must wait for the pause like the retry does.
      const other = await limitedFetch(limiter, `${server.url}/other`, { timeoutMs: 5_000 });
      expect(busy.status).toBe(200);
      expect(busy.attempts).toBe(2);
      expect(busy.retryAfterMs).toBe(1_000);
      expect(other.status).toBe(200);
      expect(served.map((s) => s.path)).toEqual(['/busy', '/busy', '/other']);
      // Server-side: nothing reached the host within the Retry-After (tolerance: timer granularity).
      for (const s of served.slice(1)) expect(s.at - served[0]!.at).toBeGreaterThanOrEqual(1_000 - 3);
    } finally {
      await server.close();
    }
  });

  it('puts every redirect hop through the limiter', async () => {
    const server = await startServer({
      '/a': (_req, res) => {
        res.writeHead(302, { location: '/b' });
        res.end();
      },
      '/b': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      },
    });
    try {
      const limiter = new HostLimiter({ concurrency: 4, perHostConcurrency: 4, perHostDelayMs: 0 });
      const acquired: string[] = [];
      const acquire = limiter.acquire.bind(limiter);
      limiter.acquire = (url, opts) => {
        acquired.push(new URL(url).pathname);
        return acquire(url, opts);
      };
      const res = await limitedFetch(limiter, `${server.url}/a`, { timeoutMs: 5_000 });
      expect(res.status).toBe(200);
      expect(res.redirects).toHaveLength(1);
      expect(acquired).toEqual(['/a', '/b']);
      expect(limiter.pending).toBe(0);
    } finally {
      await server.close();
    }
  });
});
