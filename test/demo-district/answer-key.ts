/**
 * The demo district's answer key: the exact set of violations a correct crawl and audit must
 * report, and the incompletes seeded on purpose. Each unit file lists its findings right where it
 * seeds the defect; this module turns them into absolute, comparable expectations.
 *
 * Conventions (docs/contracts.md, “导出 JSON”): `path` is the page the finding is about — the home page
 * ('/') for home-page rules and disclosure.column.present / .name (the column is linked from there),
 * the disclosure column page for disclosure.parts, a column's first list page for column rules, the linking page for
 * link.broken (data.href is the absolute target).
 *
 * Assumed checker behaviour the demo relies on: when the disclosure column is missing (unit hdjd)
 * or its 年报 part is missing (unit bsz), guide / annual-report rules do not report violations
 * (they are inapplicable or incomplete); the unreachable unit (dcz) yields no violation at all.
 * Unit zjd's column lists are built by script: its freshness.column findings need a crawl that
 * renders pages (marked `needsBrowser`); without rendering those columns give no violation.
 */
import { seededFindings, type DemoDistrict } from './server.js';
import { DEMO_UNITS } from './units/index.js';
import type { SeededFinding } from './units/unit-definition.js';

export interface ExpectedFinding {
  unitId: string;
  ruleId: string;
  /** Path on the unit's site of the page the finding is about. */
  path: string;
  /** Subset of the finding's data that must match. */
  data?: Record<string, unknown>;
  /**
   * Only a crawl that renders pages in a browser finds it (unit zjd's script-built lists). The
   * normal runs have Chromium; a run without one drops these (`{ browser: false }`).
   */
  needsBrowser?: true;
}

export interface AnswerKeyOptions {
  /** Whether the crawl renders pages in a browser (default true: CI and `npm start` have Chromium). */
  browser?: boolean;
}

function expand(district: DemoDistrict, pick: 'violations' | 'incompletes', opts: AnswerKeyOptions): ExpectedFinding[] {
  const byUnit = seededFindings(district);
  const browser = opts.browser ?? true;
  return district.units.flatMap((unit) =>
    (byUnit.get(unit.id)?.[pick] ?? [])
      .filter((f: SeededFinding) => browser || f.needsBrowser !== true)
      .map((f: SeededFinding) => {
        const data = { ...f.data, ...(f.href !== undefined ? { href: new URL(f.href, unit.url).href } : {}) };
        const expected: ExpectedFinding = { unitId: unit.id, ruleId: f.ruleId, path: f.path };
        if (Object.keys(data).length > 0) expected.data = data;
        if (f.needsBrowser === true) expected.needsBrowser = true;
        return expected;
      }),
  );
}

/** The exact violations of a crawl; with `{ browser: false }`, of a crawl that renders nothing. */
export function expectedViolations(district: DemoDistrict, opts: AnswerKeyOptions = {}): ExpectedFinding[] {
  return expand(district, 'violations', opts);
}

/** The incompletes seeded on purpose (a crawl may report more, e.g. for the unreachable unit). */
export function expectedIncompletes(district: DemoDistrict, opts: AnswerKeyOptions = {}): ExpectedFinding[] {
  return expand(district, 'incompletes', opts);
}

/** Units that cannot be reached: they must produce no violation. */
export function unreachableUnitIds(district: DemoDistrict): string[] {
  const unreachable = new Set(DEMO_UNITS.filter((d) => d.build === null).map((d) => d.id));
  return district.units.filter((u) => unreachable.has(u.id)).map((u) => u.id);
}
