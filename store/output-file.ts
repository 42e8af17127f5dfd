/** Writes a report or export file; a path that cannot be written is the user's to fix (exit 2). */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

const REASONS: Record<string, string> = {
  EISDIR: '这是一个目录，请给出文件名',
  EEXIST: '路径中有同名文件挡住了目录',
  ENOTDIR: '路径中有一部分是文件而不是目录',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '该位置只读',
  ENOSPC: '磁盘空间不足',
  ENOENT: '该位置不存在，也无法在那里创建目录',
};

/**
 * mkdir -p, one level at a time. Node's own `recursive: true` loops forever under /proc (where mkdir
 * answers ENOENT), which would hang the command instead of saying what is wrong.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let cur = dir;
  while (!existsSync(cur)) {
    missing.unshift(cur);
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing) mkdirSync(d);
}

export function writeOutputFile(file: string, content: string | Uint8Array): void {
  try {
    makeDirs(dirname(file));
    writeFileSync(file, content);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`无法写入 ${file}：${REASONS[code] ?? code}`);
  }
}

/**
 * Writes the whole file or nothing: the content goes to a temporary file next to the target, which
 * then replaces it in one rename. A workbook or PDF cut short (disk full, killed) would otherwise be
 * left under the real name and only fail when someone opens it; the previous file stays intact.
 */
export function writeOutputFileAtomic(file: string, content: string | Uint8Array): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    makeDirs(dirname(file));
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (err) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The temporary file could not even be made there; nothing to clean up.
    }
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`无法写入 ${file}：${REASONS[code] ?? code}`);
  }
}

/** Creates an output directory, with the same clear errors. */
export function ensureOutputDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`无法创建目录 ${dir}：已有同名文件`);
  try {
    makeDirs(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`无法创建目录 ${dir}：${code === 'EEXIST' ? '已有同名文件' : REASONS[code] ?? code}`);
  }
}
