/**
 * One headless Chromium shared by the whole crawl, launched on first use.
 *
 * Pages are handed out one at a time through `withPage`, at most `maxPages` at once. Each page lives
 * in a browser context that is replaced after `pagesPerContext` pages: a long-lived context keeps
 * caches, storage and detached DOM around, and Chromium's memory grows without bound (the same
 * reason Crawlee recycles its contexts). A browser that dies is relaunched on the next call.
 *
 * When Chromium is missing or will not start, `available()` is false with a zh-CN reason and
 * `withPage` rejects with `BrowserUnavailable`; callers record `incomplete`, the crawl goes on.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumMissingMessage, findChromium } from './chromium-path.js';
import { browserMessages } from './messages.zh-CN.js';

/** No browser to render with. `reason` is zh-CN, ready to show. */
export class BrowserUnavailable extends Error {
  override name = 'BrowserUnavailable';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** `withPage`'s callback ran past its deadline; the page was closed under it. */
export class PageDeadlineExceeded extends Error {
  override name = 'PageDeadlineExceeded';
  constructor(readonly deadlineMs: number) {
    super(browserMessages.pageDeadline(deadlineMs));
  }
}

export interface BrowserPoolOptions {
  /** Pages open at the same time (default 2: the machines are small). */
  maxPages?: number;
  /** Pages served by one context before it is replaced (default 50). */
  pagesPerContext?: number;
  /** Where to look for GONGKAI_CHROMIUM (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Launch timeout (default 30 s). */
  launchTimeoutMs?: number;
  /** User-Agent for every page (default: Chromium's own). */
  userAgent?: string;
}

export interface WithPageOptions {
  /**
   * Hard cap on the callback. Past it the page is closed, which makes the callback's pending
   * browser calls fail, and `withPage` rejects with `PageDeadlineExceeded`. Guards against pages
   * whose scripts never yield (an endless loop blocks even `page.content()`).
   */
  deadlineMs?: number;
}

export const DEFAULT_MAX_PAGES = 2;
export const DEFAULT_PAGES_PER_CONTEXT = 50;
export const VIEWPORT = { width: 1280, height: 900 } as const;
const DEFAULT_LAUNCH_TIMEOUT_MS = 30_000;
/** Closing a page whose renderer hangs must not hang the pool. */
const CLOSE_TIMEOUT_MS = 5_000;

interface ContextSlot {
  context: BrowserContext;
  /** Pages ever opened in this context. */
  opened: number;
  /** Pages open right now. */
  open: number;
  retired: boolean;
}

/** Counting semaphore: at most `limit` holders; waiters are served in arrival order. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.active--;
    };
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line.trim();
}

function settleWithin<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

export class BrowserPool {
  private readonly maxPages: number;
  private readonly pagesPerContext: number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly launchTimeoutMs: number;
  private readonly userAgent: string | undefined;
  private readonly gate: Gate;

  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  /** Set when Chromium is missing or never started: no point trying again for every page. */
  private unavailable: string | null = null;
  private everLaunched = false;
  private launches = 0;
  private slot: ContextSlot | null = null;
  private readonly retired = new Set<ContextSlot>();
  /** Serialises context creation so concurrent callers share one new context. */
  private slotLock: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(opts: BrowserPoolOptions = {}) {
    this.maxPages = Math.max(1, opts.maxPages ?? DEFAULT_MAX_PAGES);
    this.pagesPerContext = Math.max(1, opts.pagesPerContext ?? DEFAULT_PAGES_PER_CONTEXT);
    this.env = opts.env ?? process.env;
    this.launchTimeoutMs = opts.launchTimeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;
    this.userAgent = opts.userAgent;
    this.gate = new Gate(this.maxPages);
  }

  /** True when a browser runs or could be launched now (launches it if needed). */
  async available(): Promise<boolean> {
    try {
      await this.ensureBrowser();
      return true;
    } catch (err) {
      if (err instanceof BrowserUnavailable) return false;
      throw err;
    }
  }

  /** zh-CN reason the browser cannot be used, or null (check after `available()`). */
  get unavailableReason(): string | null {
    return this.closed ? browserMessages.poolClosed : this.unavailable;
  }

  /** How many times Chromium was launched (1 normally; more after crashes). */
  get launchCount(): number {
    return this.launches;
  }

  /**
   * Runs `fn` with a fresh page; the page is closed afterwards whatever happens. Dialogs are
   * dismissed and downloads refused on every page.
   */
  async withPage<T>(fn: (page: Page) => Promise<T>, opts: WithPageOptions = {}): Promise<T> {
    if (this.closed) throw new BrowserUnavailable(browserMessages.poolClosed);
    const release = await this.gate.acquire();
    try {
      const { page, slot } = await this.openPage();
      try {
        return await this.runWithDeadline(fn, page, slot, opts.deadlineMs);
      } finally {
        await this.closePage(page, slot);
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser ?? (this.launching ? await this.launching.catch(() => null) : null);
    this.browser = null;
    this.slot = null;
    this.retired.clear();
    if (browser) await settleWithin(browser.close(), CLOSE_TIMEOUT_MS * 2);
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.closed) throw new BrowserUnavailable(browserMessages.poolClosed);
    if (this.unavailable !== null) throw new BrowserUnavailable(this.unavailable);
    if (this.browser?.isConnected()) return this.browser;
    if (!this.launching) {
      this.launching = this.launch().finally(() => {
        this.launching = null;
      });
    }
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    const found = findChromium(this.env);
    if (!found) {
      this.unavailable = chromiumMissingMessage(this.env);
      throw new BrowserUnavailable(this.unavailable);
    }
    let browser: Browser;
    try {
      browser = await (await import('playwright-core')).chromium.launch({
        executablePath: found.path,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: this.launchTimeoutMs,
        // The crawl handles Ctrl-C itself (finish in-flight pages, stay resumable) and closes the
        // pool; Playwright's own handlers would kill the process with exit code 130 at once.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (err) {
      const reason = browserMessages.launchFailed(firstLine(err));
      // A browser that never started will not start for the next page either; one that ran
      // before and crashed may well start again, so that failure is not remembered.
      if (!this.everLaunched) this.unavailable = reason;
      throw new BrowserUnavailable(reason);
    }
    this.everLaunched = true;
    this.launches++;
    browser.on('disconnected', () => {
      if (this.browser !== browser) return;
      this.browser = null;
      this.slot = null;
      this.retired.clear();
    });
    if (this.closed) {
      await settleWithin(browser.close(), CLOSE_TIMEOUT_MS);
      throw new BrowserUnavailable(browserMessages.poolClosed);
    }
    this.browser = browser;
    return browser;
  }

  /** A page in the current context; a dead browser is relaunched once before giving up. */
  private async openPage(): Promise<{ page: Page; slot: ContextSlot }> {
    for (let attempt = 0; ; attempt++) {
      const slot = await this.takeSlot();
      try {
        const page = await slot.context.newPage();
        page.on('dialog', (dialog) => {
          dialog.dismiss().catch(() => undefined);
        });
        return { page, slot };
      } catch (err) {
        this.releaseSlot(slot);
        const browser = slot.context.browser();
        if (attempt === 0 && (!browser || !browser.isConnected())) {
          if (this.browser === browser) this.browser = null;
          continue;
        }
        throw err;
      }
    }
  }

  private takeSlot(): Promise<ContextSlot> {
    const next = this.slotLock.then(() => this.takeSlotNow());
    this.slotLock = next.catch(() => undefined);
    return next;
  }

  private async takeSlotNow(): Promise<ContextSlot> {
    const browser = await this.ensureBrowser();
    let slot = this.slot;
    if (slot && (slot.retired || slot.opened >= this.pagesPerContext || slot.context.browser() !== browser)) {
      this.retire(slot);
      slot = null;
    }
    if (!slot) {
      const context = await browser.newContext({
        bypassCSP: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { ...VIEWPORT },
        serviceWorkers: 'block',
        acceptDownloads: false,
        ...(this.userAgent ? { userAgent: this.userAgent } : {}),
      });
      // Under tsx (the CLI) esbuild keeps function names by wrapping them in __name(...); functions
      // handed to page.evaluate carry those calls into the page, which has no such helper.
      await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
      slot = { context, opened: 0, open: 0, retired: false };
      this.slot = slot;
    }
    slot.opened++;
    slot.open++;
    return slot;
  }

  private retire(slot: ContextSlot): void {
    slot.retired = true;
    if (this.slot === slot) this.slot = null;
    if (slot.open === 0) void settleWithin(slot.context.close(), CLOSE_TIMEOUT_MS);
    else this.retired.add(slot);
  }

  private releaseSlot(slot: ContextSlot): void {
    slot.open--;
    if (slot.retired && slot.open === 0) {
      this.retired.delete(slot);
      void settleWithin(slot.context.close(), CLOSE_TIMEOUT_MS);
    }
  }

  private async runWithDeadline<T>(
    fn: (page: Page) => Promise<T>,
    page: Page,
    slot: ContextSlot,
    deadlineMs: number | undefined,
  ): Promise<T> {
    const work = Promise.resolve().then(() => fn(page));
    if (deadlineMs === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Closing the page makes the callback's pending calls fail instead of hanging.
        this.forceClose(page, slot);
        reject(new PageDeadlineExceeded(deadlineMs));
      }, deadlineMs);
    });
    work.catch(() => undefined);
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private forceClose(page: Page, slot: ContextSlot): void {
    void settleWithin(page.close({ runBeforeUnload: false }), CLOSE_TIMEOUT_MS).then((done) => {
      // A renderer that will not even close takes its context with it.
      if (!done) this.retire(slot);
    });
  }

  private async closePage(page: Page, slot: ContextSlot): Promise<void> {
    const done = page.isClosed() || (await settleWithin(page.close({ runBeforeUnload: false }), CLOSE_TIMEOUT_MS));
    if (!done && !slot.retired) this.retire(slot);
    this.releaseSlot(slot);
    if (!slot.retired && slot.opened >= this.pagesPerContext) this.retire(slot);
  }
}
