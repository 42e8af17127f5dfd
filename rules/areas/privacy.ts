/**
 * The rules of the privacy area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model (attachments).
 */
import type { PageRule, SiteRule } from '../rule.js';
import { idNumberAttachmentRule, idNumberPageRule } from '../privacy/id-number-rule.js';
import { mobileAttachmentRule, mobilePageRule } from '../privacy/mobile-rule.js';

export const PRIVACY_PAGE_RULES: PageRule[] = [idNumberPageRule, mobilePageRule];
export const PRIVACY_SITE_RULES: SiteRule[] = [idNumberAttachmentRule, mobileAttachmentRule];
