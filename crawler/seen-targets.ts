/**
 * What this crawl already knows of each unit's link targets, in memory: the targets it recorded
 * (link_checks row and attachment offer made) and the URLs it knows are in the frontier. A page
 * repeats most of its links on every other page (menus, footers, the column's list), so without
 * this every link of every page was a round trip to SQLite (INSERT OR IGNORE, SELECT 1).
 *
 * Only a positive cache, and a bounded one: a URL not here is asked of the store as before, so a
 * resumed crawl (which starts empty) behaves the same, and the memory does not grow with the site
 * (the store holds every URL; this keeps the recently seen ones, which the repeated links are).
 * Additions wait for their transaction: `commit()` after it wrote, `discardSince()` when it rolled back,
 * so the cache never claims a row the store does not have.
 */

/** Entries a generation holds before it becomes the old one (two generations are kept). */
const GENERATION = 20_000;

/**
 * A set of (unit, URL) pairs that forgets the oldest half when it grows past two generations. Kept
 * as a set of URLs per unit rather than joined keys: a link's URL string is looked up as it is (its
 * hash computed once), where a joined key was a new string to build and hash for every link.
 */
class RecentKeys {
  private young = new Map<string, Set<string>>();
  private youngSize = 0;
  private old = new Map<string, Set<string>>();

  has(unitId: string, url: string): boolean {
    return (this.young.get(unitId)?.has(url) ?? false) || (this.old.get(unitId)?.has(url) ?? false);
  }

  add(unitId: string, url: string): void {
    let urls = this.young.get(unitId);
    if (!urls) this.young.set(unitId, (urls = new Set()));
    if (urls.has(url)) return;
    urls.add(url);
    if (++this.youngSize >= GENERATION) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
  }
}

export class SeenTargets {
  private readonly recorded = new RecentKeys();
  private readonly queued = new RecentKeys();
  private staged: [RecentKeys, string, string][] = [];

  /** The target's link row and attachment offer were made (this transaction or an earlier one). */
  isRecorded(unitId: string, href: string): boolean {
    return this.recorded.has(unitId, href);
  }

  /** The URL is known to be in the frontier. */
  isQueued(unitId: string, url: string): boolean {
    return this.queued.has(unitId, url);
  }

  noteRecorded(unitId: string, href: string): void {
    this.staged.push([this.recorded, unitId, href]);
  }

  noteQueued(unitId: string, url: string): void {
    this.staged.push([this.queued, unitId, url]);
  }

  /** The transaction that made the staged rows committed. */
  commit(): void {
    for (const [keys, unitId, url] of this.staged) keys.add(unitId, url);
    this.staged = [];
  }

  /** Where the staged additions stand now, for `discardSince`. */
  mark(): number {
    return this.staged.length;
  }

  /**
   * The transaction (or savepoint) begun at `mark` rolled back: the additions it staged are not in
   * the store. Those staged before it stay staged until their commit.
   */
  discardSince(mark: number): void {
    this.staged.length = Math.min(this.staged.length, mark);
  }
}
