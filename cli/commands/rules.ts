/**
 * `gongkai rules [--format text|json]`: the rule catalogue as the product applies it — every rule
 * of rules/data/rules.json with its zh-CN title, source, threshold, the indicator it scores under
 * (default catalogue) and whether the engine runs it. Text is grouped by indicator and aligned for
 * a terminal (CJK characters take two columns); json is for tools.
 */
import { ACT_MAPPED_BEYOND_TAGS, type ActMappedAxeRule } from '../../rules/a11y/act-mapped.js';
import { AXE_RUN_RULE_ID } from '../../rules/a11y/axe-findings.js';
import { RULES } from '../../rules/catalogue.js';
import { PAGE_RULES, SITE_RULES } from '../../rules/engine.js';
import type { RuleMeta } from '../../rules/rule.js';
import { DEFAULT_CATALOGUE, type IndicatorCatalogue } from '../../rules/scoring.js';
import { displayWidth } from '../../reports/ranking-table.js';
import { cliText } from '../text.zh-CN.js';
import { parseCommandArgs, UsageError } from '../main.js';

export interface RuleEntry {
  id: string;
  title: string;
  scope: RuleMeta['scope'];
  severity: RuleMeta['severity'];
  source: string;
  threshold: string;
  fix: string;
  indicator: { id: string; name: string | null; max: number | null };
  /** Registered in the engine (rules/engine.ts): it runs in crawl, audit and check. */
  implemented: boolean;
}

/** Every rule of the catalogue, in catalogue order, joined with its indicator and engine status. */
export function ruleEntries(
  rules: RuleMeta[] = RULES,
  catalogue: IndicatorCatalogue = DEFAULT_CATALOGUE,
  // a11y.axe-run is not an engine rule: the browser's axe phase reports it when a check could not finish.
  implementedIds: ReadonlySet<string> = new Set([...PAGE_RULES, ...SITE_RULES].map((r) => r.id).concat(AXE_RUN_RULE_ID)),
): RuleEntry[] {
  const indicators = new Map(catalogue.indicators.map((i) => [i.id, i] as const));
  return rules.map((r) => {
    const ind = indicators.get(r.indicator);
    return {
      id: r.id,
      title: r.title,
      scope: r.scope,
      severity: r.severity,
      source: r.source,
      threshold: r.threshold,
      fix: r.fix,
      indicator: { id: r.indicator, name: ind?.name ?? null, max: ind?.max ?? null },
      implemented: implementedIds.has(r.id),
    };
  });
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * The catalogue as terminal text: one block per indicator (catalogue order, then indicators the
 * catalogue does not know), each rule as 「状态 标题 id」 with its source and threshold below.
 */
export function renderRulesText(entries: RuleEntry[], catalogue: IndicatorCatalogue = DEFAULT_CATALOGUE,
  axeBeyondTags: readonly ActMappedAxeRule[] = ACT_MAPPED_BEYOND_TAGS): string {
  const t = cliText.rules;
  const order = [...catalogue.indicators.map((i) => i.id)];
  for (const e of entries) if (!order.includes(e.indicator.id)) order.push(e.indicator.id);
  const titleWidth = Math.max(0, ...entries.map((e) => displayWidth(e.title)));
  const lines: string[] = [t.heading(entries.length, entries.filter((e) => e.implemented).length), ''];
  for (const indicatorId of order) {
    const group = entries.filter((e) => e.indicator.id === indicatorId);
    if (group.length === 0) continue;
    const first = group[0]!.indicator;
    lines.push(t.indicatorHeading(first.name ?? t.unknownIndicator, indicatorId, first.max));
    for (const e of group) {
      const status = e.implemented ? t.implemented : t.notImplemented;
      lines.push(`  ${padEnd(status, displayWidth(t.notImplemented))}  ${padEnd(e.title, titleWidth)}  ${e.id}`);
      lines.push(`      ${t.source}：${e.source}`);
      lines.push(`      ${t.threshold}：${e.threshold}`);
    }
    // axe's rules are a11y.<axe-id>, one catalogue entry for all: say which run beyond the WCAG tags.
    if (indicatorId === 'accessibility') lines.push(`  ${t.alsoRuns(axeBeyondTags.map((r) => t.actMapped(r.id, r.act, r.wcag, r.title)).join('；'))}`);
    lines.push('');
  }
  lines.push(t.footer);
  return `${lines.join('\n')}\n`;
}

export async function rulesCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('rules', args, { format: { type: 'string' } });
  if (!parsed) return 0;
  const format = (parsed.values.format ?? 'text').toLowerCase();
  if (format !== 'json' && format !== 'text') throw new UsageError(cliText.badFormat(format, ['text', 'json']));
  const entries = ruleEntries();
  process.stdout.write(format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : renderRulesText(entries));
  return 0;
}
