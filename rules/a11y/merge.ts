/**
 * Joins the static accessibility checks (rules/page: image-alt, html-has-lang, document-title,
 * which run on every crawled page) with axe-core's findings on the pages axe ran on. The ids are the
 * same on purpose; to never count one problem twice, a static finding is dropped for a page when axe
 * completed there and ran the rule of that id (axe saw the rendered page, so it is the better judge).
 * Pages without a finished axe run keep their static findings.
 */
import type { Finding } from '../types.js';
import type { StoredAxeResult } from './axe-result.js';
import { a11yRuleId, axeFindings } from './axe-findings.js';

/** One page's axe result, keyed by the same URL the page's static findings carry. */
export interface AxePageRun {
  url: string;
  result: StoredAxeResult;
}

/** For each page, the `a11y.<id>` rule ids axe completed there. */
function supersededIds(runs: readonly AxePageRun[]): Map<string, Set<string>> {
  const byUrl = new Map<string, Set<string>>();
  for (const run of runs) {
    if (run.result.status !== 'done') continue;
    const ids = byUrl.get(run.url) ?? new Set<string>();
    for (const id of run.result.ranRules) ids.add(a11yRuleId(id));
    byUrl.set(run.url, ids);
  }
  return byUrl;
}

/**
 * `staticFindings`: page-rule findings of any area (non-a11y ones pass through untouched).
 * Returns them, minus the superseded static a11y findings, followed by the axe findings of `runs`.
 */
export function mergeA11yFindings(staticFindings: readonly Finding[], runs: readonly AxePageRun[]): Finding[] {
  const superseded = supersededIds(runs);
  const kept = staticFindings.filter((f) => !(f.ruleId.startsWith('a11y.') && superseded.get(f.url)?.has(f.ruleId)));
  return [...kept, ...runs.flatMap((run) => axeFindings(run.url, run.result))];
}
