/**
 * Memory stays flat however large the site: the frontier, the seen-set, the link targets and the
 * attachments live in SQLite, not in the heap (the crawl's cache of recently seen links is bounded). The real `gongkai crawl` runs with `--expose-gc` on
 * the large generated site and samples its heap after a full collection every 200 stored pages
 * (GONGKAI_MEMORY_LOG); the heap once the crawl holds many pages is compared with the heap when it
 * held few.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MEMORY_LOG_ENV, type MemorySample } from '../../crawler/progress.js';
import { binPath, repoRoot } from '../helpers/cli.js';
import { startLargeSite, type LargeSite } from '../large-site/server.js';

/** The asserted bounds: the heap with many pages stored against the heap with a fifth of them. */
const MAX_RATIO = 1.5;
/**
 * Growth of the data heap (heap minus compiled code, which grows while the JIT warms up) per extra
 * page stored: well below what keeping a page (its URL and snapshot, a few KB) would cost.
 */
const MAX_BYTES_PER_PAGE = 1024;

let site: LargeSite;
let dir: string;

beforeAll(async () => {
  site = await startLargeSite({ units: 4, pagesPerUnit: 750, columns: 4 });
  dir = mkdtempSync(join(tmpdir(), 'gk-memory-'));
});

afterAll(async () => {
  await site?.close();
});

function crawlWithMemoryLog(): Promise<{ code: number | null; stderr: string; samples: MemorySample[] }> {
  const configFile = join(dir, 'gongkai.config.yaml');
  const log = join(dir, 'memory.jsonl');
  writeFileSync(configFile, stringify({
    name: '内存测试区', units: site.units,
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 10_000, render: 'never', a11yPagesPerUnit: 0, maxPagesPerUnit: 5000 },
  }));
  const args = ['--expose-gc', binPath, 'crawl', '--config', configFile, '--db', join(dir, 'db.sqlite'), '--now', '2020-11-26', '--quiet'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, [MEMORY_LOG_ENV]: log }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const samples = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as MemorySample);
      resolve({ code, stderr, samples });
    });
  });
}

describe('memory of a large crawl', () => {
  it(`heap after GC with all pages stored < ${MAX_RATIO} × heap with a fifth of them`, async () => {
    const total = site.layout.totalPages;
    const { code, stderr, samples } = await crawlWithMemoryLog();
    expect(code, stderr).toBe(0);
    expect(samples.every((s) => s.afterGc)).toBe(true);

    const pagePhase = samples.filter((s) => s.at === 'pages');
    const early = pagePhase.find((s) => s.pages >= total / 5)!;
    const late = pagePhase[pagePhase.length - 1]!;
    const end = samples.find((s) => s.at === 'end')!;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(`heap after GC: ${mb(early.heapUsed)} at ${early.pages} pages, ${mb(late.heapUsed)} at ${late.pages} pages, ` +
      `${mb(end.heapUsed)} at the end (${end.pages} pages; rss ${mb(early.rss)} → ${mb(end.rss)})`);
    expect(late.pages).toBeGreaterThanOrEqual(total - 200);
    expect(late.pages / early.pages).toBeGreaterThanOrEqual(4);

    expect(late.heapUsed).toBeLessThan(MAX_RATIO * early.heapUsed);
    expect(end.heapUsed).toBeLessThan(MAX_RATIO * early.heapUsed);
    const data = (s: MemorySample) => s.heapUsed - s.codeUsed;
    const perPage = (data(late) - data(early)) / (late.pages - early.pages);
    console.log(`data heap growth: ${Math.round(perPage)} bytes per page (code ${mb(early.codeUsed)} → ${mb(late.codeUsed)})`);
    expect(perPage).toBeLessThan(MAX_BYTES_PER_PAGE);
  }, 300_000);
});
