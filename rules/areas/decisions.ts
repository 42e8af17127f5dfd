/**
 * The rules of the decisions area, registered with the engine (rules/engine.ts).
 * Page rules see one page; site rules see the unit's site model.
 * freshness.veto sits here too: it summarises the freshness rules into the 单项否决 decision.
 */
import type { PageRule, SiteRule } from '../rule.js';
import { consultationDurationRule } from '../decisions/consultation.js';
import { interpretationLinkedRule } from '../decisions/interpretation.js';
import { freshnessVetoRule } from '../site/freshness-veto.js';

export const DECISIONS_PAGE_RULES: PageRule[] = [consultationDurationRule];
export const DECISIONS_SITE_RULES: SiteRule[] = [freshnessVetoRule, interpretationLinkedRule];
