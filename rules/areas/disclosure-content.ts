/**
 * The rules of the disclosure-content area (指南 and 年度报告), registered with the engine
 * (rules/engine.ts). All are site rules: they follow the 政府信息公开 column's parts.
 */
import type { PageRule, SiteRule } from '../rule.js';
import { guideDatedRule } from '../site/guide-dated.js';
import { annualReportCurrentRule } from '../site/annual-report-current.js';
import { annualReportStructureRule } from '../site/annual-report-structure.js';
import { annualReportConsistencyRule } from '../site/annual-report-consistency.js';

export const DISCLOSURE_CONTENT_PAGE_RULES: PageRule[] = [];
export const DISCLOSURE_CONTENT_SITE_RULES: SiteRule[] = [
  guideDatedRule,
  annualReportCurrentRule,
  annualReportStructureRule,
  annualReportConsistencyRule,
];
