/**
 * Benchmark child: rule-evaluation throughput over the run the Gongkai child stored, without any
 * network. Three numbers: the whole audit (auditRun: read + gunzip + parse + page rules + site model
 * + site rules + scores written), the per-page stages of the audit apart (read, cheerio parse, page
 * rules alone), and snapshot extraction (the crawl's own per-page parse work) for comparison.
 */
import { join } from 'node:path';
import { auditRun } from '../crawler/audit.js';
import type { Progress } from '../crawler/progress.js';
import { openStore } from '../store/db.js';
import { unitPages } from '../store/pages.js';
import { findRun, runUnits } from '../store/runs.js';
import { cheerioDomView } from '../rules/dom/cheerio-view.js';
import { runPageRules } from '../rules/engine.js';
import { extractSnapshot } from '../rules/extract/snapshot.js';
import { measure, readJob, writeResult, type CrawlJob } from './child-protocol.js';

const job = readJob<CrawlJob & { dbDir: string }>();
const silent: Progress = { update() {}, log() {}, done() {} };

const result = await measure(async () => {
  const db = openStore(join(job.dbDir, 'bench.sqlite'), { mustExist: true });
  const run = findRun(db, 'latest');
  if (!run) throw new Error('no run in the benchmark store');

  let t = performance.now();
  auditRun(db, run, silent);
  const auditSeconds = (performance.now() - t) / 1000;

  let pages = 0;
  let readSeconds = 0;
  let parseSeconds = 0;
  let rulesSeconds = 0;
  let snapshotSeconds = 0;
  let findings = 0;
  for (const unit of runUnits(db, run.id)) {
    const iterator = unitPages(db, run.id, unit.id, { withHtml: true });
    for (;;) {
      t = performance.now();
      const next = iterator.next();
      readSeconds += (performance.now() - t) / 1000;
      if (next.done) break;
      const p = next.value;
      if (p.html === null || !p.snapshot) continue;
      pages++;
      t = performance.now();
      const dom = cheerioDomView(p.html, p.finalUrl);
      parseSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      findings += runPageRules({ url: p.snapshot.url || p.finalUrl, snapshot: p.snapshot, dom, evalDate: run.evalDate }).length;
      rulesSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      extractSnapshot(dom, p.finalUrl, { refDate: run.evalDate });
      snapshotSeconds += (performance.now() - t) / 1000;
    }
  }
  db.close();
  return {
    pages,
    detail: {
      auditSeconds, auditPagesPerSecond: pages / auditSeconds,
      readSeconds, parseSeconds, rulesSeconds, snapshotSeconds, pageFindings: findings,
      readPagesPerSecond: pages / readSeconds, parsePagesPerSecond: pages / parseSeconds,
      rulesPagesPerSecond: pages / rulesSeconds, parseAndRulesPagesPerSecond: pages / (parseSeconds + rulesSeconds),
      snapshotPagesPerSecond: pages / snapshotSeconds,
    },
  };
}, 'rules');

writeResult(job.resultFile, result);
