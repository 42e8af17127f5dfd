/**
 * Groups findings by scoring indicator (rules/data/indicators.default.json, via each rule's
 * `indicator` in the catalogue) for the popup, in the indicator file's order; rules without a known
 * indicator go to 「其他」 last.
 */
import indicatorsData from '../../rules/data/indicators.default.json' with { type: 'json' };
import { ruleMeta } from '../../rules/catalogue.js';

export interface IndicatorGroup<F> {
  indicatorId: string;
  name: string;
  /** Each finding with its index in the input list (the content script's locate index). */
  items: { index: number; finding: F }[];
  violations: number;
  incompletes: number;
}

const OTHER_ID = 'other';
const OTHER_NAME = '其他';

const INDICATORS: { id: string; name: string }[] = indicatorsData.indicators.map((i) => ({ id: i.id, name: i.name }));

export function groupByIndicator<F extends { ruleId: string; outcome: string }>(findings: F[]): IndicatorGroup<F>[] {
  const groups = new Map<string, IndicatorGroup<F>>();
  const order = [...INDICATORS.map((i) => i.id), OTHER_ID];
  const names = new Map(INDICATORS.map((i) => [i.id, i.name] as const));
  findings.forEach((finding, index) => {
    const declared = ruleMeta(finding.ruleId)?.indicator;
    const id = declared && names.has(declared) ? declared : OTHER_ID;
    let group = groups.get(id);
    if (!group) {
      group = { indicatorId: id, name: names.get(id) ?? OTHER_NAME, items: [], violations: 0, incompletes: 0 };
      groups.set(id, group);
    }
    group.items.push({ index, finding });
    if (finding.outcome === 'violation') group.violations++;
    else if (finding.outcome === 'incomplete') group.incompletes++;
  });
  return order.flatMap((id) => {
    const g = groups.get(id);
    return g ? [g] : [];
  });
}
