/**
 * The nightly plan: what tonight must ask the servers, and what it carries from the previous run
 * without a request. A county portal holds far more pages than a polite night can fetch, so a night
 * that builds on an earlier run fetches, in this order (lower priority value first):
 *
 *   0 essential — each home page, the pages the home page links to (its links are the ones a
 *     visitor sees first: a broken one is a site-level finding), and what the site model found last
 *     night: the 政府信息公开 column, its parts, the guide, the annual-report list and newest report;
 *   1 list      — every column's first list page (freshness is judged on it; new items appear
 *     there), and a list's next page when the page before it held an item not known before (static
 *     pagination shifts when items are added);
 *   2 new / changed — pages never fetched before, and pages whose list entry (date or title)
 *     changed since the night before;
 *   3 revisit   — known pages due again: each unit's least recently verified pages, enough that every
 *     page is verified at least once every `revisitDays` nights, and any page older than that.
 *
 * Everything else known is carried: the previous run's row (and so its findings) with the run and
 * date it was last verified. Known pages are asked conditionally (ETag / Last-Modified, the
 * incremental crawl), so a re-verification of an unchanged article costs a 304. A first crawl, a
 * `--full` crawl and `crawl.incremental: false` are not planned: every page is fetched.
 */
import type { Db } from '../store/db.js';
import { CARRY_PRIORITY } from '../store/frontier.js';
import { pagesDue, previousPageFacts, unitPageCount, type PreviousPageFacts } from '../store/pages.js';
import type { RunRow } from '../store/runs.js';
import { siteRolesOf, type SiteRole } from '../store/site-roles.js';

export type PlanKind = 'essential' | 'list' | 'new' | 'changed' | 'revisit' | 'carry' | 'unreached';

/** Frontier priority of each kind of work (store/frontier.ts: lower is sooner). */
export const PLAN_PRIORITY: Readonly<Record<PlanKind, number>> = {
  essential: 0,
  list: 1,
  new: 2,
  changed: 2,
  revisit: 3,
  unreached: 3,
  carry: CARRY_PRIORITY,
};

/** The last priority whose pages carried ones must wait for (a list fetched tonight may still move one up). */
export const LIST_PRIORITY = PLAN_PRIORITY.list;

/** Roles whose pages are fetched every night. */
const ESSENTIAL_ROLES: ReadonlySet<SiteRole> = new Set(['home', 'disclosure', 'part', 'guide', 'report-list', 'report']);

/** How a URL came to be admitted tonight. */
export interface Admission {
  unitId: string;
  url: string;
  depth: number;
  /** The unit's home page (normalised). */
  homeUrl: string;
  /** Found in a list's pagination, not as a link. */
  viaPagination: boolean;
  /** The page that links it was fetched tonight (not carried). */
  fromFresh: boolean;
  /** ...and it is the unit's home page. */
  fromHome: boolean;
  /** A pagination link to the page after a list page that held an item not known before. */
  nextAfterNew: boolean;
  /** `date title` of the list entry that links it, if any. */
  listEntry: string | null;
}

export interface Placement {
  plan: PlanKind;
  priority: number;
}

/** `date title` of a list entry: what a change of date or title changes. */
export function listEntryKey(date: string, title: string): string {
  return `${date} ${title.replace(/\s+/g, ' ').trim()}`;
}

/** The evaluation date `days` days before `date` (YYYY-MM-DD, UTC arithmetic on calendar dates). */
export function daysBefore(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export class NightPlan {
  private readonly facts: (unitId: string, url: string) => PreviousPageFacts | undefined;
  private readonly roles: Map<string, Map<string, Set<SiteRole>>>;
  private readonly due = new Map<string, Set<string>>();
  /** Tonight's evaluation date minus revisitDays: a row verified on or before it is overdue. */
  readonly overdueOn: string;

  constructor(private readonly db: Db, readonly run: RunRow, readonly previous: RunRow, readonly revisitDays: number) {
    this.facts = previousPageFacts(db, previous.id);
    this.roles = siteRolesOf(db, previous.id);
    this.overdueOn = daysBefore(run.evalDate, revisitDays);
  }

  /** The previous run's facts of a page, or undefined when the page is new tonight. */
  previousFacts(unitId: string, url: string): PreviousPageFacts | undefined {
    return this.facts(unitId, url);
  }

  /** Whether the previous run had the page (so an item linking it is not new). */
  known(unitId: string, url: string): boolean {
    return this.facts(unitId, url) !== undefined;
  }

  /**
   * The unit's known pages due tonight: enough of the least recently verified that all are verified
   * within revisitDays nights, plus any overdue. Computed once per unit, the same on a resume.
   */
  private dueOf(unitId: string): Set<string> {
    let due = this.due.get(unitId);
    if (!due) {
      const quota = Math.ceil(unitPageCount(this.db, this.previous.id, unitId) / this.revisitDays);
      due = pagesDue(this.db, this.previous.id, unitId, quota, this.overdueOn, this.previous.evalDate);
      this.due.set(unitId, due);
    }
    return due;
  }

  /** Whether a known page is due for re-verification tonight. */
  isDue(unitId: string, url: string): boolean {
    return this.dueOf(unitId).has(url);
  }

  private roleOf(unitId: string, url: string): Set<SiteRole> | undefined {
    return this.roles.get(unitId)?.get(url);
  }

  /** Where an admitted URL goes tonight. */
  place(a: Admission): Placement {
    const at = (plan: PlanKind): Placement => ({ plan, priority: PLAN_PRIORITY[plan] });
    const prev = this.facts(a.unitId, a.url);
    // Never read cleanly (new, or an error last time: a fix should show the next morning).
    if (!prev || prev.status === null || prev.status >= 400) return at('new');
    const roles = this.roleOf(a.unitId, a.url);
    if (a.depth === 0 || a.url === a.homeUrl) return at('essential');
    if (roles && [...roles].some((r) => ESSENTIAL_ROLES.has(r))) return at('essential');
    if (a.fromHome && a.fromFresh) return at('essential');
    if (prev.kind === 'list' || roles?.has('column')) {
      if (!a.viaPagination) return at('list');
      if (a.nextAfterNew) return at('list');
    }
    if (a.listEntry !== null && a.fromFresh && prev.listEntry !== null && prev.listEntry !== a.listEntry) return at('changed');
    if (this.isDue(a.unitId, a.url)) return at('revisit');
    return at('carry');
  }
}

/**
 * The page a list page's pagination leads to next: the link whose URL differs from the page's own
 * in one number only, and by the smallest step up (`index_1.html` after `index.html`, `page=3` after
 * `page=2`). Null when no link reads that way (the caller then takes every pagination link).
 */
export function nextPageOf(pageUrl: string, links: readonly string[]): string | null {
  const own = numbersOf(pageUrl);
  let best: { url: string; n: number } | null = null;
  for (const link of links) {
    const step = stepBetween(pageUrl, own, link);
    if (step === null) continue;
    if (!best || step < best.n) best = { url: link, n: step };
  }
  return best?.url ?? null;
}

function numbersOf(url: string): { parts: string[]; nums: number[] } {
  const parts = url.split(/(\d+)/);
  return { parts, nums: parts.filter((_, i) => i % 2 === 1).map(Number) };
}

/**
 * How far up `link` is from the page: its one differing number minus the page's (a page without
 * that number, such as `index.html` before `index_1.html`, counts as 0). Null when the two URLs
 * differ otherwise.
 */
function stepBetween(pageUrl: string, own: { parts: string[]; nums: number[] }, link: string): number | null {
  const other = numbersOf(link);
  if (other.parts.length === own.parts.length) {
    let diff: number | null = null;
    for (let i = 0; i < own.parts.length; i++) {
      if (own.parts[i] === other.parts[i]) continue;
      if (i % 2 === 0 || diff !== null) return null;
      diff = Number(other.parts[i]) - Number(own.parts[i]);
    }
    return diff !== null && diff > 0 ? diff : null;
  }
  // The first page without a number: `index.html` → `index_1.html`, `list.html` → `list.html?page=2`.
  if (other.parts.length === own.parts.length + 2) {
    for (let i = 1; i < other.parts.length; i += 2) {
      const before = other.parts.slice(0, i).join('').replace(/([?&][A-Za-z_]+=|[_-])$/, '');
      const after = other.parts.slice(i + 1).join('');
      if (before + after === pageUrl) {
        const n = Number(other.parts[i]);
        return n > 0 ? n : null;
      }
    }
  }
  return null;
}
