/**
 * Scoring: turns a unit's findings into points per indicator, driven by an indicator catalogue
 * (data; the default is rules/data/indicators.default.json, 70 points). Pure, so the dashboard,
 * the reports and the extension compute the same numbers. Only violations cost points.
 */
import { z } from 'zod';
import type { Finding } from './types.js';
import defaultCatalogueData from './data/indicators.default.json' with { type: 'json' };

const RulePattern = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*(?:\.\*)?$/, '检查项 id，或以 .* 结尾的前缀通配');

const RuleRefSchema = z
  .object({
    /** A rule id, or a prefix wildcard such as `a11y.*`. An exact id beats a wildcard. */
    rule: RulePattern,
    /** deduct: `points` per count; once: `points` once when any violation; veto: flag only. */
    mode: z.enum(['deduct', 'once', 'veto']).default('deduct'),
    points: z.number().min(0).default(0),
    /** What one count is: each finding, each distinct rule id, or each distinct page. */
    countBy: z.enum(['finding', 'rule', 'page']).default('finding'),
    /** Most points this reference may deduct. */
    cap: z.number().min(0).optional(),
    /** Heavier points for findings whose data matches (e.g. links on the home page). */
    when: z
      .array(z.object({ data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), points: z.number().min(0) }))
      .default([]),
  })
  .strict();

const IndicatorSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    max: z.number().positive(),
    rules: z.array(RuleRefSchema).min(1),
  })
  .strict();

export const IndicatorCatalogueSchema = z
  .object({
    $comment: z.string().optional(),
    id: z.string().min(1),
    name: z.string().min(1),
    indicators: z.array(IndicatorSchema).min(1),
  })
  .strict()
  .superRefine((catalogue, ctx) => {
    const ids = new Set<string>();
    const rules = new Set<string>();
    for (const indicator of catalogue.indicators) {
      if (ids.has(indicator.id)) ctx.addIssue({ code: 'custom', message: `指标 id 重复：${indicator.id}` });
      ids.add(indicator.id);
      for (const ref of indicator.rules) {
        if (rules.has(ref.rule)) ctx.addIssue({ code: 'custom', message: `检查项 ${ref.rule} 在多个指标中出现` });
        rules.add(ref.rule);
      }
    }
  });

export type IndicatorCatalogue = z.infer<typeof IndicatorCatalogueSchema>;
type RuleRef = IndicatorCatalogue['indicators'][number]['rules'][number];

export const DEFAULT_CATALOGUE: IndicatorCatalogue = IndicatorCatalogueSchema.parse(defaultCatalogueData);

export interface IndicatorScore {
  id: string;
  name: string;
  max: number;
  score: number;
  ruleIds: string[];
  deductions: { ruleId: string; count: number; points: number }[];
}

export interface UnitScore {
  total: number;
  max: number;
  vetoed: boolean;
  vetoReasons: string[];
  indicators: IndicatorScore[];
  /**
   * false when the unit could not be assessed (its home page could not be fetched): the points are
   * then not a result, and reports rank the unit last as 未能评分 instead of showing a full score.
   */
  assessed: boolean;
  /** zh-CN reason when not assessed. */
  notAssessedReason: string | null;
}

function roundHalf(n: number): number {
  return Math.round(n * 2) / 2;
}

/** Wildcard `a11y.*` matches `a11y.<anything>`; the longer (more specific) pattern wins. */
function matches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('.*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

function specificity(pattern: string): number {
  return pattern.endsWith('.*') ? pattern.length - 2 : Number.MAX_SAFE_INTEGER;
}

interface RefSlot {
  indicatorIndex: number;
  ref: RuleRef;
}

/** The reference a rule id counts under: exact ids first, then the longest matching wildcard. */
function refFor(ruleId: string, slots: RefSlot[]): RefSlot | undefined {
  let best: RefSlot | undefined;
  for (const slot of slots) {
    if (!matches(slot.ref.rule, ruleId)) continue;
    if (!best || specificity(slot.ref.rule) > specificity(best.ref.rule)) best = slot;
  }
  return best;
}

function pointsOf(finding: Finding, ref: RuleRef): number {
  for (const w of ref.when) {
    if (Object.entries(w.data).every(([k, v]) => finding.data[k] === v)) return w.points;
  }
  return ref.points;
}

function countKey(finding: Finding, ref: RuleRef, index: number): string {
  switch (ref.countBy) {
    case 'rule':
      return finding.ruleId;
    case 'page':
      return `${finding.ruleId}\u0000${finding.url}`;
    default:
      return String(index);
  }
}

/** Deductions of one reference: per actual rule id, each count weighing the heaviest finding in it. */
function deductionsFor(findings: Finding[], ref: RuleRef): { ruleId: string; count: number; points: number }[] {
  const groups = new Map<string, { ruleId: string; points: number }>();
  findings.forEach((f, i) => {
    const key = countKey(f, ref, i);
    const points = pointsOf(f, ref);
    const seen = groups.get(key);
    if (!seen || points > seen.points) groups.set(key, { ruleId: f.ruleId, points });
  });
  const byRule = new Map<string, { ruleId: string; count: number; points: number }>();
  for (const g of groups.values()) {
    const entry = byRule.get(g.ruleId) ?? { ruleId: g.ruleId, count: 0, points: 0 };
    entry.count += 1;
    entry.points += g.points;
    byRule.set(g.ruleId, entry);
  }
  if (ref.mode === 'once') {
    // All-or-nothing: one deduction of `points`, whatever the number of findings.
    return [...byRule.values()].slice(0, 1).map((d) => ({ ...d, points: ref.points }));
  }
  let budget = ref.cap ?? Number.POSITIVE_INFINITY;
  const out: { ruleId: string; count: number; points: number }[] = [];
  for (const d of [...byRule.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1))) {
    const points = Math.min(d.points, budget);
    budget -= points;
    out.push({ ...d, points });
  }
  return out;
}

export function scoreUnit(findings: Finding[], catalogue: IndicatorCatalogue = DEFAULT_CATALOGUE): UnitScore {
  const slots: RefSlot[] = catalogue.indicators.flatMap((indicator, indicatorIndex) =>
    indicator.rules.map((ref) => ({ indicatorIndex, ref })),
  );
  const perRef = new Map<RefSlot, Finding[]>();
  for (const finding of findings) {
    if (finding.outcome !== 'violation') continue;
    const slot = refFor(finding.ruleId, slots);
    if (!slot) continue;
    const list = perRef.get(slot) ?? [];
    list.push(finding);
    perRef.set(slot, list);
  }

  const vetoReasons: string[] = [];
  const indicators: IndicatorScore[] = catalogue.indicators.map((indicator, indicatorIndex) => {
    const deductions: IndicatorScore['deductions'] = [];
    for (const slot of slots) {
      if (slot.indicatorIndex !== indicatorIndex) continue;
      const hits = perRef.get(slot) ?? [];
      if (hits.length === 0) continue;
      if (slot.ref.mode === 'veto') {
        for (const f of hits) vetoReasons.push(`单项否决（${indicator.name}）：${f.message}`);
        continue;
      }
      deductions.push(...deductionsFor(hits, slot.ref));
    }
    const deducted = Math.min(indicator.max, deductions.reduce((sum, d) => sum + d.points, 0));
    return {
      id: indicator.id,
      name: indicator.name,
      max: indicator.max,
      score: Math.max(0, roundHalf(indicator.max - deducted)),
      ruleIds: indicator.rules.map((r) => r.rule),
      deductions,
    };
  });

  return {
    total: roundHalf(indicators.reduce((sum, i) => sum + i.score, 0)),
    max: indicators.reduce((sum, i) => sum + i.max, 0),
    vetoed: vetoReasons.length > 0,
    vetoReasons,
    assessed: true,
    notAssessedReason: null,
    indicators,
  };
}

/** What a violation of a rule puts at stake in a catalogue (for the extension's badges and the popup). */
export interface RuleStake {
  indicator: string;
  indicatorMax: number;
  mode: RuleRef['mode'];
  points: number;
  cap: number;
}

export function ruleStake(ruleId: string, catalogue: IndicatorCatalogue = DEFAULT_CATALOGUE): RuleStake | null {
  const slots: RefSlot[] = catalogue.indicators.flatMap((ind, indicatorIndex) => ind.rules.map((ref) => ({ indicatorIndex, ref })));
  const slot = refFor(ruleId, slots);
  if (!slot) return null;
  const ind = catalogue.indicators[slot.indicatorIndex]!;
  return { indicator: ind.name, indicatorMax: ind.max, mode: slot.ref.mode, points: slot.ref.points, cap: Math.min(slot.ref.cap ?? ind.max, ind.max) };
}

/** 「无障碍与适老化（满分 6 分）：每项扣 1 分，最多扣 4 分」 — the stake in words. */
export function ruleStakeText(ruleId: string, catalogue: IndicatorCatalogue = DEFAULT_CATALOGUE): string | null {
  const s = ruleStake(ruleId, catalogue);
  if (!s) return null;
  const head = `${s.indicator}（满分 ${s.indicatorMax} 分）`;
  if (s.mode === 'veto') return `${head}：单项否决项`;
  if (s.mode === 'once') return `${head}：出现即扣 ${s.points} 分`;
  return `${head}：每项扣 ${s.points} 分，最多扣 ${s.cap} 分`;
}
