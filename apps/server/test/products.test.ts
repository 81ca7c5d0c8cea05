import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { graphql } from 'msw';
import { count, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { demoProducts, demoProductVariants, sites, type SiteSettings } from '@sportello/db';
import { ACCESS_TOKEN, SHOP, shopifyHandlers } from '@sportello/commerce/testing';
import { seedDemo } from '../src/seed/demo-seed';
import { ProductSources } from '../src/services/product-sources';
import { TestServer } from './test-server';

// Shopify is played by msw; the database, the seed and the services are real.
const platforms = setupServer(...shopifyHandlers);
const shopifyApi = graphql.link(`https://${SHOP}.myshopify.com/admin/api/2025-01/graphql.json`);
let server: TestServer;

beforeAll(async () => {
  platforms.listen({ onUnhandledRequest: 'error' });
  server = await TestServer.start();
});
afterEach(() => platforms.resetHandlers());
afterAll(async () => {
  await server?.close();
  platforms.close();
});

async function demoSite() {
  const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' });
  const [site] = await server.services.db.select().from(sites).where(eq(sites.id, siteId));
  return site!;
}

/** A logger that keeps its warnings. */
function recordingLog() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const log = { warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }) } as unknown as FastifyBaseLogger;
  return { log, warnings };
}

describe('the demo catalogue', () => {
  it('is seeded once, with every product, variant and stock of seed/products.json', async () => {
    const site = await demoSite();
    await demoSite();
    const [products] = await server.services.db.select({ n: count() }).from(demoProducts).where(eq(demoProducts.siteId, site.id));
    expect(products?.n).toBe(20);
    const variants = await server.services.db
      .select({ n: count() })
      .from(demoProductVariants)
      .innerJoin(demoProducts, eq(demoProducts.id, demoProductVariants.productId))
      .where(eq(demoProducts.siteId, site.id));
    expect(variants[0]?.n).toBeGreaterThan(20);
  });

  it('is served through services.products: the catalogue the bot searches, and each product with its stock', async () => {
    const site = await demoSite();
    const catalogue = await server.services.products.catalogue(site);
    expect(catalogue.size).toBe(20);
    expect(catalogue.get('linen-shirt')).toMatchObject({
      title: 'Linen shirt',
      url: 'http://sportello.test/demo/product.html?p=linen-shirt',
      imageUrl: null,
      currency: 'EUR',
      minPriceCents: 6900,
      maxPriceCents: 6900,
      available: true,
    });
    // Every size and colour of the camel overcoat is sold out, the charcoal one is not.
    expect(catalogue.get('wool-overcoat')?.available).toBe(true);
    expect(catalogue.find('linen shirt')[0]?.product.id).toBe('linen-shirt');

    const shirt = await server.services.products.source(site).getProduct('linen-shirt');
    expect(shirt).toMatchObject({ materials: '100% linen', fit: 'regular', sizeGuide: { unit: 'cm', measurements: ['chest'] } });
    expect(shirt?.variants).toHaveLength(10);
    expect(shirt?.variants.find((v) => v.title === 'White / XL')).toMatchObject({ id: 'linen-shirt-4', sku: 'LINEN-SHIRT-04', available: false, stock: 0 });
    expect(shirt?.variants.find((v) => v.title === 'White / M')).toMatchObject({ available: true, stock: 2 });
    expect(await server.services.products.source(site).getProduct('no-such-thing')).toBeNull();
    // The same source and catalogue on the next call.
    expect(server.services.products.source(site)).toBe(server.services.products.source(site));
    expect(await server.services.products.catalogue(site)).toBe(catalogue);
  });
});

describe('a site on a store', () => {
  const commerce: SiteSettings['commerce'] = { source: 'shopify', shop: SHOP, accessToken: ACCESS_TOKEN };

  it('reads its catalogue from the store, keeps the last good one when the store fails, and rebuilds it when the listing expires', async () => {
    let now = 1_000_000;
    const { log, warnings } = recordingLog();
    const products = new ProductSources(server.services.db, server.services.config, () => log, { now: () => now, retryAfterMs: 10_000 });
    const site = { id: (await server.createSite({ commerce })).id, settings: { commerce } };

    const first = await products.catalogue(site);
    expect(first.products.map((p) => p.handle)).toEqual(['linen-shirt', 'silk-scarf', 'wool-overcoat']);

    // The listing expires and the store is down: the shopper is answered from the last catalogue.
    platforms.use(shopifyApi.query('SportelloProducts', () => Response.json({ errors: 'Internal Server Error' }, { status: 500 })));
    now += 300_000;
    expect(await products.catalogue(site)).toBe(first);
    expect(await products.refresh(site)).toBe(first);
    expect(warnings.at(-1)).toMatchObject({ message: 'product catalogue could not be refreshed; the last one is kept', fields: { siteId: site.id, kept: 3 } });
    expect((warnings.at(-1)!.fields.err as Error).name).toBe('OrderSourceError');

    // Back up, and the retry time has passed: the rebuilt catalogue comes with the next read.
    platforms.resetHandlers();
    now += 10_000;
    const rebuilding = products.catalogue(site);
    expect(await rebuilding).toBe(first);
    const rebuilt = await products.refresh(site);
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.size).toBe(3);
    expect(await products.catalogue(site)).toBe(rebuilt);
  });

  it('is empty while the store has never answered, and starts afresh when the connection changes', async () => {
    const { log, warnings } = recordingLog();
    const products = new ProductSources(server.services.db, server.services.config, () => log);
    const refused = { id: (await server.createSite()).id, settings: { commerce: { ...commerce, accessToken: 'shpat_revoked' } } };
    const empty = await products.catalogue(refused);
    expect(empty.size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toBe('product catalogue could not be read; it is empty for now');
    // Within the retry time the store is not asked again.
    expect((await products.catalogue(refused)).size).toBe(0);
    expect(warnings).toHaveLength(1);

    const fixed = { ...refused, settings: { commerce } };
    const before = products.source(refused);
    expect(products.source(fixed)).not.toBe(before);
    expect((await products.catalogue(fixed)).size).toBe(3);
  });
});
