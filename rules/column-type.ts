/**
 * Column type from the column's name, by the keyword table in data/column-types.json
 * (requirements §4). The office edits the JSON, not this code.
 */
import { z } from 'zod';
import type { ColumnType } from './types.js';
import { normalizeName } from './text.js';
import columnTypesData from './data/column-types.json' with { type: 'json' };

const LimitSchema = z.union([
  z.object({ days: z.number().int().positive() }).strict(),
  z.object({ months: z.number().int().positive() }).strict(),
]);

export type FreshnessLimit = z.infer<typeof LimitSchema>;

const ColumnTypeTableSchema = z.object({
  types: z.array(
    z.object({
      type: z.enum(['dynamic', 'notice', 'policy', 'personnel', 'planning']),
      label: z.string().min(1),
      keywords: z.array(z.string().min(1)).min(1),
      limit: LimitSchema.nullable(),
    }),
  ),
  exemptKeywords: z.array(z.string().min(1)),
});

export type ColumnTypeTable = z.infer<typeof ColumnTypeTableSchema>;

export const COLUMN_TYPE_TABLE: ColumnTypeTable = ColumnTypeTableSchema.parse(columnTypesData);

export interface ColumnClassification {
  type: ColumnType;
  /** Historical / 专题 columns: no freshness limit applies. */
  exempt: boolean;
}

/** Approximate length of a limit in days, only to rank limits by leniency. */
function approxDays(limit: FreshnessLimit | null): number {
  if (limit === null) return Number.POSITIVE_INFINITY;
  return 'days' in limit ? limit.days : limit.months * 31;
}

/**
 * Classify a column by its name. When several types match (e.g. 人事任免公示 matches both
 * personnel and notice) the most lenient limit wins: a stricter guess could raise a false alarm.
 */
export function columnType(name: string, table: ColumnTypeTable = COLUMN_TYPE_TABLE): ColumnClassification {
  const normalized = normalizeName(name);
  const exempt = table.exemptKeywords.some((k) => normalized.includes(normalizeName(k)));
  let best: { type: ColumnType; days: number } | null = null;
  for (const entry of table.types) {
    if (!entry.keywords.some((k) => normalized.includes(normalizeName(k)))) continue;
    const days = approxDays(entry.limit);
    if (best === null || days > best.days) best = { type: entry.type, days };
  }
  return { type: best?.type ?? 'other', exempt };
}

/** The freshness limit of a column type, or null when the type has none (`other`). */
export function freshnessLimit(type: ColumnType, table: ColumnTypeTable = COLUMN_TYPE_TABLE): FreshnessLimit | null {
  return table.types.find((t) => t.type === type)?.limit ?? null;
}

/** zh-CN wording of a limit for messages: 「14 天」「6 个月」「1 年」. */
export function limitLabel(limit: FreshnessLimit): string {
  if ('days' in limit) return `${limit.days} 天`;
  if (limit.months % 12 === 0) return `${limit.months / 12} 年`;
  return `${limit.months} 个月`;
}
