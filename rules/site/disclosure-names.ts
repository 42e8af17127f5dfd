/**
 * Names of the 政府信息公开 column and its four parts (data/disclosure-names.json), and how a
 * label on a real site is compared with them: after removing all whitespace and markup
 * (政府信息<br>公开指南 is 政府信息公开指南) and the decoration sites put around menu labels.
 * Matching is exact on the cleaned label, so a part (政府信息公开指南) is never taken for the column.
 */
import { z } from 'zod';
import { normalizeName } from '../text.js';
import namesData from '../data/disclosure-names.json' with { type: 'json' };
import markersData from '../data/empty-markers.json' with { type: 'json' };

const DisclosureNamesSchema = z.object({
  standardColumnName: z.string().min(1),
  columnNames: z.array(z.string().min(1)).min(1),
  parts: z
    .array(z.object({ standard: z.string().min(1), names: z.array(z.string().min(1)).min(1) }))
    .min(1),
  guidePart: z.string().min(1),
  annualReportPart: z.string().min(1),
});

export const DISCLOSURE_NAMES = DisclosureNamesSchema.parse(namesData);

export const EMPTY_MARKERS: string[] = z
  .object({ emptyMarkers: z.array(z.string().min(1)).min(1) })
  .parse(markersData)
  .emptyMarkers.map((m) => normalizeName(m));

/** Decoration around menu labels: arrows, brackets, bullets, separators. */
const DECORATION = /^[>»›<«‹\[\]【】〔〕()（）·•●◆◇■□▪▶►|｜:：\-—_*#]+|[>»›<«‹\[\]【】〔〕()（）·•●◆◇■□▪▶►|｜:：\-—_*#]+$/gu;

/** A label as compared with the standard names: no whitespace, no surrounding decoration. */
export function cleanLabel(text: string): string {
  return normalizeName(text).replace(DECORATION, '');
}

const COLUMN_NAMES = new Set(DISCLOSURE_NAMES.columnNames.map(cleanLabel));
const STANDARD_COLUMN_NAME = cleanLabel(DISCLOSURE_NAMES.standardColumnName);

export function isDisclosureColumnName(label: string): boolean {
  return COLUMN_NAMES.has(cleanLabel(label));
}

export function isStandardColumnName(label: string): boolean {
  return cleanLabel(label) === STANDARD_COLUMN_NAME;
}

/**
 * Real sites add a short word to a part's name (政府信息公开制度文件): a label that starts with a
 * part name and adds at most this many characters, none of them digits (2019年… is one report,
 * not the part), still stands for the part. Missing-part findings must not come from wording.
 */
const PART_SUFFIX_MAX = 4;

/** The standard part name a label stands for, or null. */
export function partFor(label: string): string | null {
  const cleaned = cleanLabel(label);
  if (cleaned === '') return null;
  for (const part of DISCLOSURE_NAMES.parts) {
    if (part.names.some((n) => cleanLabel(n) === cleaned)) return part.standard;
  }
  for (const part of DISCLOSURE_NAMES.parts) {
    for (const name of part.names.map(cleanLabel)) {
      const suffix = cleaned.slice(name.length);
      if (cleaned.startsWith(name) && suffix.length <= PART_SUFFIX_MAX && !/\d/.test(suffix)) return part.standard;
    }
  }
  return null;
}

/** The empty-list marker a page's text shows (暂无信息 …), or null. */
export function emptyMarkerIn(text: string): string | null {
  const normalized = normalizeName(text);
  return EMPTY_MARKERS.find((m) => normalized.includes(m)) ?? null;
}
