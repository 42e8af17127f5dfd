/**
 * Opens the SQLite store (better-sqlite3, WAL) and brings its schema up to date.
 * One file, nothing to install or start.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { makeDirs } from './output-file.js';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export class StoreError extends Error {
  override name = 'StoreError';
}

/** What SQLite's error means, in zh-CN: its own English text ("file is not a database") never reaches a user. */
const SQLITE_PROBLEMS: Record<string, string> = {
  SQLITE_NOTADB: '这个文件不是 SQLite 数据库',
  SQLITE_CORRUPT: '数据库文件已损坏',
  SQLITE_CANTOPEN: '无法打开这个文件（请检查路径和读写权限）',
  SQLITE_READONLY: '数据库文件是只读的，无法写入（请检查文件权限）',
  SQLITE_PERM: '没有访问这个文件的权限',
  SQLITE_FULL: '磁盘已满',
  SQLITE_IOERR: '读写磁盘时出错',
  SQLITE_BUSY: '数据库正被另一个程序使用',
  SQLITE_LOCKED: '数据库正被另一个程序使用',
};

export function sqliteProblem(err: unknown): string {
  const code = err instanceof Database.SqliteError ? err.code : (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const known = SQLITE_PROBLEMS[code] ?? SQLITE_PROBLEMS[code.replace(/_[A-Z]+$/, '')];
    if (known) return known;
  }
  return `SQLite 报告：${err instanceof Error ? err.message : String(err)}`;
}

/**
 * `readonly`: for reading results (export). `mustExist`: open for writing but never create (audit:
 * a mistyped path must not leave an empty database behind).
 */
export function openStore(file: string, opts: { readonly?: boolean; mustExist?: boolean } = {}): Db {
  const path = resolve(file);
  if ((opts.readonly || opts.mustExist) && !existsSync(path)) {
    throw new StoreError(`找不到数据库文件 ${path}。请检查 --db 路径是否正确（数据库由 npx gongkai crawl 创建）。`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StoreError(`${path} 是一个目录，不是数据库文件。请在 --db 中给出文件名，例如 --db gongkai.sqlite。`);
  }
  let db: Db;
  try {
    if (!opts.readonly) makeDirs(dirname(path));
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false, timeout: 5000 });
  } catch (err) {
    const msg = sqliteProblem(err);
    throw new StoreError(opts.readonly ? `无法打开数据库 ${path}（${msg}）。请检查 --db 路径是否正确。` : `无法创建或打开数据库 ${path}（${msg}）`);
  }
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A checkpoint syncs the log and the database to disk, and the write that triggers it waits
      // for that: SQLite's default (every 4 MB of log) made a crawl, which writes tens of kilobytes
      // a page, wait on the disk a hundred times per 10,000 pages. Every 32 MB instead: the log
      // file stays small, and a busy or shared disk holds the crawl up eight times less often.
      db.pragma('wal_autocheckpoint = 8192');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, path, opts.readonly ?? false, opts.mustExist ?? false);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const raw = err instanceof Error ? err.message : String(err);
    if (/locked|busy/i.test(raw)) throw new StoreError(`数据库 ${path} 正被另一个程序使用，请等待其结束后再试。`);
    throw new StoreError(`数据库 ${path} 无法使用（${sqliteProblem(err)}）。它可能不是 Gongkai 的数据库，或已损坏。`);
  }
  return db;
}

function migrate(db: Db, path: string, readonly: boolean, mustExist: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StoreError(`数据库 ${path} 由更新版本的 Gongkai 创建（结构版本 ${current}），请升级 Gongkai。`);
  }
  if (current === MIGRATIONS.length) return;
  const tables = (db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (current === 0 && tables > 0) throw new StoreError(`${path} 不是 Gongkai 的数据库（其中已有其他数据表）。请换一个文件名。`);
  if ((readonly || mustExist) && current === 0) throw new StoreError(`${path} 是空文件或不是 Gongkai 的数据库，其中没有任何运行结果。`);
  if (readonly) throw new StoreError(`数据库 ${path} 的结构版本较旧（${current}），请先用 crawl 或 audit 命令打开一次以升级。`);
  const apply = db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  apply();
}

const transactionRunners = new WeakMap<Db, (work: () => unknown) => unknown>();

/**
 * Runs `work` as a transaction (a savepoint inside an open one), like `db.transaction(work)()`, but
 * through one wrapper per connection. better-sqlite3 builds four wrapper functions and defines
 * twenty properties for every `db.transaction(fn)`, and the crawl asks for two transactions a page
 * (its claim and its writes): about 2.5% of the crawl thread's time went to making wrappers.
 */
export function runTransaction<T>(db: Db, work: () => T): T {
  let runner = transactionRunners.get(db);
  if (!runner) transactionRunners.set(db, (runner = db.transaction((w: () => unknown) => w())));
  return runner(work) as T;
}
