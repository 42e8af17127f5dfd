/**
 * Lock files next to the database, so two Gongkai processes never crawl into one store together.
 *
 * Two locks, because they guard different things:
 * - `<db>.schedule.lock` is held by a scheduler for its whole life: a second scheduler on the same
 *   database would run every crawl twice.
 * - `<db>.crawl.lock` is held only while a crawl runs (scheduled or by hand), so the office can still
 *   crawl by hand in the daytime while the nightly scheduler waits for its hour.
 *
 * A lock file holds JSON naming its holder (pids, command, since when, host). A lock whose processes
 * are all gone on this host is stale (the holder was killed) and is taken over. Creation is atomic
 * (`wx`), so two processes starting together cannot both win.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../../store/errors.js';
import { scheduleText } from './messages.zh-CN.js';

export type LockKind = 'schedule' | 'crawl';

export interface LockHolder {
  /** Every process that keeps the lock alive (a scheduler and the crawl it started). */
  pids: number[];
  /** What holds it, e.g. `schedule` or `crawl`. */
  command: string;
  /** ISO timestamp. */
  since: string;
  host: string;
  /** Identifies this lock among all others: a child told this token runs under its parent's lock. */
  token: string;
}

export interface HeldLock {
  file: string;
  holder: LockHolder;
  /** Adds a process (the crawl child) whose life also keeps the lock valid. */
  addPid(pid: number): void;
  /** Removes the file if it is still ours. Safe to call twice. */
  release(): void;
}

/** The environment variable that hands a crawl lock down to the child crawl a scheduler started. */
export const INHERITED_CRAWL_LOCK_ENV = 'GONGKAI_CRAWL_LOCK_TOKEN';

export class LockHeldError extends UserError {
  override name = 'LockHeldError';
  constructor(readonly file: string, readonly holder: LockHolder, dbFile: string) {
    super(scheduleText.lockHeld(dbFile, holder, file));
  }
}

export function lockFileFor(dbFile: string, kind: LockKind): string {
  return `${resolve(dbFile)}.${kind}.lock`;
}

export function readLock(file: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const raw = JSON.parse(text) as Partial<LockHolder>;
    if (!Array.isArray(raw.pids) || typeof raw.token !== 'string') return null;
    return {
      pids: raw.pids.filter((p): p is number => Number.isInteger(p) && p > 0),
      command: String(raw.command ?? ''), since: String(raw.since ?? ''), host: String(raw.host ?? ''), token: raw.token,
    };
  } catch {
    return null; // half-written or foreign: treated as stale below
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock is alive while any of its processes is; on another host we cannot tell, so it counts as alive. */
function isAlive(holder: LockHolder | null): boolean {
  if (!holder) return false;
  if (holder.host !== hostname()) return true;
  return holder.pids.some(isProcessAlive);
}

export interface AcquireOptions {
  /** Called when a stale lock was taken over (for the log). */
  onTakeOver?: (stale: LockHolder | null) => void;
  /** A token handed down by the parent (INHERITED_CRAWL_LOCK_ENV): the lock is already ours. */
  inheritedToken?: string;
}

/**
 * Takes the lock or throws LockHeldError naming who holds it. `dbFile` is the database the lock
 * guards (named in the message).
 */
export function acquireLock(dbFile: string, kind: LockKind, command: string, opts: AcquireOptions = {}): HeldLock {
  const file = lockFileFor(dbFile, kind);
  const holder: LockHolder = { pids: [process.pid], command, since: new Date().toISOString(), host: hostname(), token: randomBytes(12).toString('hex') };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readLock(file);
      if (current && opts.inheritedToken !== undefined && current.token === opts.inheritedToken) {
        // Our parent holds it for us: use it, leave it to the parent to release.
        return { file, holder: current, addPid: () => undefined, release: () => undefined };
      }
      if (isAlive(current)) throw new LockHeldError(file, current!, resolve(dbFile));
      // Stale: move it aside under a unique name first, so of two processes taking over at once
      // only one removes the stale file and the other finds the winner's fresh lock next round.
      const aside = `${file}.stale-${process.pid}-${attempt}`;
      try {
        renameSync(file, aside);
        rmSync(aside, { force: true });
        opts.onTakeOver?.(current);
      } catch {
        /* someone else moved it: try again */
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(holder));
    } finally {
      closeSync(fd);
    }
    return heldLock(file, holder);
  }
  const current = readLock(file);
  throw new LockHeldError(file, current ?? holder, resolve(dbFile));
}

function heldLock(file: string, holder: LockHolder): HeldLock {
  let released = false;
  return {
    file,
    holder,
    addPid(pid) {
      if (released || holder.pids.includes(pid)) return;
      holder.pids.push(pid);
      writeFileSync(file, JSON.stringify(holder));
    },
    release() {
      if (released) return;
      released = true;
      if (readLock(file)?.token === holder.token) rmSync(file, { force: true });
    },
  };
}

/**
 * For `gongkai crawl` (and anything else that writes a crawl into the store): takes the crawl lock,
 * or uses the one the parent scheduler handed down through the environment.
 */
export function acquireCrawlLock(dbFile: string, command = 'crawl'): HeldLock {
  const inherited = process.env[INHERITED_CRAWL_LOCK_ENV];
  return acquireLock(dbFile, 'crawl', command, inherited ? { inheritedToken: inherited } : {});
}
