/**
 * Progress of long work: one updating line on a TTY, plain lines (at most every few seconds)
 * otherwise, so nightly logs stay readable. Also the crawl's optional memory log (see
 * `memorySampler`), which tests use to prove the crawl's memory stays flat.
 */
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

export interface Progress {
  update(text: string): void;
  /** A line that must stay in the log (phase changes, warnings). */
  log(text: string): void;
  done(): void;
  /**
   * A line that must be seen even with --quiet: why a run stopped (the watchdog). Optional so
   * other Progress implementations stay valid; callers fall back to `log`.
   */
  alert?(text: string): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, opts: { quiet?: boolean; intervalMs?: number } = {}): Progress {
  if (opts.quiet) return { update() {}, log() {}, done() {}, alert: (text) => void stream.write(`${text}\n`) };
  const tty = Boolean(stream.isTTY);
  const interval = opts.intervalMs ?? 5000;
  let last = 0;
  let pending = '';
  let lineOpen = false;
  const clear = () => {
    if (tty && lineOpen) stream.write('\r\x1b[K');
    lineOpen = false;
  };
  const log = (text: string) => {
    clear();
    stream.write(`${text}\n`);
  };
  return {
    update(text) {
      pending = text;
      const now = Date.now();
      if (tty) {
        if (now - last < 100) return;
        last = now;
        stream.write(`\r\x1b[K${text}`);
        lineOpen = true;
      } else if (now - last >= interval) {
        last = now;
        stream.write(`${text}\n`);
      }
    },
    log,
    alert: log,
    done() {
      clear();
      if (!tty && pending) stream.write(`${pending}\n`);
      pending = '';
    },
  };
}

/** Writes a line that must be seen even with --quiet, on any Progress. */
export function alertLine(progress: Progress, text: string): void {
  if (progress.alert) progress.alert(text);
  else progress.log(text);
}

/** Where the crawl writes its memory samples (JSON lines), when set. Off by default. */
export const MEMORY_LOG_ENV = 'GONGKAI_MEMORY_LOG';
/** Pages between two samples. */
const SAMPLE_EVERY_PAGES = 200;

export interface MemorySample {
  /** `pages` during the page phase; `end` once every phase of the crawl is over. */
  at: 'pages' | 'end';
  pages: number;
  heapUsed: number;
  /** Of heapUsed, compiled code: grows while the JIT warms up, whatever the crawl holds. */
  codeUsed: number;
  rss: number;
  /** True when the sample was taken right after a full garbage collection (node --expose-gc). */
  afterGc: boolean;
}

/**
 * Samples the process's memory every SAMPLE_EVERY_PAGES stored pages and at the end of a crawl,
 * appending one JSON line per sample to the file named by GONGKAI_MEMORY_LOG. With `--expose-gc`
 * each sample follows a full collection, so it measures what the crawl really keeps, not garbage
 * not yet collected. Without the variable it does nothing and costs one comparison per page.
 */
export function memorySampler(file: string | undefined = process.env[MEMORY_LOG_ENV]): { page(pages: number): void; end(pages: number): void } {
  if (!file) return { page() {}, end() {} };
  const gc = (globalThis as { gc?: () => void }).gc;
  const sample = (at: MemorySample['at'], pages: number) => {
    gc?.();
    const m = process.memoryUsage();
    const code = getHeapSpaceStatistics().filter((sp) => sp.space_name.includes('code')).reduce((sum, sp) => sum + sp.space_used_size, 0);
    const s: MemorySample = { at, pages, heapUsed: m.heapUsed, codeUsed: code, rss: m.rss, afterGc: gc !== undefined };
    appendFileSync(file, `${JSON.stringify(s)}\n`);
  };
  return {
    page(pages) {
      if (pages % SAMPLE_EVERY_PAGES === 0) sample('pages', pages);
    },
    end: (pages) => sample('end', pages),
  };
}
