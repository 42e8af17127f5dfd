/** Lock files next to the database: one holder at a time, who holds it is said, stale locks taken over. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireCrawlLock, acquireLock, INHERITED_CRAWL_LOCK_ENV, LockHeldError, lockFileFor, readLock } from '../../cli/schedule/lock.js';

const dbIn = () => join(mkdtempSync(join(tmpdir(), 'gk-lock-')), 'gongkai.sqlite');

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('store locks', () => {
  it('a second holder is refused with a message naming the holder; released, it can be taken again', () => {
    const db = dbIn();
    const lock = acquireLock(db, 'schedule', 'schedule');
    expect(lock.file).toBe(`${db}.schedule.lock`);
    expect(readLock(lock.file)).toMatchObject({ pids: [process.pid], command: 'schedule', host: hostname() });
    let err: unknown;
    try {
      acquireLock(db, 'schedule', 'schedule');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as Error).message).toContain(`数据库 ${db} 正被另一个 Gongkai 进程使用：定时任务（gongkai schedule），进程号 ${process.pid}`);
    expect((err as Error).message).toContain(`可删除锁文件 ${db}.schedule.lock`);
    // The crawl lock is a separate lock.
    const crawl = acquireLock(db, 'crawl', 'crawl');
    crawl.release();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    acquireLock(db, 'schedule', 'schedule').release();
  });

  it('a lock left by a dead process is taken over and the take-over is reported', () => {
    const db = dbIn();
    const dead = deadPid();
    writeFileSync(lockFileFor(db, 'crawl'), JSON.stringify({ pids: [dead], command: 'crawl', since: '2020-11-26T02:00:00Z', host: hostname(), token: 'old' }));
    const seen: unknown[] = [];
    const lock = acquireLock(db, 'crawl', 'schedule-crawl', { onTakeOver: (h) => seen.push(h) });
    expect(seen).toEqual([expect.objectContaining({ pids: [dead], token: 'old' })]);
    expect(readLock(lock.file)?.token).toBe(lock.holder.token);
    lock.release();
  });

  it('a lock stays held while any of its processes lives; an unreadable lock file is stale', () => {
    const db = dbIn();
    writeFileSync(lockFileFor(db, 'crawl'), JSON.stringify({ pids: [deadPid(), process.pid], command: 'schedule-crawl', since: '2020-11-26T02:00:00Z', host: hostname(), token: 't' }));
    expect(() => acquireLock(db, 'crawl', 'crawl')).toThrow(/定时任务启动的抓取/);
    writeFileSync(lockFileFor(db, 'crawl'), '{"pids": [1');
    acquireLock(db, 'crawl', 'crawl').release();
  });

  it('a crawl started by the scheduler runs under the lock handed down to it, and does not release it', () => {
    const db = dbIn();
    const parent = acquireLock(db, 'crawl', 'schedule-crawl');
    parent.addPid(process.pid + 0); // already listed: no change
    const saved = process.env[INHERITED_CRAWL_LOCK_ENV];
    try {
      process.env[INHERITED_CRAWL_LOCK_ENV] = parent.holder.token;
      const child = acquireCrawlLock(db);
      child.release();
      expect(readLock(parent.file)?.token).toBe(parent.holder.token);
      process.env[INHERITED_CRAWL_LOCK_ENV] = 'someone-else';
      expect(() => acquireCrawlLock(db)).toThrow(LockHeldError);
    } finally {
      if (saved === undefined) delete process.env[INHERITED_CRAWL_LOCK_ENV];
      else process.env[INHERITED_CRAWL_LOCK_ENV] = saved;
      parent.release();
    }
    expect(existsSync(parent.file)).toBe(false);
    expect(() => readFileSync(parent.file)).toThrow();
  });
});
