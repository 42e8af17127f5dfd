/**
 * Benchmark child: the floor under any crawler of this site on this machine, measured rather than
 * estimated. It does only what every crawler here must do for a page: fetch it (undici's `request`,
 * as Gongkai's crawl does, at the same concurrency), decode it, parse it with cheerio and the same
 * parse5 as Gongkai (its text-run reader included), and follow its same-host links. Nothing is
 * analysed, compressed or stored, and nothing is retried; the district's robots.txt rule
 * (`Disallow: /search/`) is applied as written there, not fetched. It also leaves out what this
 * district does not need but a crawler of real sites must do: charset sniffing (UTF-8 is assumed),
 * following redirects, a body-size cap, URL normalisation, timeouts. So it is a lower bound.
 *
 * Set beside Gongkai's row, the CPU per 1,000 pages tells how much of Gongkai's cost is the page's
 * analysis and storage and how much the fetching and parsing no crawler avoids.
 */
import '../rules/dom/parse5-text-runs.js';
import { load } from 'cheerio';
import { request } from 'undici';
import { measure, readJob, writeResult, type CrawlJob } from './child-protocol.js';

const job = readJob<CrawlJob>();
const decoder = new TextDecoder('utf-8');

const result = await measure(async () => {
  const seen = new Set<string>();
  const queue: string[] = [];
  let next = 0;
  const add = (url: URL): void => {
    url.hash = '';
    const href = url.href;
    if (seen.has(href) || url.pathname.startsWith('/search/')) return;
    seen.add(href);
    queue.push(href);
  };
  for (const u of job.units) add(new URL(u.url));

  let pages = 0;
  let failed = 0;
  let links = 0;
  const fetchOne = async (href: string): Promise<void> => {
    const res = await request(href, { headers: { 'user-agent': 'gongkai-bench-floor' } });
    const body = await res.body.arrayBuffer();
    if (res.statusCode !== 200) failed++;
    if (res.statusCode !== 200 || !String(res.headers['content-type'] ?? '').includes('html')) return;
    const $ = load(decoder.decode(body));
    const base = new URL(href);
    for (const a of $('a[href]').toArray()) {
      const target = safeUrl(a.attribs['href'] ?? '', base);
      links++;
      if (target && target.host === base.host && (target.protocol === 'http:' || target.protocol === 'https:')) add(target);
    }
    pages++;
  };

  // `concurrency` loops, each taking the next URL; a loop waits while others may still find links.
  let active = 0;
  await new Promise<void>((done) => {
    if (queue.length === 0) {
      done();
      return;
    }
    const pump = (): void => {
      while (active < job.concurrency && next < queue.length) {
        const href = queue[next++]!;
        active++;
        fetchOne(href).catch(() => { failed++; }).finally(() => {
          active--;
          if (next === queue.length && active === 0) done();
          else pump();
        });
      }
    };
    pump();
  });
  return { pages, detail: { failed, links } };
}, 'floor');

function safeUrl(href: string, base: URL): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

writeResult(job.resultFile, result);
process.exit(0);
