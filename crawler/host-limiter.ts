import { fetchPage, parseRetryAfter, type FetchOptions, type FetchResult } from './fetch-page.js';
import { messages } from './messages.zh-CN.js';
import { hostKey } from '../store/url.js';

/**
 * Politeness: at most `concurrency` requests in flight overall, and per host name either
 * - with a delay (perHostDelayMs, or a larger robots.txt Crawl-delay): one request at a time, the next
 *   starting no sooner than the delay after the previous one *ended* (as Yandex defines Crawl-delay); or
 * - without a delay: at most `perHostConcurrency` requests at a time.
 *
 * Why from the end and not between starts: a start is known only when the slot is granted, and the
 * request reaches the server later by an amount nobody controls (the crawler's event loop parsing a
 * page, a new connection's TCP/TLS set-up, the browser's driver process). Two starts spaced by the delay
 * can arrive closer than that. The end of a request is after its arrival, so "end + delay" keeps every
 * gap the server sees at or above the delay, whatever the latency.
 *
 * Every request the crawler sends to a site (pages, robots.txt, link checks, attachments, Hanweb
 * dataproxy batches, the HTTPS probe, and every request of a page rendered in Chromium) takes a slot
 * here first. A request holds no global slot while it waits for its host (one slow host would starve
 * the others): it starts only when its host and the global cap both have room at the same moment.
 * Hosts with waiting requests are served round-robin. Hosts are host names (url.ts hostKey): the ports
 * of one host share its limits.
 */

export interface HostLimiterOptions {
  concurrency: number;
  perHostConcurrency: number;
  perHostDelayMs: number;
  /** Limits shared with other processes (PostgreSQL workers); default: the process-wide gate, if any. */
  gate?: HostGate | null;
}

/** What a request asks of a gate shared by several processes: a slot on `host` under these limits. */
export interface HostGateRequest {
  host: string;
  /** Requests on the host at once across all processes (1 when it has a delay). */
  concurrency: number;
  /** Milliseconds from the end of one request on the host to the start of the next, across all processes. */
  delayMs: number;
  signal?: AbortSignal;
}

/**
 * Per-host politeness shared by several crawler processes (crawler/pg/host-gate.ts). A request takes
 * its local slot first, then the gate's; the returned function gives the gate's slot back (it may
 * finish asynchronously and must not throw).
 */
export interface HostGate {
  acquire(req: HostGateRequest): Promise<() => Promise<void> | void>;
  /** Every process holds back requests to the host for `ms` (a 429/503 answer). */
  pause(host: string, ms: number): void;
}

/**
 * The gate every HostLimiter of this process consults unless given another. Set by `gongkai worker`
 * only, so the finishing phases it runs through the unchanged crawl code are polite across workers
 * too; a plain crawl never sets it and behaves exactly as before.
 */
let processGate: HostGate | null = null;

export function setProcessHostGate(gate: HostGate | null): void {
  processGate = gate;
}

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

export interface AcquireOptions {
  /** Stops waiting for a slot: `acquire` rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface Job {
  grant: () => void;
}

interface HostState {
  active: number;
  /** performance.now() from which the host's delay runs: the end of its last request. */
  clockFrom: number;
  /** No start before this performance.now() (the server asked us to wait: 429/503). */
  pausedUntil: number;
  waiting: Job[];
}

export class HostLimiter {
  private readonly concurrency: number;
  private readonly perHostConcurrency: number;
  private readonly perHostDelayMs: number;
  private readonly hosts = new Map<string, HostState>();
  private readonly hostDelays = new Map<string, number>();
  /** Hosts with waiting jobs, in service order (first = next to be served). */
  private readonly ready = new Set<string>();
  private active = 0;
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly gate: HostGate | null;

  constructor(opts: HostLimiterOptions) {
    this.gate = opts.gate === undefined ? processGate : opts.gate;
    this.concurrency = Math.max(1, Math.floor(opts.concurrency));
    this.perHostConcurrency = Math.max(1, Math.floor(opts.perHostConcurrency));
    this.perHostDelayMs = Math.max(0, opts.perHostDelayMs);
  }

  /**
   * Sets the delay for one host (e.g. from robots Crawl-delay). It never goes below the configured
   * perHostDelayMs: a site's wish can slow us down, not speed us up. Accepts a host name or a URL.
   */
  setHostDelay(host: string, ms: number): void {
    this.hostDelays.set(keyOf(host), Math.max(this.perHostDelayMs, ms));
    this.dispatch();
  }

  /** The delay in force for a host (host name or URL). */
  hostDelay(host: string): number {
    return this.hostDelays.get(keyOf(host)) ?? this.perHostDelayMs;
  }

  /** Requests allowed at once on a host (host name or URL): 1 when it has a delay. */
  hostConcurrency(host: string): number {
    return this.hostDelay(host) > 0 ? 1 : this.perHostConcurrency;
  }

  /**
   * No request starts on the host for `ms` from now (a 429 or 503, with or without Retry-After): the
   * whole host slows down, not only the request that was refused. Pauses never shorten one another.
   */
  pauseHost(host: string, ms: number): void {
    if (!(ms > 0)) return;
    const state = this.hostState(keyOf(host));
    state.pausedUntil = Math.max(state.pausedUntil, performance.now() + ms);
    this.gate?.pause(keyOf(host), ms);
    this.dispatch();
  }

  /**
   * Waits for a slot on the URL's host and in the global cap; resolves with the function that gives it
   * back. The caller sends exactly one request per slot and releases it when the answer has been read.
   */
  acquire(url: string, opts: AcquireOptions = {}): Promise<Release> {
    const local = this.acquireLocal(url, opts);
    const gate = this.gate;
    if (gate === null) return local;
    return local.then(async (releaseLocal) => {
      const key = hostKey(url);
      let releaseGate: () => Promise<void> | void;
      try {
        releaseGate = await gate.acquire({ host: key, concurrency: this.hostConcurrency(key), delayMs: this.hostDelay(key), ...(opts.signal ? { signal: opts.signal } : {}) });
      } catch (err) {
        releaseLocal();
        throw err;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        // The local slot is given back once the shared one is, so this process's next request on
        // the host does not find its own lease still held.
        void Promise.resolve().then(releaseGate).catch(() => undefined).finally(releaseLocal);
      };
    });
  }

  /** The slot of this process only. */
  private acquireLocal(url: string, opts: AcquireOptions): Promise<Release> {
    const key = hostKey(url);
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Release>((resolve, reject) => {
      const state = this.hostState(key);
      const onAbort = (): void => {
        const i = state.waiting.indexOf(job);
        if (i === -1) return; // already granted
        state.waiting.splice(i, 1);
        this.queued -= 1;
        this.notifyIdle();
        reject(abortReason(signal as AbortSignal));
      };
      const job: Job = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.finish(key);
          });
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.waiting.push(job);
      this.queued += 1;
      this.ready.add(key);
      this.dispatch();
    });
  }

  /** Runs `task` in one slot of the URL's host (for one request; a fetch with retries uses limitedFetch). */
  async run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(url);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Resolves when no request is waiting or running. */
  onIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Requests not finished yet: waiting plus running. */
  get pending(): number {
    return this.queued + this.active;
  }

  /** Requests running now. */
  get running(): number {
    return this.active;
  }

  private hostState(key: string): HostState {
    let state = this.hosts.get(key);
    if (state === undefined) {
      state = { active: 0, clockFrom: -Infinity, pausedUntil: -Infinity, waiting: [] };
      this.hosts.set(key, state);
    }
    return state;
  }

  private finish(key: string): void {
    const state = this.hosts.get(key);
    if (state !== undefined) {
      state.active -= 1;
      state.clockFrom = Math.max(state.clockFrom, performance.now());
    }
    this.active -= 1;
    this.dispatch();
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.pending !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Starts every job that may start now; arms a timer for the earliest host that waits only on time. */
  private dispatch(): void {
    let earliest = Infinity;
    let progressed = true;
    while (progressed && this.active < this.concurrency) {
      progressed = false;
      earliest = Infinity;
      for (const key of [...this.ready]) {
        if (this.active >= this.concurrency) break;
        const state = this.hosts.get(key);
        if (state === undefined || state.waiting.length === 0) {
          this.ready.delete(key);
          continue;
        }
        const delay = this.hostDelay(key);
        if (state.active >= (delay > 0 ? 1 : this.perHostConcurrency)) continue;
        const now = performance.now();
        const readyAt = Math.max(delay > 0 ? state.clockFrom + delay : -Infinity, state.pausedUntil);
        if (now < readyAt) {
          earliest = Math.min(earliest, readyAt);
          continue;
        }
        const job = state.waiting.shift() as Job;
        state.active += 1;
        this.active += 1;
        this.queued -= 1;
        // Round-robin: the host just served goes to the back of the line.
        this.ready.delete(key);
        if (state.waiting.length > 0) this.ready.add(key);
        progressed = true;
        job.grant();
      }
    }
    if (this.active < this.concurrency && earliest !== Infinity) this.armTimer(earliest);
  }

  private armTimer(at: number): void {
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    // +1: setTimeout may fire a fraction of a millisecond early against performance.now().
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.dispatch();
    }, Math.max(0, Math.ceil(at - performance.now()) + 1));
  }
}

function keyOf(hostOrUrl: string): string {
  return hostOrUrl.includes('://') ? hostKey(hostOrUrl) : hostOrUrl.toLowerCase();
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

// --- A fetch whose every HTTP request goes through the limiter --------------------------------------

/** Answers that say the server is overloaded or limiting us: the whole host waits, not only this request. */
const SLOW_DOWN_STATUSES = new Set([429, 503]);
// The same statuses fetchPage retries (see fetch-page.ts: 500 is mostly a server under load).
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const RETRY_ERRORS = new Set(['timeout', 'refused', 'reset', 'other']);
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 500;
const DEFAULT_RETRY_MAX_MS = 8_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * fetchPage with politeness on every HTTP request it sends: each redirect hop and each retry takes its
 * own slot (so it is counted and spaced like any other request), no slot is held while waiting to retry,
 * and a 429 or 503 pauses the answering host for its Retry-After (or the back-off) before anything else
 * is sent there. Never throws: faults come back as `error`, like fetchPage's.
 */
export async function limitedFetch(limiter: HostLimiter, url: string, opts: FetchOptions): Promise<FetchResult> {
  const retries = Math.max(0, opts.retries ?? DEFAULT_RETRIES);
  let held: Release | null = null;
  const release = (): void => {
    const r = held;
    held = null;
    r?.();
  };
  let requests = 0;
  let retryAfterMs: number | undefined;
  for (let retry = 0; ; retry++) {
    let res: FetchResult;
    try {
      res = await fetchPage(url, {
        ...opts,
        retries: 0,
        beforeAttempt: async (hopUrl, attempt) => {
          release(); // the previous hop's answer is in
          held = await limiter.acquire(hopUrl, opts.signal ? { signal: opts.signal } : {});
          requests += 1;
          if (opts.beforeAttempt) await opts.beforeAttempt(hopUrl, attempt);
        },
      });
    } catch (err) {
      // Only the wait for a slot throws, when the caller aborts: no request was sent for it.
      release();
      return failed(url, opts.signal?.aborted ? messages.fetchAborted : err instanceof Error ? err.message : String(err), retry + 1);
    }

    let waitMs: number | null = null;
    let paused = false;
    if (res.status !== null && RETRY_STATUSES.has(res.status)) {
      waitMs = backoffMs(retry, opts);
      const after = parseRetryAfter(res.headers['retry-after'], Date.now());
      if (after !== null) {
        retryAfterMs = Math.min(after, opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
        waitMs = Math.max(waitMs, retryAfterMs);
      }
      if (SLOW_DOWN_STATUSES.has(res.status)) {
        limiter.pauseHost(res.finalUrl, waitMs);
        paused = hostKey(res.finalUrl) === hostKey(url);
      }
    } else if (res.error !== null && RETRY_ERRORS.has(res.error.code) && requests > 0) {
      waitMs = backoffMs(retry, opts);
    }
    // Released after any pause is set, so no request on the host can slip in between.
    release();
    const done = { ...res, attempts: retry + 1, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    if (waitMs === null || retry >= retries || opts.signal?.aborted) return done;
    // A paused host makes the retry wait in the limiter, holding no slot; otherwise wait here.
    if (!paused && !(await sleep(waitMs, opts.signal))) return done;
  }
}

function failed(url: string, message: string, attempts: number): FetchResult {
  return {
    url, finalUrl: url, status: null, redirects: [], headers: {}, contentType: null, body: null, truncated: false,
    error: { code: 'other', message }, attempts,
  };
}

/** Exponential back-off with jitter (50–100 % of the step), the same policy as fetchPage's own retries. */
function backoffMs(retry: number, opts: FetchOptions): number {
  const base = opts.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_MS;
  const cap = opts.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_MS;
  const step = Math.min(cap, base * 2 ** retry);
  return Math.round(step * (0.5 + Math.random() * 0.5));
}

/** Resolves true after `ms`, false at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
