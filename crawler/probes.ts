/**
 * Network probes of each unit's site that no page shows: HTTPS and IPv6. Run once per unit after the
 * pages and links, stored per run (resumable: a probed unit is not probed again).
 */
import type { UnitInfo } from '../rules/types.js';
import type { Db } from './store/db.js';

export async function probeUnits(_db: Db, _runId: number, _units: UnitInfo[], _opts: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  // Filled in by the site-norms work (issue 3): https and ipv6 probes.
}
