/**
 * disclosure.parts: the column page shows the four parts (指南, 制度, 法定主动公开内容, 年报),
 * one finding per part. The site model leaves `parts` empty when the column page could not be
 * read; then nothing can be said and the outcome is `incomplete`. A part whose name the page
 * shows without a followable link (`#` or `javascript:` tab, a plain span) is `incomplete` too.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { homeRequired } from './home-required.js';

const RULE_ID = 'disclosure.parts';

export const disclosurePartsRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const column = site.disclosure;
    if (!column) {
      return [{ ruleId: RULE_ID, outcome: 'inapplicable', url: home.url, message: MESSAGES.columnNotFound(), data: {} }];
    }
    if (column.parts.length === 0) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: column.url, message: MESSAGES.partsPageUnread(column.url), data: {} }];
    }
    return column.parts.map((part): Finding => {
      if (part.found) {
        return {
          ruleId: RULE_ID,
          outcome: 'pass',
          url: column.url,
          message: MESSAGES.partPresent(part.standard, part.label ?? part.standard),
          data: { part: part.standard, label: part.label ?? part.standard, partUrl: part.url ?? null },
        };
      }
      // Read from the home page's block because the column page could not be read: it may be there.
      if (part.uncertain) {
        return { ruleId: RULE_ID, outcome: 'incomplete', url: column.url, message: MESSAGES.partNotOnHomeBlock(part.standard, column.url), data: { part: part.standard } };
      }
      // Shown on the page but not followable (a script tab): it may well exist, so a person looks.
      if (part.unlinkedLabel !== undefined) {
        return {
          ruleId: RULE_ID,
          outcome: 'incomplete',
          url: column.url,
          message: MESSAGES.partUnlinked(part.standard, part.unlinkedLabel),
          data: { part: part.standard, label: part.unlinkedLabel },
        };
      }
      return { ruleId: RULE_ID, outcome: 'violation', url: column.url, message: MESSAGES.partMissing(part.standard), data: { part: part.standard } };
    });
  }),
};
