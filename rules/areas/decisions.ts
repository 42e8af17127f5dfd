/**
 * The rules of the decisions area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model.
 */
import type { PageRule, SiteRule } from '../rule.js';

export const DECISIONS_PAGE_RULES: PageRule[] = [];
export const DECISIONS_SITE_RULES: SiteRule[] = [];
