/**
 * Benchmark child: Crawlee's CheerioCrawler (3.18, a devDependency used only here) doing the same
 * fetch-and-parse on the same site: every same-host link enqueued, every page parsed with cheerio,
 * robots.txt respected, the same concurrency (min = max, so the autoscaler cannot hold it back on
 * a busy 2-core machine). Storage in memory (`memory`) or Crawlee's default files (`disk`).
 */
import { join } from 'node:path';
import { CheerioCrawler, Configuration, log, LogLevel } from '@crawlee/cheerio';
import { measure, readJob, writeResult, type CrawlJob } from './child-protocol.js';

const job = readJob<CrawlJob & { storage: 'memory' | 'disk' }>();
log.setLevel(LogLevel.WARNING);

const result = await measure(async () => {
  const config = new Configuration({
    persistStorage: job.storage === 'disk',
    purgeOnStart: true,
    storageClientOptions: { localDataDirectory: join(job.workDir, 'storage') },
  });
  let titles = 0;
  const crawler = new CheerioCrawler({
    minConcurrency: job.concurrency,
    maxConcurrency: job.concurrency,
    respectRobotsTxtFile: true,
    requestHandlerTimeoutSecs: 60,
    async requestHandler({ $, enqueueLinks }) {
      // Read something from the parsed page, so the parse cannot be skipped as unused.
      if ($('title').text().length > 0) titles++;
      await enqueueLinks({ strategy: 'same-hostname' });
    },
  }, config);
  const stats = await crawler.run(job.units.map((u) => u.url));
  return {
    pages: stats.requestsFinished,
    detail: { storage: job.storage, requestsFailed: stats.requestsFailed, retries: stats.retryHistogram.reduce((s: number, n, i) => s + (n ?? 0) * i, 0), titles },
  };
}, `crawlee-${job.storage}`);

writeResult(job.resultFile, result);
// Crawlee keeps timers (system status, storage) alive after run(): the measurement is written, so end here.
process.exit(0);
