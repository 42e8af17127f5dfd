import robotsParserModule from 'robots-parser';
import { decodeHtml } from './decode.js';
import type { FetchResult } from './fetch-page.js';
import { messages } from './messages.zh-CN.js';

/**
 * robots.txt for one origin, read for our product token (`Gongkai`) with `*` as the fallback group.
 * A missing file (404/410, other 4xx) allows everything, as RFC 9309 says. A server error or network
 * failure also allows everything (the office wants its own sites checked), but `note` says so, so the
 * report can tell the rules were not read.
 */

export const ROBOTS_AGENT = 'Gongkai';

/**
 * robots-parser is CommonJS (`module.exports = fn`) but its typings declare an ES default export, so
 * under NodeNext TypeScript sees a namespace. At runtime the default import is the function itself.
 */
type RobotsParser = (typeof robotsParserModule)['default'];
const robotsParser = ((robotsParserModule as { default?: unknown }).default ?? robotsParserModule) as RobotsParser;

export interface RobotsRules {
  allowed(url: string): boolean;
  /** Crawl-delay for our group (or `*`), in ms; null when none is given. */
  crawlDelayMs: number | null;
  sitemaps: string[];
  /** zh-CN note when robots.txt could not be read and everything is allowed by default; else null. */
  note: string | null;
}

export async function loadRobots(origin: string, fetcher: (url: string) => Promise<FetchResult>): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin).href;
  const res = await fetcher(robotsUrl);

  if (res.status === null) {
    return allowAll(messages.robotsUnavailable(res.error?.message ?? '无响应'));
  }
  if (res.status >= 500) return allowAll(messages.robotsUnavailable(`HTTP ${res.status}`));
  // 4xx: no rules. An unresolved 3xx (the fetcher gave up on redirects) is treated the same way.
  if (res.status < 200 || res.status >= 300) return allowAll(null);

  // robots.txt is UTF-8 by RFC 9309; decodeHtml also copes with a GBK comment line.
  const text = res.body === null ? '' : decodeHtml(res.body, res.contentType).html;
  // Rules are read against the URL that finally answered (http → https redirects are common).
  const robot = robotsParser(res.finalUrl, text);
  const base = new URL(res.finalUrl);
  const delaySeconds = robot.getCrawlDelay(ROBOTS_AGENT);

  return {
    allowed(url: string): boolean {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return false;
      }
      // The same host under the other scheme or port gets the same rules: erring towards the
      // site's wishes is safer than ignoring them.
      if (target.hostname !== base.hostname) return true;
      target.protocol = base.protocol;
      target.port = base.port;
      return robot.isAllowed(target.href, ROBOTS_AGENT) !== false;
    },
    crawlDelayMs: typeof delaySeconds === 'number' && Number.isFinite(delaySeconds) && delaySeconds >= 0 ? delaySeconds * 1000 : null,
    sitemaps: robot.getSitemaps(),
    note: null,
  };
}

function allowAll(note: string | null): RobotsRules {
  return { allowed: () => true, crawlDelayMs: null, sitemaps: [], note };
}
