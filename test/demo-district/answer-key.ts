/**
 * The demo district's answer key: the exact set of violations a correct crawl and audit must
 * report, and the incompletes seeded on purpose. Each unit file lists its findings right where it
 * seeds the defect; this module turns them into absolute, comparable expectations.
 *
 * Conventions (DESIGN.md "Export JSON"): `path` is the page the finding is about — the home page
 * ('/') for home-page rules and disclosure.column.present / .name (the column is linked from there),
 * the disclosure column page for disclosure.parts, a column's first list page for column rules, the linking page for
 * link.broken (data.href is the absolute target).
 *
 * Assumed checker behaviour the demo relies on: when the disclosure column is missing (unit hdjd)
 * or its 年报 part is missing (unit bsz), guide / annual-report rules do not report violations
 * (they are inapplicable or incomplete); the unreachable unit (dcz) yields no violation at all.
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
}

function expand(district: DemoDistrict, pick: 'violations' | 'incompletes'): ExpectedFinding[] {
  const byUnit = seededFindings(district);
  return district.units.flatMap((unit) =>
    (byUnit.get(unit.id)?.[pick] ?? []).map((f: SeededFinding) => {
      const data = { ...f.data, ...(f.href !== undefined ? { href: new URL(f.href, unit.url).href } : {}) };
      const expected: ExpectedFinding = { unitId: unit.id, ruleId: f.ruleId, path: f.path };
      if (Object.keys(data).length > 0) expected.data = data;
      return expected;
    }),
  );
}

export function expectedViolations(district: DemoDistrict): ExpectedFinding[] {
  return expand(district, 'violations');
}

/** The incompletes seeded on purpose (a crawl may report more, e.g. for the unreachable unit). */
export function expectedIncompletes(district: DemoDistrict): ExpectedFinding[] {
  return expand(district, 'incompletes');
}

/** Units that cannot be reached: they must produce no violation. */
export function unreachableUnitIds(district: DemoDistrict): string[] {
  const unreachable = new Set(DEMO_UNITS.filter((d) => d.build === null).map((d) => d.id));
  return district.units.filter((u) => unreachable.has(u.id)).map((u) => u.id);
}
