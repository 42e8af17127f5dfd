/**
 * What this crawl already knows of each unit's link targets, in memory: the targets it recorded
 * (link_checks row and attachment offer made) and the URLs it knows are in the frontier. A page
 * repeats most of its links on every other page (menus, footers, the column's list), so without
 * this every link of every page was a round trip to SQLite (INSERT OR IGNORE, SELECT 1).
 *
 * Only a positive cache: a URL not here is asked of the store as before, so a resumed crawl (which
 * starts empty) behaves the same. Additions wait for their transaction: `commit()` after it wrote,
 * `discard()` when it rolled back, so the cache never claims a row the store does not have.
 */
export class SeenTargets {
  private readonly recorded = new Map<string, Set<string>>();
  private readonly queued = new Map<string, Set<string>>();
  private staged: [Map<string, Set<string>>, string, string][] = [];

  /** The target's link row and attachment offer were made (this transaction or an earlier one). */
  isRecorded(unitId: string, href: string): boolean {
    return this.recorded.get(unitId)?.has(href) === true;
  }

  /** The URL is known to be in the frontier. */
  isQueued(unitId: string, url: string): boolean {
    return this.queued.get(unitId)?.has(url) === true;
  }

  noteRecorded(unitId: string, href: string): void {
    this.staged.push([this.recorded, unitId, href]);
  }

  noteQueued(unitId: string, url: string): void {
    this.staged.push([this.queued, unitId, url]);
  }

  /** The transaction that made the staged rows committed. */
  commit(): void {
    for (const [map, unitId, url] of this.staged) {
      let set = map.get(unitId);
      if (!set) map.set(unitId, (set = new Set()));
      set.add(url);
    }
    this.staged = [];
  }

  /** The transaction rolled back: its rows are not in the store. */
  discard(): void {
    this.staged = [];
  }
}
