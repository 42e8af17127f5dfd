/**
 * What one unit's nightly message says, as data: built from the export document (buildExport), so
 * the alerts say exactly what the reports say. Pure. Every renderer (robot markdown, e-mail, the
 * `json` webhook) starts from this object. Strings in it are still untrusted crawled text: the
 * renderers neutralise them.
 */
import { forecastUnit } from '../../reports/forecast.js';
import type { ExportDocument, ExportFinding, ExportUnit } from '../../reports/export-schema.js';
import { reportRuleInfo } from '../../reports/rule-info.js';

export interface AlertFinding {
  ruleId: string;
  /** The rule's zh-CN title (from the catalogue; the rule id when unknown). */
  title: string;
  message: string;
  url: string;
  /** Pages sharing this template finding (header, footer, navigation), when grouped. */
  templatePages?: number;
}

export interface AlertForecast {
  name: string;
  url: string;
  staleOn: string;
  daysLeft: number;
  message: string;
}

export interface UnitAlert {
  district: string;
  runId: string;
  evalDate: string;
  /** Horizon of the forecast: config nextEvaluation, else evalDate + 30 days. */
  nextEvaluation: string;
  unit: { id: string; name: string; url: string };
  /** total: null when the unit could not be assessed. */
  score: { total: number | null; max: number; vetoed: boolean; assessed: boolean };
  /** The previous finished run compared with; null on the first run (or an export without changes). */
  previous: { runId: string; evalDate: string; total: number | null } | null;
  /** Violations now (false positives left out), and the change counts when compared. */
  counts: { violations: number; new: number | null; fixed: number | null; open: number | null; reappeared: number };
  /** `new`: findings first found in this run; `current`: no comparison, so the current violations. */
  listed: 'new' | 'current';
  /** The listed violations (one entry per template group), at most `maxItems`. */
  items: AlertFinding[];
  /** How many more there are beyond `items`. */
  moreItems: number;
  /** Marked 已整改 before this run, found again. */
  reappeared: AlertFinding[];
  forecast: AlertForecast[];
}

const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Violations that count: a 误报 mark takes a finding out of every list the unit is told about. */
function realViolations(unit: ExportUnit): ExportFinding[] {
  return unit.findings.filter((f) => f.outcome === 'violation' && f.mark?.kind !== 'false-positive');
}

/** One entry per template group (the group counts its pages), in the export's order. */
function collapseTemplates(unit: ExportUnit, findings: ExportFinding[]): AlertFinding[] {
  const groups = new Map((unit.templateGroups ?? []).map((g) => [g.id, g]));
  const seen = new Set<string>();
  const out: AlertFinding[] = [];
  for (const f of findings) {
    const group = f.templateGroup !== undefined ? groups.get(f.templateGroup) : undefined;
    if (group) {
      if (seen.has(group.id)) continue;
      seen.add(group.id);
    }
    out.push({
      ruleId: f.ruleId, title: reportRuleInfo(f.ruleId)?.title ?? f.ruleId, message: f.message, url: f.url,
      ...(group ? { templatePages: group.count } : {}),
    });
  }
  return out;
}

export function unitAlert(doc: ExportDocument, unit: ExportUnit, opts: { nextEvaluation?: string; maxItems: number; district?: string }): UnitAlert {
  const evalDate = doc.run.evalDate;
  const nextEvaluation = opts.nextEvaluation && opts.nextEvaluation > evalDate ? opts.nextEvaluation : addDays(evalDate, 30);
  const violations = realViolations(unit);
  const compared = unit.changes !== undefined;
  const listedFindings = compared ? violations.filter((f) => f.change === 'new') : violations;
  const all = collapseTemplates(unit, listedFindings);
  const reappeared = collapseTemplates(unit, violations.filter((f) => f.reappeared === true));
  const c = unit.changes;
  return {
    district: doc.run.district ?? opts.district ?? '',
    runId: doc.run.id,
    evalDate,
    nextEvaluation,
    unit: { id: unit.id, name: unit.name, url: unit.url },
    score: { total: unit.score.total, max: unit.score.max, vetoed: unit.score.vetoed, assessed: unit.score.assessed !== false },
    previous: c ? { runId: c.previousRunId, evalDate: c.previousEvalDate, total: c.previousTotal } : null,
    counts: { violations: violations.length, new: c ? c.new : null, fixed: c ? c.fixed : null, open: c ? c.open : null, reappeared: reappeared.length },
    listed: compared ? 'new' : 'current',
    items: all.slice(0, opts.maxItems),
    moreItems: Math.max(0, all.length - opts.maxItems),
    reappeared,
    forecast: forecastUnit(unit, evalDate, nextEvaluation).map((f) => ({ name: f.name, url: f.url, staleOn: f.staleOn, daysLeft: f.daysLeft, message: f.message })),
  };
}
