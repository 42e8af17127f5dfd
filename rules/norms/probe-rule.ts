/**
 * site.https and site.ipv6 read the crawler's network probes (SiteModel.probes): the probe outcome
 * maps one to one onto the finding outcome, and a unit that was not probed (home page unreachable,
 * crawl interrupted) needs review.
 */
import type { SiteRule } from '../rule.js';
import type { Finding, Outcome, ProbeOutcome, UnitProbes } from '../types.js';
import { NORMS_MESSAGES as M } from '../messages/norms.zh-CN.js';

const OUTCOME_OF: Record<ProbeOutcome, Outcome> = { yes: 'pass', no: 'violation', unknown: 'incomplete', inapplicable: 'inapplicable' };

interface ProbeTexts {
  yes: (detail: string) => string;
  no: (detail: string) => string;
  unknown: (detail: string) => string;
  inapplicable: (detail: string) => string;
  notProbed: () => string;
}

function probeRule(ruleId: string, probe: keyof UnitProbes, texts: ProbeTexts): SiteRule {
  return {
    id: ruleId,
    evaluate(site): Finding[] {
      const url = site.home?.url ?? site.unit.url;
      const result = site.probes[probe];
      if (result === null) {
        return [{ ruleId, outcome: 'incomplete', url, message: texts.notProbed(), data: { probe: null } }];
      }
      return [
        {
          ruleId,
          outcome: OUTCOME_OF[result.outcome],
          url,
          message: texts[result.outcome](result.detail),
          data: { probe: result.outcome, detail: result.detail },
        },
      ];
    },
  };
}

export const siteHttpsRule = probeRule('site.https', 'https', {
  yes: M.httpsPass, no: M.httpsMissing, unknown: M.httpsUnknown, inapplicable: M.httpsInapplicable, notProbed: M.httpsNotProbed,
});

export const siteIpv6Rule = probeRule('site.ipv6', 'ipv6', {
  yes: M.ipv6Pass, no: M.ipv6Missing, unknown: M.ipv6Unknown, inapplicable: M.ipv6Inapplicable, notProbed: M.ipv6NotProbed,
});
