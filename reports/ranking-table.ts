/**
 * The unit ranking: the order every report uses, and the plain-text table printed in a terminal.
 */
import type { ExportDocument, ExportUnit } from './export-schema.js';
import { escapeTerminal } from '../rules/escape.js';
import { RANKING_TABLE, formatScoreOf } from './messages.zh-CN.js';

export interface RankedUnit {
  /** Competition ranking (1, 2, 2, 4): equal scores with the same veto status share a rank. */
  rank: number;
  unit: ExportUnit;
  violations: number;
  /** Findings that need manual review: `incomplete` and `error`. */
  review: number;
}

/**
 * Scores are compared at display precision (one decimal, see formatScore), so 62.4999999 and
 * 62.5 tie as the reader sees them.
 */
function scoreKey(total: number): number {
  return Math.round(total * 10);
}

/** A unit whose home page could not be fetched has no meaningful score. */
/** A unit whose score is a result: its total is a number (an unassessed unit's total is null). */
export type AssessedUnit = ExportUnit & { score: ExportUnit['score'] & { total: number } };

export function isAssessed(unit: ExportUnit): unit is AssessedUnit {
  return unit.score.assessed !== false && unit.score.total !== null;
}

/** The unit's total for arithmetic: 0 for a unit that could not be assessed (callers rank those apart). */
export function totalOf(unit: ExportUnit): number {
  return unit.score.total ?? 0;
}

export interface DistrictAverage {
  /** Mean total of the assessed units; null when no unit could be assessed. */
  average: number | null;
  /** The common maximum of the assessed units, or undefined when they differ (or there are none). */
  max: number | undefined;
  /** Units left out because they could not be assessed (their score would read as full marks). */
  excluded: number;
}

/**
 * The district average over the units that were assessed. A unit whose home page could not be
 * fetched has no findings to deduct from, so its 70/70 would only flatter the district.
 */
export function districtAverage(doc: ExportDocument): DistrictAverage {
  const assessed = doc.units.filter(isAssessed);
  const maxes = new Set(assessed.map((u) => u.score.max));
  return {
    average: assessed.length === 0 ? null : assessed.reduce((sum, u) => sum + u.score.total, 0) / assessed.length,
    max: maxes.size === 1 ? [...maxes][0] : undefined,
    excluded: doc.units.length - assessed.length,
  };
}

function compareUnits(a: ExportUnit, b: ExportUnit): number {
  // Units that could not be assessed come last; then vetoed units: a veto outranks the score.
  if (isAssessed(a) !== isAssessed(b)) return isAssessed(a) ? -1 : 1;
  if (a.score.vetoed !== b.score.vetoed) return a.score.vetoed ? 1 : -1;
  const byScore = scoreKey(totalOf(b)) - scoreKey(totalOf(a));
  if (byScore !== 0) return byScore;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Units sorted by score (desc; vetoed units last), then id, with their rank and counts. */
export function rankUnits(doc: ExportDocument): RankedUnit[] {
  const sorted = [...doc.units].sort(compareUnits);
  const ranked: RankedUnit[] = [];
  sorted.forEach((unit, index) => {
    const previous = ranked[index - 1];
    const tied =
      previous !== undefined &&
      isAssessed(previous.unit) && isAssessed(unit) &&
      previous.unit.score.vetoed === unit.score.vetoed &&
      scoreKey(previous.unit.score.total) === scoreKey(unit.score.total);
    ranked.push({
      rank: tied ? previous.rank : index + 1,
      unit,
      violations: unit.findings.filter((f) => f.outcome === 'violation').length,
      review: unit.findings.filter((f) => f.outcome === 'incomplete' || f.outcome === 'error').length,
    });
  });
  return ranked;
}

/**
 * Code points that take two terminal columns: East Asian Wide and Fullwidth ranges (CJK
 * ideographs, kana, hangul, fullwidth forms and punctuation such as （），、) plus common emoji.
 */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

function codePointWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (ZERO_WIDTH.test(ch)) return 0;
  for (const [from, to] of WIDE_RANGES) {
    if (code >= from && code <= to) return 2;
  }
  return 1;
}

/** Columns a string takes in a terminal (CJK characters count two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += codePointWidth(ch);
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

type Align = 'left' | 'right';

const COLUMN_GAP = '  ';

/**
 * The ranking as a plain-text table: 排名, 单位, 得分, 问题数, 待复核, 单项否决. Every line has the
 * same display width (cells padded, the last one too) so the columns line up under CJK names.
 */
export function renderRankingTable(doc: ExportDocument): string {
  const t = RANKING_TABLE;
  const header = [t.colRank, t.colUnit, t.colScore, t.colViolations, t.colReview, t.colVeto];
  const align: Align[] = ['right', 'left', 'right', 'right', 'right', 'left'];
  const rows = rankUnits(doc).map((r) => [
    String(r.rank),
    escapeTerminal(r.unit.name),
    isAssessed(r.unit) ? formatScoreOf(r.unit.score.total, r.unit.score.max) : t.notAssessed,
    String(r.violations),
    String(r.review),
    r.unit.score.vetoed ? t.vetoYes : t.vetoNo,
  ]);
  const widths = header.map((title, col) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[col] ?? ''))),
  );
  const line = (cells: string[], cellAlign: readonly Align[]): string =>
    cells
      .map((cell, col) => {
        const width = widths[col] ?? 0;
        return cellAlign[col] === 'right' ? padStart(cell, width) : padEnd(cell, width);
      })
      .join(COLUMN_GAP);
  const rule = widths.map((w) => '-'.repeat(w)).join(COLUMN_GAP);
  return [line(header, align), rule, ...rows.map((row) => line(row, align))].join('\n');
}
