/**
 * freshness.homepage: the newest dated item on the home page is at most 14 days old
 * (national inspection indicators). No dated item at all is `incomplete`: the list may be
 * rendered by script, so it needs a human look rather than a penalty. Dates after the evaluation
 * date + 1 day are ignored (a typo or a pinned item must not make a stale page look fresh); when
 * only such dates remain the outcome is `incomplete`.
 */
import type { SiteRule } from '../rule.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { homeRequired } from './home-required.js';
import { datesAfter, daysBetween, latestCountedDate, newestDate } from './calendar.js';

const RULE_ID = 'freshness.homepage';
export const HOMEPAGE_LIMIT_DAYS = 14;

export const freshnessHomepageRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const url = home.url;
    const dates = home.datedItems.map((i) => i.date);
    const cutoff = latestCountedDate(site.evalDate);
    const newest = newestDate(dates, cutoff);
    const future = datesAfter(dates, cutoff);
    if (newest === null) {
      if (future.length > 0) {
        const data = { limitDays: HOMEPAGE_LIMIT_DAYS, futureDates: future };
        return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: MESSAGES.homeOnlyFutureDates(future[0]!, site.evalDate), data }];
      }
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: MESSAGES.homeUndated(), data: { limitDays: HOMEPAGE_LIMIT_DAYS } }];
    }
    const ageDays = daysBetween(newest, site.evalDate);
    if (ageDays === null) throw new Error(`invalid evaluation date: ${site.evalDate}`);
    const data = { newest, ageDays, limitDays: HOMEPAGE_LIMIT_DAYS, ...(future.length > 0 ? { ignoredFutureDates: future.length } : {}) };
    return ageDays > HOMEPAGE_LIMIT_DAYS
      ? [{ ruleId: RULE_ID, outcome: 'violation', url, message: MESSAGES.homeStale(newest, ageDays, HOMEPAGE_LIMIT_DAYS), data }]
      : [{ ruleId: RULE_ID, outcome: 'pass', url, message: MESSAGES.homeFresh(newest, ageDays, HOMEPAGE_LIMIT_DAYS), data }];
  }),
};
