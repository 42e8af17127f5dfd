/**
 * What changed in one unit since the previous finished run, by finding key (reports/finding-key.ts).
 * Pure. Counts are of violations only — they are what costs points and what the office works on:
 * - new:   a violation now whose key was not a violation then;
 * - open:  a violation now and then;
 * - fixed: a violation then whose key is now gone or passes. A violation that now became
 *          `incomplete` or `error` is *not* counted as fixed: the crawl could not tell, and saying
 *          「已消除」 without proof would be a false claim. It is in none of the three counts.
 * Each current finding also gets a `change`: `open` when the same key with the same outcome was in
 * the previous run, else `new` (for every outcome, so a new 需人工复核 item shows as new too).
 */
import type { Outcome } from '../rules/types.js';
import type { UnitChanges } from './export-schema.js';

export interface KeyedFinding {
  key: string;
  ruleId: string;
  outcome: Outcome;
  url: string;
  message: string;
}

export interface PreviousRun {
  runId: string;
  evalDate: string;
  /** The unit's total then; null when not assessed or the unit was not in that run. */
  total: number | null;
  findings: KeyedFinding[];
}

export interface UnitDiff {
  changes: UnitChanges;
  /** Parallel to the current findings. */
  change: ('new' | 'open')[];
}

const UNDECIDED: ReadonlySet<Outcome> = new Set(['incomplete', 'error']);

function outcomeKey(key: string, outcome: Outcome): string {
  return `${outcome}\u0000${key}`;
}

export function diffUnitRuns(previous: PreviousRun, current: KeyedFinding[]): UnitDiff {
  const before = new Set(previous.findings.map((f) => outcomeKey(f.key, f.outcome)));
  const change = current.map((f): 'new' | 'open' => (before.has(outcomeKey(f.key, f.outcome)) ? 'open' : 'new'));

  const previousViolations = new Map<string, KeyedFinding>();
  for (const f of previous.findings) if (f.outcome === 'violation' && !previousViolations.has(f.key)) previousViolations.set(f.key, f);
  const currentViolations = new Set(current.filter((f) => f.outcome === 'violation').map((f) => f.key));
  const undecidedNow = new Set(current.filter((f) => UNDECIDED.has(f.outcome)).map((f) => f.key));

  let added = 0;
  let open = 0;
  for (const key of currentViolations) {
    if (previousViolations.has(key)) open += 1;
    else added += 1;
  }
  const fixedFindings: UnitChanges['fixedFindings'] = [];
  for (const [key, f] of previousViolations) {
    if (currentViolations.has(key) || undecidedNow.has(key)) continue;
    fixedFindings.push({ key, ruleId: f.ruleId, url: f.url, message: f.message });
  }
  return {
    changes: {
      previousRunId: previous.runId,
      previousEvalDate: previous.evalDate,
      previousTotal: previous.total,
      new: added,
      fixed: fixedFindings.length,
      open,
      fixedFindings,
    },
    change,
  };
}
