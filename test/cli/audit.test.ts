/**
 * `gongkai audit` never corrupts a run: a run that has not finished (still crawling, stopped, or
 * failed) is refused with exit 2 and a pointer to `crawl --resume`; a database a crawl is writing
 * into is refused; a finished run audited again keeps the time its crawl finished, and the output
 * names the evaluation date used.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { acquireCrawlLock } from '../../cli/schedule/lock.js';
import { openStore } from '../../store/db.js';
import { createRun, getRun, setRunStatus } from '../../store/runs.js';
import { runCli } from '../helpers/cli.js';

const config = validateConfig({ name: '审核测试区', units: [{ id: 'a', name: '甲局', type: 'department', url: 'http://a.example.gov.cn/' }] });
const units = [{ id: 'a', name: '甲局', type: 'department' as const, url: 'http://a.example.gov.cn/', scope: [] }];
const FINISHED_AT = '2020-11-26T01:23:45.000Z';

let dir: string;
let dbFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-audit-'));
  dbFile = join(dir, 'g.sqlite');
  const db = openStore(dbFile);
  const done = createRun(db, config, units, '2020-11-26', 'v1');
  setRunStatus(db, done.id, 'done', { finishedAt: FINISHED_AT });
  createRun(db, config, units, '2020-11-27', 'v1'); // still crawling
  db.close();
});

const row = (id: number) => {
  const db = openStore(dbFile, { readonly: true });
  try {
    return getRun(db, id)!;
  } finally {
    db.close();
  }
};

describe('gongkai audit', () => {
  it('refuses a run that is still crawling (exit 2), says why and what to do, and leaves it as it was', async () => {
    const r = await runCli(['audit', '--db', dbFile, '--run', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('第 2 次运行抓取未完成');
    expect(r.stderr).toContain('crawl --resume');
    expect(row(2)).toMatchObject({ status: 'crawling', finishedAt: null });
  });

  it('re-audits a finished run without re-dating it, naming the evaluation date it used', async () => {
    const r = await runCli(['audit', '--db', dbFile, '--run', '1', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('按评估日期 2020-11-26 重新审核第 1 次运行');
    expect(row(1)).toMatchObject({ status: 'done', finishedAt: FINISHED_AT });
    const other = await runCli(['audit', '--db', dbFile, '--run', '1', '--now', '2020-12-01', '--quiet']);
    expect(other.stdout).toContain('按评估日期 2020-12-01 重新审核第 1 次运行（原评估日期 2020-11-26）');
    expect(row(1).finishedAt).toBe(FINISHED_AT);
  });

  it('refuses while a crawl holds the database (exit 2), naming the holder', async () => {
    const lock = acquireCrawlLock(dbFile);
    try {
      const r = await runCli(['audit', '--db', dbFile, '--run', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('正被另一个 Gongkai 进程使用');
      expect(r.stderr).toContain('手动抓取');
    } finally {
      lock.release();
    }
  });
});

