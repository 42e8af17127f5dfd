/**
 * link.broken: from the link checks. `broken` (404/410/5xx after retries, or an own-host name
 * that does not resolve) is a violation; `doubt` (bot block, timeout, third-party DNS failure) is
 * `incomplete`. One finding per distinct target, the strongest verdict of its checks winning.
 */
import type { SiteRule } from '../rule.js';
import type { Finding, LinkCheck } from '../types.js';
import { MESSAGES } from '../messages.zh-CN.js';

const RULE_ID = 'link.broken';

const RANK: Record<LinkCheck['verdict'], number> = { broken: 3, doubt: 2, ok: 1, skipped: 0 };

/** Prefer the worse verdict; among equals, the check made from the home page (weighs more). */
function worse(a: LinkCheck, b: LinkCheck): LinkCheck {
  if (RANK[a.verdict] !== RANK[b.verdict]) return RANK[a.verdict] > RANK[b.verdict] ? a : b;
  return b.fromHome && !a.fromHome ? b : a;
}

export const linkBrokenRule: SiteRule = {
  id: RULE_ID,
  evaluate(site) {
    const byHref = new Map<string, LinkCheck>();
    for (const check of site.linkChecks) {
      const seen = byHref.get(check.href);
      byHref.set(check.href, seen ? worse(seen, check) : check);
    }
    const findings: Finding[] = [];
    let ok = 0;
    for (const check of byHref.values()) {
      const common = { href: check.href, text: check.text, fromHome: check.fromHome, external: check.external, kind: check.kind };
      if (check.verdict === 'broken') {
        const error = check.error ?? MESSAGES.linkUnreachable();
        const data = check.status !== null ? { ...common, status: check.status } : { ...common, error };
        const message =
          check.status !== null
            ? MESSAGES.linkBrokenStatus(check.text, check.href, check.status)
            : MESSAGES.linkBrokenError(check.text, check.href, error);
        findings.push({ ruleId: RULE_ID, outcome: 'violation', url: check.fromUrl, message, data });
      } else if (check.verdict === 'doubt') {
        const reason = check.error ?? (check.status !== null ? `HTTP ${check.status}` : MESSAGES.unknownReason());
        findings.push({
          ruleId: RULE_ID,
          outcome: 'incomplete',
          url: check.fromUrl,
          message: MESSAGES.linkDoubt(check.text, check.href, reason),
          data: { ...common, status: check.status, error: check.error },
        });
      } else if (check.verdict === 'ok') {
        ok += 1;
      }
    }
    const homeUrl = site.home?.url ?? site.unit.url;
    if (byHref.size === 0) {
      findings.push({ ruleId: RULE_ID, outcome: 'inapplicable', url: homeUrl, message: MESSAGES.linksNotChecked(), data: { checked: 0 } });
    } else if (!findings.some((f) => f.outcome === 'violation')) {
      findings.push({ ruleId: RULE_ID, outcome: 'pass', url: homeUrl, message: MESSAGES.linksAllOk(ok), data: { checked: ok } });
    }
    return findings;
  },
};
