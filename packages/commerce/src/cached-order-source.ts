import type { Order, OrderSource, ReturnRecord, ReturnRequest } from '@sportello/protocol';
import { normalizeOrderNumber } from './order-match';
import { PromiseCache } from './promise-cache';

export interface CachedOrderSourceOptions {
  /** How long a result is reused, in ms. Default 30 000: long enough for one chat, short enough to see a new shipment soon. */
  ttlMs?: number;
  /** How many results are kept; the least recently used goes first. Default 500. */
  maxSize?: number;
  /** The clock, in ms; injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Wraps any `OrderSource` (a platform, or the demo one) and reuses each read's result for a short
 * while, keyed by the call and all its arguments: a result found with one email is never served for
 * another. "Not found" is cached like a hit; failures are not (the next call tries again).
 * Concurrent identical calls share one request. Creating a return is never cached and drops the
 * cached reads of that order, whose status may change.
 */
export class CachedOrderSource implements OrderSource {
  private readonly entries: PromiseCache;
  private readonly ttlMs: number;

  constructor(
    private readonly inner: OrderSource,
    options: CachedOrderSourceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.entries = new PromiseCache(Math.max(1, options.maxSize ?? 500), options.now ?? Date.now);
  }

  /** How many results are held now (expired ones included until they are next touched). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything, e.g. after the site's order source settings change. */
  clear(): void {
    this.entries.clear();
  }

  findOrder(number: string, email: string): Promise<Order | null> {
    const key = JSON.stringify(['findOrder', normalizeOrderNumber(number), email.trim().toLowerCase()]);
    return this.entries.get(key, this.ttlMs, () => this.inner.findOrder(number, email));
  }

  findCustomerOrder(number: string, customerId: string): Promise<Order | null> {
    const key = JSON.stringify(['findCustomerOrder', normalizeOrderNumber(number), customerId]);
    return this.entries.get(key, this.ttlMs, () => this.inner.findCustomerOrder(number, customerId));
  }

  listCustomerOrders(customerId: string, limit?: number): Promise<Order[]> {
    const key = JSON.stringify(['listCustomerOrders', customerId, limit ?? null]);
    return this.entries.get(key, this.ttlMs, () => (limit === undefined ? this.inner.listCustomerOrders(customerId) : this.inner.listCustomerOrders(customerId, limit)));
  }

  async createReturn(request: ReturnRequest): Promise<ReturnRecord> {
    try {
      return await this.inner.createReturn(request);
    } finally {
      this.forgetOrder(normalizeOrderNumber(request.orderNumber));
    }
  }

  /** Drops every result that is about this order, or might be (calls still in flight). */
  private forgetOrder(number: string): void {
    const quoted = JSON.stringify(number);
    this.entries.deleteWhere((key, result) => {
      // A call still in flight (no result yet) may be about this order too.
      const orders = result === undefined ? null : Array.isArray(result) ? (result as (Order | null)[]) : [result as Order | null];
      return !orders || key.includes(quoted) || orders.some((order) => order?.number === number);
    });
  }
}
