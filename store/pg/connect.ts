/**
 * The PostgreSQL store: a connection pool whose 64-bit integers come back as numbers (like
 * better-sqlite3's), and the same schema as the SQLite store, built from the same MIGRATIONS through
 * the dialect translator and recorded in `schema_version`.
 */
import pg from 'pg';
import { MIGRATIONS } from '../migrations.js';
import { StoreError } from '../db.js';
import { translateMigration } from './dialect.js';
import { createHostGateTables } from './host-gate-tables.js';
import { pgStoreText as pgText } from './messages.zh-CN.js';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

const INT8_OID = 20;

/** int8 as a JS number: every integer the store holds (ids, counts, sizes, 0/1 flags) is far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A value as PostgreSQL can store it: text there cannot hold NUL (U+0000), which SQLite and a hostile
 * page can, so it becomes U+FFFD (the replacement character) instead of failing the transaction.
 */
export function pgValue(v: unknown): unknown {
  return typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '\uFFFD') : v;
}

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** Where the URL points, without any password: for messages. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '（无法解析的地址）';
  }
}

/** Opens a pool and checks the server answers; a bad URL or an unreachable server is a StoreError (exit 2). */
export async function openPg(url: string, opts: { max?: number } = {}): Promise<PgPool> {
  if (!isPostgresUrl(url)) throw new StoreError(pgText.badUrl);
  try {
    new URL(url);
  } catch {
    throw new StoreError(pgText.badUrl);
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreError(pgText.unreachable(describePgUrl(url), connectProblem(err)));
  }
  return pool;
}

/** Runs `fn` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: PgPool, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Key of the advisory lock that serialises schema changes (any constant unique to Gongkai). */
const MIGRATE_LOCK = 0x6b6f6e67;

/** Brings the schema up to date; workers starting together apply each migration once. Returns the version. */
export async function migratePg(pool: PgPool): Promise<number> {
  return inTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)');
    const row = (await c.query<{ version: number }>('SELECT version FROM schema_version')).rows[0];
    const current = row?.version ?? 0;
    if (!row) await c.query('INSERT INTO schema_version (version) VALUES (0)');
    if (current > MIGRATIONS.length) throw new StoreError(pgText.newerSchema(current));
    for (let v = current; v < MIGRATIONS.length; v++) {
      for (const stmt of translateMigration(MIGRATIONS[v]!)) await c.query(stmt);
    }
    await c.query('UPDATE schema_version SET version = $1', [MIGRATIONS.length]);
    // Side objects of the PostgreSQL store only (not part of the shared schema), created under the
    // same lock: two workers creating one table at once would collide.
    await c.query('CREATE SEQUENCE IF NOT EXISTS gk_frontier_seq');
    await createHostGateTables(c);
    await c.query(`CREATE TABLE IF NOT EXISTS gk_page_workers (
      run_id BIGINT NOT NULL, unit_id TEXT NOT NULL, url TEXT NOT NULL, worker TEXT NOT NULL,
      PRIMARY KEY (run_id, unit_id, url))`);
    return MIGRATIONS.length;
  });
}

/**
 * Why a connection failed, in zh-CN where the cause is a common one (node-postgres and the system
 * say it in English); the original text otherwise, for whoever maintains the database.
 */
function connectProblem(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? pgText.connectCauses[code] : undefined;
  return known ?? (err instanceof Error ? err.message : String(err));
}
