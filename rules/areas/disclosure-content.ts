/**
 * The rules of the disclosure-content area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model.
 */
import type { PageRule, SiteRule } from '../rule.js';

export const DISCLOSURE_CONTENT_PAGE_RULES: PageRule[] = [];
export const DISCLOSURE_CONTENT_SITE_RULES: SiteRule[] = [];
