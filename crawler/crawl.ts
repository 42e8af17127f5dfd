/**
 * Gathers one run: works the persisted frontier until it is empty (fetch → decode → extract →
 * discover), then checks every link target. Everything is written to the store as it happens, so a
 * killed crawl continues with `--resume`. Auditing is a separate step (audit.ts).
 *
 * Crash safety: a page is stored, its links recorded and its frontier entry marked done in one
 * transaction (pages finishing together share one commit: store/group-commit.ts); the link checks'
 * answers, a batch at a time, share commits the same way, and every later phase (attachments,
 * probes, accessibility) stores one result at a time; on resume each does only what has no result
 * yet. Memory: the frontier, the seen-set, the link targets and the attachments live in SQLite; the
 * heap holds one unit's trap budgets and the pages in flight, not the crawl.
 */
import Database from 'better-sqlite3';
import { attachmentTimeoutMs, readPendingAttachments } from './attachments/phase.js';
import { SeenTargets } from './seen-targets.js';
import { AttachmentQueue } from './attachments/queue.js';
import type { PageSnapshot, UnitInfo } from '../rules/types.js';
import { budgetMinutesOf, revisitDaysOf, runConfig, type CrawlOptions } from './config.js';
import { HostLimiter, limitedFetch } from './host-limiter.js';
import { IncrementalCrawl, pageKindOf, type PreviousPage } from './incremental.js';
import { LIST_PRIORITY, NightPlan, PLAN_PRIORITY, listEntryKey, nextPageOf, type Admission, type PlanKind } from './night-plan.js';
import { readPageIfChanged, withOwnSignal } from './read-page.js';
import { pageReaderFor } from './page-reader.js';
import { pageLinks } from './page-links.js';
import { linkVerdict, isDocumentUrl } from './link-verdict.js';
import { crawlText } from './messages.zh-CN.js';
import { memorySampler, type Progress } from './progress.js';
import { probeUnits } from './probes.js';
import { BrowserPool } from './browser/pool.js';
import type { AnalysisPool } from './analysis-pool.js';
import { runA11yPhase } from './a11y-phase.js';
import { chromiumMissingMessage } from './browser/chromium-path.js';
import { AttachmentStore } from '../store/attachments.js';
import { carryAxeResults } from '../store/axe-results.js';
import { countCoverage } from '../store/coverage.js';
import type { Db } from '../store/db.js';
import { Frontier, type FrontierEntry } from '../store/frontier.js';
import { LinkCheckStore, type PendingLinkCheck } from '../store/link-checks.js';
import { pageStatusLookup, savePage, unreachedPages } from '../store/pages.js';
import { setRunCoverage, type RunRow } from '../store/runs.js';
import { runUnits } from '../store/runs.js';
import { TrapGuard } from './traps.js';
import { hostKey, inScope, normalizeUrl } from '../store/url.js';
import { GroupCommit } from '../store/group-commit.js';

export interface CrawlStats {
  pages: number;
  errors: number;
  linksChecked: number;
  /** Pages the server said were unchanged since the previous run, carried over instead of downloaded. */
  reused?: number;
  /** Pages carried from the previous run without a request (the nightly plan). */
  carried?: number;
}

interface UnitState {
  unit: UnitInfo;
  homeUrl: string;
  prefixes: string[];
  hosts: Set<string>;
  guard: TrapGuard;
  admitted: number;
}

/** Link targets read from the store at a time in the link phase. */
const LINK_BATCH = 500;
/** Carried pages processed in one transaction (no request: each is a row copy and its links). */
const CARRY_BATCH = 200;
/** Link-check answers written in one transaction: the most a kill can lose of them (the crash-point test holds it to that). */
export const ANSWER_BATCH = 100;

/** How a page came to be read tonight, for the links it leads to. */
interface PageOrigin {
  /** Read from the server tonight (downloaded or a 304), not carried. */
  fresh: boolean;
}


/**
 * `pool` is the browser for pages whose lists are built by script and for the accessibility phase;
 * it launches only when first needed, and the caller closes it.
 */
export async function crawlRun(db: Db, run: RunRow, progress: Progress, signal: AbortSignal | undefined, pool: BrowserPool,
  analysis?: AnalysisPool): Promise<CrawlStats> {
  const opts: CrawlOptions = runConfig(run).crawl;
  // Builds on the previous finished run of the same crawl, unless the run's config turns it off
  // (crawl.incremental: false, or `crawl --full`): then every page and attachment is downloaded.
  const incremental = IncrementalCrawl.forRun(db, run);
  // A night that builds on an earlier run is planned (night-plan.ts); a first or full crawl is not.
  const plan = incremental ? new NightPlan(db, run, incremental.previous, revisitDaysOf(opts)) : null;
  const budgetMinutes = budgetMinutesOf(opts, plan !== null);
  const deadline = budgetMinutes === null ? Infinity : Date.now() + budgetMinutes * 60_000;
  let outOfBudget = false;
  if (plan) progress.log(crawlText.nightPlan(plan.previous.id, plan.revisitDays));
  const frontier = new Frontier(db, run.id);
  const links = new LinkCheckStore(db, run.id);
  const attachments = new AttachmentStore(db, run.id);
  const attachmentQueue = new AttachmentQueue(attachments);
  const seen = new SeenTargets();
  // The pages that finish within a fifth of a second share one commit (store/group-commit.ts), at
  // most a window's worth: a kill then costs at most the window in flight and one window finished.
  const window = Math.max(4, opts.concurrency * 2);
  const group = new GroupCommit(db, { maxRuns: window });
  group.onCommit(() => seen.commit());
  /** A page's writes, in the open group; its discoveries enter `seen` once the group committed. */
  const tx = (work: () => void): void => {
    const mark = seen.mark();
    try {
      group.run(work);
    } catch (err) {
      seen.discardSince(mark);
      throw err;
    }
  };
  // Entries a crawl of an earlier version left `active` (claims are no longer written: frontier.ts).
  const requeued = frontier.requeueActive();

  const admitted = frontier.admittedPerUnit();
  const states = new Map<string, UnitState>();
  for (const unit of runUnits(db, run.id)) {
    const homeUrl = normalizeUrl(unit.url) ?? unit.url;
    const prefixes = [homeUrl, ...unit.scope.map((s) => normalizeUrl(s) ?? s)];
    const st: UnitState = {
      unit, homeUrl, prefixes, hosts: new Set(prefixes.map(hostKey)), guard: new TrapGuard(), admitted: admitted.get(unit.id) ?? 0,
    };
    states.set(unit.id, st);
    // A resumed crawl replays what it admitted (streamed from SQLite), so trap budgets continue
    // where they stopped. Every admitted URL, the home page included, has passed the guard once,
    // in an uninterrupted crawl as in a resumed one, so both spend the same budgets.
    for (const url of frontier.urlsInOrder(unit.id)) st.guard.admit(url);
    if (st.admitted === 0) {
      st.guard.admit(homeUrl);
      frontier.add({ unitId: unit.id, url: homeUrl, depth: 0, parent: null, linkText: null, ...placement({
        unitId: unit.id, url: homeUrl, depth: 0, homeUrl, viaPagination: false, fromFresh: false, fromHome: false, nextAfterNew: false, listEntry: null,
      }) });
      st.admitted = 1;
    }
  }

  const limiter = new HostLimiter({ concurrency: opts.concurrency, perHostConcurrency: opts.perHostConcurrency, perHostDelayMs: opts.perHostDelayMs });
  const reader = { ...pageReaderFor(opts, limiter, pool, run.evalDate, signal), ...(analysis ? { analysis } : {}) };
  const { robotsFor, politeness } = reader;

  const stats: CrawlStats = { pages: 0, errors: 0, linksChecked: 0, reused: 0 };
  // Counted in memory: a COUNT over the frontier after every page would grow with the crawl.
  const initial = frontier.stats();
  let queued = initial.pending + initial.active;
  // A resumed page phase says what is left (the run's own resume line is printed before the crawl).
  if ((initial.done > 0 || requeued > 0) && initial.pending > 0) progress.log(crawlText.resumed(initial.pending));
  const report = () => progress.update(crawlText.progress(stats.pages, queued, stats.errors));
  const memory = memorySampler();

  // --- Phase 1: pages -------------------------------------------------------------------------
  // What one site may have claimed at once. With a politeness delay it answers one request at a
  // time, so two (one in flight, one ready) keep it busy; the rest of the window goes to the other
  // sites, whose units the frontier serves in turn. Without a delay, twice its per-host concurrency.
  // A unit's site is its home page's host: units with columns on the district portal share one.
  const siteWindow = opts.perHostDelayMs > 0 ? 2 : Math.max(2, opts.perHostConcurrency * 2);
  const siteByUnit = new Map([...states.values()].map((st) => [st.unit.id, hostKey(st.homeUrl)]));
  const siteOf = (unitId: string) => siteByUnit.get(unitId) ?? unitId;
  const inflight = new Set<Promise<void>>();
  const inflightBySite = new Map<string, number>();
  const room = (site: string) => siteWindow - (inflightBySite.get(site) ?? 0);
  // Essential and list pages in flight: carried pages wait for them (one may still move a carried
  // page up to tonight's fetches).
  let urgentInFlight = 0;
  let unreachedAdmitted = false;
  try {
    while (!signal?.aborted) {
      if (!outOfBudget && Date.now() >= deadline) {
        outOfBudget = true;
        progress.log(crawlText.budgetSpent(budgetMinutes ?? 0));
      }
      if (plan && urgentInFlight === 0 && frontier.pendingUpTo(LIST_PRIORITY) === 0) {
        const carried = frontier.claimCarry(CARRY_BATCH);
        if (carried.length > 0) {
          tx(() => { for (const e of carried) carryPage(e); });
          report();
          continue;
        }
      }
      if (outOfBudget) {
        // No new requests: what is left is carried when the previous run has it, else left for another night.
        const left = frontier.claim(CARRY_BATCH);
        if (left.length > 0) {
          tx(() => { for (const e of left) carryOrSkip(e); });
          continue;
        }
      } else if (inflight.size < window) {
        let claimed = frontier.claimFair(window - inflight.size, room, siteOf);
        // Nothing in flight and no unit with room claims anything: take whatever is left, in FIFO
        // order, so that a wrong count can never end the page phase early.
        if (claimed.length === 0 && inflight.size === 0) claimed = frontier.claim(window);
        // A site with many pages queued pays for the page threads: they start now, not after a warm-up.
        analysis?.expect(stats.pages + queued);
        for (const entry of claimed) {
          const st = states.get(entry.unitId);
          if (!st) { frontier.done(entry.unitId, entry.url); continue; }
          const site = siteOf(entry.unitId);
          const urgent = (entry.priority ?? PLAN_PRIORITY.new) <= LIST_PRIORITY;
          inflightBySite.set(site, (inflightBySite.get(site) ?? 0) + 1);
          if (urgent) urgentInFlight++;
          const p: Promise<void> = processPage(entry.url, entry.depth, st, entry).finally(() => {
            inflight.delete(p);
            inflightBySite.set(site, (inflightBySite.get(site) ?? 1) - 1);
            if (urgent) urgentInFlight--;
          });
          inflight.add(p);
        }
      }
      if (inflight.size === 0) {
        // Everything reachable tonight is done. Pages the previous run had that no link led to
        // tonight (a list whose items moved to a page carried as it was) are carried too — or, when
        // due, asked again — so a shifted list does not drop them. Once per run (a resume replays it).
        if (plan && !unreachedAdmitted) {
          unreachedAdmitted = true;
          if (admitUnreached() > 0) continue;
        }
        // The counts in memory are never lower than the truth; ask the store before deciding it is over.
        frontier.recount();
        if (frontier.pendingUpTo(Number.MAX_SAFE_INTEGER) === 0) break;
        continue;
      }
      await Promise.race(inflight);
      report();
    }
    await Promise.allSettled(inflight);
  } catch (err) {
    // What the last group holds is committed also when the crawl stops on a fault; the fault wins.
    group.commitAfterFault();
    throw err;
  }
  group.commit();
  if (signal?.aborted) return stats;

  /** Where an admitted URL goes tonight: unplanned crawls keep the plain FIFO order. */
  function placement(a: Admission): { priority?: number; plan?: PlanKind } {
    if (!plan) return {};
    return plan.place(a);
  }

  /** A page not due tonight: the previous run's row, with the date it was verified, and its links. */
  function carryPage(e: FrontierEntry): void {
    const st = states.get(e.unitId);
    const snapshot = st && incremental ? incremental.carryUnasked(e.unitId, e.url, e.depth) : undefined;
    if (snapshot === undefined || !st) {
      // The previous run has no such page after all (a resume across a pruned run): leave it out.
      frontier.skip(e.unitId, e.url);
      queued--;
      return;
    }
    stats.pages++;
    stats.carried = (stats.carried ?? 0) + 1;
    queued--;
    if (snapshot) discover(snapshot, e.url, e.depth, st, { fresh: false });
    frontier.done(e.unitId, e.url);
  }

  /** The night's budget is spent: carry what the previous run has, leave new pages for another night. */
  function carryOrSkip(e: FrontierEntry): void {
    if (plan && plan.known(e.unitId, e.url)) {
      carryPage(e);
      return;
    }
    frontier.skip(e.unitId, e.url);
    queued--;
  }

  /** Admits the previous run's pages that no link reached tonight; returns how many. */
  function admitUnreached(): number {
    if (!plan) return 0;
    let n = 0;
    for (const st of states.values()) {
      const rows = unreachedPages(db, plan.previous.id, run.id, st.unit.id);
      db.transaction(() => {
        for (const r of rows) {
          if (st.admitted >= opts.maxPagesPerUnit) break;
          if (!st.guard.admit(r.url).ok) continue;
          const due = plan.isDue(st.unit.id, r.url);
          const kind: PlanKind = due ? 'unreached' : 'carry';
          if (frontier.add({ unitId: st.unit.id, url: r.url, depth: r.depth, parent: null, linkText: null, plan: kind, priority: PLAN_PRIORITY[kind] })) {
            st.admitted++;
            queued++;
            n++;
          }
        }
      })();
    }
    return n;
  }

  /**
   * One frontier entry, whatever happens: an unexpected fault while processing the page becomes the
   * page's recorded error and the crawl goes on. Only a failing store (disk full, database locked by
   * another writer) ends the crawl: nothing could be saved anyway, and the run stays resumable.
   */
  async function processPage(url: string, depth: number, st: UnitState, from?: { parent: string | null; linkText: string | null; plan?: string | null }): Promise<void> {
    const counted = { done: false };
    try {
      await fetchAndStore(url, depth, st, counted, from);
    } catch (err) {
      if (err instanceof Database.SqliteError) throw err;
      // Cut short by the interrupt: the entry stays pending and --resume does it again.
      if (signal?.aborted) return;
      if (!counted.done) {
        stats.pages++;
        queued--;
      }
      stats.errors++;
      const message = crawlText.processingFailed(err instanceof Error ? err.message : String(err));
      db.transaction(() => {
        savePage(db, run.id, { unitId: st.unit.id, url, finalUrl: url, status: null, contentType: null, charset: null,
          fetchedAt: new Date().toISOString(), redirects: [], error: message, depth, snapshot: null, html: null }, run.evalDate);
        frontier.done(st.unit.id, url);
      })();
    }
    memory.page(stats.pages);
  }

  // On an interrupt, a page whose fetch was cut short is not saved: its entry stays pending, and
  // --resume fetches it again. Saving it would record 请求已取消 as the page's result for good.
  async function fetchAndStore(url: string, depth: number, st: UnitState, counted: { done: boolean },
    from?: { parent: string | null; linkText: string | null; plan?: string | null }): Promise<void> {
    const fetchedAt = new Date().toISOString();
    const previous = incremental?.previousPage(st.unit.id, url, depth, st.homeUrl) ?? null;
    const read = await readPageIfChanged(url, reader, previous && { etag: previous.etag, lastModified: previous.lastModified }, st.unit.name);
    if (read.kind === 'aborted') return;
    if (read.kind === 'unchanged') {
      // Only a request sent with validators gets this answer, so there is a copy to carry over.
      if (!incremental || !previous) throw new Error('304 Not Modified without a previous copy');
      counted.done = true;
      carryOver(incremental, previous, url, depth, st, read.res.headers, fetchedAt);
      return;
    }
    if (read.kind === 'disallowed') {
      db.transaction(() => {
        savePage(db, run.id, { unitId: st.unit.id, url, finalUrl: url, status: null, contentType: null, charset: null, fetchedAt,
          redirects: [], error: crawlText.robotsDisallowed, depth, snapshot: null, html: null }, run.evalDate);
        frontier.done(st.unit.id, url);
      })();
      queued--;
      counted.done = true;
      return;
    }
    const { res, html, charset, snapshot, via, renderNote } = read;
    queued--;
    counted.done = true;
    // A page the previous run had that no link leads to any more, and that is gone: a full crawl
    // would not see it either, so it leaves tonight's run instead of becoming an error page.
    if (from?.plan === 'unreached' && (res.status === 404 || res.status === 410)) {
      db.transaction(() => frontier.done(st.unit.id, url))();
      return;
    }
    stats.pages++;
    if (res.error || (res.status !== null && res.status >= 400)) stats.errors++;

    tx(() => {
      savePage(db, run.id, {
        unitId: st.unit.id, url, finalUrl: res.finalUrl, status: res.status, contentType: res.contentType, charset, fetchedAt,
        redirects: res.redirects, error: res.error ? res.error.message : null, depth, snapshot, html, via, renderNote,
        etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null,
        pageKind: snapshot ? pageKindOf(snapshot) : null, results: read.results ?? null, stored: read.prepared ?? null,
      }, run.evalDate);
      if (snapshot) discover(snapshot, url, depth, st, { fresh: true });
      // A download link without a file extension (download.jsp?id=…) shows what it is by its
      // Content-Type, its Content-Disposition file name or its bytes (application/octet-stream).
      // An error page (403, 429, 5xx) is not the file the link promised: never read it as one.
      else if (from?.parent && res.body !== null && res.status !== null && res.status < 400) {
        attachmentQueue.offer(st.unit.id, st.hosts, {
          href: url, fromUrl: from.parent, text: from.linkText ?? '', contentType: res.contentType,
          contentDisposition: res.headers['content-disposition'] ?? null, body: res.body,
        });
      }
      frontier.done(st.unit.id, url);
    });
  }

  /**
   * 304 Not Modified: the previous run's row becomes this run's (same bytes, same snapshot), and its
   * links are discovered as if it had been downloaded, so the crawl reaches the same URLs.
   */
  function carryOver(inc: IncrementalCrawl, previous: PreviousPage, url: string, depth: number, st: UnitState,
    headers: Record<string, string>, fetchedAt: string): void {
    stats.pages++;
    stats.reused = (stats.reused ?? 0) + 1;
    queued--;
    tx(() => {
      const snapshot = inc.carryOver(st.unit.id, url, previous, {
        fetchedAt, depth, etag: headers['etag'] ?? null, lastModified: headers['last-modified'] ?? null,
      });
      if (snapshot) discover(snapshot, url, depth, st, { fresh: true });
      frontier.done(st.unit.id, url);
    });
  }

  function discover(snap: PageSnapshot, pageUrl: string, depth: number, st: UnitState, origin: PageOrigin): void {
    const fromHome = pageUrl === st.homeUrl || depth === 0;
    const found = pageLinks(snap);
    // The nightly plan reads a fresh list page's entries: which items are new (then its next page is
    // fetched too, since the list shifted), and each item's date and title (a changed entry means a
    // changed page).
    const entries = new Map<string, string>();
    let nextAfterNew: Set<string> | null = null;
    if (plan) {
      for (const item of snap.datedItems) {
        const href = item.href === '' ? null : (normalizeUrl(item.href) ?? null);
        if (href && !entries.has(href)) entries.set(href, listEntryKey(item.date, item.title));
      }
      if (origin.fresh && found.pagination.length > 0 && [...entries.keys()].some((href) => !plan.known(st.unit.id, href))) {
        const next = nextPageOf(snap.url || pageUrl, found.pagination);
        nextAfterNew = new Set(next ? [next] : found.pagination);
      }
    }
    // A link as the plan sees it, made only when asked: most links lead to pages already queued.
    const admission = (href: string, viaPagination: boolean, listEntry: string | null): Admission => ({
      unitId: st.unit.id, url: href, depth: depth + 1, homeUrl: st.homeUrl, viaPagination, fromFresh: origin.fresh,
      fromHome, nextAfterNew: nextAfterNew?.has(href) ?? false, listEntry,
    });
    const follow = (href: string, text: string, viaPagination: boolean) => {
      const listEntry = entries.get(href) ?? null;
      // Seen before: answered by the frontier's primary key, so the trap guard only ever sees new URLs.
      // Tonight a fresh page may still move it up (a carried page that turns out due, a list's next page).
      if (seen.isQueued(st.unit.id, href) || frontier.has(st.unit.id, href)) {
        seen.noteQueued(st.unit.id, href);
        if (plan && origin.fresh) {
          const placed = plan.place(admission(href, viaPagination, listEntry));
          if (placed.priority < PLAN_PRIORITY.carry) frontier.upgrade(st.unit.id, href, placed.priority, placed.plan);
          if (listEntry) frontier.noteListEntry(st.unit.id, href, listEntry);
        }
        return;
      }
      if (st.admitted >= opts.maxPagesPerUnit) return;
      if (isDocumentUrl(href)) return;
      if (!st.guard.admit(href).ok) return;
      if (frontier.add({ unitId: st.unit.id, url: href, depth: depth + 1, parent: pageUrl, linkText: text || null, listEntry, ...placement(admission(href, viaPagination, listEntry)) })) {
        seen.noteQueued(st.unit.id, href);
        st.admitted++;
        queued++;
      }
    };
    for (const link of found.links) {
      const href = link.href;
      // A target recorded before keeps its first row (INSERT OR IGNORE) and its attachment offer.
      if (!seen.isRecorded(st.unit.id, href)) {
        links.add(st.unit.id, { href, fromUrl: snap.url || pageUrl, text: link.text, kind: link.kind, external: !st.hosts.has(hostKey(href)), fromHome });
        attachmentQueue.offer(st.unit.id, st.hosts, { href, fromUrl: snap.url || pageUrl, text: link.text });
        seen.noteRecorded(st.unit.id, href);
      }
      if (link.kind === 'page' && inScope(href, st.prefixes)) follow(href, link.text, false);
    }
    for (const href of found.pagination) {
      if (inScope(href, st.prefixes)) follow(href, '', true);
    }
  }

  // --- Phase 2: link targets -------------------------------------------------------------------
  const known = pageStatusLookup(db, run.id);
  const totalChecks = links.countUnchecked();
  progress.log(crawlText.checkingLinks(totalChecks));
  // Read in batches through a rowid cursor (the workers share it; taking the next target is
  // synchronous, so no two workers take the same one). Targets in flight at a kill have no verdict
  // yet and are checked again on resume.
  let batch: PendingLinkCheck[] = [];
  let cursor = 0;
  let exhausted = false;
  const nextCheck = (): PendingLinkCheck | undefined => {
    if (batch.length === 0 && !exhausted) {
      batch = links.uncheckedAfter(cursor, LINK_BATCH);
      if (batch.length === 0) exhausted = true;
      else cursor = batch[batch.length - 1]!.rowid;
    }
    return batch.shift();
  };
  // The nightly plan re-checks a target tonight when the home page links it, when it is new, or when
  // it is due (least recently verified first); the rest keep the answer of the night they were checked.
  const linksDue = new Map<string, Set<string>>();
  const linkDue = (unitId: string, href: string): boolean => {
    if (!plan) return true;
    let due = linksDue.get(unitId);
    if (!due) {
      const total = links.dueAfter(plan.previous.id, unitId, 0, '', plan.previous.evalDate).total;
      due = links.dueAfter(plan.previous.id, unitId, Math.ceil(total / plan.revisitDays), plan.overdueOn, plan.previous.evalDate).due;
      linksDue.set(unitId, due);
    }
    return due.has(href);
  };
  const tonight = { run: run.id, on: run.evalDate };
  // Answers are written a batch at a time: most targets are pages of this run, answered one after
  // another without a request, and a transaction each (between two groups, a commit each) cost
  // more than the answers themselves. A kill loses at most a batch and a group, asked again on resume.
  const answers: (() => void)[] = [];
  const writeAnswers = (): void => {
    if (answers.length === 0) return;
    const batch = answers.splice(0);
    group.run(() => { for (const write of batch) write(); });
  };
  const answer = (write: () => void): void => {
    answers.push(write);
    if (answers.length >= ANSWER_BATCH) writeAnswers();
  };
  const worker = async () => {
    while (!signal?.aborted) {
      const c = nextCheck();
      if (!c) break;
      const st = states.get(c.unitId);
      const crawled = known(c.unitId, c.href);
      let status: number | null;
      let error: string | null;
      let errorCode: string | null = null;
      let verified = tonight;
      if (crawled && (crawled.status !== null || crawled.error !== crawlText.robotsDisallowed)) {
        status = crawled.status;
        error = crawled.error;
        errorCode = crawled.status === null ? 'other' : null;
        // A page of this run answers for the link: verified when the page was.
        verified = { run: crawled.verifiedRun ?? run.id, on: crawled.verifiedOn ?? run.evalDate };
      } else if (plan && !c.fromHome && !linkDue(c.unitId, c.href) && group.run(() => links.carryUnasked(plan.previous.id, c.unitId, c.href))) {
        continue;
      } else if (outOfBudget || Date.now() >= deadline) {
        // The budget is spent: a target with an earlier answer keeps it; a new one waits for another night.
        if (!outOfBudget) {
          outOfBudget = true;
          progress.log(crawlText.budgetSpent(budgetMinutes ?? 0));
        }
        if (plan) answer(() => links.carryUnasked(plan.previous.id, c.unitId, c.href));
        continue;
      } else {
        if (opts.respectRobots && !c.external) {
          const robots = await robotsFor(c.href).catch(() => null);
          if (robots && !robots.allowed(c.href)) {
            answer(() => links.setResult(c.unitId, c.href, { status: null, error: crawlText.robotsDisallowed, verdict: 'skipped' }, tonight));
            continue;
          }
        }
        try {
          let r = await withOwnSignal(signal, (s) => limitedFetch(limiter, c.href, { timeoutMs: opts.timeoutMs, method: 'HEAD', retries: 1, ...(s ? { signal: s } : {}) }));
          if (r.status !== null && r.status >= 400) {
            // Many servers answer HEAD wrongly (405, 404, 500 where GET works): only a GET is proof.
            r = await withOwnSignal(signal, (s) => limitedFetch(limiter, c.href, { timeoutMs: opts.timeoutMs, method: 'GET', retries: 1, maxBytes: 64 * 1024, ...(s ? { signal: s } : {}) }));
          }
          status = r.status;
          error = r.error ? r.error.message : null;
          errorCode = r.error ? r.error.code : null;
        } catch (err) {
          // A fault in the fetch layer proves nothing about the link (doubt), and the checks go on.
          status = null;
          error = crawlText.processingFailed(err instanceof Error ? err.message : String(err));
          errorCode = 'other';
        }
      }
      if (signal?.aborted) break;
      const verdict = linkVerdict({ status, errorCode, external: c.external || !st });
      answer(() => links.setResult(c.unitId, c.href, { status, error, verdict }, verified));
      stats.linksChecked++;
      progress.update(crawlText.linkProgress(stats.linksChecked, totalChecks));
    }
  };
  // The answers' batches share commits as the pages did: a kill loses at most a group of them, asked
  // again on resume.
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
    writeAnswers();
  } catch (err) {
    group.commitAfterFault();
    throw err;
  }
  group.commit();

  // --- Phase 2b: attachments (read for personal data) -------------------------------------------
  if (!signal?.aborted) {
    await readPendingAttachments(attachments, limiter, {
      timeoutMs: attachmentTimeoutMs(opts.timeoutMs), signal, progress,
      ...(incremental ? { previousRunId: incremental.previous.id } : {}),
      ...(plan ? { plan: { revisitDays: plan.revisitDays, overdueOn: plan.overdueOn, previousEvalDate: plan.previous.evalDate } } : {}),
      outOfTime: () => outOfBudget || Date.now() >= deadline,
      allowed: async (u) => !opts.respectRobots || (await robotsFor(u)).allowed(u),
    });
  }

  // --- Phase 3: network probes (HTTPS, IPv6) ---------------------------------------------------
  if (!signal?.aborted) await probeUnits(db, run.id, [...states.values()].map((s) => s.unit), { timeoutMs: opts.timeoutMs, signal, limiter });

  // --- Phase 4: accessibility (axe in Chromium) on a sample of each unit's pages -----------------
  if (!signal?.aborted && opts.a11yPagesPerUnit > 0 && plan && (outOfBudget || Date.now() >= deadline)) {
    // No time left for a browser: the pages keep the accessibility results of the night they were checked.
    carryAxeResults(db, plan.previous.id, run.id);
  } else if (!signal?.aborted && opts.a11yPagesPerUnit > 0) {
    if (await pool.available()) {
      await runA11yPhase(db, run.id, [...states.values()].map((s) => s.unit), pool,
        { pagesPerUnit: opts.a11yPagesPerUnit, timeoutMs: opts.timeoutMs, evalDate: run.evalDate, signal, politeness }, progress);
    } else {
      progress.log(pool.unavailableReason ?? chromiumMissingMessage());
    }
  }
  await limiter.onIdle();
  if (!signal?.aborted) {
    setRunCoverage(db, run.id, countCoverage(db, run.id, {
      planned: plan !== null, budgetMinutes, budgetSpent: outOfBudget || Date.now() >= deadline, revisitDays: plan?.revisitDays ?? null,
    }));
  }
  if (incremental && !signal?.aborted) {
    // Pages as this process counted them (as the summary's 本次抓取 does); attachments from the store.
    progress.log(crawlText.reusedUnchanged(stats.reused ?? 0, incremental.reusedCounts().attachments, incremental.previous.id));
  }
  memory.end(stats.pages);
  progress.done();
  return stats;
}
