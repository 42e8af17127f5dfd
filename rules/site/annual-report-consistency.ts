/**
 * disclosure.annual-report.consistency: 表三 of the latest report balances — 本年新收 + 上年结转 =
 * 办理结果总计（七） + 结转下年度继续办理 — in every column read (总计 first). Numbers come from the
 * report's HTML tables or its flattened text; a violation needs a confident read of all four rows
 * (rules/extract/annual-report.ts), anything less is `incomplete`. Reports about years before 2019
 * used other tables: when no 表三 is found there, inapplicable.
 */
import type { SiteRule } from '../rule.js';
import { DISCLOSURE_CONTENT_MESSAGES as M } from '../messages/disclosure-content.zh-CN.js';
import { readTable3, table3Imbalances } from '../extract/annual-report.js';
import { homeRequired } from './home-required.js';
import { latestReadReport } from './annual-report-list.js';

const RULE_ID = 'disclosure.annual-report.consistency';
/** First report year of the 国办公开办函〔2019〕60号 format, which introduced 表三. */
export const TABLE3_FIRST_YEAR = 2019;

export const annualReportConsistencyRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const latest = latestReadReport(RULE_ID, site, home);
    if ('findings' in latest) return latest.findings;
    const { report, base } = latest;
    const table = readTable3(report.document);
    // Reports about years before 2019 used other tables: no 表三 there is no defect.
    if (!table && report.year !== null && report.year < TABLE3_FIRST_YEAR) {
      return [{ ruleId: RULE_ID, outcome: 'inapplicable', url: report.url, message: M.table3OldFormat(report.year), data: base }];
    }
    if (!table) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: report.url, message: M.table3Unreadable(report.title), data: base }];
    }
    const imbalances = table3Imbalances(table);
    const [first] = imbalances;
    if (!first) {
      return [{ ruleId: RULE_ID, outcome: 'pass', url: report.url, message: M.table3Balanced(report.title), data: { ...base, source: table.source } }];
    }
    const data = {
      ...base,
      source: table.source,
      column: first.column,
      received: first.received,
      carriedOver: first.carriedOver,
      total: first.total,
      carriedForward: first.carriedForward,
      columns: imbalances.map((i) => i.column),
    };
    const message = M.table3Unbalanced(report.title, first.column, first.received, first.carriedOver, first.total, first.carriedForward);
    return [{ ruleId: RULE_ID, outcome: 'violation', url: report.url, message, data }];
  }),
};
