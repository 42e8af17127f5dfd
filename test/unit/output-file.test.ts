import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../store/errors.js';
import { ensureOutputDir, writeOutputFile } from '../../store/output-file.js';

describe('output files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-out-'));

  it('creates missing directories and writes the file', () => {
    const file = join(dir, 'a', 'b', 'report.html');
    writeOutputFile(file, '报告');
    expect(readFileSync(file, 'utf8')).toBe('报告');
  });

  it('explains in zh-CN why a path cannot be written', () => {
    expect(() => writeOutputFile(dir, 'x')).toThrow(UserError);
    expect(() => writeOutputFile(dir, 'x')).toThrow(/这是一个目录，请给出文件名/);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, '');
    expect(() => ensureOutputDir(file)).toThrow(/已有同名文件/);
    expect(() => writeOutputFile(join(file, 'x.html'), 'x')).toThrow(/路径中有一部分是文件/);
  });

  it('fails instead of hanging where directories cannot be made (/proc)', () => {
    expect(() => writeOutputFile('/proc/gongkai-nope/r.html', 'x')).toThrow(/无法写入/);
  });
});
