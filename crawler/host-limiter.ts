import { hostKey } from './url.js';

/**
 * Politeness: at most `perHostConcurrency` tasks in flight per host name, request starts on one host at
 * least the host's delay apart, and at most `concurrency` tasks in flight overall.
 *
 * A small scheduler rather than p-queue: a task must hold neither a global slot while it waits for its
 * host (one slow host would starve the others) nor be timed before it has a global slot (starts on one
 * host would then bunch up when the global cap frees several slots at once). So a task starts only when
 * its host and the global cap both have room at the same moment, and that moment is its start time.
 * Hosts with waiting tasks are served round-robin.
 */

export interface HostLimiterOptions {
  concurrency: number;
  perHostConcurrency: number;
  perHostDelayMs: number;
}

interface Job {
  start: () => void;
}

interface HostState {
  active: number;
  /** performance.now() of the last start, -Infinity before the first. */
  lastStartAt: number;
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

  constructor(opts: HostLimiterOptions) {
    this.concurrency = Math.max(1, Math.floor(opts.concurrency));
    this.perHostConcurrency = Math.max(1, Math.floor(opts.perHostConcurrency));
    this.perHostDelayMs = Math.max(0, opts.perHostDelayMs);
  }

  /**
   * Sets the gap between starts on one host (e.g. from robots Crawl-delay). It never goes below the
   * configured perHostDelayMs: a site's wish can slow us down, not speed us up. Accepts a host name or a URL.
   */
  setHostDelay(host: string, ms: number): void {
    const key = host.includes('://') ? hostKey(host) : host.toLowerCase();
    this.hostDelays.set(key, Math.max(this.perHostDelayMs, ms));
    this.dispatch();
  }

  /** The gap in force for a host (host name or URL). */
  hostDelay(host: string): number {
    const key = host.includes('://') ? hostKey(host) : host.toLowerCase();
    return this.hostDelays.get(key) ?? this.perHostDelayMs;
  }

  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const key = hostKey(url);
    return new Promise<T>((resolve, reject) => {
      const state = this.hostState(key);
      state.waiting.push({
        start: () => {
          // The task runs outside the scheduler's call stack; its failure belongs to the caller only.
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => this.finish(key));
        },
      });
      this.queued += 1;
      this.ready.add(key);
      this.dispatch();
    });
  }

  /** Resolves when no task is waiting or running. */
  onIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Tasks not finished yet: waiting plus running. */
  get pending(): number {
    return this.queued + this.active;
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  private hostState(key: string): HostState {
    let state = this.hosts.get(key);
    if (state === undefined) {
      state = { active: 0, lastStartAt: -Infinity, waiting: [] };
      this.hosts.set(key, state);
    }
    return state;
  }

  private finish(key: string): void {
    const state = this.hosts.get(key);
    if (state !== undefined) state.active -= 1;
    this.active -= 1;
    this.dispatch();
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Starts every job that may start now; arms a timer for the earliest host that waits only on its delay. */
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
        if (state.active >= this.perHostConcurrency) continue;
        const now = performance.now();
        const readyAt = state.lastStartAt + this.hostDelay(key);
        if (now < readyAt) {
          earliest = Math.min(earliest, readyAt);
          continue;
        }
        const job = state.waiting.shift() as Job;
        state.active += 1;
        state.lastStartAt = now;
        this.active += 1;
        this.queued -= 1;
        // Round-robin: the host just served goes to the back of the line.
        this.ready.delete(key);
        if (state.waiting.length > 0) this.ready.add(key);
        progressed = true;
        job.start();
      }
    }
    if (this.active < this.concurrency && earliest !== Infinity) this.armTimer(earliest);
  }

  private armTimer(at: number): void {
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.dispatch();
    }, Math.max(0, Math.ceil(at - performance.now())));
  }
}
