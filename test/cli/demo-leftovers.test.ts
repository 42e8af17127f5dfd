/**
 * What the demo leaves behind must not mislead: a re-run keeps aside a database the office worked in
 * (marks, its own manual entries) and says so; the config it writes says its sites stop with the demo;
 * a crawl where no home page answers says so instead of a plain "done".
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { keepOfficeWork } from '../../cli/commands/demo.js';
import { validateConfig } from '../../crawler/config.js';
import { parseManualFile } from '../../reports/manual-scores.js';
import { openStore } from '../../store/db.js';
import { saveManualEntries } from '../../store/manual.js';
import { setMark } from '../../store/marks.js';
import { createRun } from '../../store/runs.js';
import { runCli } from '../helpers/cli.js';

function store(dir: string, work: { mark?: boolean; manual?: string }): string {
  const dbFile = join(dir, 'gongkai.sqlite');
  const db = openStore(dbFile);
  const config = validateConfig({ name: '区', units: [{ id: 'fgj', name: '甲', type: 'department', url: 'http://fgj.test/' }] });
  const run = createRun(db, config, [{ id: 'fgj', name: '甲', type: 'department', url: 'http://fgj.test/', scope: [] }], '2020-11-26', 'v1');
  if (work.mark) setMark(db, { unitId: 'fgj', key: 'k', ruleId: 'link.broken', url: 'http://fgj.test/', kind: 'fixed', reason: '已改', by: '张三', runId: run.id });
  if (work.manual) saveManualEntries(db, parseManualFile(work.manual, 'manual.yaml'));
  db.close();
  return dbFile;
}

describe('re-running the demo', () => {
  it('keeps aside a database with the office\'s marks, and says where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-demo-keep-'));
    const dbFile = store(dir, { mark: true });
    const said = keepOfficeWork(dbFile);
    expect(said).toContain('1 条标记');
    expect(existsSync(dbFile)).toBe(false);
    const aside = readdirSync(dir).filter((f) => /^gongkai\.sqlite\.\d{8}-\d{6}\.bak$/.test(f));
    expect(aside).toHaveLength(1);
    expect(said).toContain(aside[0]);
  });

  it('keeps aside the office\'s own manual entries too, but not a database with nothing of the office\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-demo-keep-'));
    expect(keepOfficeWork(store(dir, { manual: 'units:\n  fgj:\n    daily:\n      open-day: 4\n' }))).toContain('1 个单位的人工录入');
    const clean = mkdtempSync(join(tmpdir(), 'gk-demo-keep-'));
    const dbFile = store(clean, {});
    expect(keepOfficeWork(dbFile)).toBeNull();
    expect(existsSync(dbFile)).toBe(true);
  });
});

describe('a crawl where no home page answers', () => {
  it('says so plainly (stderr, so a schedule log has it too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-demo-dead-'));
    const configFile = join(dir, 'c.yaml');
    writeFileSync(configFile, stringify({ name: '区', units: [{ id: 'a', name: '甲', type: 'department', url: 'http://127.0.0.1:9/' }],
      crawl: { timeoutMs: 1000, a11yPagesPerUnit: 0, render: 'never', perHostDelayMs: 0 } }));
    const r = await runCli(['crawl', '--config', configFile, '--db', join(dir, 'g.sqlite'), '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 个单位的首页都无法访问，本次运行没有评出任何分数');
  });
});
