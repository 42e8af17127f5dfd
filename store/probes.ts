/** Per-unit network probes (HTTPS, IPv6) of a run. */
import type { ProbeResult, UnitProbes } from '../rules/types.js';
import type { Db } from './db.js';

export type ProbeName = keyof UnitProbes;

export function saveProbe(db: Db, runId: number, unitId: string, probe: ProbeName, r: ProbeResult): void {
  db.prepare('INSERT OR REPLACE INTO unit_probes (run_id, unit_id, probe, outcome, detail) VALUES (?, ?, ?, ?, ?)')
    .run(runId, unitId, probe, r.outcome, r.detail);
}

export function hasProbe(db: Db, runId: number, unitId: string, probe: ProbeName): boolean {
  return db.prepare('SELECT 1 FROM unit_probes WHERE run_id = ? AND unit_id = ? AND probe = ?').get(runId, unitId, probe) !== undefined;
}

export function unitProbes(db: Db, runId: number, unitId: string): UnitProbes {
  const rows = db.prepare('SELECT probe, outcome, detail FROM unit_probes WHERE run_id = ? AND unit_id = ?').all(runId, unitId) as
    { probe: ProbeName; outcome: ProbeResult['outcome']; detail: string }[];
  const out: UnitProbes = { https: null, ipv6: null };
  for (const r of rows) if (r.probe in out) out[r.probe] = { outcome: r.outcome, detail: r.detail };
  return out;
}
