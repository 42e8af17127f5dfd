/**
 * freshness.column: per column, the newest item is within the limit of the column's type
 * (dynamic 14 days, notice/policy 6 months, personnel/planning 1 year; data/column-types.json).
 * Historical/专题 columns and types without a limit are `inapplicable`; an empty column is
 * column.empty's business only; entries without any date are `incomplete`. Dates after the
 * evaluation date + 1 day are ignored; a column with only such dates is `incomplete`.
 */
import type { SiteRule } from '../rule.js';
import type { Column, Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { freshnessLimit, limitLabel } from '../column-type.js';
import { datesAfter, daysBetween, latestCountedDate, limitInDays, newestDate } from './calendar.js';

const RULE_ID = 'freshness.column';

/**
 * What can be said about one column's freshness at an evaluation date. Shared by freshness.column
 * and freshness.veto so both count a column as stale by exactly the same logic.
 */
export type ColumnFreshness =
  /** No entry at all: column.empty's business. */
  | { kind: 'empty' }
  | { kind: 'exempt' }
  | { kind: 'no-limit' }
  | { kind: 'future-only'; limitDays: number; future: string[] }
  | { kind: 'undated'; limitDays: number; entries: number }
  | { kind: 'dated'; newest: string; ageDays: number; limitDays: number; label: string; future: string[]; stale: boolean };

export function columnFreshness(column: Column, evalDate: string): ColumnFreshness {
  if (column.entryCount === 0 && column.items.length === 0) return { kind: 'empty' };
  if (column.exempt) return { kind: 'exempt' };
  const limit = freshnessLimit(column.type);
  if (limit === null) return { kind: 'no-limit' };
  const limitDays = limitInDays(limit, evalDate);
  // Recomputed with the cut-off so a future-dated item never stands for the column's newest.
  const dates = [...(column.newest !== null ? [column.newest] : []), ...column.items.map((i) => i.date)];
  const cutoff = latestCountedDate(evalDate);
  const newest = newestDate(dates, cutoff);
  const future = datesAfter(dates, cutoff);
  if (newest === null && future.length > 0) return { kind: 'future-only', limitDays, future };
  if (newest === null) return { kind: 'undated', limitDays, entries: Math.max(column.entryCount, column.items.length) };
  const ageDays = daysBetween(newest, evalDate);
  if (ageDays === null) throw new Error(`invalid date: ${newest} / ${evalDate}`);
  return { kind: 'dated', newest, ageDays, limitDays, label: limitLabel(limit), future, stale: ageDays > limitDays };
}

export const freshnessColumnRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const findings: Finding[] = [];
    for (const column of site.columns) {
      const base = { ruleId: RULE_ID, url: column.url };
      const info = { column: column.name, type: column.type };
      const f = columnFreshness(column, site.evalDate);
      switch (f.kind) {
        case 'empty':
          break;
        case 'exempt':
          findings.push({ ...base, outcome: 'inapplicable', message: MESSAGES.columnExempt(column.name), data: { ...info, exempt: true } });
          break;
        case 'no-limit':
          findings.push({ ...base, outcome: 'inapplicable', message: MESSAGES.columnNoLimit(column.name), data: info });
          break;
        case 'future-only':
          findings.push({
            ...base,
            outcome: 'incomplete',
            message: MESSAGES.columnOnlyFutureDates(column.name, f.future[0]!, site.evalDate),
            data: { ...info, limitDays: f.limitDays, futureDates: f.future },
          });
          break;
        case 'undated':
          findings.push({ ...base, outcome: 'incomplete', message: MESSAGES.columnUndated(column.name, f.entries), data: { ...info, limitDays: f.limitDays } });
          break;
        case 'dated': {
          const data = {
            ...info, newest: f.newest, ageDays: f.ageDays, limitDays: f.limitDays,
            ...(f.future.length > 0 ? { ignoredFutureDates: f.future.length } : {}),
          };
          findings.push(
            f.stale
              ? { ...base, outcome: 'violation', message: MESSAGES.columnStale(column.name, f.newest, f.ageDays, f.label), data }
              : { ...base, outcome: 'pass', message: MESSAGES.columnFresh(column.name, f.newest, f.ageDays, f.label), data },
          );
          break;
        }
      }
    }
    return findings;
  },
};
