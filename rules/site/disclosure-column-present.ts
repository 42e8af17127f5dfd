/**
 * disclosure.column.present: the home page links to the 政府信息公开 column under its standard
 * name or a known variant (data/disclosure-names.json). A variant is a name finding, not absence.
 */
import type { SiteRule } from '../rule.js';
import { MESSAGES } from '../messages.zh-CN.js';

const RULE_ID = 'disclosure.column.present';

export const disclosureColumnPresentRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    if (!site.home) {
      const reason = site.homeError ?? '首页未被抓取';
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: site.unit.url, message: MESSAGES.homeMissing(reason), data: { reason } }];
    }
    if (!site.disclosure) {
      return [{ ruleId: RULE_ID, outcome: 'violation', url: site.home.url, message: MESSAGES.columnAbsent(), data: {} }];
    }
    return [
      {
        ruleId: RULE_ID,
        outcome: 'pass',
        url: site.home.url,
        message: MESSAGES.columnPresentPass(site.disclosure.name),
        data: { name: site.disclosure.name, columnUrl: site.disclosure.url },
      },
    ];
  },
};
