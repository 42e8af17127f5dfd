/**
 * disclosure.column.name: the column must be named exactly 政府信息公开 (after removing whitespace
 * and markup). Absence is disclosure.column.present's finding, so here it is `inapplicable`.
 */
import type { SiteRule } from '../rule.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { homeRequired } from './home-required.js';

const RULE_ID = 'disclosure.column.name';

export const disclosureColumnNameRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const column = site.disclosure;
    if (!column) {
      return [{ ruleId: RULE_ID, outcome: 'inapplicable', url: home.url, message: MESSAGES.columnNotFound(), data: {} }];
    }
    if (column.exactName) {
      return [{ ruleId: RULE_ID, outcome: 'pass', url: column.foundOn, message: MESSAGES.columnNamePass(), data: { name: column.name } }];
    }
    return [
      {
        ruleId: RULE_ID,
        outcome: 'violation',
        url: column.foundOn,
        message: MESSAGES.columnNameWrong(column.name),
        data: { name: column.name, columnUrl: column.url },
      },
    ];
  }),
};
