/**
 * freshness.homepage: the newest dated item on the home page is at most 14 days old
 * (national inspection indicators). No dated item at all is `incomplete`: the list may be
 * rendered by script, so it needs a human look rather than a penalty.
 */
import type { SiteRule } from '../rule.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { daysBetween, newestDate } from './calendar.js';

const RULE_ID = 'freshness.homepage';
export const HOMEPAGE_LIMIT_DAYS = 14;

export const freshnessHomepageRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    if (!site.home) {
      const reason = site.homeError ?? '首页未被抓取';
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url: site.unit.url, message: MESSAGES.homeMissing(reason), data: { reason } }];
    }
    const url = site.home.url;
    const newest = newestDate(site.home.datedItems.map((i) => i.date));
    if (newest === null) {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: MESSAGES.homeUndated(), data: { limitDays: HOMEPAGE_LIMIT_DAYS } }];
    }
    const ageDays = daysBetween(newest, site.evalDate);
    if (ageDays === null) throw new Error(`invalid evaluation date: ${site.evalDate}`);
    const data = { newest, ageDays, limitDays: HOMEPAGE_LIMIT_DAYS };
    return ageDays > HOMEPAGE_LIMIT_DAYS
      ? [{ ruleId: RULE_ID, outcome: 'violation', url, message: MESSAGES.homeStale(newest, ageDays, HOMEPAGE_LIMIT_DAYS), data }]
      : [{ ruleId: RULE_ID, outcome: 'pass', url, message: MESSAGES.homeFresh(newest, ageDays, HOMEPAGE_LIMIT_DAYS), data }];
  },
};
