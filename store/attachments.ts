/** Attachments (xls/xlsx/doc/docx/pdf/txt) found on a unit's pages, and the text read from them. */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AttachmentText } from '../rules/types.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export class AttachmentStore {
  private readonly insertStmt;
  /** Incremental crawls ask these of every attachment: prepared once, on first use. */
  private previousStmt: Statement | null = null;
  private reuseStmt: Statement | null = null;
  private carryStmt: Statement | null = null;
  constructor(private readonly db: Db, private readonly runId: number) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO attachments (run_id, unit_id, url, from_url, from_text, type, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')`,
    );
  }

  /** Records an attachment the first time it is linked; true when it was new. */
  add(unitId: string, a: { url: string; fromUrl: string; fromText: string; type: string }): boolean {
    return this.insertStmt.run(this.runId, unitId, a.url, a.fromUrl, a.fromText, a.type).changes > 0;
  }

  /** Attachments recorded for a unit in this run (also those of a crawl before a --resume). */
  countFor(unitId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM attachments WHERE run_id = ? AND unit_id = ?').get(this.runId, unitId) as { n: number }).n;
  }

  pending(): { unitId: string; url: string; type: string }[] {
    const rows = this.db.prepare("SELECT unit_id, url, type FROM attachments WHERE run_id = ? AND state = 'pending' ORDER BY rowid")
      .all(this.runId) as { unit_id: string; url: string; type: string }[];
    return rows.map((r) => ({ unitId: r.unit_id, url: r.url, type: r.type }));
  }

  setResult(unitId: string, url: string, r: {
    status: number | null; bytes: number | null; type: string; text: string | null; truncated: boolean; error: string | null;
    /** The download's validators, asked about again the next night. */
    etag?: string | null; lastModified?: string | null;
  }): void {
    this.db.prepare(
      `UPDATE attachments SET state = 'done', status = ?, bytes = ?, type = ?, text_gz = ?, truncated = ?, error = ?, etag = ?, last_modified = ?,
         reused_from = NULL, verified_run = ?, verified_on = (SELECT eval_date FROM runs WHERE id = ?)
       WHERE run_id = ? AND unit_id = ? AND url = ?`,
    ).run(r.status, r.bytes, r.type, r.text === null ? null : gzipSync(r.text), r.truncated ? 1 : 0, r.error, r.etag ?? null, r.lastModified ?? null,
      this.runId, this.runId, this.runId, unitId, url);
  }

  /**
   * Takes an earlier run's result for an attachment without asking the server (the nightly plan:
   * not due tonight), with the run and date it was verified. False when that run did not read it.
   */
  carryUnasked(previousRunId: number, unitId: string, url: string): boolean {
    this.carryStmt ??= this.db.prepare(
      `UPDATE attachments SET (state, status, bytes, type, text_gz, truncated, error, etag, last_modified, reused_from, verified_run, verified_on) =
         (SELECT 'done', p.status, p.bytes, p.type, p.text_gz, p.truncated, p.error, p.etag, p.last_modified, p.run_id,
                 COALESCE(p.verified_run, p.run_id), COALESCE(p.verified_on, r.eval_date)
            FROM attachments p JOIN runs r ON r.id = p.run_id WHERE p.run_id = ? AND p.unit_id = ? AND p.url = ?)
       WHERE run_id = ? AND unit_id = ? AND url = ?
         AND EXISTS (SELECT 1 FROM attachments p WHERE p.run_id = ? AND p.unit_id = ? AND p.url = ? AND p.state = 'done')`,
    );
    return this.carryStmt.run(previousRunId, unitId, url, this.runId, unitId, url, previousRunId, unitId, url).changes > 0;
  }

  /**
   * Attachments an earlier run read that are due tonight: the `quota` least recently verified, and
   * every one last verified on or before `overdueOn`.
   */
  dueAfter(previousRunId: number, unitId: string, revisitDays: number, overdueOn: string, previousEvalDate: string): Set<string> {
    const read = "FROM attachments WHERE run_id = ? AND unit_id = ? AND state = 'done'";
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${read}`).get(previousRunId, unitId) as { n: number }).n;
    const rows = this.db.prepare(
      `SELECT url FROM (SELECT url ${read} ORDER BY COALESCE(verified_run, run_id), rowid LIMIT ?)
       UNION SELECT url ${read} AND COALESCE(verified_on, ?) <= ?`,
    ).all(previousRunId, unitId, Math.ceil(total / revisitDays), previousRunId, unitId, previousEvalDate, overdueOn) as { url: string }[];
    return new Set(rows.map((r) => r.url));
  }

  /** Attachments of this run still pending (left for another night when the budget ran out). */
  countPending(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM attachments WHERE run_id = ? AND state = 'pending'").get(this.runId) as { n: number }).n;
  }

  /**
   * What an earlier run read from the same attachment, when that is worth asking the server about
   * again: read without error over a 2xx answer that carried a validator. Null otherwise (the
   * attachment is then downloaded in full).
   */
  previousRead(previousRunId: number, unitId: string, url: string): { etag: string | null; lastModified: string | null } | null {
    this.previousStmt ??= this.db.prepare(
      `SELECT etag, last_modified FROM attachments
        WHERE run_id = ? AND unit_id = ? AND url = ? AND state = 'done' AND error IS NULL AND status BETWEEN 200 AND 299
          AND (etag IS NOT NULL OR last_modified IS NOT NULL)`,
    );
    const row = this.previousStmt.get(previousRunId, unitId, url) as { etag: string | null; last_modified: string | null } | undefined;
    return row ? { etag: row.etag, lastModified: row.last_modified } : null;
  }

  /**
   * The server said 304 Not Modified: this run's row takes the earlier run's result (the text read
   * from the same bytes), with the validators the 304 carried (falling back to the earlier ones).
   */
  reuse(previousRunId: number, unitId: string, url: string, validators: { etag: string | null; lastModified: string | null }): boolean {
    this.reuseStmt ??= this.db.prepare(
      `UPDATE attachments SET (state, status, bytes, type, text_gz, truncated, error, etag, last_modified, reused_from, verified_run, verified_on) =
         (SELECT 'done', p.status, p.bytes, p.type, p.text_gz, p.truncated, p.error, COALESCE(?, p.etag), COALESCE(?, p.last_modified), p.run_id,
                 ?, (SELECT eval_date FROM runs WHERE id = ?)
            FROM attachments p WHERE p.run_id = ? AND p.unit_id = ? AND p.url = ?)
       WHERE run_id = ? AND unit_id = ? AND url = ?
         AND EXISTS (SELECT 1 FROM attachments p WHERE p.run_id = ? AND p.unit_id = ? AND p.url = ?)`,
    );
    return this.reuseStmt.run(validators.etag, validators.lastModified, this.runId, this.runId, previousRunId, unitId, url, this.runId, unitId, url,
      previousRunId, unitId, url).changes > 0;
  }

  forUnit(unitId: string): AttachmentText[] {
    const rows = this.db.prepare("SELECT * FROM attachments WHERE run_id = ? AND unit_id = ? AND state = 'done' ORDER BY rowid").all(this.runId, unitId) as {
      url: string; from_url: string; from_text: string; type: string; text_gz: Buffer | null; truncated: number; error: string | null;
    }[];
    return rows.map((r) => ({
      url: r.url, fromUrl: r.from_url, fromText: r.from_text, type: r.type,
      text: r.text_gz ? gunzipSync(r.text_gz).toString('utf8') : null, truncated: r.truncated === 1, error: r.error,
    }));
  }
}
