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
    const msg = err instanceof Error ? err.message : String(err);
    throw new StoreError(opts.readonly ? `无法打开数据库 ${path}（${msg}）。请检查 --db 路径是否正确。` : `无法创建或打开数据库 ${path}（${msg}）`);
  }
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, path, opts.readonly ?? false, opts.mustExist ?? false);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/locked|busy/i.test(msg)) throw new StoreError(`数据库 ${path} 正被另一个进程使用（${msg}），请等待其结束后再试。`);
    throw new StoreError(`数据库 ${path} 无法使用（${msg}）。它可能不是 Gongkai 的数据库，或已损坏。`);
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
