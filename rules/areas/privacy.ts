/**
 * The rules of the privacy area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model.
 */
import type { PageRule, SiteRule } from '../rule.js';

export const PRIVACY_PAGE_RULES: PageRule[] = [];
export const PRIVACY_SITE_RULES: SiteRule[] = [];
