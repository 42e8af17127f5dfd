/**
 * The rule catalogue: metadata of every rule, kept as data (data/rules.json) so titles, sources,
 * thresholds and fix advice can be edited without touching code. Validated once at load: a broken
 * data file fails loudly at start-up instead of producing half-empty reports.
 */
import { z } from 'zod';
import type { RuleMeta } from './rule.js';
import rulesData from './data/rules.json' with { type: 'json' };

const RuleMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*(?:\.\*)?$/),
  scope: z.enum(['page', 'unit', 'column', 'link']),
  title: z.string().min(1),
  source: z.string().min(1),
  threshold: z.string().min(1),
  indicator: z.string().min(1),
  severity: z.enum(['minor', 'moderate', 'serious', 'critical']),
  fix: z.string().min(1),
});

const RuleCatalogueSchema = z.array(RuleMetaSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', message: `duplicate rule id ${rule.id}` });
    seen.add(rule.id);
  }
});

const ALL_ENTRIES: RuleMeta[] = RuleCatalogueSchema.parse(rulesData);

/** The generic entry for axe-core rules that have no entry of their own (`a11y.<axe-id>`). */
const GENERIC_A11Y_ID = 'a11y.*';
const GENERIC_A11Y: RuleMeta | undefined = ALL_ENTRIES.find((r) => r.id === GENERIC_A11Y_ID);

/** Every concrete rule (the generic a11y fallback entry is not a rule of its own). */
export const RULES: RuleMeta[] = ALL_ENTRIES.filter((r) => r.id !== GENERIC_A11Y_ID);

const BY_ID = new Map(RULES.map((r) => [r.id, r] as const));

/** Metadata for a rule id; `a11y.<axe-id>` ids not listed get the generic a11y entry under their own id. */
export function ruleMeta(id: string): RuleMeta | undefined {
  const known = BY_ID.get(id);
  if (known) return known;
  if (id.startsWith('a11y.') && id.length > 'a11y.'.length && GENERIC_A11Y) {
    return { ...GENERIC_A11Y, id, title: `${GENERIC_A11Y.title}：${id.slice('a11y.'.length)}` };
  }
  return undefined;
}
