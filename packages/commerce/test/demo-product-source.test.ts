import { describe, expect, it } from 'vitest';
import { OrderSourceError } from '@sportello/protocol';
import { DemoProductSource, listAll, type DemoProductRecord, type DemoProductStore } from '../src/index';

const record = (handle: string, position: number, stocks: number[]): DemoProductRecord => ({
  handle,
  position,
  title: handle.replace('-', ' '),
  productType: 'Shirts',
  tags: ['men'],
  options: [{ name: 'Size', values: stocks.map((_, i) => ['S', 'M', 'L'][i]!) }],
  description: 'Washed linen.',
  materials: '100% linen',
  care: 'Machine wash at 30 °C.',
  fit: 'regular',
  sizeGuide: null,
  currency: 'EUR',
  variants: stocks.map((stock, i) => ({
    position: i + 1,
    sku: `${handle.toUpperCase()}-${i + 1}`,
    title: ['S', 'M', 'L'][i]!,
    options: { Size: ['S', 'M', 'L'][i]! },
    priceCents: 6900 + i * 1000,
    compareAtPriceCents: null,
    stock,
  })),
});

function store(records: DemoProductRecord[], fail = false): DemoProductStore & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async list(after, limit) {
      calls.push(`list ${after} ${limit}`);
      if (fail) throw new Error('connection terminated');
      return records.filter((r) => after === null || r.position > after).slice(0, limit);
    },
    async byHandle(handle) {
      calls.push(`byHandle ${handle}`);
      return records.find((r) => r.handle === handle) ?? null;
    },
  };
}

const catalogue = [record('linen-shirt', 1, [3, 0, 1]), record('oxford-shirt', 2, [0, 0]), record('no-variants', 3, []), record('polo-shirt', 4, [5])];

describe('DemoProductSource', () => {
  it('lists the catalogue in pages, with product URLs on the demo store and availability from stock', async () => {
    const demo = new DemoProductSource(store(catalogue), { storeUrl: 'http://sportello.test/demo', pageSize: 2 });
    const first = await demo.listProducts(null);
    expect(first).toEqual({
      products: [
        {
          id: 'linen-shirt',
          handle: 'linen-shirt',
          title: 'linen shirt',
          productType: 'Shirts',
          tags: ['men'],
          options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
          url: 'http://sportello.test/demo/product.html?p=linen-shirt',
          imageUrl: null,
          currency: 'EUR',
          minPriceCents: 6900,
          maxPriceCents: 8900,
          available: true,
        },
        expect.objectContaining({ id: 'oxford-shirt', available: false }),
      ],
      next: '2',
    });
    // A product without variants is not in the catalogue.
    const second = await demo.listProducts(first.next);
    expect([second.products.map((p) => p.id), second.next]).toEqual([['polo-shirt'], null]);
    expect((await listAll(demo)).map((p) => p.id)).toEqual(['linen-shirt', 'oxford-shirt', 'polo-shirt']);
  });

  it('gets a product by handle with its variants; stock 0 is not available', async () => {
    const demo = new DemoProductSource(store(catalogue), { storeUrl: 'https://chat.example.com/demo/' });
    const product = await demo.getProduct('linen-shirt');
    expect(product).toMatchObject({ materials: '100% linen', care: 'Machine wash at 30 °C.', fit: 'regular', description: 'Washed linen.', url: 'https://chat.example.com/demo/product.html?p=linen-shirt' });
    expect(product?.variants.map((v) => [v.id, v.sku, v.available, v.stock])).toEqual([
      ['linen-shirt-1', 'LINEN-SHIRT-1', true, 3],
      ['linen-shirt-2', 'LINEN-SHIRT-2', false, 0],
      ['linen-shirt-3', 'LINEN-SHIRT-3', true, 1],
    ]);
    expect(await demo.getProduct('nope')).toBeNull();
    expect(await demo.getProduct('no-variants')).toBeNull();
    expect(await demo.getProduct('  ')).toBeNull();
  });

  it('fails as unavailable when its store fails, and refuses a cursor it did not give', async () => {
    const failing = new DemoProductSource(store(catalogue, true), { storeUrl: 'http://localhost:3000/demo/' });
    const error = await failing.listProducts(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderSourceError);
    expect((error as OrderSourceError).failure).toBe('unavailable');
    const cursor = await failing.listProducts('x').catch((e: unknown) => e);
    expect((cursor as OrderSourceError).failure).toBe('bad_response');
  });
});
