/**
 * A map that keeps only recent entries: when the young generation fills, it becomes the old one and
 * the previous old one is dropped. For memoising pure functions over a crawl's stream of keys (URLs
 * repeat on every page: menus, breadcrumbs, the column's list) without growing with the site.
 */
export class RecentMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /** `generation`: entries a generation holds; at most twice as many are kept. */
  constructor(private readonly generation: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined || this.young.has(key)) return v;
    if (!this.old.has(key)) return undefined;
    const kept = this.old.get(key) as V;
    // Used again: it stays for another generation.
    this.set(key, kept);
    return kept;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
