import type { Product, ProductPage, ProductSource } from '@sportello/protocol';
import { PromiseCache } from './promise-cache';

export interface CachedProductSourceOptions {
  /** How long a listing page is reused, in ms. Default 300 000 (5 min): the catalogue changes seldom. */
  listTtlMs?: number;
  /** How long one product (with its stock) is reused, in ms. Default 30 000, like orders: stock moves. */
  productTtlMs?: number;
  /** How many pages and products are kept; the least recently used goes first. Default 1 000. */
  maxSize?: number;
  /** The clock, in ms; injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Wraps any `ProductSource` and reuses its answers for a while: each listing page (by cursor) for
 * `listTtlMs`, each product (by id, "not found" included) for `productTtlMs`. Concurrent identical
 * calls share one request; failures are not kept (the next call tries again).
 */
export class CachedProductSource implements ProductSource {
  private readonly entries: PromiseCache;
  private readonly listTtlMs: number;
  private readonly productTtlMs: number;

  constructor(
    private readonly inner: ProductSource,
    options: CachedProductSourceOptions = {},
  ) {
    this.listTtlMs = options.listTtlMs ?? 300_000;
    this.productTtlMs = options.productTtlMs ?? 30_000;
    this.entries = new PromiseCache(Math.max(1, options.maxSize ?? 1_000), options.now ?? Date.now);
  }

  /** How long a listing page is reused, in ms. */
  get listingTtlMs(): number {
    return this.listTtlMs;
  }

  /** How many results are held now (expired ones included until they are next touched). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything, e.g. to read the catalogue afresh after a change in the store. */
  clear(): void {
    this.entries.clear();
  }

  listProducts(cursor: string | null): Promise<ProductPage> {
    return this.entries.get(JSON.stringify(['list', cursor]), this.listTtlMs, () => this.inner.listProducts(cursor));
  }

  getProduct(id: string): Promise<Product | null> {
    return this.entries.get(JSON.stringify(['product', id.trim()]), this.productTtlMs, () => this.inner.getProduct(id));
  }
}
