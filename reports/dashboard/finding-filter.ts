/**
 * Filters of the dashboard's finding lists (unit, indicator, rule, outcome), carried as GET query
 * parameters so a filtered list is a plain link that can be bookmarked or sent to a colleague.
 * Values come from the address bar: they are only compared with known ids, never trusted.
 */
import type { Outcome } from '../../rules/types.js';
import { escapeAttr, escapeHtml } from '../../rules/escape.js';
import type { ExportFinding, IndicatorScore } from '../export-schema.js';
import { OUTCOME_LABELS } from '../messages.zh-CN.js';
import { DASHBOARD_TEXT as T } from './messages.zh-CN.js';

/** `attention` = what needs action (violations, incompletes, errors): the default view. */
export type OutcomeFilter = Outcome | 'attention' | 'all';

export interface FindingFilter {
  unit: string | null;
  indicator: string | null;
  rule: string | null;
  outcome: OutcomeFilter;
}

const OUTCOMES: readonly Outcome[] = ['violation', 'incomplete', 'error', 'pass', 'inapplicable'];

/** Longer values than this are no id of ours: treated as absent. */
const MAX_VALUE = 200;

function value(query: ReadonlyMap<string, string>, name: string): string | null {
  const v = query.get(name)?.trim() ?? '';
  return v === '' || v.length > MAX_VALUE ? null : v;
}

export function parseFindingFilter(query: ReadonlyMap<string, string>): FindingFilter {
  const outcome = value(query, 'outcome');
  return {
    unit: value(query, 'unit'),
    indicator: value(query, 'indicator'),
    rule: value(query, 'rule'),
    outcome: outcome === 'all' || (outcome !== null && (OUTCOMES as readonly string[]).includes(outcome)) ? (outcome as OutcomeFilter) : 'attention',
  };
}

function outcomeMatches(outcome: Outcome, filter: OutcomeFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'attention') return outcome === 'violation' || outcome === 'incomplete' || outcome === 'error';
  return outcome === filter;
}

/** Same matching as rules/scoring.ts: an exact id beats a wildcard, a longer wildcard a shorter one. */
export function indicatorOf(ruleId: string, indicators: readonly Pick<IndicatorScore, 'id' | 'ruleIds'>[]): string | null {
  let best: { id: string; specificity: number } | null = null;
  for (const indicator of indicators) {
    for (const pattern of indicator.ruleIds) {
      const wildcard = pattern.endsWith('.*');
      const hit = wildcard ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
      if (!hit) continue;
      const specificity = wildcard ? pattern.length - 2 : Number.MAX_SAFE_INTEGER;
      if (!best || specificity > best.specificity) best = { id: indicator.id, specificity };
    }
  }
  return best?.id ?? null;
}

export function findingMatches(
  finding: Pick<ExportFinding, 'ruleId' | 'outcome'>,
  filter: FindingFilter,
  indicators: readonly Pick<IndicatorScore, 'id' | 'ruleIds'>[],
): boolean {
  if (!outcomeMatches(finding.outcome, filter.outcome)) return false;
  if (filter.rule !== null && finding.ruleId !== filter.rule) return false;
  if (filter.indicator !== null && indicatorOf(finding.ruleId, indicators) !== filter.indicator) return false;
  return true;
}

export interface FilterChoices {
  /** null: the unit is fixed by the page (a unit page has no unit selector). */
  units: { id: string; name: string }[] | null;
  indicators: { id: string; name: string }[];
  rules: { id: string; title: string }[];
}

function select(name: string, label: string, options: { value: string; text: string }[], current: string | null): string {
  const opts = options
    .map((o) => `<option value="${escapeAttr(o.value)}"${o.value === current ? ' selected' : ''}>${escapeHtml(o.text)}</option>`)
    .join('');
  return `<label>${escapeHtml(label)}<select name="${escapeAttr(name)}">${opts}</select></label>`;
}

/** The plain GET form: submitting it reloads `action` with the chosen parameters. */
export function renderFilterForm(action: string, filter: FindingFilter, choices: FilterChoices): string {
  const all = { value: '', text: T.filterAll };
  const parts: string[] = [];
  if (choices.units) parts.push(select('unit', T.filterUnit, [all, ...choices.units.map((u) => ({ value: u.id, text: u.name }))], filter.unit));
  parts.push(select('indicator', T.filterIndicator, [all, ...choices.indicators.map((i) => ({ value: i.id, text: i.name }))], filter.indicator));
  parts.push(select('rule', T.filterRule, [all, ...choices.rules.map((r) => ({ value: r.id, text: `${r.title}（${r.id}）` }))], filter.rule));
  parts.push(
    select(
      'outcome',
      T.filterOutcome,
      [{ value: 'attention', text: T.filterAttention }, { value: 'all', text: T.filterAll }, ...OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] }))],
      filter.outcome,
    ),
  );
  return `<form class="inline" method="get" action="${escapeAttr(action)}">${parts.join('')}<button type="submit">${escapeHtml(T.filterApply)}</button><a href="${escapeAttr(action)}">${escapeHtml(T.filterReset)}</a></form>`;
}
