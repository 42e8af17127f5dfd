/**
 * The PostgreSQL store is built from the same MIGRATIONS as SQLite, through the dialect translator.
 * On a real PostgreSQL server of the test's own: every migration applies, the tables and their
 * columns (name, type family, NOT NULL, default, primary key) match SQLite's, applying again is a
 * no-op, and two workers migrating at the same moment do not collide.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePg, openPg, type PgPool } from '../../store/pg/connect.js';
import { DialectError, splitStatements, translateMigration, translateStatement } from '../../store/pg/dialect.js';
import { openStore, type Db } from '../../store/db.js';
import { MIGRATIONS } from '../../store/migrations.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
let pool: PgPool;
let sqlite: Db;

beforeAll(async () => {
  server = await startPostgres();
  pool = await openPg(await server.createDatabase('dialect'));
  sqlite = openStore(join(mkdtempSync(join(tmpdir(), 'gk-dialect-')), 's.sqlite'));
}, 60_000);

afterAll(async () => {
  sqlite?.close();
  await pool?.end();
  await server?.stop();
});

/** SQLite's declared type → the PostgreSQL type the translator must give it. */
const TYPE_MAP: Record<string, string> = { INTEGER: 'bigint', TEXT: 'text', REAL: 'double precision', BLOB: 'bytea' };

describe('dialect translation on a real PostgreSQL', () => {
  it('applies every migration and records the version', async () => {
    expect(await migratePg(pool)).toBe(MIGRATIONS.length);
    const v = await pool.query('SELECT version FROM schema_version');
    expect(v.rows).toEqual([{ version: MIGRATIONS.length }]);
  });

  it('gives every SQLite table the same columns in PostgreSQL', async () => {
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables.length).toBeGreaterThanOrEqual(11);
    const pgTables = (await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('schema_version') AND table_name NOT LIKE 'gk\\_%' ORDER BY table_name")).rows.map((r) => r.table_name);
    expect(pgTables).toEqual(tables);
    for (const table of tables) {
      const lite = sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
      const cols = (await pool.query<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
        `SELECT column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'rowid' ORDER BY ordinal_position`, [table])).rows;
      expect(cols.map((c) => c.column_name), table).toEqual(lite.map((c) => c.name));
      const pk = (await pool.query<{ column_name: string }>(
        `SELECT a.attname AS column_name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisprimary`, [table])).rows.map((r) => r.column_name).sort();
      expect(pk, `${table} primary key`).toEqual(lite.filter((c) => c.pk > 0).map((c) => c.name).sort());
      for (const [i, c] of lite.entries()) {
        const p = cols[i]!;
        expect(p.data_type, `${table}.${c.name}`).toBe(TYPE_MAP[c.type.toUpperCase()]);
        // A primary key column is NOT NULL on the server (SQLite's table_info says 0 for its rowid alias).
        const notNull = c.notnull === 1 || c.pk > 0;
        expect(p.is_nullable === 'NO', `${table}.${c.name} NOT NULL`).toBe(notNull);
        if (c.dflt_value !== null) expect(p.column_default?.replace(/::\w+( \w+)?$/, ''), `${table}.${c.name} default`).toBe(c.dflt_value);
      }
    }
  });

  it('migrating again changes nothing, and two workers migrating at once do not collide', async () => {
    const url = await server.createDatabase('dialect_race');
    const pools = await Promise.all([openPg(url), openPg(url), openPg(url)]);
    try {
      expect(await Promise.all(pools.map((p) => migratePg(p)))).toEqual([MIGRATIONS.length, MIGRATIONS.length, MIGRATIONS.length]);
      expect(await migratePg(pools[0]!)).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('keeps SQLite constraints: CHECK, UNIQUE and ON DELETE CASCADE work on the server', async () => {
    await expect(pool.query("INSERT INTO marks (unit_id, finding_key, rule_id, url, kind, reason, marked_by, marked_at) VALUES ('u','k','r','x','nonsense','','','')"))
      .rejects.toThrow(/check/i);
    const run = await pool.query<{ id: number }>(
      "INSERT INTO runs (district, started_at, eval_date, status, config_json, config_hash, rule_set_version) VALUES ('d','s','e','crawling','{}','h','v') RETURNING id");
    const id = run.rows[0]!.id;
    expect(typeof id).toBe('number');
    await pool.query("INSERT INTO units (run_id, id, name, type, url, scope_json) VALUES ($1, 'u', 'n', 'department', 'http://x/', '[]')", [id]);
    await pool.query('DELETE FROM runs WHERE id = $1', [id]);
    expect((await pool.query('SELECT * FROM units WHERE run_id = $1', [id])).rowCount).toBe(0);
  });

  it('translates INSERT OR IGNORE into ON CONFLICT DO NOTHING, which the server runs', async () => {
    const sql = translateStatement("INSERT OR IGNORE INTO manual_entries (unit_id, json, entered_at) VALUES ('u', '{}', 'now')");
    expect(sql).toMatch(/ON CONFLICT DO NOTHING$/);
    await pool.query(sql);
    await pool.query(sql);
    expect((await pool.query("SELECT * FROM manual_entries WHERE unit_id = 'u'")).rowCount).toBe(1);
  });

  it('maps types outside string literals only, and splits at semicolons outside quotes and comments', () => {
    expect(splitStatements("CREATE TABLE t (a TEXT DEFAULT 'x;y'); -- a comment; with semicolon\nCREATE INDEX i ON t (a);")).toEqual([
      "CREATE TABLE t (a TEXT DEFAULT 'x;y')", 'CREATE INDEX i ON t (a)',
    ]);
    const [t] = translateMigration("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, b BLOB, s TEXT DEFAULT 'INTEGER')");
    expect(t).toContain('id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY');
    expect(t).toContain('n BIGINT');
    expect(t).toContain('r DOUBLE PRECISION');
    expect(t).toContain('b BYTEA');
    expect(t).toContain("DEFAULT 'INTEGER'");
  });

  it('refuses SQLite-only constructs with a message naming them, instead of a broken schema', () => {
    expect(() => translateStatement('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)')).toThrow(DialectError);
    expect(() => translateStatement('CREATE TABLE t (id TEXT PRIMARY KEY) WITHOUT ROWID')).toThrow(/WITHOUT ROWID/);
    expect(() => translateStatement("INSERT OR REPLACE INTO t VALUES ('a')")).toThrow(/INSERT OR REPLACE/);
    expect(() => translateStatement('PRAGMA foreign_keys = ON')).toThrow(/PRAGMA/);
    expect(() => translateStatement('CREATE VIRTUAL TABLE f USING fts5(a)')).toThrow(DialectError);
  });
});
