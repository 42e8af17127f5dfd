/**
 * Without a browser the crawl still runs over HTTP, says what it skipped, and turns the pages it
 * could not render into review items — never violations, never a crash.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ExportDocument } from '../../reports/export-schema.js';
import { startDemoDistrict, type DemoDistrict } from '../demo-district/server.js';
import { runCli } from '../helpers/cli.js';

let district: DemoDistrict;
const dir = mkdtempSync(join(tmpdir(), 'gk-nobrowser-'));

beforeAll(async () => {
  district = await startDemoDistrict({ evalDate: '2020-11-26' });
});

afterAll(async () => {
  await district?.close();
});

describe('crawl without a browser', () => {
  it('skips rendering and axe with a clear message and reports the script-built columns for review', async () => {
    const unit = district.units.find((u) => u.id === 'zjd')!;
    const config = join(dir, 'c.yaml');
    writeFileSync(config, stringify({
      name: district.name,
      units: [{ id: unit.id, name: unit.name, type: unit.type, url: unit.url }],
      crawl: { perHostDelayMs: 0, timeoutMs: 5000, render: 'auto' },
    }));
    const db = join(dir, 'db.sqlite');
    const env = { GONGKAI_CHROMIUM: '/nonexistent/chromium' };
    const r = await runCli(['crawl', '--config', config, '--db', db, '--now', '2020-11-26'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/GONGKAI_CHROMIUM 指向的浏览器不存在/);
    const out = join(dir, 'r.json');
    expect((await runCli(['export', '--db', db, '--format', 'json', '--out', out])).code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ExportDocument;
    const findings = doc.units[0]!.findings;
    expect(findings.filter((f) => f.outcome === 'violation')).toEqual([]);
    // The two script-built columns could not be read: review items, not "empty" or "stale".
    const columnDoubts = findings.filter((f) => (f.ruleId === 'column.empty' || f.ruleId === 'freshness.column') && f.outcome === 'incomplete');
    expect(columnDoubts.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
