/** pruneRuns: keeps the newest N finished runs, deletes older ones with all their rows, never marks or unfinished runs. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../crawler/config.js';
import { openStore, type Db } from '../../store/db.js';
import { LASTING_TABLES, PER_RUN_TABLES, pruneRuns } from '../../store/prune.js';
import { createRun, setRunStatus, type RunStatus } from '../../store/runs.js';

const config = validateConfig({ name: '区', units: [{ id: 'fgj', name: '甲', type: 'department', url: 'http://fgj.example.gov.cn/' }] });

/** The marks table as migration 4 defines it (created here when this store predates it). */
function ensureMarks(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS marks (unit_id TEXT NOT NULL, finding_key TEXT NOT NULL, rule_id TEXT NOT NULL, url TEXT NOT NULL,
    kind TEXT NOT NULL, reason TEXT NOT NULL, marked_by TEXT NOT NULL, marked_at TEXT NOT NULL, run_id INTEGER, UNIQUE (unit_id, finding_key))`);
}

function seed(db: Db, statuses: RunStatus[]): number[] {
  return statuses.map((status) => {
    const run = createRun(db, config, [{ id: 'fgj', name: '甲', type: 'department', url: 'http://fgj.example.gov.cn/', scope: [] }], '2020-11-26', 't');
    db.prepare(`INSERT INTO findings (run_id, unit_id, rule_id, outcome, url, message, data_json) VALUES (?, 'fgj', 'links.broken', 'violation', 'http://x/', 'm', '{}')`).run(run.id);
    db.prepare(`INSERT INTO pages (run_id, unit_id, url, final_url, status, fetched_at, redirects_json, depth) VALUES (?, 'fgj', 'http://x/', 'http://x/', 200, 't', '[]', 0)`).run(run.id);
    db.prepare(`INSERT INTO scores (run_id, unit_id, total, max, vetoed, json) VALUES (?, 'fgj', 50, 70, 0, '{}')`).run(run.id);
    db.prepare(`INSERT INTO screenshots (run_id, unit_id, url, selector, png) VALUES (?, 'fgj', 'http://x/', 'img', x'00')`).run(run.id);
    if (status !== 'crawling') setRunStatus(db, run.id, status);
    return run.id;
  });
}

const count = (db: Db, table: string, runId: number) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`).get(runId) as { n: number }).n;

describe('pruneRuns', () => {
  it('keeps the newest N done runs, removes older done and failed runs with their rows, keeps unfinished runs and marks', () => {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-prune-')), 'gongkai.sqlite'));
    try {
      ensureMarks(db);
      const ids = seed(db, ['done', 'failed', 'done', 'done', 'crawling', 'done']);
      db.prepare(`INSERT INTO marks VALUES ('fgj', 'k1', 'links.broken', 'http://x/', 'fixed', '已改', '张三', '2020-11-20T08:00:00Z', ?)`).run(ids[0]);
      const result = pruneRuns(db, 2);
      expect(result.deleted).toEqual([ids[0], ids[1], ids[2]]);
      const left = (db.prepare('SELECT id, status FROM runs ORDER BY id').all() as { id: number; status: string }[]);
      expect(left).toEqual([{ id: ids[3], status: 'done' }, { id: ids[4], status: 'crawling' }, { id: ids[5], status: 'done' }]);
      for (const table of ['units', 'findings', 'pages', 'scores', 'screenshots']) {
        for (const id of result.deleted) expect(count(db, table, id)).toBe(0);
        for (const id of [ids[3]!, ids[4]!, ids[5]!]) expect(count(db, table, id)).toBe(1);
      }
      expect(db.prepare('SELECT finding_key, run_id FROM marks').all()).toEqual([{ finding_key: 'k1', run_id: ids[0] }]);
      // Nothing more to do the second time.
      expect(pruneRuns(db, 2).deleted).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('deletes nothing while fewer than N runs are done, and refuses a keep below 1', () => {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-prune-')), 'gongkai.sqlite'));
    try {
      seed(db, ['failed', 'done']);
      expect(pruneRuns(db, 2).deleted).toEqual([]);
      expect(() => pruneRuns(db, 0)).toThrow(RangeError);
    } finally {
      db.close();
    }
  });

  it('every table with a run_id column is classified as per-run or lasting (add new tables to store/prune.ts)', () => {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'gk-prune-')), 'gongkai.sqlite'));
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'runs'").all() as { name: string }[]).map((r) => r.name);
      const withRunId = tables.filter((t) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).some((c) => c.name === 'run_id'));
      const known = new Set<string>([...PER_RUN_TABLES, ...LASTING_TABLES]);
      expect(withRunId.filter((t) => !known.has(t))).toEqual([]);
      for (const t of PER_RUN_TABLES) expect(tables).toContain(t);
    } finally {
      db.close();
    }
  });
});
