/**
 * Builds the export document (the JSON contract, DESIGN.md "Export JSON") of one run from the store.
 * Every other renderer (HTML, later XLSX/CSV/PDF) starts from this document.
 */
import type { Db } from '../crawler/store/db.js';
import { unitFindings, unitScore } from '../crawler/store/findings.js';
import { runUnits, type RunRow } from '../crawler/store/runs.js';
import type { ExportDocument } from './export-schema.js';

export function buildExport(db: Db, run: RunRow, opts: { units?: string[] } = {}): ExportDocument {
  const wanted = opts.units && opts.units.length > 0 ? new Set(opts.units) : null;
  const units = runUnits(db, run.id).filter((u) => !wanted || wanted.has(u.id));
  return {
    schemaVersion: 1,
    run: { id: String(run.id), startedAt: run.startedAt, finishedAt: run.finishedAt, evalDate: run.evalDate, ruleSetVersion: run.ruleSetVersion },
    units: units.map((u) => {
      const score = unitScore(db, run.id, u.id);
      return {
        id: u.id, name: u.name, type: u.type, url: u.url,
        score: {
          total: score?.total ?? 0,
          max: score?.max ?? 0,
          vetoed: score?.vetoed ?? false,
          assessed: score?.assessed ?? false,
          indicators: (score?.indicators ?? []).map((i) => ({ id: i.id, name: i.name, max: i.max, score: i.score, ruleIds: i.ruleIds })),
        },
        findings: unitFindings(db, run.id, u.id).map((f) => ({
          ruleId: f.ruleId, outcome: f.outcome, url: f.url, message: f.message, data: f.data,
          ...(f.target ? { target: { selector: f.target.selector, snippet: f.target.snippet } } : {}),
        })),
      };
    }),
  };
}
