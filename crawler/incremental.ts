/**
 * Incremental nightly crawls: which earlier run a crawl may build on, which pages must always be
 * fetched in full, and carrying a page the server says is unchanged (304 Not Modified) over from
 * that run.
 *
 * Why only article-like pages are asked "changed since?": list and column pages are what the
 * freshness rules judge (their dates), and their content can change without their own URL's bytes
 * telling a cache so (a script-built list, a Hanweb data proxy, a CMS that ignores validators on
 * regenerated lists). They are always downloaded. An article carried over is the very same bytes,
 * so the audit — which re-runs on every carried row — reaches the same findings, with the same
 * finding keys, and the export's firstSeen follows them back to the first night.
 */
import { findAllDatesInText } from '../rules/extract/dates.js';
import type { PageSnapshot } from '../rules/types.js';
import { incrementalOf, runConfig } from './config.js';
import { snapshotOf } from './parsed-page.js';
import type { Db } from '../store/db.js';
import { pageHtml, snapshotGzip, storedSnapshot, type PageKind } from '../store/pages.js';
import { configHash, getRun, previousFinishedRun, type RunRow } from '../store/runs.js';

/**
 * The run an incremental crawl builds on: the previous finished run — the same one the export's
 * "changes since last time" compares with (previousFinishedRun) — provided it crawled the same
 * district with the same units and crawl settings. Settings that do not change what is fetched
 * (the watchdog; whether the crawl is incremental at all) are ignored. Undefined = crawl in full.
 */
export function previousRunOf(db: Db, run: RunRow): RunRow | undefined {
  const candidate = previousFinishedRun(db, run.id);
  const previous = candidate && getRun(db, candidate.id);
  if (!previous || previous.status !== 'done' || previous.district !== run.district) return undefined;
  return sameCrawl(previous, run) ? previous : undefined;
}

function sameCrawl(a: RunRow, b: RunRow): boolean {
  const withoutMode = (r: RunRow) => {
    // How a night is planned (conditional requests, revisit interval) does not change what a page is.
    const { incremental: _incremental, revisitDays: _revisit, ...crawl } = runConfig(r).crawl;
    void _incremental;
    void _revisit;
    return configHash({ ...r.config, crawl });
  };
  return withoutMode(a) === withoutMode(b);
}

/** A page about to be fetched, with what the previous run stored for it. */
export interface PageToFetch {
  url: string;
  depth: number;
  /** The unit's home page (normalised). */
  homeUrl: string;
  /** The previous run's snapshot of this URL, null when there was none. */
  previous: PageSnapshot | null;
}

/**
 * Pages downloaded in full every night, never asked "changed since?": the home page (depth 0) and
 * every page whose previous snapshot was a list or column page — dated items, pagination, a Hanweb
 * list, or a list-like layout — unless the page declares itself an article (ArticleTitle meta). Their dates are what the freshness rules judge. An article's own
 * date line next to its breadcrumb link reads as one dated item; the page still declares itself an
 * article (isArticle, as the site model reads it), so it is not a list.
 */
export function alwaysFetchInFull(page: PageToFetch): boolean {
  if (page.depth === 0 || page.url === page.homeUrl) return true;
  const s = page.previous;
  if (!s) return true;
  return pageKindOf(s) === 'list';
}

/**
 * What a page is, for the next night: a list (dated items, pagination, a Hanweb list, a list-like
 * layout), an article, or other. Stored with the page (pages.page_kind) so the nightly plan need not
 * read every snapshot again.
 */
export function pageKindOf(s: PageSnapshot): PageKind {
  if (s.paginationLinks.length > 0 || s.hanweb !== null) return 'list';
  // An article page as the 《指引》 marks it up (an ArticleTitle meta) stays an article even when a
  // 相关文章 block of three or more dated links makes its snapshot read as a list: most article
  // pages on a TRS or Hanweb site carry such a block, and without this nearly every article would be
  // downloaded again every night. Column and list pages carry the column metas, not ArticleTitle.
  if (declaresArticle(s)) return 'article';
  if (s.isListPage) return 'list';
  if (s.datedItems.length > 0 && !s.isArticle) return 'list';
  return s.isArticle ? 'article' : 'other';
}

function declaresArticle(s: PageSnapshot): boolean {
  return (s.meta['articletitle'] ?? '').trim() !== '';
}

/**
 * Whether a snapshot extracted on `previousEvalDate` reads the same on `evalDate`. Only year-less
 * dates (`11-20`) depend on the evaluation date: each is placed in the latest year not after it.
 * A date in the snapshot that is exactly where a year-less token would have been placed then, but
 * would be placed elsewhere now, may have moved; then the stored HTML is read again. (An explicit
 * date never matches the first test unless it is also where a year-less one would land, so old
 * articles with full dates keep their snapshot.)
 */
export function snapshotReadsTheSame(snapshot: PageSnapshot, previousEvalDate: string, evalDate: string): boolean {
  if (previousEvalDate === evalDate) return true;
  const dates = [snapshot.pubDate, ...snapshot.datedItems.map((i) => i.date)].filter((d): d is string => d !== null);
  for (const date of dates) {
    const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
    if (!m) return false;
    const token = `${Number(m[1])}月${Number(m[2])}日`;
    const placed = (ref: string) => findAllDatesInText(token, { refDate: ref })[0]?.date ?? null;
    if (placed(previousEvalDate) === date && placed(evalDate) !== date) return false;
  }
  return true;
}

/**
 * The stored page results (crawler/page-results.ts) of a copied row: kept with the snapshot they
 * were computed from; dropResults clears them when the snapshot was read again.
 */
const KEPT_RESULTS = (t: string) => ['results_version', 'results_key', 'findings_json', 'facts_json'].map((c) => `${t}${c}`).join(', ');

/** What the previous run stored for a page that may be asked for conditionally. */
export interface PreviousPage {
  etag: string | null;
  lastModified: string | null;
  snapshot: PageSnapshot;
}

interface RawPrevious {
  url: string; final_url: string; status: number | null; error: string | null; redirects_json: string; snapshot_json: string | null;
  snapshot_gz: Buffer | null; has_html: number; via: string; render_note: string | null; etag: string | null; last_modified: string | null;
}

/**
 * One crawl's link to the run it builds on: looks up a page's previous row and copies it into this
 * run. The statements are prepared once; a crawl looks up every page it fetches.
 */
export class IncrementalCrawl {
  private readonly lookup;
  private readonly copy;
  private readonly carry;
  private readonly snapshotStmt;
  private readonly dropResults;

  constructor(private readonly db: Db, private readonly run: RunRow, readonly previous: RunRow) {
    this.lookup = db.prepare(
      `SELECT url, final_url, status, error, redirects_json, snapshot_json, snapshot_gz, html_gz IS NOT NULL AS has_html, via, render_note, etag, last_modified
         FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?`,
    );
    // The whole row is copied in SQL, the compressed HTML included, so carrying a page over costs
    // neither a download nor a decompression. A snapshot read again (reread = 1) replaces the stored
    // one in its compressed form, whichever form the previous row had.
    this.copy = db.prepare(
      `INSERT OR REPLACE INTO pages (run_id, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json,
         error, depth, snapshot_json, snapshot_gz, html_gz, via, render_note, etag, last_modified, reused_from, verified_run, verified_on, page_kind,
         results_version, results_key, findings_json, facts_json)
       SELECT ?, unit_id, url, final_url, status, content_type, charset, ?, redirects_json,
         error, ?, CASE WHEN :reread = 1 THEN NULL ELSE snapshot_json END, CASE WHEN :reread = 1 THEN :snapshot ELSE snapshot_gz END, html_gz, via, render_note, COALESCE(?, etag), COALESCE(?, last_modified), run_id,
         ?, ?, page_kind, ${KEPT_RESULTS('')}
         FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?`,
    );
    // Carried without a request: the row as it was, with the run and date it was last verified.
    this.carry = db.prepare(
      `INSERT OR REPLACE INTO pages (run_id, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json,
         error, depth, snapshot_json, snapshot_gz, html_gz, via, render_note, etag, last_modified, reused_from, verified_run, verified_on, page_kind,
         results_version, results_key, findings_json, facts_json)
       SELECT ?, p.unit_id, p.url, p.final_url, p.status, p.content_type, p.charset, p.fetched_at, p.redirects_json,
         p.error, ?, CASE WHEN :reread = 1 THEN NULL ELSE p.snapshot_json END, CASE WHEN :reread = 1 THEN :snapshot ELSE p.snapshot_gz END, p.html_gz, p.via, p.render_note, p.etag, p.last_modified, p.run_id,
         COALESCE(p.verified_run, p.run_id), COALESCE(p.verified_on, r.eval_date), p.page_kind, ${KEPT_RESULTS('p.')}
         FROM pages p JOIN runs r ON r.id = p.run_id WHERE p.run_id = ? AND p.unit_id = ? AND p.url = ?`,
    );
    this.snapshotStmt = db.prepare('SELECT snapshot_json, snapshot_gz FROM pages WHERE run_id = ? AND unit_id = ? AND url = ?');
    this.dropResults = db.prepare(
      'UPDATE pages SET results_version = NULL, results_key = NULL, findings_json = NULL, facts_json = NULL WHERE run_id = ? AND unit_id = ? AND url = ?',
    );
  }

  /**
   * The crawl for `run` builds on its previous run when its config allows (crawl.incremental, which
   * `crawl --full` sets to false for one night) and there is one.
   */
  static forRun(db: Db, run: RunRow): IncrementalCrawl | null {
    if (!incrementalOf(runConfig(run).crawl)) return null;
    const previous = previousRunOf(db, run);
    return previous ? new IncrementalCrawl(db, run, previous) : null;
  }

  /**
   * The previous copy of a page worth asking about with its validators, or null (fetch in full):
   * the page must have been read cleanly over HTTP (2xx, no redirect, no rendering, a snapshot and
   * its HTML stored), carry a validator, and not be one of the pages always fetched in full.
   */
  previousPage(unitId: string, url: string, depth: number, homeUrl: string): PreviousPage | null {
    // The home page is always fetched in full: no need to read its previous row.
    if (depth === 0 || url === homeUrl) return null;
    const row = this.lookup.get(this.previous.id, unitId, url) as RawPrevious | undefined;
    if (!row || row.etag === null && row.last_modified === null) return null;
    if (row.status === null || row.status < 200 || row.status > 299 || row.error !== null) return null;
    if (row.final_url !== row.url || row.redirects_json !== '[]' || (row.snapshot_json === null && row.snapshot_gz === null) || !row.has_html) return null;
    // A rendered page depends on more than its own bytes (scripts, data); one that needed rendering
    // and could not be rendered deserves another try.
    if (row.via !== 'http' || row.render_note !== null) return null;
    const snapshot = storedSnapshot(row)!;
    if (alwaysFetchInFull({ url, depth, homeUrl, previous: snapshot })) return null;
    return { etag: row.etag, lastModified: row.last_modified, snapshot };
  }

  /**
   * The server said 304 Not Modified: copy the previous row into this run (fetched now, at this
   * crawl's depth, with the validators the 304 carried) and return the snapshot to discover links
   * from. The stored HTML is read again only when the snapshot may read differently today (a new
   * evaluation date moving a year-less date, or another rule set version).
   */
  carryOver(unitId: string, url: string, previous: PreviousPage, at: { fetchedAt: string; depth: number; etag: string | null; lastModified: string | null }): PageSnapshot | null {
    let snapshot: PageSnapshot | null = previous.snapshot;
    let reread = false;
    if (this.previous.ruleSetVersion !== this.run.ruleSetVersion || !snapshotReadsTheSame(previous.snapshot, this.previous.evalDate, this.run.evalDate)) {
      const stored = pageHtml(this.db, this.previous.id, unitId, url);
      snapshot = stored ? snapshotOf(stored.html, stored.finalUrl, this.run.evalDate) : null;
      reread = true;
    }
    this.copy.run(this.run.id, at.fetchedAt, at.depth, at.etag, at.lastModified,
      this.run.id, this.run.evalDate, this.previous.id, unitId, url, rereadParams(reread, snapshot));
    if (reread) this.dropResults.run(this.run.id, unitId, url);
    return snapshot;
  }

  /**
   * Carries a page from the previous run without asking the server (the nightly plan: not due
   * tonight). The row keeps the run and date it was last verified; its snapshot is read again from
   * the stored HTML only when it may read differently today (as for carryOver). Returns the snapshot
   * to discover links from, or undefined when the previous run has no such page.
   */
  carryUnasked(unitId: string, url: string, depth: number): PageSnapshot | null | undefined {
    const row = this.snapshotStmt.get(this.previous.id, unitId, url) as { snapshot_json: string | null; snapshot_gz: Buffer | null } | undefined;
    if (!row) return undefined;
    let snapshot = storedSnapshot(row);
    let reread = false;
    if (snapshot && (this.previous.ruleSetVersion !== this.run.ruleSetVersion || !snapshotReadsTheSame(snapshot, this.previous.evalDate, this.run.evalDate))) {
      const stored = pageHtml(this.db, this.previous.id, unitId, url);
      snapshot = stored ? snapshotOf(stored.html, stored.finalUrl, this.run.evalDate) : null;
      reread = true;
    }
    this.carry.run(this.run.id, depth, this.previous.id, unitId, url, rereadParams(reread, snapshot));
    if (reread) this.dropResults.run(this.run.id, unitId, url);
    return snapshot;
  }

  /** Pages and attachments of this run carried over unchanged (for the closing progress line). */
  reusedCounts(): { pages: number; attachments: number } {
    const count = (table: 'pages' | 'attachments') =>
      (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ? AND reused_from IS NOT NULL`).get(this.run.id) as { n: number }).n;
    return { pages: count('pages'), attachments: count('attachments') };
  }
}

/** The copy statements' named parameters: whether the snapshot was read again, and then its stored form. */
function rereadParams(reread: boolean, snapshot: PageSnapshot | null): { reread: number; snapshot: Buffer | null } {
  return { reread: reread ? 1 : 0, snapshot: reread && snapshot ? snapshotGzip(JSON.stringify(snapshot)) : null };
}
