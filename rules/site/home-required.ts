/**
 * The opening shared by site rules that read the home page: without it nothing can be said, so
 * the rule's only finding is `incomplete` with the reason (never a violation: the site may be fine
 * and only the crawl failed).
 */
import type { SiteRule } from '../rule.js';
import type { Finding, PageSnapshot, SiteModel } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';

/** Wrap a rule body that needs the home page; the body receives it non-null. */
export function homeRequired(
  ruleId: string,
  evaluate: (site: SiteModel, home: PageSnapshot) => Finding[],
): SiteRule['evaluate'] {
  return (site) => {
    if (site.home) return evaluate(site, site.home);
    const reason = site.homeError ?? MESSAGES.homeNotCrawled();
    return [{ ruleId, outcome: 'incomplete', url: site.unit.url, message: MESSAGES.homeMissing(reason), data: { reason } }];
  };
}
