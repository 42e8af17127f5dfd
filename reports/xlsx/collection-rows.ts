/**
 * The rows of one unit's data collection sheet (数据采集表), as an evaluator fills it in: every check
 * point of every indicator, one row per problem (violation) or doubt (needs review), one row for a
 * check point that passed or did not apply. Pure data, so the sheet and the tests read the same.
 */
import { RULES, ruleMeta } from '../../rules/catalogue.js';
import type { ExportFinding, ExportUnit } from '../export-schema.js';
import { ruleStake } from '../../rules/scoring.js';
import { CHANGE_LABELS, NO_RESULT, RESULT_LABELS, UNIT_SHEET, markText } from './texts.zh-CN.js';

export interface CollectionRow {
  /** Indicator name (指标). */
  indicator: string;
  ruleId: string;
  /** The rule's title (检查点), or its id when the catalogue does not know it. */
  check: string;
  /** 达标 / 不达标 / 需人工复核 / 不适用 / 未发现问题 / 未检查. */
  result: string;
  /** Points at stake for the check point (扣分/分值); '' when the rule does not count. */
  stake: string;
  message: string;
  /** Evidence address as recorded ('' when the row stands for no single page). */
  url: string;
  /** 采集日期: when the finding was first seen, else the evaluation date. */
  date: string;
  mark: string;
  change: string;
  /** The finding the row shows, when it shows exactly one. */
  finding?: ExportFinding;
}

/** Outcomes that each get a row of their own: a problem to fix or a doubt to settle. */
const OWN_ROW: ReadonlySet<ExportFinding['outcome']> = new Set(['violation', 'incomplete', 'error']);
const OWN_ROW_ORDER: Record<string, number> = { violation: 0, incomplete: 1, error: 2 };

/**
 * Catalogue entries that report on the check itself rather than a requirement (「无障碍自动检查未完成」):
 * a row only when they have something to say, never a 未发现问题 line of their own.
 */
const STATUS_RULES: ReadonlySet<string> = new Set(['a11y.axe-run']);

function matches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('.*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

function specificity(pattern: string): number {
  return pattern.endsWith('.*') ? pattern.length - 2 : Number.MAX_SAFE_INTEGER;
}

interface Slot {
  indicator: number;
  pattern: number;
  text: string;
}

/**
 * Which indicator (and which of its rule patterns) a rule id falls under, as scoring decides it:
 * an exact id beats a wildcard, a longer wildcard beats a shorter one.
 */
function slotOf(ruleId: string, slots: Slot[]): Slot | undefined {
  let best: Slot | undefined;
  for (const slot of slots) {
    if (matches(slot.text, ruleId) && (!best || specificity(slot.text) > specificity(best.text))) best = slot;
  }
  return best;
}

/**
 * What a violation of the rule costs, in words. The stake comes from the default catalogue, and is
 * shown only when that catalogue puts the rule under the same indicator as this run did (a run
 * scored with another catalogue would otherwise get wrong numbers).
 */
function stakeText(ruleId: string, indicatorName: string): string {
  const s = ruleStake(ruleId);
  if (!s || s.indicator !== indicatorName) return '';
  if (s.mode === 'veto') return UNIT_SHEET.stakeVeto;
  if (s.mode === 'once') return UNIT_SHEET.stakeOnce(s.points);
  return UNIT_SHEET.stakeDeduct(s.points, s.cap);
}

function withTemplateNote(unit: ExportUnit, finding: ExportFinding): string {
  const group = finding.templateGroup ? unit.templateGroups?.find((g) => g.id === finding.templateGroup) : undefined;
  return group ? `${finding.message}（${UNIT_SHEET.templateGroup(group.count)}）` : finding.message;
}

function rowsOfRule(unit: ExportUnit, evalDate: string, indicator: string, ruleId: string, findings: ExportFinding[]): CollectionRow[] {
  const meta = ruleMeta(ruleId);
  const base = { indicator, ruleId, check: meta?.title ?? ruleId, stake: stakeText(ruleId, indicator), mark: '', change: '' };
  const own = findings.filter((f) => OWN_ROW.has(f.outcome)).sort((a, b) => (OWN_ROW_ORDER[a.outcome] ?? 9) - (OWN_ROW_ORDER[b.outcome] ?? 9));
  if (own.length > 0) {
    return own.map((f) => ({
      ...base,
      result: RESULT_LABELS[f.outcome],
      message: withTemplateNote(unit, f),
      url: f.url,
      date: f.firstSeen ?? evalDate,
      mark: markText(f),
      change: f.change ? CHANGE_LABELS[f.change] : '',
      finding: f,
    }));
  }
  const passed = findings.filter((f) => f.outcome === 'pass');
  const inapplicable = findings.filter((f) => f.outcome === 'inapplicable');
  const summary = passed.length > 0 ? { list: passed, outcome: 'pass' as const } : inapplicable.length > 0 ? { list: inapplicable, outcome: 'inapplicable' as const } : null;
  if (summary) {
    const only = summary.list.length === 1 ? summary.list[0] : undefined;
    const count = summary.outcome === 'pass' ? UNIT_SHEET.passedCount(summary.list.length) : UNIT_SHEET.inapplicableCount(summary.list.length);
    return [{
      ...base,
      result: RESULT_LABELS[summary.outcome],
      message: only ? only.message : count,
      url: only ? only.url : '',
      date: evalDate,
      ...(only ? { finding: only } : {}),
    }];
  }
  // No finding at all (see NO_RESULT for why page rules read differently).
  const noneFound = unit.score.assessed !== false && meta?.scope === 'page';
  return [{
    ...base,
    result: noneFound ? NO_RESULT.noneFound : NO_RESULT.notChecked,
    message: noneFound ? NO_RESULT.noneFoundNote : NO_RESULT.notCheckedNote,
    url: '',
    date: evalDate,
  }];
}

/**
 * Every check point of the unit's indicators (as listed in the export: the catalogue the run was
 * scored with), in catalogue order, then any finding whose rule no indicator counts.
 */
export function collectionRows(unit: ExportUnit, evalDate: string): CollectionRow[] {
  const indicators = unit.score.indicators;
  const slots: Slot[] = indicators.flatMap((ind, i) => ind.ruleIds.map((text, p) => ({ indicator: i, pattern: p, text })));
  const byRule = new Map<string, ExportFinding[]>();
  for (const f of unit.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);

  // Known rules first (catalogue order), then rule ids only the findings name, sorted.
  const knownIds = RULES.map((r) => r.id);
  const extraIds = [...byRule.keys()].filter((id) => !knownIds.includes(id)).sort();
  const placed = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const id of [...knownIds, ...extraIds]) {
    if (STATUS_RULES.has(id) && !byRule.has(id)) continue;
    const slot = slotOf(id, slots);
    if (!slot) {
      if (byRule.has(id)) unplaced.push(id);
      continue;
    }
    const key = `${slot.indicator}:${slot.pattern}`;
    placed.set(key, [...(placed.get(key) ?? []), id]);
  }

  const rows: CollectionRow[] = [];
  indicators.forEach((ind, i) => {
    ind.ruleIds.forEach((_, p) => {
      for (const id of placed.get(`${i}:${p}`) ?? []) rows.push(...rowsOfRule(unit, evalDate, ind.name, id, byRule.get(id) ?? []));
    });
  });
  for (const id of unplaced) rows.push(...rowsOfRule(unit, evalDate, UNIT_SHEET.otherIndicator, id, byRule.get(id) ?? []));
  return rows;
}
