/**
 * disclosure.column.present: the home page links to the 政府信息公开 column under its standard
 * name or a known variant (data/disclosure-names.json). A variant is a name finding, not absence.
 */
import type { SiteRule } from '../rule.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { homeRequired } from './home-required.js';

const RULE_ID = 'disclosure.column.present';

export const disclosureColumnPresentRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    if (!site.disclosure) {
      return [{ ruleId: RULE_ID, outcome: 'violation', url: home.url, message: MESSAGES.columnAbsent(), data: {} }];
    }
    return [
      {
        ruleId: RULE_ID,
        outcome: 'pass',
        url: home.url,
        message: MESSAGES.columnPresentPass(site.disclosure.name),
        data: { name: site.disclosure.name, columnUrl: site.disclosure.url },
      },
    ];
  }),
};
