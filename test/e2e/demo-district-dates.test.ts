/**
 * The demo district's answer key on other evaluation dates: every date in the demo moves with
 * evalDate, and the annual report rules depend on where evalDate falls against the 31 January
 * deadline (rules/data/annual-report.json). Crawl, audit and compare the exact set of violations on a
 * day just after the deadline and on a day before it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { createProgress } from '../../crawler/progress.js';
import { runCrawl } from '../../crawler/run.js';
import { openStore } from '../../store/db.js';
import { buildExport } from '../../reports/build-export.js';
import { requiredReport } from '../demo-district/annual-report-years.js';
import { expectedViolations } from '../demo-district/answer-key.js';
import { startDemoDistrict } from '../demo-district/server.js';
import { describeFinding, matchFindings, type Comparable } from '../helpers/findings-match.js';

const quiet = createProgress(process.stderr, { quiet: true });

async function crawlDemo(evalDate: string): Promise<{ expected: Comparable[]; actual: Comparable[] }> {
  const district = await startDemoDistrict({ evalDate });
  const db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-e2e-dates-')), 'demo.sqlite'));
  try {
    const config = validateConfig({
      name: district.name,
      units: district.units.map((u) => ({ id: u.id, name: u.name, type: u.type, url: u.url })),
      crawl: { concurrency: 8, perHostConcurrency: 8, perHostDelayMs: 0, timeoutMs: 30_000, a11yPagesPerUnit: 0 },
    });
    const outcome = await runCrawl(db, config, { evalDate }, quiet);
    const doc = buildExport(db, outcome.run);
    const actual = doc.units.flatMap((u) =>
      u.findings
        .filter((f) => f.outcome === 'violation')
        .map((f) => ({ unitId: u.id, ruleId: f.ruleId, path: new URL(f.url).pathname, data: f.data })),
    );
    return { expected: expectedViolations(district), actual };
  } finally {
    db.close();
    await district.close();
  }
}

describe('demo district on other evaluation dates', () => {
  for (const evalDate of ['2021-02-15', '2026-01-20']) {
    it(`reports exactly the answer key on ${evalDate}`, async () => {
      const { expected, actual } = await crawlDemo(evalDate);
      const { missing, unexpected } = matchFindings(expected, actual);
      expect(missing.map(describeFinding), 'seeded defects not found').toEqual([]);
      expect(unexpected.map(describeFinding), 'violations the answer key does not list').toEqual([]);
      // The veto lists the columns behind it: exactly the unit's stale 动态/公告/政策 columns.
      const veto = actual.find((f) => f.ruleId === 'freshness.veto');
      const listed = (veto?.data?.columns as { url: string }[] | undefined)?.map((c) => new URL(c.url).pathname).sort();
      const stale = actual.filter((f) => f.unitId === veto?.unitId && f.ruleId === 'freshness.column').map((f) => f.path).sort();
      expect(listed).toEqual(stale);
      expect(stale).toHaveLength(5);
      const current = actual.find((f) => f.ruleId === 'disclosure.annual-report.current');
      expect(current?.data?.year).toBe(requiredReport(evalDate, 'department').year);
    }, 120_000);
  }

  it('requires the report of the year before last until the deadline, and last year’s after it', () => {
    expect(requiredReport('2021-02-15', 'department')).toEqual({ year: 2020, deadline: '2021-01-31' });
    expect(requiredReport('2021-02-15', 'town')).toEqual({ year: 2020, deadline: '2021-01-31' });
    expect(requiredReport('2026-01-20', 'department')).toEqual({ year: 2024, deadline: '2025-01-31' });
  });
});
