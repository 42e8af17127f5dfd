/**
 * disclosure.annual-report.current: the 年报 part lists the report the unit owes by now (条例
 * Art. 49): departments publish last year's report by 31 January, governments (towns, streets and
 * the district's own) by 31 March; towns, streets and other district bodies follow the departments (2021
 * 年度报告格式) — deadlines per unit type in rules/data/annual-report.json.
 * Before (and on) the deadline the report of the year before last is the one required.
 * The report's year comes from its title, its publication date from the list (else the page).
 */
import type { SiteRule } from '../rule.js';
import type { AnnualReport, UnitType } from '../types.js';
import { DISCLOSURE_CONTENT_MESSAGES as M } from '../messages/disclosure-content.zh-CN.js';
import { looksLikeReport } from '../extract/annual-report.js';
import { homeRequired } from './home-required.js';
import { reportList } from './annual-report-list.js';
import deadlineData from '../data/annual-report.json' with { type: 'json' };

const RULE_ID = 'disclosure.annual-report.current';

const DEADLINES: Record<UnitType, string> = deadlineData.deadlines;

export interface RequiredReport {
  year: number;
  /** YYYY-MM-DD: the last day to publish it. */
  deadline: string;
}

/** The report a unit of this type must have published by `evalDate`. */
export function requiredReport(type: UnitType, evalDate: string): RequiredReport {
  const year = Number(evalDate.slice(0, 4));
  const monthDay = DEADLINES[type];
  const thisYears = `${year}-${monthDay}`;
  return evalDate <= thisYears ? { year: year - 2, deadline: `${year - 1}-${monthDay}` } : { year: year - 1, deadline: thisYears };
}

/** Earliest publication date first; undated last. */
function byPublished(a: AnnualReport, b: AnnualReport): number {
  if (a.published === b.published) return 0;
  if (a.published === null) return 1;
  if (b.published === null) return -1;
  return a.published < b.published ? -1 : 1;
}

export const annualReportCurrentRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const list = reportList(RULE_ID, site, home);
    if (list.kind === 'stop') return list.findings;
    const { year, deadline } = requiredReport(site.unit.type, site.evalDate);
    if (list.kind === 'empty') {
      return [{ ruleId: RULE_ID, outcome: 'violation', url: list.listUrl, message: M.reportListEmpty(year, deadline), data: { year, deadline } }];
    }
    if (list.kind === 'unknown') {
      const message = list.read ? M.reportListNoItems(list.listUrl) : M.reportListUnread(list.listUrl);
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: list.listUrl, message, data: { year, deadline } }];
    }

    const evalYear = Number(site.evalDate.slice(0, 4));
    // The required year's report; a newer one (published early) shows the unit is current too.
    const candidates = list.reports.filter((r) => r.year !== null && r.year >= year && r.year <= evalYear);
    const exact = candidates.filter((r) => r.year === year).sort(byPublished);
    const chosen = (exact.length > 0 ? exact : candidates.sort(byPublished))[0];
    if (chosen) {
      const data = { year, deadline, reportYear: chosen.year, published: chosen.published, reportUrl: chosen.url };
      if (chosen.published === null) {
        return [{ ruleId: RULE_ID, outcome: 'incomplete', url: chosen.url, message: M.reportUndated(year, deadline), data }];
      }
      if (chosen.year === year && chosen.published > deadline) {
        return [{ ruleId: RULE_ID, outcome: 'violation', url: chosen.url, message: M.reportLate(year, chosen.published, deadline), data }];
      }
      return [{ ruleId: RULE_ID, outcome: 'pass', url: chosen.url, message: M.reportCurrent(chosen.year!, chosen.published, deadline), data }];
    }
    // Entries whose title names a report but no year may be the one required: a person looks.
    const unsure = list.reports.filter((r) => r.year === null && looksLikeReport(r.title));
    if (unsure.length > 0) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: list.listUrl, message: M.reportMissingUnsure(year, unsure.length), data: { year, deadline, unsure: unsure.length } }];
    }
    return [{ ruleId: RULE_ID, outcome: 'violation', url: list.listUrl, message: M.reportMissing(year, deadline), data: { year, deadline } }];
  }),
};
