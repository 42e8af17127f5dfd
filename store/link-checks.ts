/** Distinct link targets per unit and the result of checking them. */
import type { LinkCheck } from '../rules/types.js';
import type { Db } from './db.js';

export interface PendingLinkCheck {
  /** Position in the table: the cursor for reading the next batch. */
  rowid: number;
  unitId: string;
  href: string;
  kind: 'page' | 'asset';
  external: boolean;
}

export class LinkCheckStore {
  private readonly insertStmt;
  private readonly resultStmt;
  private readonly batchStmt;
  constructor(private readonly db: Db, private readonly runId: number) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO link_checks (run_id, unit_id, href, from_url, text, kind, external, from_home)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.resultStmt = db.prepare('UPDATE link_checks SET status = ?, error = ?, verdict = ? WHERE run_id = ? AND unit_id = ? AND href = ?');
    this.batchStmt = db.prepare(
      'SELECT rowid, unit_id, href, kind, external FROM link_checks WHERE run_id = ? AND verdict IS NULL AND rowid > ? ORDER BY rowid LIMIT ?',
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
      { rowid: number; unit_id: string; href: string; kind: 'page' | 'asset'; external: number }[];
    return rows.map((r) => ({ rowid: r.rowid, unitId: r.unit_id, href: r.href, kind: r.kind, external: r.external === 1 }));
  }

  countUnchecked(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM link_checks WHERE run_id = ? AND verdict IS NULL').get(this.runId) as { n: number }).n;
  }

  setResult(unitId: string, href: string, r: { status: number | null; error: string | null; verdict: LinkCheck['verdict'] }): void {
    this.resultStmt.run(r.status, r.error, r.verdict, this.runId, unitId, href);
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
