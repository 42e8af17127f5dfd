/**
 * The shape of a rule: metadata lives as data (rules/data/rules.json, validated by catalogue.ts),
 * behaviour is a small pure evaluate function bound by id (engine.ts).
 */
import type { Finding, PageContext, SiteModel } from './types.js';

export type RuleScope = 'page' | 'unit' | 'column' | 'link';
export type Severity = 'minor' | 'moderate' | 'serious' | 'critical';

/** Metadata of one rule, as in rules/data/rules.json. All texts zh-CN. */
export interface RuleMeta {
  id: string;
  scope: RuleScope;
  /** Short title, e.g. 「政府信息公开专栏名称规范」. */
  title: string;
  /** Where the requirement comes from (条例 article, inspection indicator, seed item). */
  source: string;
  /** The threshold in words, e.g. 「首页最新信息不超过 14 天」. */
  threshold: string;
  /** Indicator id in the default catalogue that this rule draws on. */
  indicator: string;
  severity: Severity;
  /** How to fix it, for the webmaster. */
  fix: string;
}

/** A page rule sees one page (snapshot + DOM). It returns violations and incompletes only. */
export interface PageRule {
  id: string;
  evaluate(ctx: PageContext): Finding[];
}

/**
 * A site rule sees the unit's site model. It returns every outcome, including `pass`, so the
 * report can show what was checked.
 */
export interface SiteRule {
  id: string;
  evaluate(site: SiteModel): Finding[];
}
