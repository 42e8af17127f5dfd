/**
 * The office's overnight workflow on the demo district: two real crawls into one store (the second on
 * a later evaluation date, so freshness findings change), marks made between them and a manual.yaml
 * imported through the real command line, then the export of the second run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { unitFindings, unitScore } from '../../store/findings.js';
import type { RunRow } from '../../store/runs.js';
import { buildExport } from '../../reports/build-export.js';
import { ExportSchema, type ExportDocument, type ExportFinding, type ExportUnit } from '../../reports/export-schema.js';
import { ruleStake, scoreUnit } from '../../rules/scoring.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const FIRST = '2020-11-26';
const SECOND = '2020-12-20';
const quiet = createProgress(process.stderr, { quiet: true });

let district: DemoDistrict;
let dir: string;
let dbFile: string;
let db: Db;
let run2: RunRow;
let doc1: ExportDocument;
let doc2: ExportDocument;
let falsePositive: { unitId: string; finding: ExportFinding };
let fixedMark: { unitId: string; finding: ExportFinding };
let markResults: CliResult[];
let unknownKeyResult: CliResult;
let manualOk: CliResult;
let manualBad: CliResult;
let listResult: CliResult;

const violations = (u: ExportUnit) => u.findings.filter((f) => f.outcome === 'violation');
const unitOf = (doc: ExportDocument, id: string) => doc.units.find((u) => u.id === id)!;

beforeAll(async () => {
  // One server for both crawls: its pages (dated relative to FIRST) and ports stay the same.
  district = await startDemoDistrict({ evalDate: FIRST });
  const config = validateConfig({
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, render: 'never', a11yPagesPerUnit: 0 },
  });
  dir = mkdtempSync(join(tmpdir(), 'gk-office-'));
  dbFile = join(dir, 'office.sqlite');
  db = openStore(dbFile);
  const first = await runCrawl(db, config, { evalDate: FIRST }, quiet);
  doc1 = buildExport(db, first.run);
  db.close();

  // Two marks through the real CLI: a 误报 on a violation that costs points once, an 已整改 on another.
  const candidates = doc1.units.flatMap((u) => violations(u).map((f) => ({ unitId: u.id, finding: f })));
  falsePositive = candidates.find((c) => ruleStake(c.finding.ruleId)?.mode === 'once' && !c.finding.ruleId.startsWith('freshness.'))!;
  fixedMark = candidates.find((c) => c !== falsePositive && !c.finding.ruleId.startsWith('freshness.') && c.unitId !== falsePositive.unitId)!;
  markResults = [
    await runCli(['mark', '--db', dbFile, '--unit', falsePositive.unitId, '--key', falsePositive.finding.key!, '--kind', '误报', '--reason', '名称已核实符合要求', '--by', '张三']),
    await runCli(['mark', '--db', dbFile, '--unit', fixedMark.unitId, '--key', fixedMark.finding.key!, '--kind', 'fixed', '--reason', '已整改']),
  ];
  unknownKeyResult = await runCli(['mark', '--db', dbFile, '--unit', fixedMark.unitId, '--key', 'link.broken:0000000000000000', '--kind', '误报', '--reason', 'x']);

  const manualFile = join(dir, 'manual.yaml');
  writeFileSync(manualFile, `enteredBy: 李四\nunits:\n  ${falsePositive.unitId}:\n    daily:\n      policy-interpretation: 5\n      open-day: 3.5\n    deductions:\n      - item: notice-city\n        note: 市级通报\n`);
  manualOk = await runCli(['manual', '--db', dbFile, '--file', manualFile]);
  const badFile = join(dir, 'bad.yaml');
  writeFileSync(badFile, `units:\n  ${falsePositive.unitId}:\n    daily:\n      policy: 5\n`);
  manualBad = await runCli(['manual', '--db', dbFile, '--file', badFile]);

  db = openStore(dbFile);
  const second = await runCrawl(db, config, { evalDate: SECOND }, quiet);
  run2 = second.run;
  doc2 = buildExport(db, run2);
  listResult = await runCli(['mark', '--db', dbFile, '--list']);
}, 240_000);

afterAll(async () => {
  db?.close();
  await district?.close();
});

describe('office export across two runs', () => {
  it('exports both runs as valid documents with keys, and the second names the first as previous', () => {
    for (const doc of [doc1, doc2]) {
      const parsed = ExportSchema.safeParse(JSON.parse(JSON.stringify(doc)));
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 5))).toBe(true);
      expect(doc.units.every((u) => u.findings.every((f) => typeof f.key === 'string'))).toBe(true);
      expect(doc.run.district).toBe(district.name);
    }
    expect(doc1.run.previousRunId).toBeNull();
    expect(doc1.units.every((u) => u.changes === undefined)).toBe(true);
    expect(doc2.run.previousRunId).toBe(doc1.run.id);
  });

  it('marks through the CLI, refusing a key the latest run does not have', () => {
    expect(markResults.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
    expect(markResults[0]!.stdout).toContain('已标记为误报');
    expect(unknownKeyResult.code).toBe(2);
    expect(unknownKeyResult.stderr).toContain('--key');
    expect(unknownKeyResult.stderr).toContain('没有标识为 “link.broken:0000000000000000” 的检查结果');
    expect(listResult.code).toBe(0);
    expect(listResult.stdout).toContain('共 2 条标记');
    expect(listResult.stdout).toContain(falsePositive.finding.key!);
  });

  it('keeps the keys of unchanged findings stable from one run to the next', () => {
    for (const u1 of doc1.units) {
      const before = new Set(violations(u1).filter((f) => !f.ruleId.startsWith('freshness.')).map((f) => f.key));
      const after = new Set(violations(unitOf(doc2, u1.id)).map((f) => f.key));
      expect([...before].filter((k) => !after.has(k)), u1.id).toEqual([]);
    }
  });

  it('counts new, fixed and open violations per unit against the previous run', () => {
    let newTotal = 0;
    for (const u2 of doc2.units) {
      const before = new Set(violations(unitOf(doc1, u2.id)).map((f) => f.key));
      const after = new Set(violations(u2).map((f) => f.key));
      const undecided = new Set(u2.findings.filter((f) => f.outcome === 'incomplete' || f.outcome === 'error').map((f) => f.key));
      expect(u2.changes, u2.id).toMatchObject({
        previousRunId: doc1.run.id,
        previousEvalDate: FIRST,
        new: [...after].filter((k) => !before.has(k)).length,
        open: [...after].filter((k) => before.has(k)).length,
        fixed: [...before].filter((k) => !after.has(k) && !undecided.has(k)).length,
      });
      newTotal += u2.changes!.new;
      for (const f of violations(u2)) {
        expect(f.change).toBe(before.has(f.key) ? 'open' : 'new');
        expect(f.firstSeen).toBe(before.has(f.key) ? FIRST : SECOND);
      }
    }
    // Three and a half weeks later some columns are past their limit: the night brought new violations.
    expect(newTotal).toBeGreaterThan(0);
    const stale = doc2.units.flatMap((u) => violations(u)).filter((f) => f.ruleId === 'freshness.column' && f.change === 'new');
    expect(stale.length).toBeGreaterThan(0);
  });

  it('keeps the marks in the second run and flags the 已整改 finding that is still there', () => {
    const fp = unitOf(doc2, falsePositive.unitId).findings.find((f) => f.key === falsePositive.finding.key)!;
    expect(fp.mark).toMatchObject({ kind: 'false-positive', reason: '名称已核实符合要求', by: '张三' });
    expect(fp.reappeared).toBeUndefined();
    const fixed = unitOf(doc2, fixedMark.unitId).findings.find((f) => f.key === fixedMark.finding.key)!;
    expect(fixed.outcome).toBe('violation');
    expect(fixed.mark?.kind).toBe('fixed');
    expect(fixed.mark!.by.length).toBeGreaterThan(0);
    expect(fixed.reappeared).toBe(true);
    expect(Date.parse(fixed.mark!.at)).toBeLessThan(Date.parse(doc2.run.startedAt));
  });

  it('does not count a false-positive violation: the score rises by the rule’s points', () => {
    const stored = unitScore(db, run2.id, falsePositive.unitId)!;
    const exported = unitOf(doc2, falsePositive.unitId).score;
    const findings = unitFindings(db, run2.id, falsePositive.unitId);
    const withoutFp = findings.filter((f) => !(f.outcome === 'violation' && f.ruleId === falsePositive.finding.ruleId && f.url === falsePositive.finding.url));
    const expectedRise = scoreUnit(withoutFp).total - scoreUnit(findings).total;
    expect(expectedRise).toBe(ruleStake(falsePositive.finding.ruleId)!.points);
    expect(expectedRise).toBeGreaterThan(0);
    expect(exported.total).toBe(stored.total + expectedRise);
    expect(exported.assessed).toBe(stored.assessed);
    // Units without marks keep their stored score.
    const other = doc2.units.find((u) => u.id !== falsePositive.unitId && u.id !== fixedMark.unitId)!;
    expect(other.score.total).toBe(unitScore(db, run2.id, other.id)!.total);
  });

  it('imports manual.yaml through the CLI and shows it as the hand-entered part of the predicted total', () => {
    expect(manualOk.code, manualOk.stderr).toBe(0);
    expect(manualOk.stdout).toContain('已导入 1 个单位');
    const unit = unitOf(doc2, falsePositive.unitId);
    expect(unit.manual).toMatchObject({ dailyTotal: 8.5, deductionTotal: 10, enteredBy: '李四', predictedMax: 100 });
    expect(unit.manual!.predictedTotal).toBe(unit.score.total! + 8.5 - 10);
    expect(doc2.units.filter((u) => u.manual !== undefined)).toHaveLength(1);
  });

  it('refuses a wrong manual.yaml with exit 2, naming the field', () => {
    expect(manualBad.code).toBe(2);
    expect(manualBad.stderr).toContain(`units.${falsePositive.unitId}.daily.policy`);
    expect(manualBad.stderr).toContain('未知的日常考核项');
  });
});
