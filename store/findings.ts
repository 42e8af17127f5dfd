/** Findings and scores of a run (replaced as a whole when a run is re-audited). */
import type { Finding } from '../rules/types.js';
import type { UnitScore } from '../rules/scoring.js';
import type { Db } from './db.js';

export function replaceUnitResults(db: Db, runId: number, unitId: string, findings: Finding[], score: UnitScore): void {
  db.transaction(() => {
    db.prepare('DELETE FROM findings WHERE run_id = ? AND unit_id = ?').run(runId, unitId);
    db.prepare('DELETE FROM scores WHERE run_id = ? AND unit_id = ?').run(runId, unitId);
    const ins = db.prepare(
      'INSERT INTO findings (run_id, unit_id, rule_id, outcome, url, target_json, message, data_json, verified_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const f of findings) {
      ins.run(runId, unitId, f.ruleId, f.outcome, f.url, f.target ? JSON.stringify(f.target) : null, f.message, JSON.stringify(f.data ?? {}),
        f.verifiedOn ?? null);
    }
    db.prepare('INSERT INTO scores (run_id, unit_id, total, max, vetoed, json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(runId, unitId, score.total, score.max, score.vetoed ? 1 : 0, JSON.stringify(score));
  })();
}

export function unitFindings(db: Db, runId: number, unitId: string): Finding[] {
  const rows = db.prepare('SELECT rule_id, outcome, url, target_json, message, data_json, verified_on FROM findings WHERE run_id = ? AND unit_id = ? ORDER BY id')
    .all(runId, unitId) as { rule_id: string; outcome: Finding['outcome']; url: string; target_json: string | null; message: string; data_json: string; verified_on: string | null }[];
  return rows.map((r) => ({
    ruleId: r.rule_id, outcome: r.outcome, url: r.url, message: r.message,
    data: JSON.parse(r.data_json) as Record<string, unknown>,
    ...(r.target_json ? { target: JSON.parse(r.target_json) as Finding['target'] } : {}),
    ...(r.verified_on ? { verifiedOn: r.verified_on } : {}),
  }));
}

export function unitScore(db: Db, runId: number, unitId: string): UnitScore | undefined {
  const r = db.prepare('SELECT json FROM scores WHERE run_id = ? AND unit_id = ?').get(runId, unitId) as { json: string } | undefined;
  return r && (JSON.parse(r.json) as UnitScore);
}
