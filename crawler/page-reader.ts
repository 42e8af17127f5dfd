/**
 * The page reader of one crawling process: its host limiter, robots.txt per origin (a Crawl-delay
 * larger than ours slows that host down in the limiter), and the politeness every request of a page
 * open in Chromium goes through. Shared by the single-process crawl and the PostgreSQL worker, so
 * both read pages under exactly the same rules.
 */
import { setMaxListeners } from 'node:events';
import type { BrowserPoliteness } from './browser/polite-routing.js';
import type { BrowserPool } from './browser/pool.js';
import type { CrawlOptions } from './config.js';
import { limitedFetch, type HostLimiter } from './host-limiter.js';
import { withOwnSignal, type PageReader } from './read-page.js';
import { loadRobots, type RobotsRules } from './robots.js';
import { hostKey } from '../store/url.js';

export function pageReaderFor(
  opts: CrawlOptions, limiter: HostLimiter, pool: BrowserPool, evalDate: string, signal: AbortSignal | undefined,
): PageReader {
  // withOwnSignal adds one listener to the crawl's signal per request in flight (removed when it
  // ends): dozens at once is normal, not the leak Node's default limit of 10 warns about, and the
  // warning would alarm whoever reads the log. Said once, here, for the whole crawl.
  if (signal) setMaxListeners(0, signal);
  const robotsByOrigin = new Map<string, Promise<RobotsRules>>();
  const robotsFor = (url: string): Promise<RobotsRules> => {
    const origin = new URL(url).origin;
    let r = robotsByOrigin.get(origin);
    if (!r) {
      // The signal: a crawl stopped (Ctrl-C, watchdog) must not wait for a robots.txt that never comes.
      r = loadRobots(origin, (u) => withOwnSignal(signal, (s) => limitedFetch(limiter, u, { timeoutMs: opts.timeoutMs, retries: 1, maxBytes: 512 * 1024, ...(s ? { signal: s } : {}) })))
        .then((rules) => {
          if (rules.crawlDelayMs !== null && rules.crawlDelayMs > opts.perHostDelayMs) limiter.setHostDelay(hostKey(url), rules.crawlDelayMs);
          return rules;
        });
      robotsByOrigin.set(origin, r);
    }
    return r;
  };
  // Every request of a page open in Chromium (render and axe phases) goes through the same limits and robots.txt.
  const politeness: BrowserPoliteness = { limiter, allowed: async (u) => !opts.respectRobots || (await robotsFor(u)).allowed(u) };
  return { opts, limiter, evalDate, signal, pool, politeness, robotsFor };
}
