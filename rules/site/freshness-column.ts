/**
 * freshness.column: per column, the newest item is within the limit of the column's type
 * (dynamic 14 days, notice/policy 6 months, personnel/planning 1 year; data/column-types.json).
 * Historical/专题 columns and types without a limit are `inapplicable`; an empty column is
 * column.empty's business only; entries without any date are `incomplete`.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { freshnessLimit, limitLabel } from '../column-type.js';
import { daysBetween, limitInDays } from './calendar.js';

const RULE_ID = 'freshness.column';

export const freshnessColumnRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const findings: Finding[] = [];
    for (const column of site.columns) {
      if (column.entryCount === 0 && column.items.length === 0) continue;
      const base = { ruleId: RULE_ID, url: column.url };
      const info = { column: column.name, type: column.type };
      if (column.exempt) {
        findings.push({ ...base, outcome: 'inapplicable', message: MESSAGES.columnExempt(column.name), data: { ...info, exempt: true } });
        continue;
      }
      const limit = freshnessLimit(column.type);
      if (limit === null) {
        findings.push({ ...base, outcome: 'inapplicable', message: MESSAGES.columnNoLimit(column.name), data: info });
        continue;
      }
      const limitDays = limitInDays(limit, site.evalDate);
      if (column.newest === null) {
        const entries = Math.max(column.entryCount, column.items.length);
        findings.push({ ...base, outcome: 'incomplete', message: MESSAGES.columnUndated(column.name, entries), data: { ...info, limitDays } });
        continue;
      }
      const ageDays = daysBetween(column.newest, site.evalDate);
      if (ageDays === null) throw new Error(`invalid date: ${column.newest} / ${site.evalDate}`);
      const data = { ...info, newest: column.newest, ageDays, limitDays };
      const label = limitLabel(limit);
      findings.push(
        ageDays > limitDays
          ? { ...base, outcome: 'violation', message: MESSAGES.columnStale(column.name, column.newest, ageDays, label), data }
          : { ...base, outcome: 'pass', message: MESSAGES.columnFresh(column.name, column.newest, ageDays, label), data },
      );
    }
    return findings;
  },
};
