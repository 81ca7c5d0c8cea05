import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OrderSourceError } from '@sportello/protocol';
import { listAll, WooCommerceProductSource, type WooCommerceProductSourceConfig } from '../src/index';
import { API, CONSUMER_KEY, CONSUMER_SECRET, STORE_URL, wooCommerceHandlers } from './handlers/woocommerce';
import products from './fixtures/woocommerce/products.json';

const server = setupServer(...wooCommerceHandlers);
const requests: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => void requests.push(`${request.method} ${request.url.replace(API, '')}`));
});
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

function source(overrides: Partial<WooCommerceProductSourceConfig> = {}) {
  const waits: number[] = [];
  const store = new WooCommerceProductSource({
    url: STORE_URL,
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
    sleep: async (ms) => void waits.push(ms),
    ...overrides,
  });
  return { store, waits };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrderSourceError);
  return (error as OrderSourceError).failure;
}

describe('WooCommerceProductSource', () => {
  it('lists published products with prices, options and stock; leaves out drafts, grouped products and products without a price', async () => {
    const page = await source().store.listProducts(null);
    expect(page.next).toBeNull();
    expect(page.products).toEqual([
      {
        id: '88',
        handle: 'linen-shirt',
        title: 'Linen shirt',
        // "Uncategorized" is no product type.
        productType: 'Shirts',
        tags: ['Summer'],
        options: [{ name: 'Size', values: ['S', 'M', 'L', 'XL'] }],
        url: 'https://shop.example.com/product/linen-shirt/',
        imageUrl: 'https://shop.example.com/wp-content/uploads/2026/09/linen-shirt.jpg',
        currency: 'EUR',
        minPriceCents: 5900,
        maxPriceCents: 6900,
        available: true,
      },
      {
        id: '90',
        handle: 'silk-scarf',
        title: 'Silk scarf',
        productType: null,
        tags: ['Final sale'],
        options: [],
        url: 'https://shop.example.com/product/silk-scarf/',
        imageUrl: null,
        currency: 'EUR',
        minPriceCents: 4900,
        maxPriceCents: 4900,
        available: true,
      },
      expect.objectContaining({ id: '91', title: 'Wool blanket', productType: 'Home', available: false, minPriceCents: 12000 }),
    ]);
    expect(requests).toEqual([
      'GET /wc/v3/products?status=publish&per_page=100&page=1',
      'GET /wc/v3/data/currencies/current',
      'GET /wc/v3/products/88/variations?per_page=100&page=1',
    ]);
  });

  it('follows X-WP-TotalPages page by page', async () => {
    const { store } = source({ pageSize: 2 });
    const first = await store.listProducts(null);
    expect([first.products.map((p) => p.id), first.next]).toEqual([['88', '90'], '2']);
    const second = await store.listProducts('2');
    expect([second.products.map((p) => p.id), second.next]).toEqual([['91'], '3']);
    const third = await store.listProducts('3');
    expect([third.products.map((p) => p.id), third.next]).toEqual([[], null]);
    expect((await listAll(source({ pageSize: 2 }).store)).map((p) => p.id)).toEqual(['88', '90', '91']);
    // The currency is asked once per source.
    expect(requests.filter((r) => r.includes('currencies'))).toHaveLength(2);
  });

  it('gets a variable product with its published variations, their stock and backorders', async () => {
    const product = await source().store.getProduct('88');
    expect(product).toMatchObject({
      id: '88',
      description: 'A regular-fit shirt in washed Italian linen.\n\nMade in Bologna – since 1962.',
      materials: '100% linen',
      care: 'Machine wash at 30 °C.\nIron while damp.',
      fit: 'regular',
      sizeGuide: { unit: 'cm', measurements: ['chest'], note: 'Regular fit.' },
      available: true,
    });
    expect(product?.variants).toEqual([
      { id: '201', sku: 'LIN-S', title: 'S', options: { Size: 'S' }, priceCents: 6900, compareAtPriceCents: null, available: true, stock: 4 },
      { id: '202', sku: 'LIN-M', title: 'M', options: { Size: 'M' }, priceCents: 5900, compareAtPriceCents: 6900, available: false, stock: 0 },
      // Sold beyond its stock, and the store takes backorders: it can be bought, none are in stock.
      { id: '203', sku: 'LIN-L', title: 'L', options: { Size: 'L' }, priceCents: 6900, compareAtPriceCents: null, available: true, stock: 0 },
    ]);
    expect(requests).toEqual(['GET /wc/v3/products/88', 'GET /wc/v3/data/currencies/current', 'GET /wc/v3/products/88/variations?per_page=100&page=1']);
  });

  it('maps a simple product as its own variant, with materials from meta or an attribute', async () => {
    const scarf = await source().store.getProduct('90');
    expect(scarf).toMatchObject({ description: 'A square scarf with a Bologna print.', materials: 'Silk twill, hand-rolled edges', care: 'Dry clean only.', fit: null, sizeGuide: null });
    expect(scarf?.variants).toEqual([{ id: '90', sku: 'SA-90', title: 'Silk scarf', options: {}, priceCents: 4900, compareAtPriceCents: 5900, available: true, stock: null }]);
    const blanket = await source().store.getProduct('91');
    expect(blanket).toMatchObject({ materials: 'Lana merino, Cashmere', available: false, variants: [{ available: false, stock: 0 }] });
  });

  it('returns null for an unknown product, a draft, a grouped product, one without a price, and an id that cannot be one', async () => {
    const { store } = source();
    for (const id of ['999', '92', '94', '93', 'linen-shirt', '0']) expect(await store.getProduct(id)).toBeNull();
    expect(requests.filter((r) => r.startsWith('GET /wc/v3/products/'))).toEqual(['GET /wc/v3/products/999', 'GET /wc/v3/products/92', 'GET /wc/v3/products/94', 'GET /wc/v3/products/93']);
  });

  it('reads variations past the first page', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ id: 1000 + i, sku: `V-${i}`, price: '10.00', regular_price: '10.00', status: 'publish', purchasable: true, manage_stock: false, stock_quantity: null, stock_status: 'instock', attributes: [{ id: 1, name: 'Size', option: String(i) }] }));
    server.use(
      http.get(`${API}/wc/v3/products/:id/variations`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        return HttpResponse.json(many.slice((page - 1) * 100, page * 100), { headers: { 'X-WP-Total': '150', 'X-WP-TotalPages': '2' } });
      }),
    );
    expect((await source().store.getProduct('88'))?.variants).toHaveLength(150);
  });

  it('retries after Retry-After on HTTP 429, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/wc/v3/products`, () => {
        calls++;
        if (calls === 1) return new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } });
        return HttpResponse.json([products[1]], { headers: { 'X-WP-TotalPages': '1' } });
      }),
    );
    const { store, waits } = source();
    expect((await store.listProducts(null)).products.map((p) => p.id)).toEqual(['90']);
    expect(waits).toEqual([3000]);
  });

  it('turns a rejected key (401) into unauthorized', async () => {
    expect(await failure(source({ consumerSecret: 'cs_wrong' }).store.listProducts(null))).toBe('unauthorized');
    expect(await failure(source({ consumerSecret: 'cs_wrong' }).store.getProduct('88'))).toBe('unauthorized');
  });

  it('gives up after the timeout', async () => {
    server.use(
      http.get(`${API}/wc/v3/products/:id`, async () => {
        await delay(2_000);
        return HttpResponse.json(products[0]);
      }),
    );
    const started = Date.now();
    expect(await failure(source({ timeoutMs: 50 }).store.getProduct('88'))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('turns a 500 into unavailable, a bad shape or a bad cursor into bad_response', async () => {
    server.use(http.get(`${API}/wc/v3/data/currencies/current`, () => HttpResponse.json({ code: 'internal_server_error', message: 'Error', data: { status: 500 } }, { status: 500 })));
    const { store } = source();
    expect(await failure(store.listProducts(null))).toBe('unavailable');
    server.resetHandlers();
    // A failed currency look-up is asked again.
    expect((await store.listProducts(null)).products).toHaveLength(3);
    server.use(http.get(`${API}/wc/v3/products`, () => HttpResponse.json({ products: [] })));
    expect(await failure(store.listProducts(null))).toBe('bad_response');
    expect(await failure(store.listProducts('next please'))).toBe('bad_response');
  });
});
