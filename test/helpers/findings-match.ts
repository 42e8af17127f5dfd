/**
 * Compares a run's findings with an answer key: every expected finding must be matched by exactly one
 * actual finding (same unit, rule, page path, and the expected data as a subset), and — for the exact
 * comparisons — no actual finding may be left over.
 */
import { isDeepStrictEqual } from 'node:util';

export interface Comparable {
  unitId: string;
  ruleId: string;
  path: string;
  data?: Record<string, unknown>;
}

export interface MatchResult {
  missing: Comparable[];
  unexpected: Comparable[];
}

function dataMatches(expected: Record<string, unknown> | undefined, actual: Record<string, unknown> | undefined): boolean {
  if (!expected) return true;
  return Object.entries(expected).every(([k, v]) => isDeepStrictEqual(actual?.[k], v));
}

export function matchFindings(expected: Comparable[], actual: Comparable[]): MatchResult {
  const left = [...actual];
  const missing: Comparable[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => a.unitId === e.unitId && a.ruleId === e.ruleId && a.path === e.path && dataMatches(e.data, a.data));
    if (i === -1) missing.push(e);
    else left.splice(i, 1);
  }
  return { missing, unexpected: left };
}

export function describeFinding(f: Comparable): string {
  return `${f.unitId} ${f.ruleId} ${f.path}${f.data ? ` ${JSON.stringify(f.data)}` : ''}`;
}
