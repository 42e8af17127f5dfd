/**
 * disclosure.annual-report.structure: the latest annual report has the six sections of the
 * statutory format (国办公开办函〔2019〕60号, 〔2021〕30号). Sections are found by numbered heads and key
 * words (rules/extract/annual-report.ts), so real wordings pass. Only the latest report is judged;
 * a report about a year before 2019 is held to the same six sections. One violation per missing
 * section. A report whose text shows none of them (content in an attachment or image) needs a person.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { DISCLOSURE_CONTENT_MESSAGES as M } from '../messages/disclosure-content.zh-CN.js';
import { REPORT_SECTIONS, findSections } from '../extract/annual-report.js';
import { homeRequired } from './home-required.js';
import { latestReadReport } from './annual-report-list.js';

const RULE_ID = 'disclosure.annual-report.structure';

export const annualReportStructureRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const latest = latestReadReport(RULE_ID, site, home);
    if ('findings' in latest) return latest.findings;
    const { report, base } = latest;
    const found = findSections(report.document.text);
    if (found.size === 0) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: report.url, message: M.reportNoSections(report.title), data: base }];
    }
    const missing = REPORT_SECTIONS.filter((s) => !found.has(s.index));
    if (missing.length === 0) {
      return [{ ruleId: RULE_ID, outcome: 'pass', url: report.url, message: M.sectionsPresent(report.title), data: base }];
    }
    return missing.map(
      (s): Finding => ({
        ruleId: RULE_ID,
        outcome: 'violation',
        url: report.url,
        message: M.sectionMissing(report.title, s.standard),
        data: { ...base, section: s.standard },
      }),
    );
  }),
};
