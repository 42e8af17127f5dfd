/**
 * The rules of the accessibility area, registered with the engine (rules/engine.ts).
 * The static page checks (rules/page: image-alt, html-has-lang, document-title) are registered
 * there already; axe-core findings come from stored browser runs (rules/a11y/axe-findings.ts and
 * merge.ts), not from a page rule, because they need a rendered page.
 */
import type { PageRule, SiteRule } from '../rule.js';
import { a11yToolbarRule } from '../a11y/toolbar.js';

export const A11Y_PAGE_RULES: PageRule[] = [];
export const A11Y_SITE_RULES: SiteRule[] = [a11yToolbarRule];
