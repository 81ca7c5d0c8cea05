import type { Product, ProductSummary, ProductVariant } from '@sportello/protocol';

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
