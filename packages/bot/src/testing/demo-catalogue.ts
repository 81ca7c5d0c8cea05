import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrderSourceError, summaryOf, variantTotals, type OrderSourceFailure, type Product, type ProductPage, type ProductSource, type SizeGuide } from '@sportello/protocol';

/** The demo store's catalogue, as the server seeds it. */
export const DEMO_CATALOGUE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../apps/server/seed/products.json');

interface SeedVariant {
  sku: string;
  title: string;
  options: Record<string, string>;
  priceCents: number;
  compareAtPriceCents: number | null;
  stock: number;
}
interface SeedProduct {
  handle: string;
  title: string;
  productType: string | null;
  tags: string[];
  options: { name: string; values: string[] }[];
  description: string;
  materials: string | null;
  care: string | null;
  fit: string | null;
  sizeGuide: string | null;
  variants: SeedVariant[];
}

/** Reads the seed file into products (ids are handles; URLs on `baseUrl`). Node-only: for tests, the eval and the benchmark. */
export function loadDemoCatalogue(path: string = DEMO_CATALOGUE, baseUrl = 'http://localhost:3000'): Product[] {
  const seed = JSON.parse(readFileSync(path, 'utf8')) as { currency: string; sizeGuides: Record<string, SizeGuide>; products: SeedProduct[] };
  return seed.products.map((p) => {
    const variants = p.variants.map((v, i) => ({ id: `${p.handle}-${i + 1}`, sku: v.sku, title: v.title, options: v.options, priceCents: v.priceCents, compareAtPriceCents: v.compareAtPriceCents, available: v.stock > 0, stock: v.stock }));
    return {
      id: p.handle,
      handle: p.handle,
      title: p.title,
      productType: p.productType,
      tags: p.tags,
      options: p.options,
      url: `${baseUrl}/demo/product.html?p=${p.handle}`,
      imageUrl: null,
      currency: seed.currency,
      ...variantTotals(variants),
      description: p.description,
      materials: p.materials,
      care: p.care,
      fit: p.fit,
      sizeGuide: p.sizeGuide ? seed.sizeGuides[p.sizeGuide] ?? null : null,
      variants,
    };
  });
}

/** An in-memory `ProductSource`: the bot's test fake. Set `failWith` to make every call throw. */
export class MemoryProductSource implements ProductSource {
  failWith: OrderSourceFailure | null = null;

  constructor(private readonly products: Product[]) {}

  async listProducts(cursor: string | null): Promise<ProductPage> {
    this.check();
    const start = cursor ? Number(cursor) : 0;
    const page = this.products.slice(start, start + 250).map(summaryOf);
    const next = start + 250 < this.products.length ? String(start + 250) : null;
    return { products: page, next };
  }

  async getProduct(id: string): Promise<Product | null> {
    this.check();
    const found = this.products.find((p) => p.id === id);
    return found ? structuredClone(found) : null;
  }

  private check(): void {
    if (this.failWith) throw new OrderSourceError(this.failWith, `product source ${this.failWith}`);
  }
}
