/** Fetched pages: status, redirect chain, snapshot, and the HTML (gzip) so a run can be re-audited. */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PageSnapshot } from '../rules/types.js';
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
  /** The run this row was carried from after a 304 Not Modified; absent = downloaded in this run. */
  reusedFrom?: number | null;
}

interface RawPage {
  unit_id: string; url: string; final_url: string; status: number | null; content_type: string | null; charset: string | null;
  fetched_at: string; redirects_json: string; error: string | null; depth: number; snapshot_json: string | null; html_gz: Buffer | null;
  via: 'http' | 'browser'; render_note: string | null;
  etag: string | null; last_modified: string | null; reused_from: number | null;
}

const prepareSave = (db: Db) => db.prepare(
  `INSERT OR REPLACE INTO pages (run_id, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json,
     error, depth, snapshot_json, html_gz, via, render_note, etag, last_modified, reused_from)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
/** One prepared insert per connection: a crawl saves thousands of pages through it. */
const saveStatements = new WeakMap<Db, ReturnType<typeof prepareSave>>();

export function savePage(db: Db, runId: number, p: PageRecord): void {
  let stmt = saveStatements.get(db);
  if (!stmt) saveStatements.set(db, (stmt = prepareSave(db)));
  stmt.run(runId, p.unitId, p.url, p.finalUrl, p.status, p.contentType, p.charset, p.fetchedAt, JSON.stringify(p.redirects),
    p.error, p.depth, p.snapshot ? JSON.stringify(p.snapshot) : null, p.html === null ? null : gzipSync(p.html),
    p.via ?? 'http', p.renderNote ?? null, p.etag ?? null, p.lastModified ?? null, p.reusedFrom ?? null);
}

/** Iterates a unit's pages in crawl order; `withHtml` decompresses the stored HTML. */
export function* unitPages(db: Db, runId: number, unitId: string, opts: { withHtml?: boolean } = {}): Generator<PageRecord> {
  const cols = opts.withHtml ? '*' : 'unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json, error, depth, snapshot_json, NULL AS html_gz, via, render_note, etag, last_modified, reused_from';
  const stmt = db.prepare(`SELECT ${cols} FROM pages WHERE run_id = ? AND unit_id = ? ORDER BY rowid`);
  for (const r of stmt.iterate(runId, unitId) as Iterable<RawPage>) {
    yield {
      unitId: r.unit_id, url: r.url, finalUrl: r.final_url, status: r.status, contentType: r.content_type, charset: r.charset,
      fetchedAt: r.fetched_at, redirects: JSON.parse(r.redirects_json) as PageRecord['redirects'], error: r.error, depth: r.depth,
      snapshot: r.snapshot_json ? (JSON.parse(r.snapshot_json) as PageSnapshot) : null,
      html: r.html_gz ? gunzipSync(r.html_gz).toString('utf8') : null,
      via: r.via, renderNote: r.render_note, etag: r.etag, lastModified: r.last_modified, reusedFrom: r.reused_from,
    };
  }
}

/** Status of a crawled URL (requested or final), so link checks reuse what the crawl already knows. */
export function pageStatusLookup(db: Db, runId: number): (unitId: string, url: string) => { status: number | null; error: string | null } | undefined {
  // Two indexed look-ups: an OR across both columns would scan the unit's pages for every link.
  const byUrl = db.prepare('SELECT status, error FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?');
  const byFinal = db.prepare('SELECT status, error FROM pages WHERE run_id = ? AND unit_id = ? AND final_url = ? LIMIT 1');
  type Row = { status: number | null; error: string | null };
  return (unitId, url) => (byUrl.get(runId, unitId, url) ?? byFinal.get(runId, unitId, url)) as Row | undefined;
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
  const stmt = db.prepare('SELECT snapshot_json FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?');
  return (unitId, url) => {
    const row = stmt.get(runId, unitId, url) as { snapshot_json: string | null } | undefined;
    return row?.snapshot_json ? (JSON.parse(row.snapshot_json) as PageSnapshot) : null;
  };
}
