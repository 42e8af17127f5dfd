/** Distinct link targets per unit and the result of checking them. */
import type { LinkCheck } from '../rules/types.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export interface PendingLinkCheck {
  /** Position in the table: the cursor for reading the next batch. */
  rowid: number;
  unitId: string;
  href: string;
  kind: 'page' | 'asset';
  external: boolean;
  /** Linked from the unit's home page. */
  fromHome: boolean;
}

export class LinkCheckStore {
  private readonly insertStmt;
  private readonly resultStmt;
  private readonly batchStmt;
  private carryStmt: Statement | null = null;
  constructor(private readonly db: Db, private readonly runId: number) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO link_checks (run_id, unit_id, href, from_url, text, kind, external, from_home)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.resultStmt = db.prepare(
      'UPDATE link_checks SET status = ?, error = ?, verdict = ?, verified_run = ?, verified_on = ? WHERE run_id = ? AND unit_id = ? AND href = ?',
    );
    this.batchStmt = db.prepare(
      'SELECT rowid, unit_id, href, kind, external, from_home FROM link_checks WHERE run_id = ? AND verdict IS NULL AND rowid > ? ORDER BY rowid LIMIT ?',
    );
  }

  /** Records a link target the first time it is seen (the home page is crawled first, so it wins). */
  add(unitId: string, l: { href: string; fromUrl: string; text: string; kind: 'page' | 'asset'; external: boolean; fromHome: boolean }): void {
    this.insertStmt.run(this.runId, unitId, l.href, l.fromUrl, l.text, l.kind, l.external ? 1 : 0, l.fromHome ? 1 : 0);
  }

  /**
   * The next `limit` unchecked targets after `afterRowid`, in table order. The link phase reads the
   * table in batches like this so a site with a million links never holds them all in memory.
   */
  uncheckedAfter(afterRowid: number, limit: number): PendingLinkCheck[] {
    const rows = this.batchStmt.all(this.runId, afterRowid, limit) as
      { rowid: number; unit_id: string; href: string; kind: 'page' | 'asset'; external: number; from_home: number }[];
    return rows.map((r) => ({ rowid: r.rowid, unitId: r.unit_id, href: r.href, kind: r.kind, external: r.external === 1, fromHome: r.from_home === 1 }));
  }

  countUnchecked(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM link_checks WHERE run_id = ? AND verdict IS NULL').get(this.runId) as { n: number }).n;
  }

  /** `verified`: the run and date whose answer this is (default: none recorded). */
  setResult(unitId: string, href: string, r: { status: number | null; error: string | null; verdict: LinkCheck['verdict'] },
    verified: { run: number | null; on: string | null } = { run: null, on: null }): void {
    this.resultStmt.run(r.status, r.error, r.verdict, verified.run, verified.on, this.runId, unitId, href);
  }

  /**
   * Takes an earlier run's answer for a target without asking again (the nightly plan: not due
   * tonight), with the run and date it was verified. False when that run has no answer for it.
   */
  carryUnasked(previousRunId: number, unitId: string, href: string): boolean {
    this.carryStmt ??= this.db.prepare(
      `UPDATE link_checks SET (status, error, verdict, verified_run, verified_on) =
         (SELECT p.status, p.error, p.verdict, COALESCE(p.verified_run, p.run_id), COALESCE(p.verified_on, r.eval_date)
            FROM link_checks p JOIN runs r ON r.id = p.run_id WHERE p.run_id = ? AND p.unit_id = ? AND p.href = ?)
       WHERE run_id = ? AND unit_id = ? AND href = ?
         AND EXISTS (SELECT 1 FROM link_checks p WHERE p.run_id = ? AND p.unit_id = ? AND p.href = ? AND p.verdict IS NOT NULL)`,
    );
    return this.carryStmt.run(previousRunId, unitId, href, this.runId, unitId, href, previousRunId, unitId, href).changes > 0;
  }

  /**
   * Targets of an earlier run that needed a request (not pages of that run) due for checking again
   * tonight: the `quota` least recently verified, and every one last verified on or before `overdueOn`.
   */
  dueAfter(previousRunId: number, unitId: string, quota: number, overdueOn: string, previousEvalDate: string): { due: Set<string>; total: number } {
    const asked = `FROM link_checks l WHERE l.run_id = ? AND l.unit_id = ? AND l.verdict IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.run_id = l.run_id AND p.unit_id = l.unit_id AND p.url = l.href)`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${asked}`).get(previousRunId, unitId) as { n: number }).n;
    const rows = this.db.prepare(
      `SELECT href FROM (SELECT l.href ${asked} ORDER BY COALESCE(l.verified_run, l.run_id), l.rowid LIMIT ?)
       UNION SELECT l.href ${asked} AND COALESCE(l.verified_on, ?) <= ?`,
    ).all(previousRunId, unitId, quota, previousRunId, unitId, previousEvalDate, overdueOn) as { href: string }[];
    return { due: new Set(rows.map((r) => r.href)), total };
  }

  forUnit(unitId: string): LinkCheck[] {
    const rows = this.db.prepare('SELECT * FROM link_checks WHERE run_id = ? AND unit_id = ? ORDER BY rowid').all(this.runId, unitId) as {
      href: string; from_url: string; text: string; kind: 'page' | 'asset'; external: number; from_home: number;
      status: number | null; error: string | null; verdict: LinkCheck['verdict'] | null;
    }[];
    return rows.map((r) => ({
      href: r.href, fromUrl: r.from_url, text: r.text, kind: r.kind, external: r.external === 1, fromHome: r.from_home === 1,
      status: r.status, error: r.error, verdict: r.verdict ?? 'skipped',
    }));
  }
}
