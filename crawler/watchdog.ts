/**
 * The no-progress watchdog of a crawl. Every page stored, link checked, attachment read or
 * accessibility page checked counts as progress (`beat`). When nothing has progressed for `ms`, the
 * run is stuck — a site that accepts connections and never answers, a hung browser, a wait that never
 * ends — and the watchdog stops it: it says why (zh-CN), aborts the crawl's signal so the work in
 * flight is cancelled and left for `--resume`, and after a grace period gives up waiting for work that
 * ignores the signal, so a nightly job ends instead of hanging until morning.
 */
import { DEFAULT_WATCHDOG_MS } from './config.js';
import type { Progress } from './progress.js';

/** Ten minutes (config.ts): far longer than any single request may take (timeouts, retries, Crawl-delay). */
export { DEFAULT_WATCHDOG_MS };
/** Environment override (milliseconds), for tests and for an operator who needs it tonight. */
export const WATCHDOG_ENV = 'GONGKAI_WATCHDOG_MS';
/** At most this long the crawl may take to unwind after the watchdog stopped it. */
const MAX_GRACE_MS = 30_000;
/** Node's timers hold at most 2^31−1 ms and fire at once above it: a longer wait is waited in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const watchdogText = {
  stalled: (ms: number) =>
    `抓取已停止：已连续 ${describeDuration(ms)}没有任何进展（没有保存新页面、没有检查完链接、没有读完附件），` +
    '网站可能长时间没有响应。',
};

function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} 分钟`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} 秒`;
  return `${ms} 毫秒`;
}

/**
 * The stall time in effect: an explicit option wins, then the environment (GONGKAI_WATCHDOG_MS),
 * then the config's `crawl.watchdogMs`, then the default. Values that are not positive integers are
 * ignored (the config is validated elsewhere; a typo in the environment must not disable the watchdog).
 */
export function resolveWatchdogMs(sources: { option?: number; env?: string; config?: unknown }): number {
  const valid = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (valid(sources.option)) return sources.option;
  if (sources.env !== undefined && /^\d+$/.test(sources.env.trim())) {
    const n = Number(sources.env.trim());
    if (valid(n)) return n;
  }
  if (valid(sources.config)) return sources.config;
  return DEFAULT_WATCHDOG_MS;
}

export class Watchdog {
  private last: number;
  private timer: NodeJS.Timeout | null = null;
  private fired = false;
  private readonly controller = new AbortController();

  /**
   * `onStall` runs once, when the watchdog fires (before the signal is aborted). `now` is injectable
   * so the unit test can drive the clock.
   */
  constructor(
    readonly ms: number,
    private readonly onStall: (idleMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  /** Aborted when the watchdog fires. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stalled(): boolean {
    return this.fired;
  }

  /** How long the crawl may take to wind down after a stall before the run stops waiting for it. */
  get graceMs(): number {
    return Math.min(this.ms, MAX_GRACE_MS);
  }

  /** Something progressed. Cheap: called after every page and link. */
  beat(): void {
    this.last = this.now();
  }

  start(): void {
    if (this.timer || this.fired) return;
    this.last = this.now();
    this.arm(this.ms);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Checks now (the timer calls this; tests with an injected clock call it directly). */
  check(): void {
    if (this.fired) return;
    const idle = this.now() - this.last;
    if (idle >= this.ms) {
      this.fired = true;
      this.stop();
      this.onStall(idle);
      this.controller.abort(new Error(watchdogText.stalled(this.ms)));
      return;
    }
    if (this.timer) this.arm(this.ms - idle);
  }

  /** A Progress that counts every update and log line as progress, then passes it on. */
  watch(progress: Progress): Progress {
    const wrapped: Progress = {
      update: (text) => {
        this.beat();
        progress.update(text);
      },
      log: (text) => {
        this.beat();
        progress.log(text);
      },
      done: () => progress.done(),
    };
    if (progress.alert) wrapped.alert = (text) => progress.alert!(text);
    return wrapped;
  }

  /**
   * Resolves `grace` ms after the watchdog fired (never, if it does not). Racing the crawl against it
   * ends a run whose in-flight work ignores the abort. The timer does not keep the process alive.
   */
  afterGrace(): Promise<void> {
    return new Promise((resolve) => {
      const wait = () => setTimeout(resolve, this.graceMs).unref();
      if (this.fired) wait();
      else this.controller.signal.addEventListener('abort', wait, { once: true });
    });
  }

  private arm(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    // Referenced on purpose: a crawl stuck on a promise that nothing will ever settle has no other
    // handle keeping the process alive, and Node would otherwise exit silently with code 13.
    this.timer = setTimeout(() => this.check(), Math.min(MAX_TIMER_MS, Math.max(1, delay)));
  }
}
