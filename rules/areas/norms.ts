/**
 * The rules of the norms area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model.
 */
import type { PageRule, SiteRule } from '../rule.js';

export const NORMS_PAGE_RULES: PageRule[] = [];
export const NORMS_SITE_RULES: SiteRule[] = [];
