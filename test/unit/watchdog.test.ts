/**
 * The no-progress watchdog: the timer logic on a driven clock, where its time limit comes from, and
 * real crawls of a site that accepts every request and never answers — in-process and as the real
 * `gongkai crawl` child — which end with a clear zh-CN message, exit 1 and a run `--resume` finishes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '../../crawler/config.js';
import type { Progress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore } from '../../store/db.js';
import { DEFAULT_WATCHDOG_MS, resolveWatchdogMs, Watchdog, WATCHDOG_ENV } from '../../crawler/watchdog.js';
import { runCli } from '../helpers/cli.js';
import { startLargeSite, type LargeSite } from '../large-site/server.js';

const EVAL_DATE = '2020-11-26';
const STALLED = /抓取已停止：已连续 1\.5 秒没有任何进展/;

describe('Watchdog (driven clock)', () => {
  it('fires once, after `ms` without a beat, and aborts its signal', () => {
    let now = 0;
    const stalls: number[] = [];
    const dog = new Watchdog(1000, (idle) => stalls.push(idle), () => now);
    now = 900;
    dog.check();
    expect(dog.stalled).toBe(false);
    dog.beat(); // progress at 900: the next deadline is 1900
    now = 1800;
    dog.check();
    expect(dog.stalled).toBe(false);
    expect(dog.signal.aborted).toBe(false);
    now = 1900;
    dog.check();
    dog.check();
    expect(stalls).toEqual([1000]);
    expect(dog.stalled).toBe(true);
    expect(dog.signal.aborted).toBe(true);
    expect(String(dog.signal.reason)).toMatch(/没有任何进展/);
  });

  it('counts every progress line as progress and passes it on', () => {
    let now = 0;
    const seen: string[] = [];
    const inner: Progress = { update: (t) => seen.push(`u:${t}`), log: (t) => seen.push(`l:${t}`), done: () => seen.push('done') };
    const dog = new Watchdog(1000, () => undefined, () => now);
    const watched = dog.watch(inner);
    now = 999;
    watched.update('已抓取 1 页');
    now = 1998;
    watched.log('检查链接');
    now = 2997;
    dog.check();
    expect(dog.stalled).toBe(false);
    now = 2998;
    dog.check();
    expect(dog.stalled).toBe(true);
    watched.done();
    expect(seen).toEqual(['u:已抓取 1 页', 'l:检查链接', 'done']);
  });

  it('takes its time limit from the option, then the environment, then the config, else 10 minutes', () => {
    expect(resolveWatchdogMs({})).toBe(DEFAULT_WATCHDOG_MS);
    expect(DEFAULT_WATCHDOG_MS).toBe(600_000);
    expect(resolveWatchdogMs({ config: 120_000 })).toBe(120_000);
    expect(resolveWatchdogMs({ env: '2500', config: 120_000 })).toBe(2500);
    expect(resolveWatchdogMs({ option: 700, env: '2500', config: 120_000 })).toBe(700);
    // Nonsense never disables the watchdog.
    expect(resolveWatchdogMs({ env: 'abc', config: -5 })).toBe(DEFAULT_WATCHDOG_MS);
    expect(resolveWatchdogMs({ env: '0', config: '60000' })).toBe(DEFAULT_WATCHDOG_MS);
    expect(resolveWatchdogMs({ option: 1.5 })).toBe(DEFAULT_WATCHDOG_MS);
  });
});

describe('a crawl of a site that never answers', () => {
  let site: LargeSite;
  let dir: string;
  // A fetch timeout far beyond the watchdog: only the watchdog can end these runs.
  const crawl = { concurrency: 4, perHostConcurrency: 4, perHostDelayMs: 0, timeoutMs: 120_000, render: 'never' as const, a11yPagesPerUnit: 0 };

  beforeAll(async () => {
    site = await startLargeSite({ units: 1, pagesPerUnit: 60, columns: 2 });
    dir = mkdtempSync(join(tmpdir(), 'gk-watchdog-'));
  });
  afterAll(async () => {
    await site?.close();
  });

  it('in process: stops with the reason, keeps the run resumable, and --resume finishes it', async () => {
    site.setStalled(true);
    const dbFile = join(dir, 'inprocess.sqlite');
    const config = validateConfig({ name: '测试区', units: site.units, crawl });
    const lines: string[] = [];
    const progress: Progress = { update() {}, log: (t) => lines.push(t), done() {}, alert: (t) => lines.push(`!${t}`) };
    const db = openStore(dbFile);
    try {
      const stopped = await runCrawl(db, config, { evalDate: EVAL_DATE, watchdogMs: 1500 }, progress);
      expect(stopped.interrupted).toBe(true);
      expect(stopped.stalled).toBe(true);
      expect(stopped.run.status).toBe('crawling');
      expect(lines.filter((l) => l.startsWith('!'))).toEqual([expect.stringMatching(STALLED)]);
      // The cancelled home page is not recorded as a failure: it is still to do.
      expect((db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n).toBe(0);

      site.setStalled(false);
      // The default watchdog now: a busy test machine may pause longer than 1.5 s between pages.
      const resumed = await runCrawl(db, config, { evalDate: EVAL_DATE, resume: true }, progress);
      expect(resumed.resumed).toBe(true);
      expect(resumed.interrupted).toBe(false);
      expect(resumed.run.status).toBe('done');
      expect((db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n).toBe(site.layout.totalPages);
    } finally {
      site.setStalled(false);
      db.close();
    }
  }, 60_000);

  it('the real command: exit 1, the reason in zh-CN even with --quiet, no stack trace; --resume completes', async () => {
    site.setStalled(true);
    const dbFile = join(dir, 'cli.sqlite');
    const configFile = join(dir, 'cli.yaml');
    writeFileSync(configFile, stringify({ name: '测试区', units: site.units, crawl }));
    const args = ['crawl', '--config', configFile, '--db', dbFile, '--now', EVAL_DATE, '--quiet'];
    const stopped = await runCli(args, { env: { [WATCHDOG_ENV]: '1500' }, timeoutMs: 60_000 });
    site.setStalled(false);
    expect(stopped.signal).toBeNull(); // ended by itself, not by the test's time limit
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(STALLED);
    expect(stopped.stderr).toMatch(/可用 --resume 继续第 1 次运行/);
    expect(stopped.stderr).not.toMatch(/\n\s+at |Error:/);

    const resumed = await runCli([...args, '--resume'], { timeoutMs: 60_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    const db = new Database(dbFile, { readonly: true });
    try {
      expect(db.prepare('SELECT id, status FROM runs').all()).toEqual([{ id: 1, status: 'done' }]);
      expect((db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n).toBe(site.layout.totalPages);
    } finally {
      db.close();
    }
  }, 60_000);
});
