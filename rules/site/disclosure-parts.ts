/**
 * disclosure.parts: the column page shows the four parts (指南, 制度, 法定主动公开内容, 年报),
 * one finding per part. The site model leaves `parts` empty when the column page could not be
 * read; then nothing can be said and the outcome is `incomplete`.
 */
import type { SiteRule } from '../rule.js';
import type { Finding } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';

const RULE_ID = 'disclosure.parts';

export const disclosurePartsRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    if (!site.home) {
      const reason = site.homeError ?? '首页未被抓取';
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: site.unit.url, message: MESSAGES.homeMissing(reason), data: { reason } }];
    }
    const column = site.disclosure;
    if (!column) {
      return [{ ruleId: RULE_ID, outcome: 'inapplicable', url: site.home.url, message: MESSAGES.columnNotFound(), data: {} }];
    }
    if (column.parts.length === 0) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: column.url, message: MESSAGES.partsPageUnread(column.url), data: {} }];
    }
    return column.parts.map((part): Finding =>
      part.found
        ? {
            ruleId: RULE_ID,
            outcome: 'pass',
            url: column.url,
            message: MESSAGES.partPresent(part.standard, part.label ?? part.standard),
            data: { part: part.standard, label: part.label ?? part.standard, partUrl: part.url ?? null },
          }
        : { ruleId: RULE_ID, outcome: 'violation', url: column.url, message: MESSAGES.partMissing(part.standard), data: { part: part.standard } },
    );
  },
};
