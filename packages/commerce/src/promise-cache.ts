/** Each caller gets its own copy, so one that edits a result cannot change what the next one reads. */
const copy = <T>(value: T): T => structuredClone(value);

/** One cached call: when it expires, the answer (or the call in flight), and what it resolved to. */
interface CacheEntry<T = unknown> {
  expiresAt: number;
  value: Promise<T>;
  /** The result once it has arrived; undefined while the call is in flight. */
  result?: T;
}

/**
 * Results of calls to a store, kept for a while by key: concurrent identical calls share one
 * request, failures are not kept (the next call tries again), the least recently used goes first
 * past `maxSize`, and every caller gets its own copy. The cached order and product sources share it.
 */
export class PromiseCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly maxSize: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Drops the entries `test` picks, given each key and its result (undefined while the call is in
   * flight); expired entries are offered too, until they are next touched.
   */
  deleteWhere(test: (key: string, result: unknown) => boolean): void {
    for (const [key, entry] of this.entries) if (test(key, entry.result)) this.entries.delete(key);
  }

  /** The cached result for `key`, or `load()`'s, kept for `ttlMs`. */
  get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      // Re-insert so that Map order stays least-recently-used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value.then(copy) as Promise<T>;
    }
    if (hit) this.entries.delete(key);
    const value = load();
    const entry: CacheEntry<T> = { expiresAt: now + ttlMs, value };
    this.entries.set(key, entry as CacheEntry);
    value.then(
      (result) => {
        entry.result = result;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value.then(copy);
  }
}
