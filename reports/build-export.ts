/**
 * Builds the export document (the JSON contract, docs/contracts.md) of one run from the store.
 * Every other renderer (HTML, XLSX, CSV, PDF, the dashboard) starts from this document.
 *
 * Besides the run's own findings and scores it fills the office fields (export schema 0.5.0), all
 * optional so older stores and first runs still export:
 * - finding.key (reports/finding-key.ts) on every finding;
 * - against the previous finished run (the newest `done` run with a smaller id): run.previousRunId,
 *   unit.changes and finding.change (reports/run-diff.ts);
 * - finding.firstSeen: the evaluation date of the earliest finished run (or this one) where the unit
 *   had a finding with the same key and outcome — one history query per unit;
 * - finding.mark and finding.reappeared from the marks table (reappeared: marked 已整改 before this
 *   run started and still a violation now);
 * - unit.templateGroups and finding.templateGroup (reports/template-groups.ts);
 * - unit.manual from the hand-entered 30 points, when entered (reports/manual-scores.ts);
 * - run.district.
 *
 * Violations marked 误报 (false positive) cost no points: when a unit has such marks on violations,
 * its score is recomputed with scoreUnit on its findings without them. `assessed` stays as stored
 * (it comes from the crawl — whether the home page was reached — not from the findings). The
 * previous run's total in `changes` is adjusted the same way, so a score change means the site
 * changed, not that someone marked a finding.
 */
import type { Db } from '../store/db.js';
import { unitFindings, unitScore } from '../store/findings.js';
import { loadManualEntries } from '../store/manual.js';
import { marksOf, type MarkRow } from '../store/marks.js';
import { previousFinishedRun, runUnits, type RunRow } from '../store/runs.js';
import type { Finding, Outcome } from '../rules/types.js';
import type { ExportCoverage, ExportDocument, ExportFinding, ExportUnit } from './export-schema.js';
import { findingKey } from './finding-key.js';
import { manualScore } from './manual-scores.js';
import { diffUnitRuns, type KeyedFinding } from './run-diff.js';
import { DEFAULT_CATALOGUE, scoreUnit, type IndicatorCatalogue, type UnitScore } from '../rules/scoring.js';
import { templateGroups } from './template-groups.js';

export interface BuildExportOptions {
  units?: string[];
  /** The catalogue used to rescore units with false-positive marks (default: the 70-point default). */
  catalogue?: IndicatorCatalogue;
}

interface HistoryFinding extends KeyedFinding {
  runId: number;
  evalDate: string;
}

/** The unit's findings in finished runs before `runId`, oldest run first, with their keys. */
function unitHistory(db: Db, runId: number, unitId: string): HistoryFinding[] {
  const rows = db
    .prepare(
      `SELECT f.run_id, r.eval_date, f.rule_id, f.outcome, f.url, f.target_json, f.message, f.data_json
         FROM findings f JOIN runs r ON r.id = f.run_id
        WHERE f.unit_id = ? AND f.run_id < ? AND r.status = 'done'
        ORDER BY f.run_id, f.id`,
    )
    .all(unitId, runId) as {
      run_id: number; eval_date: string; rule_id: string; outcome: Outcome; url: string;
      target_json: string | null; message: string; data_json: string;
    }[];
  return rows.map((r) => {
    const target = r.target_json ? (JSON.parse(r.target_json) as { selector: string }) : undefined;
    const data = JSON.parse(r.data_json) as Record<string, unknown>;
    return {
      runId: r.run_id, evalDate: r.eval_date, ruleId: r.rule_id, outcome: r.outcome, url: r.url, message: r.message,
      key: findingKey({ ruleId: r.rule_id, url: r.url, data, ...(target ? { target } : {}) }),
    };
  });
}

/** Stored score, or the rescore without false-positive violations when any apply. */
/**
 * The score as exported: with false positives taken out. A unit that could not be assessed has no
 * total (null): 70 of 70 from no findings at all must not read as full marks to a program.
 */
function effectiveScore(stored: UnitScore | undefined, findings: Finding[], keys: string[], falsePositive: ReadonlySet<string>, catalogue: IndicatorCatalogue) {
  const score = effectiveScoreOf(stored, findings, keys, falsePositive, catalogue);
  return score.assessed ? score : { ...score, total: null };
}

function effectiveScoreOf(stored: UnitScore | undefined, findings: Finding[], keys: string[], falsePositive: ReadonlySet<string>, catalogue: IndicatorCatalogue) {
  const base = {
    total: stored?.total ?? 0,
    max: stored?.max ?? 0,
    vetoed: stored?.vetoed ?? false,
    assessed: stored?.assessed ?? false,
    indicators: (stored?.indicators ?? []).map((i) => ({ id: i.id, name: i.name, max: i.max, score: i.score, ruleIds: i.ruleIds })),
  };
  if (!stored) return base;
  const dropped = findings.some((f, i) => f.outcome === 'violation' && falsePositive.has(keys[i]!));
  if (!dropped) return base;
  const kept = findings.filter((f, i) => !(f.outcome === 'violation' && falsePositive.has(keys[i]!)));
  const rescored = scoreUnit(kept, catalogue);
  return {
    total: rescored.total,
    max: rescored.max,
    vetoed: rescored.vetoed,
    assessed: base.assessed,
    indicators: rescored.indicators.map((i) => ({ id: i.id, name: i.name, max: i.max, score: i.score, ruleIds: i.ruleIds })),
  };
}

function unitInRun(db: Db, runId: number, unitId: string): boolean {
  return db.prepare('SELECT 1 FROM units WHERE run_id = ? AND id = ?').get(runId, unitId) !== undefined;
}

export function buildExport(db: Db, run: RunRow, opts: BuildExportOptions = {}): ExportDocument {
  const catalogue = opts.catalogue ?? DEFAULT_CATALOGUE;
  const wanted = opts.units && opts.units.length > 0 ? new Set(opts.units) : null;
  const units = runUnits(db, run.id).filter((u) => !wanted || wanted.has(u.id));
  const previous = previousFinishedRun(db, run.id);
  const marksByUnit = new Map<string, Map<string, MarkRow>>();
  for (const m of marksOf(db)) {
    const forUnit = marksByUnit.get(m.unitId) ?? new Map<string, MarkRow>();
    forUnit.set(m.key, m);
    marksByUnit.set(m.unitId, forUnit);
  }
  const manual = loadManualEntries(db);
  const startedAt = Date.parse(run.startedAt);

  return {
    schemaVersion: 1,
    run: {
      id: String(run.id), startedAt: run.startedAt, finishedAt: run.finishedAt, evalDate: run.evalDate, ruleSetVersion: run.ruleSetVersion,
      district: run.district,
      previousRunId: previous ? String(previous.id) : null,
      ...(run.config.timeZone ? { timeZone: run.config.timeZone } : {}),
      ...(run.coverage ? { coverage: run.coverage as ExportCoverage } : {}),
    },
    units: units.map((u): ExportUnit => {
      const findings = unitFindings(db, run.id, u.id);
      const keys = findings.map((f) => findingKey(f));
      const marks = marksByUnit.get(u.id) ?? new Map<string, MarkRow>();
      const falsePositive = new Set([...marks.values()].filter((m) => m.kind === 'false-positive').map((m) => m.key));
      const score = effectiveScore(unitScore(db, run.id, u.id), findings, keys, falsePositive, catalogue);

      const history = unitHistory(db, run.id, u.id);
      const firstSeen = new Map<string, string>();
      for (const h of history) {
        const id = `${h.outcome}\u0000${h.key}`;
        if (!firstSeen.has(id)) firstSeen.set(id, h.evalDate);
      }
      const keyed: KeyedFinding[] = findings.map((f, i) => ({ key: keys[i]!, ruleId: f.ruleId, outcome: f.outcome, url: f.url, message: f.message }));
      let diff: ReturnType<typeof diffUnitRuns> | null = null;
      if (previous) {
        const before = history.filter((h) => h.runId === previous.id);
        let previousTotal: number | null = null;
        if (unitInRun(db, previous.id, u.id)) {
          const stored = unitScore(db, previous.id, u.id);
          if (stored?.assessed !== false && stored) {
            const prevFindings = unitFindings(db, previous.id, u.id);
            previousTotal = effectiveScore(stored, prevFindings, prevFindings.map((f) => findingKey(f)), falsePositive, catalogue).total;
          }
        }
        diff = diffUnitRuns({ runId: String(previous.id), evalDate: previous.evalDate, total: previousTotal, findings: before }, keyed);
      }
      const grouping = templateGroups(findings);

      const exported = findings.map((f, i): ExportFinding => {
        const key = keys[i]!;
        const mark = marks.get(key);
        const group = grouping.groupOf[i];
        return {
          ruleId: f.ruleId, outcome: f.outcome, url: f.url, message: f.message, data: f.data,
          ...(f.target ? { target: { selector: f.target.selector, snippet: f.target.snippet } } : {}),
          key,
          firstSeen: firstSeen.get(`${f.outcome}\u0000${key}`) ?? run.evalDate,
          ...(diff ? { change: diff.change[i]! } : {}),
          ...(mark ? { mark: { kind: mark.kind, reason: mark.reason, by: mark.by, at: mark.at } } : {}),
          ...(mark?.kind === 'fixed' && f.outcome === 'violation' && Date.parse(mark.at) < startedAt ? { reappeared: true } : {}),
          ...(group ? { templateGroup: group } : {}),
          ...(f.verifiedOn ? { verifiedOn: f.verifiedOn } : {}),
        };
      });
      const entry = manual.get(u.id);
      return {
        id: u.id, name: u.name, type: u.type, url: u.url,
        score,
        findings: exported,
        ...(grouping.groups.length > 0 ? { templateGroups: grouping.groups } : {}),
        ...(diff ? { changes: diff.changes } : {}),
        ...(entry ? { manual: manualScore(entry, { total: score.total ?? 0, assessed: score.assessed && score.total !== null }, score.max > 0 ? score.max : 70) } : {}),
      };
    }),
  };
}
