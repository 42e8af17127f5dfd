/**
 * Copies one run between the PostgreSQL store and a SQLite file, generically: the tables and their
 * columns are read from SQLite's own schema (the two stores share it, see dialect.ts), so a new
 * migration's table or column is copied without a change here.
 *
 * A table belongs to a run when it has a NOT NULL `run_id` column (marks have a nullable one: they
 * are the office's, not a run's, and are never copied), plus the `runs` row itself. Rows go in rowid
 * order both ways, so the crawl order of pages and the first-seen order of link targets survive.
 */
import type { Db } from '../db.js';
import { inTransaction, pgValue, type PgClient, type PgPool } from './connect.js';

interface TableInfo {
  name: string;
  columns: string[];
  /** SQLite's rowid alias (INTEGER PRIMARY KEY): assigned by each store itself on the way back. */
  identity: string | null;
}

/** The tables of a run in the order they can be inserted (runs first: units reference it). */
export function runTables(db: Db): TableInfo[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string }[]).map((r) => r.name);
  const out: TableInfo[] = [];
  for (const name of names) {
    const cols = db.prepare(`PRAGMA table_info(${quoteIdent(name)})`).all() as { name: string; type: string; notnull: number; pk: number }[];
    const isRun = name === 'runs' || cols.some((c) => c.name === 'run_id' && c.notnull === 1);
    if (!isRun) continue;
    const pks = cols.filter((c) => c.pk > 0);
    const identity = pks.length === 1 && pks[0]!.type.toUpperCase() === 'INTEGER' ? pks[0]!.name : null;
    out.push({ name, columns: cols.map((c) => c.name), identity });
  }
  return out.sort((a, b) => (a.name === 'runs' ? -1 : b.name === 'runs' ? 1 : 0));
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unexpected table or column name ${name}`);
  return name;
}

const BATCH_ROWS = 200;
const MAX_PARAMS = 60_000;

/** Copies run `runId` from PostgreSQL into `db` (a store without that run). */
export async function copyRunToSqlite(pool: PgPool, runId: number, db: Db): Promise<void> {
  for (const t of runTables(db)) {
    const cols = t.columns.map(quoteIdent).join(', ');
    const insert = db.prepare(`INSERT INTO ${t.name} (${cols}) VALUES (${t.columns.map(() => '?').join(', ')})`);
    const where = t.name === 'runs' ? 'id = $1' : 'run_id = $1';
    let after = 0;
    for (;;) {
      const res = await pool.query(
        { text: `SELECT rowid AS gk_rowid, ${cols} FROM ${t.name} WHERE ${where} AND rowid > $2 ORDER BY rowid LIMIT ${BATCH_ROWS}`, values: [runId, after], rowMode: 'array' },
      );
      if (res.rows.length === 0) break;
      db.transaction(() => {
        for (const row of res.rows as unknown[][]) insert.run(...row.slice(1).map(toSqlite));
      })();
      after = Number((res.rows[res.rows.length - 1] as unknown[])[0]);
    }
  }
}

function toSqlite(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/**
 * Writes back what the finishing phases changed in `db` for run `runId`: every run table except
 * `keep` is replaced by SQLite's rows, and the `runs` row is updated, in one transaction.
 */
export async function copyRunResultsToPg(db: Db, pool: PgPool, runId: number, keep: ReadonlySet<string>): Promise<void> {
  await inTransaction(pool, async (c) => {
    for (const t of runTables(db)) {
      if (keep.has(t.name)) continue;
      if (t.name === 'runs') {
        const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as Record<string, unknown>;
        const cols = t.columns.filter((col) => col !== 'id');
        await c.query(`UPDATE runs SET ${cols.map((col, i) => `${quoteIdent(col)} = $${i + 2}`).join(', ')} WHERE id = $1`,
          [runId, ...cols.map((col) => pgValue(row[col]))]);
        continue;
      }
      await c.query(`DELETE FROM ${t.name} WHERE run_id = $1`, [runId]);
      const cols = t.columns.filter((col) => col !== t.identity);
      const stmt = db.prepare(`SELECT ${cols.map(quoteIdent).join(', ')} FROM ${t.name} WHERE run_id = ? ORDER BY rowid`).raw(true);
      let batch: unknown[][] = [];
      const rowsPerInsert = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / cols.length)));
      for (const row of stmt.iterate(runId) as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= rowsPerInsert) {
          await insertRows(c, t.name, cols, batch);
          batch = [];
        }
      }
      if (batch.length > 0) await insertRows(c, t.name, cols, batch);
    }
  });
}

async function insertRows(c: PgClient, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((v) => (values.push(pgValue(v)), `$${values.length}`)).join(', ')})`);
  await c.query(`INSERT INTO ${table} (${cols.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}`, values);
}
