import { OrderSourceError, summaryOf, variantTotals, type Product, type ProductOption, type ProductPage, type ProductSource, type ProductVariant, type SizeGuide } from '@sportello/protocol';

/** A demo product as the server's `demo_products` and `demo_product_variants` tables hold it. */
export interface DemoProductRecord {
  /** The URL slug; also the product's id in the demo catalogue. */
  handle: string;
  /** Place in the catalogue, ascending; unique per site. */
  position: number;
  title: string;
  productType: string | null;
  tags: string[];
  options: ProductOption[];
  description: string;
  materials: string | null;
  care: string | null;
  fit: string | null;
  sizeGuide: SizeGuide | null;
  currency: string;
  /** In their order on the product page. */
  variants: DemoVariantRecord[];
}

export interface DemoVariantRecord {
  /** 1-based place among the product's variants: the variant's id is `<handle>-<position>`. */
  position: number;
  sku: string | null;
  title: string;
  options: Record<string, string>;
  priceCents: number;
  compareAtPriceCents: number | null;
  /** Units in stock; 0 is sold out (the demo store takes no backorders). */
  stock: number;
}

/** Storage the demo product source reads through (the server implements it over its database). */
export interface DemoProductStore {
  /** Up to `limit` products after the one at `afterPosition` (from the first when null), by position. */
  list(afterPosition: number | null, limit: number): Promise<DemoProductRecord[]>;
  byHandle(handle: string): Promise<DemoProductRecord | null>;
}

export interface DemoProductSourceOptions {
  /** Where the demo store is served, e.g. `https://chat.example.com/demo/`: product URLs are built on it. */
  storeUrl: string;
  /** Products per listing page. Default 250. */
  pageSize?: number;
}

/**
 * The demo store's catalogue in Sportello's own database, so the product runs alone. Product ids
 * are handles; each product's page is `<storeUrl>product.html?p=<handle>`; stock comes from the
 * variants (stock 0 is not available). A failing store (the database) is 'unavailable'.
 */
export class DemoProductSource implements ProductSource {
  private readonly storeUrl: string;
  private readonly pageSize: number;

  constructor(
    private readonly store: DemoProductStore,
    options: DemoProductSourceOptions,
  ) {
    this.storeUrl = options.storeUrl.endsWith('/') ? options.storeUrl : `${options.storeUrl}/`;
    this.pageSize = Math.max(1, options.pageSize ?? 250);
  }

  async listProducts(cursor: string | null): Promise<ProductPage> {
    const after = cursor === null ? null : Number(cursor);
    if (after !== null && !Number.isInteger(after)) throw new OrderSourceError('bad_response', `"${cursor}" is not a cursor of the demo catalogue.`);
    // One more than a page: whether it comes back says if there is a next page.
    const records = await this.read(() => this.store.list(after, this.pageSize + 1));
    const page = records.slice(0, this.pageSize);
    const products = page.map((r) => this.toProduct(r)).filter((p): p is Product => p !== null).map(summaryOf);
    return { products, next: records.length > this.pageSize ? String(page.at(-1)!.position) : null };
  }

  async getProduct(id: string): Promise<Product | null> {
    const handle = id.trim();
    if (!handle) return null;
    const record = await this.read(() => this.store.byHandle(handle));
    return record ? this.toProduct(record) : null;
  }

  private async read<T>(load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      throw new OrderSourceError('unavailable', `The demo catalogue could not be read: ${(error as Error).message}`);
    }
  }

  /** Null for a product without variants: nothing of it can be bought or priced. */
  private toProduct(record: DemoProductRecord): Product | null {
    const variants: ProductVariant[] = record.variants.map((v) => ({
      id: `${record.handle}-${v.position}`,
      sku: v.sku,
      title: v.title,
      options: v.options,
      priceCents: v.priceCents,
      compareAtPriceCents: v.compareAtPriceCents,
      available: v.stock > 0,
      stock: Math.max(0, v.stock),
    }));
    if (variants.length === 0) return null;
    return {
      id: record.handle,
      handle: record.handle,
      title: record.title,
      productType: record.productType,
      tags: record.tags,
      options: record.options,
      url: new URL(`product.html?p=${encodeURIComponent(record.handle)}`, this.storeUrl).href,
      imageUrl: null,
      currency: record.currency,
      ...variantTotals(variants),
      description: record.description,
      materials: record.materials,
      care: record.care,
      fit: record.fit,
      sizeGuide: record.sizeGuide,
      variants,
    };
  }
}
