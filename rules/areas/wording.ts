/**
 * The wording rules, registered with the engine (rules/engine.ts): typos, serious misstatements and
 * the office's forbidden words, on pages (page rules) and in attachments (site rules).
 */
import type { PageRule, SiteRule } from '../rule.js';
import {
  forbiddenAttachmentRule, forbiddenPageRule, seriousAttachmentRule, seriousPageRule, typoAttachmentRule, typoPageRule,
} from '../wording/rules.js';

export const WORDING_PAGE_RULES: PageRule[] = [typoPageRule, seriousPageRule, forbiddenPageRule];
export const WORDING_SITE_RULES: SiteRule[] = [typoAttachmentRule, seriousAttachmentRule, forbiddenAttachmentRule];
