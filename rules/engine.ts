/**
 * The rules engine: the list of page rules and site rules, and running them so that one faulty
 * rule yields an `error` finding (as Lighthouse does for a failing audit) instead of stopping the
 * audit of the whole unit.
 */
import type { PageRule, SiteRule } from './rule.js';
import type { Finding, PageContext, SiteModel } from './types.js';
import { MESSAGES } from './messages.zh-CN.js';
import { maskFinding } from './privacy/evidence.js';
import { imageAltRule } from './page/image-alt.js';
import { htmlHasLangRule } from './page/html-has-lang.js';
import { documentTitleRule } from './page/document-title.js';
import { disclosureColumnPresentRule } from './site/disclosure-column-present.js';
import { disclosureColumnNameRule } from './site/disclosure-column-name.js';
import { disclosurePartsRule } from './site/disclosure-parts.js';
import { freshnessHomepageRule } from './site/freshness-homepage.js';
import { freshnessColumnRule } from './site/freshness-column.js';
import { columnEmptyRule } from './site/column-empty.js';
import { linkBrokenRule } from './site/link-broken.js';
import { DISCLOSURE_CONTENT_PAGE_RULES, DISCLOSURE_CONTENT_SITE_RULES } from './areas/disclosure-content.js';
import { PRIVACY_PAGE_RULES, PRIVACY_SITE_RULES } from './areas/privacy.js';
import { NORMS_PAGE_RULES, NORMS_SITE_RULES } from './areas/norms.js';
import { DECISIONS_PAGE_RULES, DECISIONS_SITE_RULES } from './areas/decisions.js';
import { A11Y_PAGE_RULES, A11Y_SITE_RULES } from './areas/a11y.js';
import { WORDING_PAGE_RULES, WORDING_SITE_RULES } from './areas/wording.js';

export const PAGE_RULES: PageRule[] = [
  imageAltRule,
  htmlHasLangRule,
  documentTitleRule,
  ...DISCLOSURE_CONTENT_PAGE_RULES,
  ...PRIVACY_PAGE_RULES,
  ...NORMS_PAGE_RULES,
  ...DECISIONS_PAGE_RULES,
  ...A11Y_PAGE_RULES,
  ...WORDING_PAGE_RULES,
];

export const SITE_RULES: SiteRule[] = [
  disclosureColumnPresentRule,
  disclosureColumnNameRule,
  disclosurePartsRule,
  freshnessHomepageRule,
  freshnessColumnRule,
  columnEmptyRule,
  linkBrokenRule,
  ...DISCLOSURE_CONTENT_SITE_RULES,
  ...PRIVACY_SITE_RULES,
  ...NORMS_SITE_RULES,
  ...DECISIONS_SITE_RULES,
  ...A11Y_SITE_RULES,
  ...WORDING_SITE_RULES,
];

function errorFinding(ruleId: string, url: string, error: unknown): Finding {
  const text = error instanceof Error ? error.message : String(error);
  return { ruleId, outcome: 'error', url, message: MESSAGES.ruleError(ruleId, text), data: { error: text } };
}

/**
 * Runs one rule. Its findings leave with every ID and mobile number masked: crawled strings (a
 * <title>, an image file name, a link text, an error text) reach any rule's message, snippet and data.
 */
function runOne(ruleId: string, url: string, evaluate: () => Finding[]): Finding[] {
  let findings: Finding[];
  try {
    findings = evaluate();
  } catch (error) {
    findings = [errorFinding(ruleId, url, error)];
  }
  return findings.map(maskFinding);
}

/** Page rules return violations and incompletes only; anything else they return is dropped. */
export function runPageRules(ctx: PageContext, rules: PageRule[] = PAGE_RULES): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const result = runOne(rule.id, ctx.url, () => rule.evaluate(ctx));
    for (const f of result) if (f.outcome === 'violation' || f.outcome === 'incomplete' || f.outcome === 'error') findings.push(f);
  }
  return findings;
}

export function runSiteRules(site: SiteModel, rules: SiteRule[] = SITE_RULES): Finding[] {
  const url = site.home?.url ?? site.unit.url;
  const findings: Finding[] = [];
  for (const rule of rules) findings.push(...runOne(rule.id, url, () => rule.evaluate(site)));
  return findings;
}
