/** Rule metadata as the reports need it (title, fix advice, source, threshold). */
import { ruleMeta } from '../rules/catalogue.js';
import type { RuleInfo } from './html-report.js';

export function reportRuleInfo(ruleId: string): RuleInfo | undefined {
  const m = ruleMeta(ruleId);
  return m && { title: m.title, fix: m.fix, source: m.source, threshold: m.threshold, indicator: m.indicator };
}
