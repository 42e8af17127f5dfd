/**
 * The tables of the PostgreSQL host gate (crawler/pg/host-gate.ts): one row per host with the
 * earliest start of its next request, and one lease row per request in flight. Not part of the
 * shared SQLite schema: only workers sharing one crawl need them.
 */
import type { PgClient } from './connect.js';

/** Called by migratePg, under its lock. */
export async function createHostGateTables(pool: PgClient): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS gk_host_gate (host TEXT PRIMARY KEY, next_start TIMESTAMPTZ NOT NULL DEFAULT now())`);
  await pool.query(`CREATE TABLE IF NOT EXISTS gk_host_lease (
    id TEXT PRIMARY KEY, host TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)`);
  await pool.query('CREATE INDEX IF NOT EXISTS gk_host_lease_host ON gk_host_lease (host)');
}
