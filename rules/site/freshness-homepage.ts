/**
 * freshness.homepage: the newest dated item on the home page is at most 14 days old
 * (national inspection indicators). No dated item at all is `incomplete`: the list may be
 * rendered by script, so it needs a human look rather than a penalty. Dates after the evaluation
 * date + 1 day are ignored (a typo or a pinned item must not make a stale page look fresh); when
 * only such dates remain the outcome is `incomplete`.
 */
import type { SiteRule } from '../rule.js';
import type { PageSnapshot } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';
import { homeRequired } from './home-required.js';
import { datesAfter, daysBetween, latestCountedDate, newestDate } from './calendar.js';

const RULE_ID = 'freshness.homepage';
export const HOMEPAGE_LIMIT_DAYS = 14;

/** What can be said about the home page's freshness; shared with freshness.veto. */
export type HomeFreshness =
  | { kind: 'future-only'; future: string[] }
  | { kind: 'undated' }
  | { kind: 'dated'; newest: string; ageDays: number; future: string[]; stale: boolean };

export function homeFreshness(home: PageSnapshot, evalDate: string): HomeFreshness {
  const dates = home.datedItems.map((i) => i.date);
  const cutoff = latestCountedDate(evalDate);
  const newest = newestDate(dates, cutoff);
  const future = datesAfter(dates, cutoff);
  if (newest === null) return future.length > 0 ? { kind: 'future-only', future } : { kind: 'undated' };
  const ageDays = daysBetween(newest, evalDate);
  if (ageDays === null) throw new Error(`invalid evaluation date: ${evalDate}`);
  return { kind: 'dated', newest, ageDays, future, stale: ageDays > HOMEPAGE_LIMIT_DAYS };
}

export const freshnessHomepageRule: SiteRule = {
  id: RULE_ID,
  evaluate: homeRequired(RULE_ID, (site, home) => {
    const url = home.url;
    const f = homeFreshness(home, site.evalDate);
    if (f.kind === 'future-only') {
      const data = { limitDays: HOMEPAGE_LIMIT_DAYS, futureDates: f.future };
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: MESSAGES.homeOnlyFutureDates(f.future[0]!, site.evalDate), data }];
    }
    if (f.kind === 'undated') {
      return [{ ruleId: RULE_ID, outcome: 'incomplete', url, message: MESSAGES.homeUndated(), data: { limitDays: HOMEPAGE_LIMIT_DAYS } }];
    }
    const data = { newest: f.newest, ageDays: f.ageDays, limitDays: HOMEPAGE_LIMIT_DAYS, ...(f.future.length > 0 ? { ignoredFutureDates: f.future.length } : {}) };
    return f.stale
      ? [{ ruleId: RULE_ID, outcome: 'violation', url, message: MESSAGES.homeStale(f.newest, f.ageDays, HOMEPAGE_LIMIT_DAYS), data }]
      : [{ ruleId: RULE_ID, outcome: 'pass', url, message: MESSAGES.homeFresh(f.newest, f.ageDays, HOMEPAGE_LIMIT_DAYS), data }];
  }),
};
