/**
 * freshness.column: per column, the newest item is within the limit of the column's type
 * (dynamic 14 days, notice/policy 6 months, personnel/planning 1 year; data/column-types.json).
 * Historical/专题 columns and types without a limit are `inapplicable`; an empty column is
 * column.empty's business only; entries without any date are `incomplete`. Dates after the
 * evaluation date + 1 day are ignored; a column with only such dates is `incomplete`.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { freshnessLimit, limitLabel } from '../column-type.js';
import { datesAfter, daysBetween, latestCountedDate, limitInDays, newestDate } from './calendar.js';

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
      // Recomputed with the cut-off so a future-dated item never stands for the column's newest.
      const dates = [...(column.newest !== null ? [column.newest] : []), ...column.items.map((i) => i.date)];
      const cutoff = latestCountedDate(site.evalDate);
      const newest = newestDate(dates, cutoff);
      const future = datesAfter(dates, cutoff);
      if (newest === null && future.length > 0) {
        findings.push({
          ...base,
          outcome: 'incomplete',
          message: MESSAGES.columnOnlyFutureDates(column.name, future[0]!, site.evalDate),
          data: { ...info, limitDays, futureDates: future },
        });
        continue;
      }
      if (newest === null) {
        const entries = Math.max(column.entryCount, column.items.length);
        findings.push({ ...base, outcome: 'incomplete', message: MESSAGES.columnUndated(column.name, entries), data: { ...info, limitDays } });
        continue;
      }
      const ageDays = daysBetween(newest, site.evalDate);
      if (ageDays === null) throw new Error(`invalid date: ${newest} / ${site.evalDate}`);
      const data = { ...info, newest, ageDays, limitDays, ...(future.length > 0 ? { ignoredFutureDates: future.length } : {}) };
      const label = limitLabel(limit);
      findings.push(
        ageDays > limitDays
          ? { ...base, outcome: 'violation', message: MESSAGES.columnStale(column.name, newest, ageDays, label), data }
          : { ...base, outcome: 'pass', message: MESSAGES.columnFresh(column.name, newest, ageDays, label), data },
      );
    }
    return findings;
  },
};
