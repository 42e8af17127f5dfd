/**
 * Fetched pages: status, redirect chain, snapshot, and the HTML so a run can be re-audited. Both the
 * snapshot (JSON) and the HTML are stored gzip-compressed; rows written before migration 10 hold
 * the snapshot as JSON text (`snapshot_json`), and every reader here accepts both.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PageSnapshot } from '../rules/types.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export interface PageRecord {
  unitId: string;
  url: string;
  finalUrl: string;
  status: number | null;
  contentType: string | null;
  charset: string | null;
  fetchedAt: string;
  redirects: { url: string; status: number }[];
  error: string | null;
  depth: number;
  snapshot: PageSnapshot | null;
  html: string | null;
  /** How the stored HTML was read: over HTTP, or rendered by the browser. */
  via?: 'http' | 'browser';
  /** zh-CN: why the page was rendered, or why it needed rendering and could not be. */
  renderNote?: string | null;
  /** The answer's validators, asked about again the next night (incremental crawls). */
  etag?: string | null;
  lastModified?: string | null;
  /** The run this row was carried from (after a 304, or without a request); absent = downloaded in this run. */
  reusedFrom?: number | null;
  /**
   * The run in which the server last confirmed this page (a download or a 304) and that run's
   * evaluation date; a row carried without a request keeps its source's. Default: this run, on the
   * date given to savePage.
   */
  verifiedRun?: number | null;
  verifiedOn?: string | null;
  /** What the page is, for the next night's plan: a list (dated items, pagination), an article, or other. */
  pageKind?: PageKind | null;
  /**
   * `snapshot` and `html` already in their stored forms (made where the page was parsed, maybe in a
   * page thread): saved as they are instead of serialised and compressed again.
   */
  stored?: { snapshotGzip: Uint8Array | null; htmlGzip: Uint8Array } | null;
  /** The page's results computed where it was parsed (crawler/page-results.ts); absent = not stored. */
  results?: PageResultColumns | null;
}

/** A page's stored results: findings and site-model facts as JSON, the code fingerprint and key they hold for. */
export interface PageResultColumns {
  version: string;
  key: string;
  findingsJson: string;
  factsJson: string;
}

export type PageKind = 'list' | 'article' | 'other';

interface RawPage {
  unit_id: string; url: string; final_url: string; status: number | null; content_type: string | null; charset: string | null;
  fetched_at: string; redirects_json: string; error: string | null; depth: number; snapshot_json: string | null; snapshot_gz: Buffer | null; html_gz: Buffer | null;
  via: 'http' | 'browser'; render_note: string | null;
  etag: string | null; last_modified: string | null; reused_from: number | null; verified_run: number | null; verified_on: string | null; page_kind: PageKind | null;
}

const prepareSave = (db: Db) => db.prepare(
  `INSERT OR REPLACE INTO pages (run_id, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json,
     error, depth, snapshot_gz, html_gz, via, render_note, etag, last_modified, reused_from, verified_run, verified_on, page_kind,
     results_version, results_key, findings_json, facts_json)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
/**
 * How hard a page's HTML and snapshot are compressed. Level 3 instead of zlib's default 6: on real
 * district pages it compresses the HTML about 45% faster for about 10% more bytes, and the crawl
 * compresses every page it reads. A snapshot's JSON shrinks about eight times (bench pages: 23 KB
 * of UTF-8 to 2.9 KB); as JSON it was two thirds of what a crawl wrote.
 */
export const STORE_GZIP_LEVEL = 3;

/** A snapshot in its stored form. */
export function snapshotGzip(json: string): Buffer {
  return gzipSync(json, { level: STORE_GZIP_LEVEL });
}

/** A stored snapshot read back: from `snapshot_gz`, or from `snapshot_json` on a row stored before migration 10. */
export function storedSnapshot(row: { snapshot_json?: string | null; snapshot_gz?: Buffer | null } | undefined): PageSnapshot | null {
  if (row?.snapshot_gz) return JSON.parse(gunzipSync(row.snapshot_gz).toString('utf8')) as PageSnapshot;
  return row?.snapshot_json ? (JSON.parse(row.snapshot_json) as PageSnapshot) : null;
}

/** SQL: the row holds a snapshot, in either stored form (`alias`: the table's, with its dot). */
export function hasSnapshotSql(alias = ''): string {
  return `(${alias}snapshot_gz IS NOT NULL OR ${alias}snapshot_json IS NOT NULL)`;
}

/** One prepared insert per connection: a crawl saves thousands of pages through it. */
const saveStatements = new WeakMap<Db, ReturnType<typeof prepareSave>>();

/** A page's snapshot and HTML as stored (both gzip), made now unless the record carries them made. */
export function storedForms(p: PageRecord): { snapshotGz: Buffer | null; htmlGz: Buffer | null } {
  if (p.stored) {
    const { snapshotGzip: snap, htmlGzip: html } = p.stored;
    return { snapshotGz: snap && asBuffer(snap), htmlGz: asBuffer(html) };
  }
  return {
    snapshotGz: p.snapshot ? snapshotGzip(JSON.stringify(p.snapshot)) : null,
    htmlGz: p.html === null ? null : gzipSync(p.html, { level: STORE_GZIP_LEVEL }),
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Saves a page read in this run; `verifiedOn` is the run's evaluation date (the night that confirmed it). */
export function savePage(db: Db, runId: number, p: PageRecord, verifiedOn: string | null = null): void {
  let stmt = saveStatements.get(db);
  if (!stmt) saveStatements.set(db, (stmt = prepareSave(db)));
  const { snapshotGz, htmlGz } = storedForms(p);
  stmt.run(runId, p.unitId, p.url, p.finalUrl, p.status, p.contentType, p.charset, p.fetchedAt, JSON.stringify(p.redirects),
    p.error, p.depth, snapshotGz, htmlGz,
    p.via ?? 'http', p.renderNote ?? null, p.etag ?? null, p.lastModified ?? null, p.reusedFrom ?? null, p.verifiedRun ?? runId,
    p.verifiedOn ?? verifiedOn, p.pageKind ?? null,
    p.results?.version ?? null, p.results?.key ?? null, p.results?.findingsJson ?? null, p.results?.factsJson ?? null);
}

/** A page as the audit first reads it: what every page needs, and its stored results if any. */
export interface AuditPageRow {
  rowid: number;
  url: string;
  finalUrl: string;
  status: number | null;
  error: string | null;
  depth: number;
  hasSnapshot: boolean;
  /** The run whose answer from the server this row is (see PageRecord.verifiedRun). */
  verifiedRun: number | null;
  results: PageResultColumns | null;
}

/**
 * A unit's pages in crawl order for the audit, without the snapshot and the HTML: a page whose
 * stored results hold is never decompressed or parsed. `pageBody` reads the rest when needed.
 */
export function* unitAuditPages(db: Db, runId: number, unitId: string): Generator<AuditPageRow> {
  const stmt = db.prepare(
    `SELECT rowid, url, final_url, status, error, depth, ${hasSnapshotSql()} AS has_snapshot, verified_run,
            results_version, results_key, findings_json, facts_json
       FROM pages WHERE run_id = ? AND unit_id = ? ORDER BY rowid`,
  );
  type Raw = { rowid: number; url: string; final_url: string; status: number | null; error: string | null; depth: number; has_snapshot: number; verified_run: number | null;
    results_version: string | null; results_key: string | null; findings_json: string | null; facts_json: string | null };
  for (const r of stmt.iterate(runId, unitId) as Iterable<Raw>) {
    yield {
      rowid: r.rowid, url: r.url, finalUrl: r.final_url, status: r.status, error: r.error, depth: r.depth, hasSnapshot: r.has_snapshot === 1, verifiedRun: r.verified_run,
      results: r.results_version !== null && r.results_key !== null && r.findings_json !== null && r.facts_json !== null
        ? { version: r.results_version, key: r.results_key, findingsJson: r.findings_json, factsJson: r.facts_json } : null,
    };
  }
}

/** Reads a page's snapshot and HTML by rowid (for unitAuditPages). */
export function pageBody(db: Db): (rowid: number) => { snapshot: PageSnapshot | null; html: string | null } {
  const stmt = db.prepare('SELECT snapshot_json, snapshot_gz, html_gz FROM pages WHERE rowid = ?');
  return (rowid) => {
    const r = stmt.get(rowid) as { snapshot_json: string | null; snapshot_gz: Buffer | null; html_gz: Buffer | null } | undefined;
    return {
      snapshot: storedSnapshot(r),
      html: r?.html_gz ? gunzipSync(r.html_gz).toString('utf8') : null,
    };
  };
}

/** Iterates a unit's pages in crawl order; `withHtml` decompresses the stored HTML. */
export function* unitPages(db: Db, runId: number, unitId: string, opts: { withHtml?: boolean } = {}): Generator<PageRecord> {
  const cols = opts.withHtml ? '*' : 'unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json, error, depth, snapshot_json, snapshot_gz, NULL AS html_gz, via, render_note, etag, last_modified, reused_from, verified_run, verified_on, page_kind';
  const stmt = db.prepare(`SELECT ${cols} FROM pages WHERE run_id = ? AND unit_id = ? ORDER BY rowid`);
  for (const r of stmt.iterate(runId, unitId) as Iterable<RawPage>) {
    yield {
      unitId: r.unit_id, url: r.url, finalUrl: r.final_url, status: r.status, contentType: r.content_type, charset: r.charset,
      fetchedAt: r.fetched_at, redirects: JSON.parse(r.redirects_json) as PageRecord['redirects'], error: r.error, depth: r.depth,
      snapshot: storedSnapshot(r),
      html: r.html_gz ? gunzipSync(r.html_gz).toString('utf8') : null,
      via: r.via, renderNote: r.render_note, etag: r.etag, lastModified: r.last_modified, reusedFrom: r.reused_from,
      verifiedRun: r.verified_run, verifiedOn: r.verified_on, pageKind: r.page_kind,
    };
  }
}

/** Status of a crawled URL (requested or final), so link checks reuse what the crawl already knows. */
export function pageStatusLookup(db: Db, runId: number): (unitId: string, url: string) => PageStatus | undefined {
  // Two indexed look-ups: an OR across both columns would scan the unit's pages for every link.
  const cols = 'status, error, verified_run AS verifiedRun, verified_on AS verifiedOn';
  const byUrl = db.prepare(`SELECT ${cols} FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?`);
  const byFinal = db.prepare(`SELECT ${cols} FROM pages WHERE run_id = ? AND unit_id = ? AND final_url = ? LIMIT 1`);
  return (unitId, url) => (byUrl.get(runId, unitId, url) ?? byFinal.get(runId, unitId, url)) as PageStatus | undefined;
}

export interface PageStatus {
  status: number | null;
  error: string | null;
  /** The run and date that last verified the page (null on rows stored before migration 7). */
  verifiedRun: number | null;
  verifiedOn: string | null;
}

/** The stored HTML of one page, looked up by requested or final URL. */
export function pageHtml(db: Db, runId: number, unitId: string, url: string): { html: string; finalUrl: string } | null {
  const q = 'SELECT final_url, html_gz FROM pages WHERE run_id = ? AND unit_id = ? AND html_gz IS NOT NULL AND ';
  const row = (db.prepare(`${q}url = ?`).get(runId, unitId, url) ?? db.prepare(`${q}final_url = ? LIMIT 1`).get(runId, unitId, url)) as
    { final_url: string; html_gz: Buffer } | undefined;
  return row ? { html: gunzipSync(row.html_gz).toString('utf8'), finalUrl: row.final_url } : null;
}

/**
 * Reads one stored page's snapshot again, by its requested URL (unique within a unit), for the few
 * pages the site model and the site rules need whole (home, guide, disclosure column, `site.page`):
 * the audit and the accessibility sample keep only each page's facts while they stream a unit.
 */
export function pageSnapshotReader(db: Db, runId: number): (unitId: string, url: string) => PageSnapshot | null {
  const stmt = db.prepare('SELECT snapshot_json, snapshot_gz FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?');
  return (unitId, url) => storedSnapshot(stmt.get(runId, unitId, url) as { snapshot_json: string | null; snapshot_gz: Buffer | null } | undefined);
}

/** What the nightly plan needs to know of a page in the previous run (no snapshot parse). */
export interface PreviousPageFacts {
  status: number | null;
  kind: PageKind | null;
  /** The list entry (`date title`) that led to the page that night, if any. */
  listEntry: string | null;
}

/** Looks up pages of one earlier run by unit and URL, with the list entry its frontier recorded. */
export function previousPageFacts(db: Db, runId: number): (unitId: string, url: string) => PreviousPageFacts | undefined {
  const stmt = db.prepare(
    `SELECT p.status, p.page_kind, ${hasSnapshotSql('p.')} AS has_snapshot, f.list_entry
       FROM pages p LEFT JOIN frontier f ON f.run_id = p.run_id AND f.unit_id = p.unit_id AND f.url = p.url
      WHERE p.run_id = ? AND p.unit_id = ? AND p.url = ?`,
  );
  const snapshotStmt = db.prepare('SELECT snapshot_json, snapshot_gz FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?');
  return (unitId, url) => {
    const r = stmt.get(runId, unitId, url) as { status: number | null; page_kind: PageKind | null; has_snapshot: number; list_entry: string | null } | undefined;
    if (!r) return undefined;
    return { status: r.status, kind: r.page_kind ?? (r.has_snapshot ? legacyKind(snapshotStmt, runId, unitId, url) : null), listEntry: r.list_entry };
  };
}

/**
 * Rows stored before migration 7 have no page_kind: read it off the snapshot the way the crawler
 * decides it (crawler/incremental.ts pageKindOf): pagination or a Hanweb list, a list layout or
 * dated items make a list, unless an ArticleTitle meta says article.
 */
function legacyKind(stmt: Statement, runId: number, unitId: string, url: string): PageKind {
  const s = storedSnapshot(stmt.get(runId, unitId, url) as { snapshot_json: string | null; snapshot_gz: Buffer | null } | undefined);
  if (!s) return 'other';
  if (s.paginationLinks.length > 0 || s.hanweb !== null) return 'list';
  if ((s.meta['articletitle'] ?? '').trim() !== '') return 'article';
  if (s.isListPage || (s.datedItems.length > 0 && !s.isArticle)) return 'list';
  return s.isArticle ? 'article' : 'other';
}

/**
 * The pages of an earlier run due for re-verification tonight, least recently verified first: the
 * `quota` longest unverified, and every page last verified on or before `overdueOn`.
 */
export function pagesDue(db: Db, runId: number, unitId: string, quota: number, overdueOn: string, runEvalDate: string): Set<string> {
  const rows = db.prepare(
    `SELECT url FROM (SELECT url FROM pages WHERE run_id = ? AND unit_id = ? ORDER BY COALESCE(verified_run, run_id), rowid LIMIT ?)
     UNION SELECT url FROM pages WHERE run_id = ? AND unit_id = ? AND COALESCE(verified_on, ?) <= ?`,
  ).all(runId, unitId, quota, runId, unitId, runEvalDate, overdueOn) as { url: string }[];
  return new Set(rows.map((r) => r.url));
}

/** How many pages a unit has in a run. */
export function unitPageCount(db: Db, runId: number, unitId: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM pages WHERE run_id = ? AND unit_id = ?').get(runId, unitId) as { n: number }).n;
}

/**
 * Pages of an earlier run that tonight's crawl has not admitted: read cleanly then (2xx with a
 * snapshot), in their crawl order. A list that shifted overnight may no longer lead to them.
 */
export function unreachedPages(db: Db, previousRunId: number, runId: number, unitId: string): { url: string; depth: number }[] {
  const stmt = db.prepare(
    `SELECT p.url, p.depth FROM pages p
      WHERE p.run_id = ? AND p.unit_id = ? AND p.status BETWEEN 200 AND 299 AND ${hasSnapshotSql('p.')}
        AND NOT EXISTS (SELECT 1 FROM frontier f WHERE f.run_id = ? AND f.unit_id = p.unit_id AND f.url = p.url)
      ORDER BY p.rowid`,
  );
  // Read whole: the caller admits them to the frontier, and a connection cannot write while it iterates.
  return stmt.all(previousRunId, unitId, runId) as { url: string; depth: number }[];
}
