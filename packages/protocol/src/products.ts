/**
 * Products as Sportello sees them, whatever the store runs on. `ProductSource` is the seam the bot
 * answers pre-sales questions through (stock, price, materials, size advice), beside `OrderSource`;
 * `packages/commerce` implements it for the demo catalogue, Shopify and WooCommerce. One instance
 * serves one site. A failing call throws `OrderSourceError` (the same failures as orders: timeout,
 * unauthorized, unavailable, bad response).
 */

/** One option of a product and its values, as the store names them: `{ name: 'Size', values: ['S', 'M'] }`. */
export interface ProductOption {
  name: string;
  values: string[];
}

/** What a catalogue listing gives for each product: enough to find it from a shopper's words. */
export interface ProductSummary {
  /** The platform's id (Shopify GID, WooCommerce id as a string, demo handle). */
  id: string;
  /** The URL slug (`linen-shirt-white`). */
  handle: string;
  title: string;
  /** The store's product type or first category (`Shirts`), when it has one. */
  productType: string | null;
  tags: string[];
  options: ProductOption[];
  /** The product page on the storefront, absolute; null when unknown. */
  url: string | null;
  imageUrl: string | null;
  /** ISO 4217 code of the prices. */
  currency: string;
  /** Lowest and highest variant price, in minor units. */
  minPriceCents: number;
  maxPriceCents: number;
  /** True when at least one variant can be bought now. */
  available: boolean;
}

/** One purchasable version of a product (a size, a colour). */
export interface ProductVariant {
  id: string;
  sku: string | null;
  /** As the store names it (`M / White`). */
  title: string;
  /** Option values by option name: `{ Size: 'M', Color: 'White' }`. */
  options: Record<string, string>;
  priceCents: number;
  /** The price before a markdown, when the store shows one; null otherwise. */
  compareAtPriceCents: number | null;
  /** Whether it can be bought now (in stock, or the store takes backorders for it). */
  available: boolean;
  /** Units in stock when the store tracks them; null when it does not. */
  stock: number | null;
}

/** A size chart: for each size, the body measurements it fits, as the store publishes them. */
export interface SizeGuide {
  unit: 'cm' | 'in';
  /** Measurement names in the store's words (`chest`, `waist`, `foot length`). */
  measurements: string[];
  /** In the store's size order; each range is inclusive `[min, max]` in `unit`. */
  rows: { size: string; ranges: Record<string, [number, number]> }[];
  /** The store's fit note ("regular fit; between two sizes take the larger"), when it has one. */
  note: string | null;
}

/** A product with its variants and live stock. */
export interface Product extends ProductSummary {
  /** Plain text (no HTML). */
  description: string;
  /** What it is made of ("100% linen"), when the store says; null otherwise. */
  materials: string | null;
  /** Care instructions, when the store says. */
  care: string | null;
  /** The cut as the store names it (`slim`, `regular`, `oversized`), when it says; null otherwise. */
  fit: string | null;
  sizeGuide: SizeGuide | null;
  variants: ProductVariant[];
}

/** One page of the catalogue. */
export interface ProductPage {
  products: ProductSummary[];
  /** Pass it to the next call; null on the last page. */
  next: string | null;
}

export interface ProductSource {
  /** The published catalogue, page by page: start with `null`, stop when `next` is null. */
  listProducts(cursor: string | null): Promise<ProductPage>;
  /** One published product with its variants and stock; null when there is no such product. */
  getProduct(id: string): Promise<Product | null>;
}

/** The listing fields of a product, without its description, attributes and variants. */
export function summaryOf(product: Product): ProductSummary {
  const { id, handle, title, productType, tags, options, url, imageUrl, currency, minPriceCents, maxPriceCents, available } = product;
  return { id, handle, title, productType, tags, options, url, imageUrl, currency, minPriceCents, maxPriceCents, available };
}

/**
 * What a product's variants say of it as a whole: the lowest and highest price, and whether any
 * can be bought now. Called with at least one variant (a product with none is not in the catalogue).
 */
export function variantTotals(variants: readonly ProductVariant[]): Pick<ProductSummary, 'minPriceCents' | 'maxPriceCents' | 'available'> {
  const prices = variants.map((v) => v.priceCents);
  return { minPriceCents: Math.min(...prices), maxPriceCents: Math.max(...prices), available: variants.some((v) => v.available) };
}
