/**
 * `npm start` as a new user runs it: `gongkai demo` crawls the demo district the night before and
 * tonight, and leaves a database with two runs, tonight's report and JSON with the overnight
 * change, and the example of hand-entered points.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const EVAL_DATE = '2020-11-26';
let dir: string;
let result: CliResult;
let doc: ExportDocument;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-demo-cmd-'));
  result = await runCli(['demo', '--out', dir, '--now', EVAL_DATE, '--quiet'], { timeoutMs: 170_000 });
  doc = ExportSchema.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('gongkai demo', () => {
  it('finishes and prints the ranking, the overnight change and where everything is', () => {
    expect(result.code, result.stderr).toBe(0);
    // Nothing from Node's own warnings (e.g. MaxListenersExceededWarning) reaches a civil servant's screen.
    expect(result.stderr).not.toMatch(/Warning|node --trace/);
    expect(result.stdout).toContain('与前一晚相比：新增问题 1 项，已消除 1 项');
    for (const file of ['report.html', 'report.json', 'gongkai.sqlite', 'gongkai.config.yaml', 'manual.yaml']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
      expect(result.stdout).toContain(join(dir, file));
    }
    expect(result.stdout).toContain('npx gongkai serve --db');
    // The demo's sites stop with it: the printed dashboard command does not point a crawl at them,
    // and the config it leaves says so; the coverage of tonight is printed.
    expect(result.stdout).not.toMatch(/serve --db \S+ --config/);
    expect(result.stdout).toContain('演示网站已随 demo 结束而关闭');
    expect(readFileSync(join(dir, 'gongkai.config.yaml'), 'utf8')).toContain('只在 npx gongkai demo 运行期间可以访问');
    expect(result.stdout).toContain('本次覆盖：');
  });

  it('stores two finished runs: the night before and tonight', () => {
    const db = new Database(join(dir, 'gongkai.sqlite'), { readonly: true });
    try {
      const runs = db.prepare('SELECT id, eval_date AS evalDate, status FROM runs ORDER BY id').all();
      expect(runs).toEqual([
        { id: 1, evalDate: '2020-11-25', status: 'done' },
        { id: 2, evalDate: EVAL_DATE, status: 'done' },
      ]);
    } finally {
      db.close();
    }
  });

  it('reports what changed at 区发展和改革局: the restored article fixed, the removed attachment new', () => {
    expect(doc.run.previousRunId).toBe('1');
    const fgj = doc.units.find((u) => u.id === 'fgj')!;
    expect(fgj.changes).toMatchObject({ previousRunId: '1', new: 1, fixed: 1 });
    expect(fgj.changes!.fixedFindings).toHaveLength(1);
    expect(fgj.changes!.fixedFindings[0]!.ruleId).toBe('link.broken');
    const added = fgj.findings.filter((f) => f.change === 'new' && f.outcome === 'violation');
    expect(added.map((f) => [f.ruleId, f.data.href])).toEqual([['link.broken', expect.stringMatching(/\/xxgk\/tzgg\/fj\/gzfa\.docx$/)]]);
    // Every other unit answered the same both nights.
    for (const unit of doc.units.filter((u) => u.id !== 'fgj')) expect(unit.changes, unit.id).toMatchObject({ new: 0, fixed: 0 });
  });

  it('combines the example hand-entered points with the crawl score, labelled as such', () => {
    const fgj = doc.units.find((u) => u.id === 'fgj')!;
    expect(fgj.manual).toBeDefined();
    expect(fgj.manual!.dailyTotal).toBe(25);
    expect(fgj.manual!.predictedTotal).toBe(fgj.score.total! + 25);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('人工录入');
    expect(html).toContain('新增');
  });
});
