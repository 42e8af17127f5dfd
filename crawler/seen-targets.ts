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

/** A set of keys that forgets the oldest half when it grows past two generations. */
class RecentKeys {
  private young = new Set<string>();
  private old = new Set<string>();

  has(key: string): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  add(key: string): void {
    this.young.add(key);
    if (this.young.size >= GENERATION) {
      this.old = this.young;
      this.young = new Set();
    }
  }
}

export class SeenTargets {
  private readonly recorded = new RecentKeys();
  private readonly queued = new RecentKeys();
  private staged: [RecentKeys, string][] = [];

  /** The target's link row and attachment offer were made (this transaction or an earlier one). */
  isRecorded(unitId: string, href: string): boolean {
    return this.recorded.has(keyOf(unitId, href));
  }

  /** The URL is known to be in the frontier. */
  isQueued(unitId: string, url: string): boolean {
    return this.queued.has(keyOf(unitId, url));
  }

  noteRecorded(unitId: string, href: string): void {
    this.staged.push([this.recorded, keyOf(unitId, href)]);
  }

  noteQueued(unitId: string, url: string): void {
    this.staged.push([this.queued, keyOf(unitId, url)]);
  }

  /** The transaction that made the staged rows committed. */
  commit(): void {
    for (const [keys, key] of this.staged) keys.add(key);
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

function keyOf(unitId: string, url: string): string {
  return `${unitId}\u0000${url}`;
}
