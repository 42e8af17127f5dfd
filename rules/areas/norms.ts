/**
 * The rules of the norms area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model.
 */
import type { PageRule, SiteRule } from '../rule.js';
import { metaArticleRule } from '../norms/meta-article.js';
import { metaSiteRule } from '../norms/meta-site.js';
import { siteHttpsRule, siteIpv6Rule } from '../norms/probe-rule.js';
import { siteIdentityRule } from '../norms/site-identity.js';

export const NORMS_PAGE_RULES: PageRule[] = [metaArticleRule];
export const NORMS_SITE_RULES: SiteRule[] = [metaSiteRule, siteIdentityRule, siteHttpsRule, siteIpv6Rule];
