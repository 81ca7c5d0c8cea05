import { describe, expect, it } from 'vitest';
import { OrderSourceError, type Order, type OrderSource, type ReturnRequest } from '@sportello/protocol';
import { CachedOrderSource, createOrderSource, DemoOrderSource, ShopifyOrderSource, WooCommerceOrderSource, type DemoOrderStore } from '../src/index';

const order = (number: string): Order => ({
  id: `o${number}`,
  number,
  email: 'giulia.rossi@example.com',
  customerId: 'cust-1',
  status: 'shipped',
  currency: 'EUR',
  totalCents: 1000,
  items: [{ id: 'A', sku: 'A', name: 'Shirt', quantity: 1, unitPriceCents: 1000, tags: [] }],
  shipments: [],
  placedAt: '2026-11-01T10:00:00.000Z',
  deliveredAt: null,
  expectedAt: null,
});

/** An order source that counts its calls and can be told to fail. */
function counting() {
  const calls: string[] = [];
  let failNext = false;
  const inner: OrderSource = {
    async findOrder(number, email) {
      calls.push(`findOrder ${number} ${email}`);
      if (failNext) {
        failNext = false;
        throw new OrderSourceError('unavailable', 'down');
      }
      return email.toLowerCase() === 'giulia.rossi@example.com' && number.replace('#', '') !== '404' ? order(number.replace('#', '')) : null;
    },
    async findCustomerOrder(number, customerId) {
      calls.push(`findCustomerOrder ${number} ${customerId}`);
      return customerId === 'cust-1' ? order(number) : null;
    },
    async listCustomerOrders(customerId, limit) {
      calls.push(`listCustomerOrders ${customerId} ${limit}`);
      return [order('1001'), order('1002')];
    },
    async createReturn(request: ReturnRequest) {
      calls.push(`createReturn ${request.orderNumber}`);
      return { reference: 'R-1', orderNumber: request.orderNumber, status: 'approved', reason: request.reason, items: [], createdAt: '2026-11-24T00:00:00.000Z' };
    },
  };
  return { inner, calls, fail: () => void (failNext = true) };
}

describe('CachedOrderSource', () => {
  it('serves a repeated call from the cache, whatever the number format or email case', async () => {
    const { inner, calls } = counting();
    const cached = new CachedOrderSource(inner);
    expect((await cached.findOrder('1001', 'giulia.rossi@example.com'))?.number).toBe('1001');
    expect((await cached.findOrder('#1001', 'Giulia.Rossi@example.com '))?.number).toBe('1001');
    expect(await cached.findOrder('404', 'giulia.rossi@example.com')).toBeNull();
    expect(await cached.findOrder('404', 'giulia.rossi@example.com')).toBeNull();
    await cached.listCustomerOrders('cust-1', 5);
    await cached.listCustomerOrders('cust-1', 5);
    expect(calls).toEqual(['findOrder 1001 giulia.rossi@example.com', 'findOrder 404 giulia.rossi@example.com', 'listCustomerOrders cust-1 5']);
  });

  it('never serves one email’s result for another, nor one customer’s for another', async () => {
    const { inner, calls } = counting();
    const cached = new CachedOrderSource(inner);
    expect(await cached.findOrder('1001', 'giulia.rossi@example.com')).not.toBeNull();
    expect(await cached.findOrder('1001', 'someone@example.com')).toBeNull();
    expect(await cached.findCustomerOrder('1001', 'cust-1')).not.toBeNull();
    expect(await cached.findCustomerOrder('1001', 'cust-2')).toBeNull();
    expect(calls).toHaveLength(4);
  });

  it('shares one request between concurrent identical calls', async () => {
    const { inner, calls } = counting();
    const cached = new CachedOrderSource(inner);
    await Promise.all([cached.findOrder('1001', 'giulia.rossi@example.com'), cached.findOrder('1001', 'giulia.rossi@example.com')]);
    expect(calls).toHaveLength(1);
  });

  it('hands out copies, so a caller editing a result does not change the cache', async () => {
    const { inner } = counting();
    const cached = new CachedOrderSource(inner);
    const first = await cached.findOrder('1001', 'giulia.rossi@example.com');
    first!.status = 'cancelled';
    expect((await cached.findOrder('1001', 'giulia.rossi@example.com'))?.status).toBe('shipped');
  });

  it('calls again once the TTL has passed', async () => {
    let now = 1_000;
    const { inner, calls } = counting();
    const cached = new CachedOrderSource(inner, { ttlMs: 30_000, now: () => now });
    await cached.findOrder('1001', 'giulia.rossi@example.com');
    now += 29_999;
    await cached.findOrder('1001', 'giulia.rossi@example.com');
    expect(calls).toHaveLength(1);
    now += 1;
    await cached.findOrder('1001', 'giulia.rossi@example.com');
    expect(calls).toHaveLength(2);
  });

  it('keeps at most maxSize results, dropping the least recently used', async () => {
    const { inner, calls } = counting();
    const cached = new CachedOrderSource(inner, { maxSize: 2 });
    await cached.findOrder('1', 'giulia.rossi@example.com');
    await cached.findOrder('2', 'giulia.rossi@example.com');
    await cached.findOrder('1', 'giulia.rossi@example.com'); // hit: 1 becomes the most recent
    await cached.findOrder('3', 'giulia.rossi@example.com'); // evicts 2
    expect(cached.size).toBe(2);
    await cached.findOrder('1', 'giulia.rossi@example.com');
    await cached.findOrder('2', 'giulia.rossi@example.com');
    expect(calls.map((c) => c.split(' ')[1])).toEqual(['1', '2', '3', '2']);
  });

  it('does not cache failures', async () => {
    const { inner, calls, fail } = counting();
    const cached = new CachedOrderSource(inner);
    fail();
    await expect(cached.findOrder('1001', 'giulia.rossi@example.com')).rejects.toBeInstanceOf(OrderSourceError);
    expect((await cached.findOrder('1001', 'giulia.rossi@example.com'))?.number).toBe('1001');
    expect(calls).toHaveLength(2);
  });

  it('passes returns through and forgets the cached reads of that order', async () => {
    const { inner, calls } = counting();
    const cached = new CachedOrderSource(inner);
    await cached.findOrder('1001', 'giulia.rossi@example.com');
    await cached.findOrder('2002', 'giulia.rossi@example.com');
    await cached.listCustomerOrders('cust-1');
    await cached.createReturn({ orderNumber: '#1001', items: [{ itemId: 'A', quantity: 1 }], reason: 'x', needsApproval: false });
    await cached.findOrder('1001', 'giulia.rossi@example.com');
    await cached.findOrder('2002', 'giulia.rossi@example.com');
    await cached.listCustomerOrders('cust-1');
    expect(calls).toEqual([
      'findOrder 1001 giulia.rossi@example.com',
      'findOrder 2002 giulia.rossi@example.com',
      'listCustomerOrders cust-1 undefined',
      'createReturn #1001',
      'findOrder 1001 giulia.rossi@example.com',
      'listCustomerOrders cust-1 undefined',
    ]);
  });

  it('also forgets reads still in flight when a return is created', async () => {
    const { inner } = counting();
    let release: (orders: Order[]) => void = () => {};
    let lists = 0;
    const slow: OrderSource = {
      ...inner,
      listCustomerOrders: () => {
        lists++;
        return new Promise<Order[]>((resolve) => (release = resolve));
      },
    };
    const cached = new CachedOrderSource(slow);
    const pending = cached.listCustomerOrders('cust-1');
    // Its result will not name 1001, but it may have been read before the return changed 1001.
    await cached.createReturn({ orderNumber: '1001', items: [], reason: 'x', needsApproval: false });
    release([order('2002')]);
    await pending;
    void cached.listCustomerOrders('cust-1');
    expect(lists).toBe(2);
  });

  it('wraps the demo source too', async () => {
    let reads = 0;
    const store: DemoOrderStore = {
      byNumber: async () => {
        reads++;
        return null;
      },
      byCustomer: async () => [],
      saveReturn: async () => {},
    };
    const cached = new CachedOrderSource(new DemoOrderSource(store));
    await cached.findOrder('1001', 'a@example.com');
    await cached.findOrder('1001', 'a@example.com');
    expect(reads).toBe(1);
  });
});

describe('createOrderSource', () => {
  const store: DemoOrderStore = { byNumber: async () => null, byCustomer: async () => [], saveReturn: async () => {} };

  it('builds the configured source, cached unless told otherwise', () => {
    expect(createOrderSource({ source: 'demo', store })).toBeInstanceOf(DemoOrderSource);
    expect(createOrderSource({ source: 'demo', store, cache: { ttlMs: 5_000 } })).toBeInstanceOf(CachedOrderSource);
    expect(createOrderSource({ source: 'shopify', shop: 'sportello-demo', accessToken: 'shpat_x' })).toBeInstanceOf(CachedOrderSource);
    expect(createOrderSource({ source: 'shopify', shop: 'sportello-demo', accessToken: 'shpat_x', cache: false })).toBeInstanceOf(ShopifyOrderSource);
    expect(
      createOrderSource({ source: 'woocommerce', url: 'https://shop.example.com', consumerKey: 'ck', consumerSecret: 'cs', returnStatus: 'on-hold', cache: false }),
    ).toBeInstanceOf(WooCommerceOrderSource);
  });
});
