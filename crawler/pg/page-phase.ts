/**
 * The page phase of a crawl shared by several workers: one pg-boss job per admitted URL. A worker
 * reads the page exactly as the single-process crawl does (readPage, pageLinks — the same code), then
 * in ONE PostgreSQL transaction saves the page, its link targets, its attachments, the URLs it admits
 * (frontier rows + their jobs, through pg-boss's `db` option) and marks its own frontier row done.
 * Only then is the job completed: a worker killed before that leaves the job to expire and be retried
 * by another worker; one killed after the commit leaves a retried job that finds its row done and
 * does nothing. Nothing is lost and no page is saved twice.
 *
 * Which URLs are admitted must be what crawl.ts's `discover` admits (findings equality): the same
 * scope (inScope on the unit's prefixes), maxPagesPerUnit, isDocumentUrl, the frontier's primary key
 * as the seen-set, and the TrapGuard budgets. The budgets depend on every URL the unit admitted so
 * far, by any worker, so a unit's admissions are serialised by a transaction-scoped advisory lock on
 * (run, unit), and inside it each worker first brings its guard up to date by replaying the unit's
 * frontier rows it has not seen yet (in `seq` order, drawn from one sequence under that lock, so it is
 * the admission order). This is crawl.ts's own resume replay, done incrementally.
 */
import type PgBoss from 'pg-boss';
import type { PageSnapshot, UnitInfo } from '../../rules/types.js';
import { MAX_ATTACHMENTS_PER_UNIT } from '../attachments/queue.js';
import { sniffBinaryType, typeFromContentDisposition, typeFromContentType, typeFromUrl } from '../attachments/file-type.js';
import { runConfig } from '../config.js';
import { isDocumentUrl } from '../link-verdict.js';
import { crawlText } from '../messages.zh-CN.js';
import { pageLinks } from '../page-links.js';
import { readPage, type PageReader } from '../read-page.js';
import { storedForms, type PageRecord } from '../../store/pages.js';
import type { RunRow } from '../../store/runs.js';
import { TrapGuard } from '../traps.js';
import { hostKey, inScope, normalizeUrl } from '../../store/url.js';
import type { AdmissionOrder } from './admission-order.js';
import { pgValue, type PgClient, type PgPool } from '../../store/pg/connect.js';

export interface PageJob {
  runId: number;
  unitId: string;
  url: string;
  /** The frontier row's admission number: jobs are taken in this order (crawl.ts claims by seq, FIFO). */
  seq: number;
}

export interface JobSettings {
  /** A job not completed this long after it was taken is given to another worker. */
  expireInSeconds: number;
  retryLimit: number;
}

interface UnitScope {
  unit: UnitInfo;
  homeUrl: string;
  prefixes: string[];
  hosts: Set<string>;
}

/** This process's view of a unit's admissions: valid only up to `lastSeq`, brought up to date under the unit lock. */
interface Admission {
  guard: TrapGuard;
  lastSeq: number;
  admitted: number;
}

/** Same text as crawl.ts for a page whose processing failed unexpectedly (a defect, not the site's). */

type Outcome = 'saved' | 'skipped' | 'aborted';

export class PagePhase {
  private readonly scopes = new Map<string, UnitScope>();
  private readonly admissions = new Map<string, Admission>();
  /** Pages this process saved (for progress and the test's evidence of shared work). */
  saved = 0;
  /** Pages being read now (a page read and waiting for its turn to be saved is not counted). */
  reading = 0;
  private readWaiters: (() => void)[] = [];

  /** Resolves when a page next finishes reading (a request slot is free again). */
  nextReadDone(): Promise<void> {
    return new Promise((resolve) => this.readWaiters.push(resolve));
  }

  constructor(
    private readonly pool: PgPool,
    private readonly boss: PgBoss,
    private readonly run: RunRow,
    private readonly queue: string,
    private readonly reader: PageReader,
    private readonly jobs: JobSettings,
    private readonly workerName: string,
    units: UnitInfo[],
    private readonly order: AdmissionOrder,
  ) {
    for (const unit of units) {
      const homeUrl = normalizeUrl(unit.url) ?? unit.url;
      const prefixes = [homeUrl, ...unit.scope.map((s) => normalizeUrl(s) ?? s)];
      this.scopes.set(unit.id, { unit, homeUrl, prefixes, hosts: new Set(prefixes.map(hostKey)) });
    }
  }

  /**
   * Jobs for admitted URLs, sent inside the caller's transaction when `client` is given. Priority
   * -seq makes pg-boss hand them out oldest admission first, as crawl.ts's FIFO frontier does: the
   * order decides which URLs a trap budget (e.g. a calendar's 24 pages) admits when two chains race
   * for it, so keeping it keeps the findings equal.
   */
  async sendJobs(rows: { unitId: string; url: string; seq: number }[], client?: PgClient): Promise<void> {
    if (rows.length === 0) return;
    const jobs = rows.map((r) => ({
      name: this.queue, data: { runId: this.run.id, unitId: r.unitId, url: r.url, seq: r.seq } satisfies PageJob,
      priority: -r.seq, retryLimit: this.jobs.retryLimit, retryDelay: 0, expireInSeconds: this.jobs.expireInSeconds,
    }));
    const db = client ? { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } } : {};
    for (let i = 0; i < jobs.length; i += 500) await this.boss.insert(jobs.slice(i, i + 500), db);
  }

  /**
   * One job. Like crawl.ts's processPage: an unexpected fault while reading the page becomes the
   * page's recorded error; only a failing store throws (the job then fails and is retried).
   */
  async process(job: PageJob): Promise<Outcome> {
    this.reading++;
    let reading = true;
    const doneReading = () => {
      if (!reading) return;
      this.reading--;
      reading = false;
      const waiters = this.readWaiters;
      this.readWaiters = [];
      for (const w of waiters) w();
    };
    try {
      return await this.processJob(job, doneReading);
    } finally {
      doneReading();
    }
  }

  private async processJob(job: PageJob, doneReading: () => void): Promise<Outcome> {
    const st = this.scopes.get(job.unitId);
    const row = (await this.pool.query<{ depth: number; parent: string | null; link_text: string | null; state: string; seq: number }>(
      'SELECT depth, parent, link_text, state, seq FROM frontier WHERE run_id = $1 AND unit_id = $2 AND url = $3', [this.run.id, job.unitId, job.url])).rows[0];
    if (!row || row.state === 'done') return 'skipped';
    if (!st) {
      await this.pool.query("UPDATE frontier SET state = 'done' WHERE run_id = $1 AND unit_id = $2 AND url = $3", [this.run.id, job.unitId, job.url]);
      return 'skipped';
    }
    await this.pool.query("UPDATE frontier SET state = 'active' WHERE run_id = $1 AND unit_id = $2 AND url = $3 AND state = 'pending'",
      [this.run.id, job.unitId, job.url]);
    const fetchedAt = new Date().toISOString();
    let page: PageRecord;
    let snapshot: PageSnapshot | null = null;
    let download: { contentType: string | null; contentDisposition: string | null; body: Buffer } | null = null;
    try {
      const read = await readPage(job.url, this.reader);
      if (read.kind === 'aborted') return 'aborted';
      if (read.kind === 'disallowed') {
        page = { unitId: st.unit.id, url: job.url, finalUrl: job.url, status: null, contentType: null, charset: null, fetchedAt,
          redirects: [], error: crawlText.robotsDisallowed, depth: row.depth, snapshot: null, html: null };
      } else {
        const { res, html, charset, via, renderNote } = read;
        snapshot = read.snapshot;
        page = {
          unitId: st.unit.id, url: job.url, finalUrl: res.finalUrl, status: res.status, contentType: res.contentType, charset, fetchedAt,
          redirects: res.redirects, error: res.error ? res.error.message : null, depth: row.depth, snapshot, html, via, renderNote,
          etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null, stored: read.prepared ?? null,
        };
        // A download link without a file extension shows what it is by its Content-Type, file name
        // or bytes; an error page is never read as the file the link promised (as crawl.ts).
        if (!snapshot && row.parent && res.body !== null && res.status !== null && res.status < 400) {
          download = { contentType: res.contentType, contentDisposition: res.headers['content-disposition'] ?? null, body: res.body };
        }
      }
    } catch (err) {
      if (this.reader.signal?.aborted) return 'aborted';
      page = { unitId: st.unit.id, url: job.url, finalUrl: job.url, status: null, contentType: null, charset: null,
        fetchedAt: new Date().toISOString(), redirects: [], error: crawlText.processingFailed(err instanceof Error ? err.message : String(err)),
        depth: row.depth, snapshot: null, html: null };
      snapshot = null;
      download = null;
    }
    doneReading();
    await this.order.turn(st.unit.id, row.seq);
    // Stopped while waiting for its turn: not saved, the job goes back to the queue.
    if (this.reader.signal?.aborted) return 'aborted';
    const saved = await this.save(st, page, snapshot, download, { parent: row.parent, linkText: row.link_text });
    this.order.nudge();
    if (saved) this.saved++;
    return saved ? 'saved' : 'skipped';
  }

  private async save(st: UnitScope, page: PageRecord, snapshot: PageSnapshot | null,
    download: { contentType: string | null; contentDisposition: string | null; body: Buffer } | null,
    from: { parent: string | null; linkText: string | null }): Promise<boolean> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [this.run.id, st.unit.id]);
      const mine = await c.query("UPDATE frontier SET state = 'done' WHERE run_id = $1 AND unit_id = $2 AND url = $3 AND state <> 'done' RETURNING 1",
        [this.run.id, st.unit.id, page.url]);
      if (mine.rowCount === 0) {
        // Another worker saved it (this job had expired and was taken again): keep its result.
        await c.query('ROLLBACK');
        return false;
      }
      await insertPage(c, this.run.id, page);
      await c.query('INSERT INTO gk_page_workers (run_id, unit_id, url, worker) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [this.run.id, st.unit.id, page.url, this.workerName]);
      const offers = new AttachmentOffers(c, this.run.id, st);
      if (snapshot) {
        await this.discover(c, snapshot, page.url, page.depth, st, offers);
      } else if (download && from.parent) {
        await offers.offer({ href: page.url, fromUrl: from.parent, text: from.linkText ?? '', ...download });
      }
      await c.query('COMMIT');
      return true;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      // The guard may hold admissions that were rolled back: rebuild it from the store next time.
      this.admissions.delete(st.unit.id);
      throw err;
    } finally {
      c.release();
    }
  }

  /** Brings this process's guard for the unit up to date with every admission so far (under the unit lock). */
  private async admission(c: PgClient, unitId: string): Promise<Admission> {
    let a = this.admissions.get(unitId);
    if (!a) {
      a = { guard: new TrapGuard(), lastSeq: 0, admitted: 0 };
      this.admissions.set(unitId, a);
    }
    for (;;) {
      const rows = (await c.query<{ url: string; seq: number }>(
        'SELECT url, seq FROM frontier WHERE run_id = $1 AND unit_id = $2 AND seq > $3 ORDER BY seq LIMIT 5000', [this.run.id, unitId, a.lastSeq])).rows;
      for (const r of rows) {
        a.guard.admit(r.url);
        a.admitted++;
        a.lastSeq = r.seq;
      }
      if (rows.length < 5000) return a;
    }
  }

  /** crawl.ts's discover, against PostgreSQL. */
  private async discover(c: PgClient, snap: PageSnapshot, pageUrl: string, depth: number, st: UnitScope, offers: AttachmentOffers): Promise<void> {
    const maxPages = runConfig(this.run).crawl.maxPagesPerUnit;
    const a = await this.admission(c, st.unit.id);
    const fromHome = pageUrl === st.homeUrl || depth === 0;
    const found = pageLinks(snap);
    const fromUrl = snap.url || pageUrl;

    // The seen-set: which of the page's candidate URLs the frontier holds already.
    const candidates = [...new Set([...found.links.map((l) => l.href), ...found.pagination])];
    const known = new Set((await c.query<{ url: string }>(
      'SELECT url FROM frontier WHERE run_id = $1 AND unit_id = $2 AND url = ANY($3::text[])', [this.run.id, st.unit.id, candidates])).rows.map((r) => r.url));

    const admitted: { url: string; text: string | null }[] = [];
    const sent: { unitId: string; url: string; seq: number }[] = [];
    const follow = (href: string, text: string) => {
      if (a.admitted >= maxPages) return;
      if (isDocumentUrl(href)) return;
      if (known.has(href)) return;
      if (!a.guard.admit(href).ok) return;
      known.add(href);
      admitted.push({ url: href, text: text || null });
      a.admitted++;
    };
    const linkRows: unknown[][] = [];
    for (const link of found.links) {
      const href = link.href;
      linkRows.push([this.run.id, st.unit.id, href, fromUrl, link.text, link.kind, st.hosts.has(hostKey(href)) ? 0 : 1, fromHome ? 1 : 0]);
      await offers.offer({ href, fromUrl, text: link.text });
      if (inScope(href, st.prefixes) && link.kind === 'page') follow(href, link.text);
    }
    for (const href of found.pagination) {
      if (inScope(href, st.prefixes)) follow(href, '');
    }

    // First page to link a target wins (ON CONFLICT DO NOTHING keeps the earlier row, as INSERT OR IGNORE).
    for (let i = 0; i < linkRows.length; i += 1000) {
      await insertMany(c, 'link_checks (run_id, unit_id, href, from_url, text, kind, external, from_home)', linkRows.slice(i, i + 1000), 'ON CONFLICT DO NOTHING');
    }
    if (admitted.length > 0) {
      for (let i = 0; i < admitted.length; i += 1000) {
        const part = admitted.slice(i, i + 1000);
        const values: unknown[] = [this.run.id, st.unit.id, depth + 1, pageUrl];
        const tuples = part.map((p) => {
          values.push(pgValue(p.url), pgValue(p.text));
          return `($1, $2, $${values.length - 1}, $3, $4, $${values.length}, 'pending', nextval('gk_frontier_seq'))`;
        });
        const res = await c.query<{ seq: number; url: string }>(
          `INSERT INTO frontier (run_id, unit_id, url, depth, parent, link_text, state, seq) VALUES ${tuples.join(', ')} RETURNING seq, url`, values);
        for (const r of res.rows) {
          a.lastSeq = Math.max(a.lastSeq, r.seq);
          sent.push({ unitId: st.unit.id, url: r.url, seq: r.seq });
        }
      }
      await this.sendJobs(sent, c);
    }
  }
}

/**
 * crawl.ts's AttachmentQueue.offer against PostgreSQL: an attachment on one of the unit's hosts, by
 * extension, file name, Content-Type or bytes, at most MAX_ATTACHMENTS_PER_UNIT per unit. Counted from
 * the store under the unit lock, so the cap holds across workers exactly.
 */
class AttachmentOffers {
  private count: number | null = null;
  constructor(private readonly c: PgClient, private readonly runId: number, private readonly st: UnitScope) {}

  async offer(link: { href: string; fromUrl: string; text: string; contentType?: string | null; contentDisposition?: string | null; body?: Buffer | null }): Promise<void> {
    const type = typeFromUrl(link.href) ?? typeFromContentDisposition(link.contentDisposition) ??
      typeFromContentType(link.contentType ?? null) ?? (link.body ? sniffBinaryType(link.body) : null);
    if (!type) return;
    let host: string;
    try {
      host = hostKey(link.href);
    } catch {
      return;
    }
    if (!this.st.hosts.has(host)) return;
    this.count ??= (await this.c.query<{ n: number }>('SELECT COUNT(*)::float8 AS n FROM attachments WHERE run_id = $1 AND unit_id = $2',
      [this.runId, this.st.unit.id])).rows[0]!.n;
    if (this.count >= MAX_ATTACHMENTS_PER_UNIT) return;
    const res = await this.c.query(
      `INSERT INTO attachments (run_id, unit_id, url, from_url, from_text, type, state) VALUES ($1, $2, $3, $4, $5, $6, 'pending')
       ON CONFLICT DO NOTHING`, [this.runId, this.st.unit.id, link.href, link.fromUrl, link.text, type].map(pgValue));
    if ((res.rowCount ?? 0) > 0) this.count++;
  }
}

/** store/pages.ts savePage's row, in PostgreSQL (same stored forms: the snapshot's JSON and the HTML, gzip). */
async function insertPage(c: PgClient, runId: number, p: PageRecord): Promise<void> {
  const { snapshotGz, htmlGz } = storedForms(p);
  await c.query(
    `INSERT INTO pages (run_id, unit_id, url, final_url, status, content_type, charset, fetched_at, redirects_json, error, depth,
       snapshot_gz, html_gz, via, render_note, etag, last_modified, reused_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [runId, p.unitId, p.url, p.finalUrl, p.status, p.contentType, p.charset, p.fetchedAt, JSON.stringify(p.redirects), p.error, p.depth,
      snapshotGz, htmlGz, p.via ?? 'http', p.renderNote ?? null,
      p.etag ?? null, p.lastModified ?? null, p.reusedFrom ?? null].map(pgValue),
  );
}

async function insertMany(c: PgClient, target: string, rows: unknown[][], suffix: string): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((v) => (values.push(pgValue(v)), `$${values.length}`)).join(', ')})`);
  await c.query(`INSERT INTO ${target} VALUES ${tuples.join(', ')} ${suffix}`, values);
}
