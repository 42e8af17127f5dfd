/**
 * Runs in the PostgreSQL store: a worker joins the open run of its config (status 'crawling' or
 * 'auditing', same config hash) or creates it. Creation happens under a transaction-scoped advisory
 * lock on the config hash, so workers started at the same moment make one run, not one each.
 */
import type { UnitInfo } from '../../rules/types.js';
import { configHash, toRun, type RawRun, type RunRow, type StoredConfig } from '../runs.js';
import { normalizeUrl } from '../url.js';
import { inTransaction, type PgClient, type PgPool } from './connect.js';

/** First key of the advisory lock that serialises run creation (the second is the config hash). */
const RUN_LOCK = 0x676b7275;

export async function getPgRun(pool: PgPool | PgClient, id: number): Promise<RunRow | undefined> {
  const r = (await pool.query<RawRun>('SELECT * FROM runs WHERE id = $1', [id])).rows[0];
  return r && toRun(r);
}

export interface JoinedRun {
  run: RunRow;
  created: boolean;
  /** The home pages admitted when the run was created (their jobs are sent by the caller). */
  homes: { unitId: string; url: string; seq: number }[];
}

export async function joinOrCreateRun(pool: PgPool, config: StoredConfig, units: UnitInfo[], evalDate: string, ruleSetVersion: string): Promise<JoinedRun> {
  const hash = configHash(config);
  return inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RUN_LOCK, hash]);
    const open = (await c.query<RawRun>(
      "SELECT * FROM runs WHERE config_hash = $1 AND status IN ('crawling', 'auditing') ORDER BY id DESC LIMIT 1", [hash])).rows[0];
    if (open) return { run: toRun(open), created: false, homes: [] };
    const id = (await c.query<{ id: number }>(
      `INSERT INTO runs (district, started_at, eval_date, status, config_json, config_hash, rule_set_version)
       VALUES ($1, $2, $3, 'crawling', $4, $5, $6) RETURNING id`,
      [config.name, new Date().toISOString(), evalDate, JSON.stringify(config), hash, ruleSetVersion])).rows[0]!.id;
    const homes: { unitId: string; url: string; seq: number }[] = [];
    for (const u of units) {
      await c.query('INSERT INTO units (run_id, id, name, type, url, scope_json) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, u.id, u.name, u.type, u.url, JSON.stringify(u.scope)]);
      // As crawler/crawl.ts does on a unit's first start: its home page is the first admitted URL.
      const home = normalizeUrl(u.url) ?? u.url;
      const seq = (await c.query<{ seq: number }>(`INSERT INTO frontier (run_id, unit_id, url, depth, parent, link_text, state, seq)
                     VALUES ($1, $2, $3, 0, NULL, NULL, 'pending', nextval('gk_frontier_seq')) RETURNING seq`, [id, u.id, home])).rows[0]!.seq;
      homes.push({ unitId: u.id, url: home, seq });
    }
    return { run: (await getPgRun(c, id))!, created: true, homes };
  });
}

export async function pgRunUnits(pool: PgPool, runId: number): Promise<UnitInfo[]> {
  const rows = (await pool.query<{ id: string; name: string; type: UnitInfo['type']; url: string; scope_json: string }>(
    'SELECT id, name, type, url, scope_json FROM units WHERE run_id = $1 ORDER BY rowid', [runId])).rows;
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, url: r.url, scope: JSON.parse(r.scope_json) as string[] }));
}
