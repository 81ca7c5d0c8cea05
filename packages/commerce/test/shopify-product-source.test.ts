import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay } from 'msw';
import { setupServer } from 'msw/node';
import { OrderSourceError } from '@sportello/protocol';
import { listAll, metafieldText, ShopifyProductSource, type ShopifyProductSourceConfig } from '../src/index';
import { ACCESS_TOKEN, PRODUCTS_PAGE_2, reply, SHOP, shopify, shopifyHandlers } from './handlers/shopify';
import productsPage1 from './fixtures/shopify/products-page-1.json';
import product8001 from './fixtures/shopify/product-8001.json';
import throttled from './fixtures/shopify/throttled.json';

const server = setupServer(...shopifyHandlers);
const operations: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', async ({ request }) => {
    const body = (await request.clone().json()) as { query: string; variables: Record<string, unknown> };
    operations.push(`${/query (\w+)/.exec(body.query)?.[1]} ${JSON.stringify(body.variables)}`);
  });
});
afterEach(() => {
  server.resetHandlers();
  operations.length = 0;
});
afterAll(() => server.close());

function source(overrides: Partial<ShopifyProductSourceConfig> = {}) {
  const waits: number[] = [];
  const shop = new ShopifyProductSource({ shop: SHOP, accessToken: ACCESS_TOKEN, sleep: async (ms) => void waits.push(ms), ...overrides });
  return { shop, waits };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrderSourceError);
  return (error as OrderSourceError).failure;
}

describe('ShopifyProductSource', () => {
  it('lists active products page by page, with price range, options and availability', async () => {
    const { shop } = source();
    const first = await shop.listProducts(null);
    expect(first.next).toBe(PRODUCTS_PAGE_2);
    expect(first.products).toEqual([
      {
        id: 'gid://shopify/Product/8001',
        handle: 'linen-shirt',
        title: 'Linen shirt',
        productType: 'Shirts',
        tags: ['linen', 'men', 'summer'],
        options: [
          { name: 'Colour', values: ['White', 'Light blue'] },
          { name: 'Size', values: ['S', 'M', 'L'] },
        ],
        url: 'https://shop.sartoria-aurora.example/products/linen-shirt',
        imageUrl: 'https://cdn.shopify.com/s/files/1/0000/0001/files/linen-shirt.jpg?v=1700000000',
        currency: 'EUR',
        minPriceCents: 5900,
        maxPriceCents: 6900,
        available: true,
      },
      {
        id: 'gid://shopify/Product/8002',
        handle: 'silk-scarf',
        title: 'Silk scarf',
        // No product type: the Standard Product Taxonomy category's name; no options but the default one.
        productType: 'Scarves & Shawls',
        tags: ['accessories', 'final-sale', 'silk'],
        options: [],
        // Not on the online store channel: the handle on the shop's primary domain.
        url: 'https://shop.sartoria-aurora.example/products/silk-scarf',
        imageUrl: null,
        currency: 'EUR',
        minPriceCents: 5900,
        maxPriceCents: 5900,
        available: true,
      },
    ]);
    expect(operations).toEqual([`SportelloProducts {"first":25,"after":null,"query":"status:active"}`]);

    operations.length = 0;
    const second = await shop.listProducts(first.next);
    expect(second.next).toBeNull();
    // None of the first ten sizes is for sale: the rest are read before saying it is sold out.
    expect(second.products.map((p) => [p.handle, p.available])).toEqual([['wool-overcoat', false]]);
    expect(operations).toEqual([
      `SportelloProducts {"first":25,"after":"${PRODUCTS_PAGE_2}","query":"status:active"}`,
      'SportelloProductVariants {"id":"gid://shopify/Product/8003","after":"eyJsYXN0X2lkIjo0NDgwMDMxMCwibGFzdF92YWx1ZSI6IjQ0ODAwMzEwIn0="}',
    ]);
  });

  it('reads the whole catalogue with listAll', async () => {
    const all = await listAll(source().shop);
    expect(all.map((p) => p.handle)).toEqual(['linen-shirt', 'silk-scarf', 'wool-overcoat']);
    expect(await listAll(source().shop, { maxProducts: 1 })).toHaveLength(1);
  });

  it('gets one product with its variants, stock and the attributes from metafields', async () => {
    const product = await source().shop.getProduct('gid://shopify/Product/8001');
    expect(product).toMatchObject({
      id: 'gid://shopify/Product/8001',
      title: 'Linen shirt',
      description: 'A regular-fit shirt in washed Italian linen, with mother-of-pearl buttons.\n\nButton-down collar\nMade in Bologna',
      materials: '100% linen',
      care: 'Machine wash at 30 °C.\nIron while damp.',
      fit: 'regular',
      sizeGuide: {
        unit: 'cm',
        measurements: ['chest'],
        rows: [
          { size: 'S', ranges: { chest: [88, 94] } },
          { size: 'M', ranges: { chest: [95, 101] } },
          { size: 'L', ranges: { chest: [102, 108] } },
        ],
        note: 'Regular fit; between two sizes take the larger.',
      },
      minPriceCents: 5900,
      maxPriceCents: 6900,
      available: true,
    });
    expect(product?.variants).toHaveLength(6);
    expect(product?.variants[0]).toEqual({
      id: 'gid://shopify/ProductVariant/44800101',
      sku: 'LIN-S-WHT',
      title: 'White / S',
      options: { Colour: 'White', Size: 'S' },
      priceCents: 6900,
      compareAtPriceCents: null,
      available: true,
      stock: 8,
    });
    // Sold out, and marked down from 79 to 59.
    expect(product?.variants[3]).toMatchObject({ title: 'Light blue / S', available: false, stock: 0, priceCents: 5900, compareAtPriceCents: 7900 });
  });

  it('accepts a numeric id, and maps a product without options and without tracked inventory', async () => {
    const scarf = await source().shop.getProduct('8002');
    expect(scarf).toMatchObject({
      options: [],
      description: 'Hand-rolled edges & a Bologna print.',
      // A list of texts, Shopify's standard care guide, rich text; a size guide not in Sportello's shape is none.
      materials: 'Silk twill, Cotton',
      care: 'Dry clean only.',
      fit: 'One size',
      sizeGuide: null,
    });
    expect(scarf?.variants).toEqual([
      { id: 'gid://shopify/ProductVariant/44800201', sku: null, title: 'Silk scarf', options: {}, priceCents: 5900, compareAtPriceCents: null, available: true, stock: null },
    ]);
  });

  it('reads every variant of a product with more than a page of them, and maps a sold-out product', async () => {
    const coat = await source().shop.getProduct('gid://shopify/Product/8003');
    expect(coat?.variants.map((v) => v.title)).toEqual(['46', '48', '50', '52', '54', '56', '58', '60', '62', '64', '66', '68']);
    expect(coat).toMatchObject({ available: false, materials: '80% wool, 20% cashmere', care: null, fit: null, sizeGuide: null });
    expect(coat?.variants.every((v) => v.stock === 0 && !v.available)).toBe(true);
  });

  it('returns null for an unknown product, an id that cannot be one, and a product that is not active', async () => {
    const { shop } = source();
    expect(await shop.getProduct('gid://shopify/Product/9999')).toBeNull();
    expect(await shop.getProduct('linen-shirt')).toBeNull();
    expect(await shop.getProduct('gid://shopify/Order/8001')).toBeNull();
    // Ids that cannot be products are not even asked.
    expect(operations).toHaveLength(1);
    const draft = structuredClone(product8001);
    draft.data.product.status = 'DRAFT';
    server.use(shopify.query('SportelloProduct', () => reply(draft)));
    expect(await shop.getProduct('8001')).toBeNull();
  });

  it('waits as long as the throttle status says, then succeeds', async () => {
    let calls = 0;
    server.use(
      shopify.query('SportelloProducts', () => {
        calls++;
        return calls === 1 ? reply(throttled) : reply(productsPage1);
      }),
    );
    const { shop, waits } = source();
    expect((await shop.listProducts(null)).products).toHaveLength(2);
    expect(calls).toBe(2);
    // (84 requested − 34 available) / 100 per second = 0.5 s.
    expect(waits).toEqual([500]);
  });

  it('gives up as unavailable when the throttling lasts', async () => {
    server.use(shopify.query('SportelloProduct', () => reply(throttled)));
    const { shop, waits } = source({ maxRetries: 2 });
    expect(await failure(shop.getProduct('8001'))).toBe('unavailable');
    expect(waits).toHaveLength(2);
  });

  it('turns a rejected token (401) and a missing scope into unauthorized', async () => {
    expect(await failure(source({ accessToken: 'shpat_revoked' }).shop.listProducts(null))).toBe('unauthorized');
    server.use(
      shopify.query('SportelloProduct', () =>
        reply({
          errors: [{ message: 'Access denied for inventoryItem field. Required access: `read_inventory` access scope.', extensions: { code: 'ACCESS_DENIED' } }],
        }),
      ),
    );
    expect(await failure(source().shop.getProduct('8001'))).toBe('unauthorized');
  });

  it('gives up after the timeout', async () => {
    server.use(
      shopify.query('SportelloProducts', async () => {
        await delay(2_000);
        return reply(productsPage1);
      }),
    );
    const started = Date.now();
    expect(await failure(source({ timeoutMs: 50 }).shop.listProducts(null))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('turns a 500 into unavailable and an unexpected shape into bad_response', async () => {
    server.use(shopify.query('SportelloProducts', () => reply({ errors: 'Internal Server Error' }, { status: 500 })));
    expect(await failure(source().shop.listProducts(null))).toBe('unavailable');
    const broken = structuredClone(product8001);
    (broken.data.product.variants.nodes[0] as { price: unknown }).price = 'sixty-nine';
    server.use(shopify.query('SportelloProduct', () => reply(broken)));
    expect(await failure(source().shop.getProduct('8001'))).toBe('bad_response');
  });
});

describe('metafieldText', () => {
  it('reads text, lists of text and rich text', () => {
    expect(metafieldText(null)).toBeNull();
    expect(metafieldText({ type: 'single_line_text_field', value: '  ' })).toBeNull();
    expect(metafieldText({ type: 'list.single_line_text_field', value: '["Wool","Cashmere"]' })).toBe('Wool, Cashmere');
    const rich = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Wash ' }, { type: 'text', value: 'cold.', bold: true }] }, { type: 'paragraph', children: [{ type: 'text', value: 'Dry flat.' }] }] };
    expect(metafieldText({ type: 'rich_text_field', value: JSON.stringify(rich) })).toBe('Wash cold.\nDry flat.');
  });
});
