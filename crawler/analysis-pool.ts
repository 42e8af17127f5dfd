/**
 * Page threads: the crawl's parsing, snapshot, page rules and compression (page-analysis.ts) run in
 * a few worker threads, so a crawl uses the machine's other cores while its own thread keeps the
 * network, the politeness and SQLite. A page's analysis is a pure function of its bytes, so a page
 * gives the same result in a thread as in the crawl's own thread.
 *
 * Why the pool waits before it starts threads (`warmupPages`): a thread costs about a third of a
 * second of CPU to start from the bundled code (thread-bundle.ts; one to three seconds from the
 * sources), and the bundle is made first; a crawl of a few hundred pages (a small unit, the demo's
 * nights) is over before that pays back. A crawl that already knows it holds at least that many
 * pages says so (`expect`), and the threads start at once: on a large site, the first thousand
 * pages no longer wait in the crawl's own thread while the other cores idle.
 *
 * Nothing is lost when a thread fails: a thread that dies (out of its memory limit, or unable to
 * start) hands its pages back, and they are analysed in the crawl's own thread. After
 * MAX_THREAD_FAILURES the pool stops using threads for the rest of the crawl.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisAnswer, AnalysisTask, ThreadData } from './analysis-thread.js';
import { analysePage, type PageAnalysis, type PageAnalysisInput } from './page-analysis.js';
import { resultsVersion } from './page-results.js';
import { pageThreadBundle, SOURCE_ENTRY } from './thread-bundle.js';

export interface AnalysisPoolOptions {
  /** Worker threads; 0 analyses every page in the crawl's own thread. */
  threads: number;
  /** Pages analysed in the crawl's own thread before the threads start (default 1,000). */
  warmupPages?: number;
  /** Heap limit of each thread (default 192 MB): V8 collects early instead of growing the heap. */
  threadHeapMb?: number;
  /**
   * Start the threads from the bundled code (thread-bundle.ts; default true) or from the sources
   * through tsx (false: what the bundle falls back to).
   */
  bundled?: boolean;
  /**
   * When the least busy thread already has this many pages waiting, the crawl's own thread analyses
   * the page itself (default 10; Infinity: never). Its time between network events is then used too,
   * without the memory of one more thread.
   */
  shareAt?: number;
}

const DEFAULT_WARMUP_PAGES = 1_000;
const DEFAULT_THREAD_HEAP_MB = 192;
/**
 * Young generation of each thread. A page's DOM dies with its analysis, so a small nursery costs
 * no time; V8's default for a thread kept 20–30 MB more resident (bench: 64–74 MB of heap per
 * thread at the crawl's peak, 46 MB with this).
 */
const THREAD_YOUNG_MB = 16;
const DEFAULT_SHARE_AT = 10;
/**
 * A body this large is analysed in the crawl's own thread (whose heap may grow): its DOM could need
 * more than a thread's heap, and a thread that runs out of memory is lost (see MAX_THREAD_FAILURES).
 */
const LARGE_BODY_BYTES = 2 * 1024 * 1024;
const MAX_THREAD_FAILURES = 3;

interface Pending {
  input: PageAnalysisInput;
  resolve: (a: PageAnalysis) => void;
  reject: (err: Error) => void;
}

class Thread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  lost = false;
  /** The thread has answered at least one page. */
  answered = false;

  constructor(entry: URL, heapMb: number, private readonly onLost: (thread: Thread) => void, private readonly onAnswer: () => void) {
    // execArgv [] : the thread gets none of the parent's loader flags (the source entry registers tsx).
    const workerData: ThreadData = { resultsVersion: resultsVersion() };
    this.worker = new Worker(entry, { execArgv: [], workerData, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: THREAD_YOUNG_MB } });
    this.worker.unref();
    this.worker.on('message', (answer: AnalysisAnswer) => this.answer(answer));
    this.worker.on('error', () => this.lose());
    this.worker.on('exit', () => this.lose());
  }

  send(id: number, p: Pending): void {
    this.pending.set(id, p);
    if (this.pending.size === 1) this.worker.ref();
    const task: AnalysisTask = { id, input: p.input };
    this.worker.postMessage(task);
  }

  private answer(answer: AnalysisAnswer): void {
    const p = this.pending.get(answer.id);
    if (!p) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in answer) {
      p.reject(new Error(answer.error));
      return;
    }
    const a = answer.analysis;
    this.answered = true;
    this.onAnswer();
    p.resolve({ ...a, snapshot: a.snapshotJson === null ? null : JSON.parse(a.snapshotJson) });
  }

  /** The thread is gone: its pages are analysed in the crawl's own thread instead. */
  private lose(): void {
    if (this.lost) return;
    this.lost = true;
    this.onLost(this);
    const orphans = [...this.pending.values()];
    this.pending.clear();
    for (const p of orphans) settleInThread(p);
  }
}

function settleInThread(p: Pending): void {
  try {
    p.resolve(analysePage(p.input));
  } catch (err) {
    p.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export class AnalysisPool {
  /** The live threads: a lost one is removed at once. */
  private readonly threads: Thread[] = [];
  private readonly warmup: number;
  private readonly heapMb: number;
  private readonly shareAt: number;
  private analysed = 0;
  /** The crawl has said it holds at least `warmup` pages: the threads need not wait for them. */
  private large = false;
  private answeredInThreads = 0;
  private failures = 0;
  private nextId = 1;
  private closed = false;
  /** Where threads start from, once known (the bundle is made when the first thread is wanted). */
  private entry: URL | null = null;
  private entryReady: Promise<void> | null = null;

  constructor(private readonly opts: AnalysisPoolOptions) {
    this.warmup = opts.warmupPages ?? DEFAULT_WARMUP_PAGES;
    this.heapMb = opts.threadHeapMb ?? DEFAULT_THREAD_HEAP_MB;
    this.shareAt = opts.shareAt ?? DEFAULT_SHARE_AT;
    if (opts.bundled === false) this.entry = SOURCE_ENTRY;
  }

  /** Whether the threads run the bundled code (false until it is made, and when it could not be). */
  get threadsBundled(): boolean {
    return this.entry !== null && this.entry !== SOURCE_ENTRY;
  }

  /** Pages whose analysis a page thread answered (the others were analysed in the crawl's thread). */
  get pagesInThreads(): number {
    return this.answeredInThreads;
  }

  /**
   * How long the live threads have been busy, in milliseconds summed over the threads (their event
   * loops' active time): set beside the page phase's duration, it tells whether the threads or the
   * crawl's own thread limit the crawl.
   */
  get threadBusyMs(): number {
    let sum = 0;
    for (const t of this.threads) sum += t.worker.performance.eventLoopUtilization().active;
    return sum;
  }

  /** Threads that have been started and are alive (for tests and the bench). */
  get liveThreads(): number {
    return this.threads.length;
  }

  /**
   * The crawl counts the pages it has done and has queued: once they reach the warm-up, the crawl is
   * long enough to pay for the threads, and they start with its next page.
   */
  expect(pages: number): void {
    if (pages >= this.warmup) this.large = true;
  }

  analyse(input: PageAnalysisInput): Promise<PageAnalysis> {
    this.analysed++;
    // Whether this page is for a thread; whether a thread may still take it, dispatch decides.
    const forThread = this.opts.threads > 0 && (this.large || this.analysed > this.warmup) && input.body.byteLength < LARGE_BODY_BYTES;
    // The first page a thread is wanted for waits while the bundle is made (a tenth of a second,
    // once), and so do the pages after it: they are the threads' first work.
    if (forThread && this.entry === null && !this.closed) {
      this.entryReady ??= pageThreadBundle().then((url) => { this.entry = url ?? SOURCE_ENTRY; });
      return this.entryReady.then(() => this.dispatch(input, true));
    }
    return this.dispatch(input, forThread);
  }

  /** To the least busy thread, or in the crawl's own thread when no thread may take it. */
  private dispatch(input: PageAnalysisInput, forThread: boolean): Promise<PageAnalysis> {
    const thread = forThread && !this.closed && this.failures < MAX_THREAD_FAILURES ? this.pick() : null;
    if (!thread || thread.pending.size >= this.shareAt) {
      // In the crawl's own thread, now: the DOM is garbage before the caller's next await.
      try {
        return Promise.resolve(analysePage(input));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return new Promise<PageAnalysis>((resolve, reject) => thread.send(this.nextId++, { input, resolve, reject }));
  }

  /** The least busy live thread; a new one while there are fewer than asked and all are busy. */
  private pick(): Thread {
    // A lost thread leaves `threads` at once (onLost), so every thread here is alive.
    let best: Thread | null = null;
    for (const t of this.threads) if (!best || t.pending.size < best.pending.size) best = t;
    if (best && (best.pending.size === 0 || this.threads.length >= this.opts.threads)) return best;
    const thread = new Thread(this.entry ?? SOURCE_ENTRY, this.heapMb, (lost) => {
      this.failures++;
      const at = this.threads.indexOf(lost);
      if (at >= 0) this.threads.splice(at, 1);
      // A bundled thread that never answered may be the bundle's fault: the next starts from the sources.
      if (!lost.answered) this.entry = SOURCE_ENTRY;
    }, () => this.answeredInThreads++);
    this.threads.push(thread);
    return thread;
  }

  /** Stops the threads; pages still with them are analysed in the crawl's own thread. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
