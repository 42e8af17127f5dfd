/**
 * The export JSON contract (docs/contracts.md “导出 JSON”, schemaVersion 1). One document feeds every
 * renderer (HTML, XLSX, CSV, PDF) and outside consumers, so the shape is validated here once.
 * Change it only compatibly: add optional fields, never rename or re-purpose one.
 */
import { z } from 'zod';
import { issuePath } from '../rules/issue-path.js';
import type { Outcome, UnitType } from '../rules/types.js';
import { MARK_KINDS } from '../store/marks.js';

export const EXPORT_SCHEMA_VERSION = 1 as const;

const OUTCOME_VALUES = ['violation', 'pass', 'incomplete', 'inapplicable', 'error'] as const;
const UNIT_TYPE_VALUES = ['department', 'town', 'street', 'other', 'government'] as const;

// Compile-time guards: the enums here must list exactly the shared vocabulary in rules/types.ts.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const outcomesMatch: SameSet<(typeof OUTCOME_VALUES)[number], Outcome> = true;
const unitTypesMatch: SameSet<(typeof UNIT_TYPE_VALUES)[number], UnitType> = true;
void outcomesMatch;
void unitTypesMatch;

/** ISO 8601 timestamp with `Z` or an offset, e.g. `2020-11-26T02:00:13.512Z`. */
const Timestamp = z.iso.datetime({ offset: true });

/** A non-negative, finite number of points (scores may be fractional, e.g. 62.5). */
const Points = z.number().finite().nonnegative();

export const OutcomeSchema = z.enum(OUTCOME_VALUES);
export const UnitTypeSchema = z.enum(UNIT_TYPE_VALUES);

export const TargetSchema = z.object({
  selector: z.string(),
  snippet: z.string(),
});

/** 误报 (false positive) or 已整改 (fixed, awaiting the next crawl): entered by a person. */
export const MarkKindSchema = z.enum(MARK_KINDS);

export const FindingMarkSchema = z.object({
  kind: MarkKindSchema,
  reason: z.string(),
  by: z.string(),
  /** When the mark was made (ISO timestamp). */
  at: Timestamp,
});

export const ExportFindingSchema = z.object({
  ruleId: z.string().min(1),
  outcome: OutcomeSchema,
  /** The page the finding is about. Free text: crawled URLs are kept as the crawler saw them. */
  url: z.string(),
  target: TargetSchema.optional(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
  // ---- Added compatibly (0.5.0): the office's view across runs. All optional. ----
  /** Stable identity of this finding across runs (same rule, page and place). See reports/finding-key.ts. */
  key: z.string().optional(),
  /** Evaluation date of the earliest run in this store where the same finding (key and outcome) was found. */
  firstSeen: z.iso.date().optional(),
  /** Relative to the previous finished run: first found now, or found then too. */
  change: z.enum(['new', 'open']).optional(),
  /** A person's mark on this finding; persists across runs by key. */
  mark: FindingMarkSchema.optional(),
  /** Marked 已整改 before this run started, yet found again: the fix did not hold. */
  reappeared: z.boolean().optional(),
  /** Id of the unit's template group (unit.templateGroups) this finding belongs to. */
  templateGroup: z.string().optional(),
  // ---- Added compatibly (0.8.0): the nightly plan. ----
  /**
   * Present when the finding's evidence (its page, attachment or link target) was not asked again
   * tonight but carried from an earlier night: the evaluation date it was last verified (核验于).
   */
  verifiedOn: z.iso.date().optional(),
});

export const IndicatorScoreSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    max: Points,
    score: Points,
    ruleIds: z.array(z.string().min(1)),
  })
  .superRefine((indicator, ctx) => {
    if (indicator.score > indicator.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `score ${indicator.score} exceeds max ${indicator.max}`,
      });
    }
  });

export const UnitScoreSchema = z
  .object({
    /** null when the unit could not be assessed (assessed: false): no number a program could take for a score. */
    total: Points.nullable(),
    max: Points,
    vetoed: z.boolean(),
    indicators: z.array(IndicatorScoreSchema),
    /** Added compatibly: false when the unit could not be assessed (home page unreachable). */
    assessed: z.boolean().optional(),
  })
  .superRefine((score, ctx) => {
    if (score.total !== null && score.total > score.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `total ${score.total} exceeds max ${score.max}`,
      });
    }
    const seen = new Set<string>();
    score.indicators.forEach((indicator, index) => {
      if (seen.has(indicator.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', index, 'id'],
          message: `duplicate indicator id "${indicator.id}"`,
        });
      }
      seen.add(indicator.id);
    });
  });

/**
 * One finding repeated on many pages because it sits in the shared page template (header, footer,
 * navigation): reported once, with the pages it appears on.
 */
export const TemplateGroupSchema = z.object({
  id: z.string().min(1),
  ruleId: z.string().min(1),
  outcome: OutcomeSchema,
  message: z.string(),
  target: TargetSchema.optional(),
  count: z.number().int().positive(),
  pages: z.array(z.string()),
});

/** What changed since the previous finished run of the same store. */
export const UnitChangesSchema = z.object({
  previousRunId: z.string().min(1),
  previousEvalDate: z.iso.date(),
  /** The unit's total in the previous run; null when it was not assessed (or not in that run). */
  previousTotal: z.number().finite().nullable(),
  /** Counts of violations: first found now, gone since, found both times. */
  new: z.number().int().nonnegative(),
  fixed: z.number().int().nonnegative(),
  open: z.number().int().nonnegative(),
  /** The violations of the previous run that are gone now (they are not in `findings`). */
  fixedFindings: z.array(z.object({ key: z.string(), ruleId: z.string(), url: z.string(), message: z.string() })),
});

/** The hand-entered 30 points (daily work) and major deductions of seed §1, never crawled. */
export const ManualScoreSchema = z.object({
  /** Daily-work items with the points entered (0..max). Items not entered are absent. */
  daily: z.array(z.object({ id: z.string(), name: z.string(), max: Points, score: Points, note: z.string().optional() })),
  dailyMax: Points,
  dailyTotal: Points,
  /** Major deductions entered (each positive points to subtract); their sum is capped at 30. */
  deductions: z.array(z.object({ id: z.string(), name: z.string(), points: Points, note: z.string().optional() })),
  deductionTotal: Points,
  /** Crawl score + daily total − capped deductions, clamped to 0..100; null when the crawl score is not assessed. */
  predictedTotal: z.number().finite().nullable(),
  predictedMax: Points,
  enteredBy: z.string().optional(),
  enteredAt: z.string().optional(),
});

export const ExportUnitSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: UnitTypeSchema,
  url: z.string().min(1),
  score: UnitScoreSchema,
  findings: z.array(ExportFindingSchema),
  // ---- Added compatibly (0.5.0). ----
  templateGroups: z.array(TemplateGroupSchema).optional(),
  changes: UnitChangesSchema.optional(),
  manual: ManualScoreSchema.optional(),
});

/** What one night covered (store/coverage.ts NightCoverage). */
export const CoverageSchema = z.object({
  /** The night built on an earlier run and carried what was not due; false: every page was fetched. */
  planned: z.boolean(),
  /** Pages the servers confirmed tonight (downloaded, or answered "unchanged"). */
  verifiedPages: z.number().int().min(0),
  /** Pages carried from an earlier night without a request (their findings carry verifiedOn). */
  carriedPages: z.number().int().min(0),
  /** The oldest verification date of anything in the run (pages, attachments, link targets). */
  oldestVerification: z.iso.date().nullable(),
  /** New pages left for another night because the time budget ran out. */
  pagesLeft: z.number().int().min(0),
  /** Essential and list pages the budget left out: then the night's site-level findings are incomplete. */
  essentialsLeft: z.number().int().min(0),
  attachmentsLeft: z.number().int().min(0),
  linksLeft: z.number().int().min(0),
  /** crawl.budgetMinutes in force (null: none), and whether it ran out. */
  budgetMinutes: z.number().positive().nullable(),
  budgetSpent: z.boolean(),
  /** crawl.revisitDays of a planned night (null when the night was not planned). */
  revisitDays: z.number().int().min(1).nullable(),
});

export const ExportRunSchema = z.object({
  id: z.string().min(1),
  startedAt: Timestamp,
  /** null while the run has not finished (an export of a killed or running crawl). */
  finishedAt: Timestamp.nullable(),
  /** The evaluation date the rules measured against, YYYY-MM-DD. */
  evalDate: z.iso.date(),
  ruleSetVersion: z.string().min(1),
  /** Added compatibly (0.5.0): the district's name from the config. */
  district: z.string().optional(),
  /** Added compatibly (0.5.0): the previous finished run that `changes` compare with. */
  previousRunId: z.string().nullable().optional(),
  /** Added compatibly (0.8.0): the office's time zone (config timeZone) in which times are shown; absent = Asia/Shanghai. */
  timeZone: z.string().optional(),
  /** Added compatibly (0.8.0): what the night covered (the nightly plan); absent for runs before 0.8.0. */
  coverage: CoverageSchema.optional(),
});

export const ExportSchema = z
  .object({
    schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
    run: ExportRunSchema,
    units: z.array(ExportUnitSchema),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.units.forEach((unit, index) => {
      if (seen.has(unit.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['units', index, 'id'],
          message: `duplicate unit id "${unit.id}"`,
        });
      }
      seen.add(unit.id);
    });
  });

export type ExportDocument = z.infer<typeof ExportSchema>;
export type ExportUnit = z.infer<typeof ExportUnitSchema>;
export type ExportFinding = z.infer<typeof ExportFindingSchema>;
export type ExportCoverage = z.infer<typeof CoverageSchema>;
export type IndicatorScore = z.infer<typeof IndicatorScoreSchema>;
export type FindingMark = z.infer<typeof FindingMarkSchema>;
export type MarkKind = z.infer<typeof MarkKindSchema>;
export type TemplateGroup = z.infer<typeof TemplateGroupSchema>;
export type UnitChanges = z.infer<typeof UnitChangesSchema>;
export type ManualScore = z.infer<typeof ManualScoreSchema>;

/** `units[0].findings[2].outcome` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return issuePath(path, '(root)');
}

export type ExportValidation =
  | { ok: true; doc: ExportDocument }
  | { ok: false; issues: string[] };

/**
 * Validates an untrusted document (a file read back, a request body). Issues come as
 * `path: message` lines so a caller can print them as they are.
 */
export function validateExport(input: unknown): ExportValidation {
  const result = ExportSchema.safeParse(input);
  if (result.success) return { ok: true, doc: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`),
  };
}

/**
 * The contract as JSON Schema (draft 2020-12) for consumers outside TypeScript. Generated from
 * the input side, so objects stay open to fields added later (compatible changes). Cross-field
 * checks (score ≤ max, unique ids) are not expressible there and are only enforced by zod.
 */
export function exportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ExportSchema, { target: 'draft-2020-12', io: 'input' });
  return {
    ...schema,
    title: 'Gongkai export document (schemaVersion 1)',
  };
}
