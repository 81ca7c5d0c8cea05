import type { Order, OrderSource, ReturnRecord, ReturnRequest } from '@sportello/protocol';
import { normalizeOrderNumber } from './order-match';

export interface CachedOrderSourceOptions {
  /** How long a result is reused, in ms. Default 30 000: long enough for one chat, short enough to see a new shipment soon. */
  ttlMs?: number;
  /** How many results are kept; the least recently used goes first. Default 500. */
  maxSize?: number;
  /** The clock, in ms; injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/** Each caller gets its own copy, so one that edits a result cannot change what the next one reads. */
const copy = <T>(value: T): T => structuredClone(value);

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
  /** The orders the result holds, once it has arrived; undefined while the call is in flight. */
  orders?: (Order | null)[];
}

/**
 * Wraps any `OrderSource` (a platform, or the demo one) and reuses each read's result for a short
 * while, keyed by the call and all its arguments: a result found with one email is never served for
 * another. "Not found" is cached like a hit; failures are not (the next call tries again).
 * Concurrent identical calls share one request. Creating a return is never cached and drops the
 * cached reads of that order, whose status may change.
 */
export class CachedOrderSource implements OrderSource {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: OrderSource,
    options: CachedOrderSourceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxSize = Math.max(1, options.maxSize ?? 500);
    this.now = options.now ?? Date.now;
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
    return this.cached(key, () => this.inner.findOrder(number, email));
  }

  findCustomerOrder(number: string, customerId: string): Promise<Order | null> {
    const key = JSON.stringify(['findCustomerOrder', normalizeOrderNumber(number), customerId]);
    return this.cached(key, () => this.inner.findCustomerOrder(number, customerId));
  }

  listCustomerOrders(customerId: string, limit?: number): Promise<Order[]> {
    const key = JSON.stringify(['listCustomerOrders', customerId, limit ?? null]);
    return this.cached(key, () => (limit === undefined ? this.inner.listCustomerOrders(customerId) : this.inner.listCustomerOrders(customerId, limit)));
  }

  async createReturn(request: ReturnRequest): Promise<ReturnRecord> {
    try {
      return await this.inner.createReturn(request);
    } finally {
      this.forgetOrder(normalizeOrderNumber(request.orderNumber));
    }
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
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
    const entry: Entry = { expiresAt: now + this.ttlMs, value };
    this.entries.set(key, entry);
    value.then(
      (result) => {
        entry.orders = Array.isArray(result) ? (result as Order[]) : [result as Order | null];
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

  /** Drops every result that is about this order, or might be (calls still in flight). */
  private forgetOrder(number: string): void {
    const quoted = JSON.stringify(number);
    for (const [key, entry] of [...this.entries]) {
      if (!entry.orders || key.includes(quoted) || entry.orders.some((order) => order?.number === number)) this.entries.delete(key);
    }
  }
}
