/**
 * The fix list: what a unit should fix first. Pure.
 *
 * One item per rule with violations: scoring counts and caps per rule and indicator, so the points a
 * unit wins back are a property of fixing all of a rule's violations, not of one finding. The points
 * are measured, not estimated: the unit is rescored with scoreUnit without that rule's violations,
 * and the difference is what fixing them recovers (indicator caps make it less than the sum of the
 * deductions when an indicator is already at zero). Order: a veto item (单项否决) first of all — it
 * decides the result whatever the points — then points recoverable, then how many places to fix.
 * Violations marked 误报 (false positive) are left out: they cost nothing and need no fix. A
 * template group (the same problem on many pages) counts as one place to fix.
 */
import type { Finding } from '../rules/types.js';
import type { ExportFinding, ExportUnit } from './export-schema.js';
import { reportRuleInfo } from './rule-info.js';
import { DEFAULT_CATALOGUE, ruleStake, scoreUnit, type IndicatorCatalogue } from '../rules/scoring.js';

export const FIX_EXAMPLE_URLS = 3;

export interface FixItem {
  ruleId: string;
  /** The rule's title (zh-CN), or its id when the rule is unknown. */
  title: string;
  /** Fix advice (zh-CN) from the rule catalogue; '' when unknown. */
  fix: string;
  /** The scoring indicator the rule counts under, or null when the catalogue does not score it. */
  indicator: string | null;
  /** Points the unit's total rises by when all of this rule's violations are fixed. */
  points: number;
  /** A violation of this rule is a veto (单项否决). */
  veto: boolean;
  /** Places to fix: violations, a template group counting once. */
  count: number;
  /** Keys of the violations (for marks and links). */
  keys: string[];
  /** Up to FIX_EXAMPLE_URLS distinct pages. */
  exampleUrls: string[];
  /** One zh-CN line, e.g. 「可挽回 3 分：政府信息公开专栏名称规范（2 处）」. */
  summary: string;
}

function asFinding(f: ExportFinding): Finding {
  return { ruleId: f.ruleId, outcome: f.outcome, url: f.url, message: f.message, data: f.data, ...(f.target ? { target: f.target } : {}) };
}

function summaryLine(title: string, points: number, veto: boolean, count: number): string {
  const where = `（${count} 处）`;
  if (veto) return `单项否决项，须优先整改：${title}${where}`;
  if (points > 0) return `可挽回 ${points} 分：${title}${where}`;
  return `不影响得分（扣分已达上限或不计分），仍应整改：${title}${where}`;
}

export function fixList(unit: ExportUnit, catalogue: IndicatorCatalogue = DEFAULT_CATALOGUE): FixItem[] {
  const counted = unit.findings.filter((f) => f.outcome === 'violation' && f.mark?.kind !== 'false-positive');
  if (counted.length === 0) return [];
  const all = counted.map(asFinding);
  const baseTotal = scoreUnit(all, catalogue).total;

  const byRule = new Map<string, ExportFinding[]>();
  for (const f of counted) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }

  const items: FixItem[] = [];
  for (const [ruleId, violations] of byRule) {
    const without = all.filter((f) => f.ruleId !== ruleId);
    const points = Math.max(0, scoreUnit(without, catalogue).total - baseTotal);
    const stake = ruleStake(ruleId, catalogue);
    const veto = stake?.mode === 'veto';
    const places = new Set(violations.map((f, i) => f.templateGroup ?? f.key ?? `#${i}`));
    const info = reportRuleInfo(ruleId);
    const title = info?.title ?? ruleId;
    const pages: string[] = [];
    for (const f of violations) {
      if (!pages.includes(f.url)) pages.push(f.url);
      if (pages.length >= FIX_EXAMPLE_URLS) break;
    }
    items.push({
      ruleId,
      title,
      fix: info?.fix ?? '',
      indicator: stake?.indicator ?? null,
      points,
      veto,
      count: places.size,
      keys: [...new Set(violations.map((f) => f.key).filter((k): k is string => k !== undefined))],
      exampleUrls: pages,
      summary: summaryLine(title, points, veto, places.size),
    });
  }
  return items.sort(
    (a, b) => Number(b.veto) - Number(a.veto) || b.points - a.points || b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
