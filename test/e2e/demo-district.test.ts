/**
 * End to end on the bundled demo district: crawl over real HTTP, audit, score, export. The exact set
 * of violations must equal the answer key — every seeded defect found, nothing else reported.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRun } from '../../crawler/audit.js';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore, type Db } from '../../store/db.js';
import { getRun } from '../../store/runs.js';
import { buildExport } from '../../reports/build-export.js';
import { ExportSchema, type ExportDocument } from '../../reports/export-schema.js';
import { renderHtmlReport } from '../../reports/html-report.js';
import { reportRuleInfo } from '../../reports/rule-info.js';
import { expectedIncompletes, expectedViolations } from '../demo-district/answer-key.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { describeFinding, matchFindings, type Comparable } from '../helpers/findings-match.js';

const EVAL_DATE = '2020-11-26';
const quiet = createProgress(process.stderr, { quiet: true });

let district: DemoDistrict;
let db: Db;
let doc: ExportDocument;
let runId: number;

function actual(doc: ExportDocument, outcome: string): Comparable[] {
  return doc.units.flatMap((u) =>
    u.findings.filter((f) => f.outcome === outcome).map((f) => ({ unitId: u.id, ruleId: f.ruleId, path: new URL(f.url).pathname, data: f.data })),
  );
}

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: EVAL_DATE });
  const config = validateConfig({
    name: district.name,
    units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
    crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, a11yPagesPerUnit: 3 },
  });
  db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-e2e-')), 'demo.sqlite'));
  const outcome = await runCrawl(db, config, { evalDate: EVAL_DATE }, quiet);
  runId = outcome.run.id;
  doc = buildExport(db, outcome.run);
}, 180_000);

afterAll(async () => {
  db?.close();
  await district?.close();
});

describe('demo district, end to end', () => {
  it('exports a document that satisfies the export contract', () => {
    const parsed = ExportSchema.safeParse(JSON.parse(JSON.stringify(doc)));
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 5))).toBe(true);
    expect(doc.run.evalDate).toBe(EVAL_DATE);
    expect(doc.units.map((u) => u.id).sort()).toEqual(district.units.map((u) => u.id).sort());
  });

  it('reports exactly the seeded violations of the answer key', () => {
    const { missing, unexpected } = matchFindings(expectedViolations(district), actual(doc, 'violation'));
    expect(missing.map(describeFinding), 'seeded defects not found').toEqual([]);
    expect(unexpected.map(describeFinding), 'violations the answer key does not list').toEqual([]);
  });

  it('marks the deliberately doubtful cases as needing review, not as violations', () => {
    const { missing } = matchFindings(expectedIncompletes(district), actual(doc, 'incomplete'));
    expect(missing.map(describeFinding)).toEqual([]);
  });

  it('turns an unreachable unit into findings for review, not a crash and not violations', () => {
    const dead = doc.units.find((u) => u.id === 'dcz');
    expect(dead).toBeDefined();
    expect(dead!.findings.filter((f) => f.outcome === 'violation')).toEqual([]);
    expect(dead!.findings.some((f) => f.outcome === 'incomplete' || f.outcome === 'error')).toBe(true);
  });

  it('scores every unit out of 70, with deductions only where violations are', () => {
    for (const u of doc.units) {
      expect(u.score.max).toBe(70);
      // A unit that could not be assessed has no total at all (never a full score a program could take).
      if (u.score.assessed === false) {
        expect(u.score.total).toBeNull();
        continue;
      }
      expect(u.score.total).toBeGreaterThanOrEqual(0);
      expect(u.score.total).toBeLessThanOrEqual(70);
      const sum = u.score.indicators.reduce((s, i) => s + i.score, 0);
      expect(sum).toBeCloseTo(u.score.total!, 5);
      const violations = u.findings.filter((f) => f.outcome === 'violation').length;
      if (violations === 0) expect(u.score.total).toBe(70);
      else expect(u.score.total).toBeLessThan(70);
    }
  });

  it('writes an HTML report with every unit, its score and its findings', () => {
    const html = renderHtmlReport(doc, { districtName: district.name, ruleInfo: reportRuleInfo });
    const $ = cheerio.load(html);
    expect($('html').attr('lang')).toBe('zh-CN');
    expect($('script').length).toBe(0);
    for (const u of doc.units) expect($('body').text()).toContain(u.name);
    const firstViolation = doc.units.flatMap((u) => u.findings).find((f) => f.outcome === 'violation');
    expect(firstViolation).toBeDefined();
    expect($('body').text()).toContain(firstViolation!.message);
  });

  it('re-audits the stored run without fetching anything and gets the same findings', () => {
    const before = district.requests.length;
    auditRun(db, getRun(db, runId)!, quiet);
    expect(district.requests.length).toBe(before);
    const again = buildExport(db, getRun(db, runId)!);
    const strip = (d: ExportDocument) => d.units.map((u) => ({ id: u.id, score: u.score, findings: u.findings }));
    expect(strip(again)).toEqual(strip(doc));
  });
});
