import { describe, expect, it } from 'vitest';
import { OrderSourceError, type Product, type ProductSource } from '@sportello/protocol';
import { CachedProductSource, createProductSource, DemoProductSource, listAll, ShopifyProductSource, summaryOf, WooCommerceProductSource, type DemoProductStore } from '../src/index';

const product = (id: string, stock = 1): Product => ({
  id,
  handle: id,
  title: id,
  productType: null,
  tags: [],
  options: [],
  url: null,
  imageUrl: null,
  currency: 'EUR',
  minPriceCents: 1000,
  maxPriceCents: 1000,
  available: stock > 0,
  description: '',
  materials: null,
  care: null,
  fit: null,
  sizeGuide: null,
  variants: [{ id: `${id}-1`, sku: null, title: id, options: {}, priceCents: 1000, compareAtPriceCents: null, available: stock > 0, stock }],
});

/** A two-page product source that counts its calls and can be told to fail or to hang. */
function counting() {
  const calls: string[] = [];
  let failNext = false;
  let stock = 3;
  const inner: ProductSource = {
    async listProducts(cursor) {
      calls.push(`list ${cursor}`);
      if (failNext) {
        failNext = false;
        throw new OrderSourceError('unavailable', 'down');
      }
      return cursor === null ? { products: [summaryOf(product('a')), summaryOf(product('b'))], next: 'p2' } : { products: [summaryOf(product('c'))], next: null };
    },
    async getProduct(id) {
      calls.push(`get ${id}`);
      return id === 'missing' ? null : product(id, stock);
    },
  };
  return { inner, calls, fail: () => void (failNext = true), setStock: (n: number) => void (stock = n) };
}

describe('CachedProductSource', () => {
  it('reuses listing pages for minutes and products for seconds', async () => {
    let now = 0;
    const { inner, calls, setStock } = counting();
    const cached = new CachedProductSource(inner, { now: () => now });
    await cached.listProducts(null);
    await cached.getProduct('a');
    await cached.getProduct('missing');
    now += 29_999;
    await cached.listProducts(null);
    expect((await cached.getProduct('a'))?.variants[0]?.stock).toBe(3);
    expect(await cached.getProduct('missing')).toBeNull();
    expect(calls).toEqual(['list null', 'get a', 'get missing']);
    setStock(0);
    now += 1;
    expect((await cached.getProduct('a'))?.available).toBe(false);
    now = 299_999;
    await cached.listProducts(null);
    expect(calls.filter((c) => c.startsWith('list'))).toHaveLength(1);
    now = 300_000;
    await cached.listProducts(null);
    expect(calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
  });

  it('shares one request between concurrent callers, and hands out copies', async () => {
    const { inner, calls } = counting();
    const cached = new CachedProductSource(inner);
    const [one, two] = await Promise.all([cached.listProducts(null), cached.listProducts(null)]);
    expect(calls).toEqual(['list null']);
    one.products[0]!.title = 'changed';
    expect(two.products[0]!.title).toBe('a');
    expect((await cached.listProducts(null)).products[0]!.title).toBe('a');
  });

  it('does not keep failures', async () => {
    const { inner, calls, fail } = counting();
    const cached = new CachedProductSource(inner);
    fail();
    await expect(cached.listProducts(null)).rejects.toBeInstanceOf(OrderSourceError);
    expect((await cached.listProducts(null)).products).toHaveLength(2);
    expect(calls).toHaveLength(2);
  });

  it('keeps at most maxSize results, and forgets everything on clear()', async () => {
    const { inner, calls } = counting();
    const cached = new CachedProductSource(inner, { maxSize: 2 });
    await cached.getProduct('a');
    await cached.getProduct('b');
    await cached.getProduct('c');
    expect(cached.size).toBe(2);
    await cached.getProduct('a');
    cached.clear();
    await cached.getProduct('b');
    expect(calls).toEqual(['get a', 'get b', 'get c', 'get a', 'get b']);
  });
});

describe('listAll', () => {
  it('follows next to the end, bounded, and stops on a cursor seen before', async () => {
    const { inner } = counting();
    expect((await listAll(inner)).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect((await listAll(inner, { maxProducts: 2 })).map((p) => p.id)).toEqual(['a', 'b']);
    expect((await listAll(inner, { maxPages: 1 })).map((p) => p.id)).toEqual(['a', 'b']);
    let pages = 0;
    const looping: ProductSource = {
      async listProducts() {
        pages++;
        return { products: [summaryOf(product('same'))], next: 'again' };
      },
      getProduct: async () => null,
    };
    expect(await listAll(looping)).toHaveLength(1);
    expect(pages).toBe(2);
  });

  it('fails when a page fails', async () => {
    const { inner, fail } = counting();
    fail();
    await expect(listAll(inner)).rejects.toBeInstanceOf(OrderSourceError);
  });
});

describe('createProductSource', () => {
  const store: DemoProductStore = { list: async () => [], byHandle: async () => null };

  it('builds the configured source from the same connection as orders, cached unless told otherwise', () => {
    expect(createProductSource({ source: 'demo', store, storeUrl: 'http://localhost:3000/demo/' })).toBeInstanceOf(DemoProductSource);
    expect(createProductSource({ source: 'demo', store, storeUrl: 'http://localhost:3000/demo/', cache: {} })).toBeInstanceOf(CachedProductSource);
    expect(createProductSource({ source: 'shopify', shop: 'sportello-demo', accessToken: 'shpat_x' })).toBeInstanceOf(CachedProductSource);
    expect(createProductSource({ source: 'shopify', shop: 'sportello-demo', accessToken: 'shpat_x', cache: false })).toBeInstanceOf(ShopifyProductSource);
    const orderConnection = { source: 'woocommerce' as const, url: 'https://shop.example.com', consumerKey: 'ck', consumerSecret: 'cs', returnStatus: 'on-hold', cache: false as const };
    expect(createProductSource(orderConnection)).toBeInstanceOf(WooCommerceProductSource);
  });
});
