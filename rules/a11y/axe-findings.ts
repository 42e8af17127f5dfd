/**
 * Maps one page's stored axe result to findings (pure: runs at audit time from the store, no
 * browser). One finding per failing node with id `a11y.<axe-id>`: axe violation → `violation`,
 * axe incomplete (axe could not decide, e.g. contrast over an image) → `incomplete`. Nodes are capped
 * per rule and page so one template error repeated on 500 links does not flood the report.
 * Snippets and failure summaries quote the page, so ID and mobile numbers are masked as the engine
 * masks every rule's findings.
 */
import type { Finding } from '../types.js';
import type { StoredAxeNode, StoredAxeResult, StoredAxeRule } from './axe-result.js';
import { A11Y_MESSAGES as M } from '../messages/a11y.zh-CN.js';
import { maskFinding } from '../privacy/evidence.js';

/** Findings kept per axe rule per page; the rest are counted in `data.moreNodes`. */
export const AXE_FINDINGS_PER_RULE = 20;

/** Rule id of the single `incomplete` given when axe did not finish on a page. */
export const AXE_RUN_RULE_ID = 'a11y.axe-run';

export function a11yRuleId(axeId: string): string {
  return `a11y.${axeId}`;
}

/**
 * The first concrete item of axe's failure summary ("修复以下任一问题：\n  元素没有 alt 属性 …"):
 * the header line only says "fix any/all of", the items say what is wrong.
 */
export function shortFix(failureSummary: string): string {
  const lines = failureSummary
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const items = lines.filter((l) => !/^(修复以下|Fix (any|all) of the following)/i.test(l));
  return items[0] ?? '';
}

function nodeFinding(url: string, rule: StoredAxeRule, node: StoredAxeNode, outcome: 'violation' | 'incomplete', moreNodes: number): Finding {
  const fix = shortFix(node.failureSummary);
  return {
    ruleId: a11yRuleId(rule.id),
    outcome,
    url,
    target: { selector: node.target, snippet: node.snippet },
    message: outcome === 'violation' ? M.axeViolation(rule.help, rule.impact, fix) : M.axeIncomplete(rule.help, rule.impact, fix),
    data: { axeRule: rule.id, impact: rule.impact, moreNodes },
  };
}

function ruleFindings(url: string, rule: StoredAxeRule, outcome: 'violation' | 'incomplete'): Finding[] {
  const shown = rule.nodes.slice(0, AXE_FINDINGS_PER_RULE);
  const moreNodes = Math.max(0, Math.max(rule.nodeCount, rule.nodes.length) - shown.length);
  return shown.map((node) => maskFinding(nodeFinding(url, rule, node, outcome, moreNodes)));
}

/** Findings of one page's axe run (violations and incompletes only, like every page rule). */
export function axeFindings(url: string, stored: StoredAxeResult): Finding[] {
  if (stored.status === 'skipped') {
    return [
      {
        ruleId: AXE_RUN_RULE_ID,
        outcome: 'incomplete',
        url,
        message: M.axeSkipped(stored.reason),
        data: { reason: stored.reason, detail: stored.detail },
      },
    ];
  }
  return [
    ...stored.violations.flatMap((r) => ruleFindings(url, r, 'violation')),
    ...stored.incomplete.flatMap((r) => ruleFindings(url, r, 'incomplete')),
  ];
}
