import type { ProductSummary } from '@sportello/protocol';
import { fold } from './normaliser';

/** A product the shopper's words point to, with how well they match it. */
export interface ProductMatch {
  product: ProductSummary;
  /** 0–1: the share of the product's distinctive words the message names. */
  score: number;
}

/**
 * The site's catalogue as the bot searches it: built once from the product listing (the server
 * rebuilds it when the listing changes), immutable, searched in memory from free text.
 */
export class ProductCatalogue {
  readonly products: readonly ProductSummary[];

  constructor(products: ProductSummary[]) {
    this.products = products;
  }

  get size(): number {
    return this.products.length;
  }

  /** Products whose title words the text names, best first. */
  find(text: string, limit = 5): ProductMatch[] {
    const said = new Set(fold(text).match(/[a-z0-9]+/g) ?? []);
    const out: ProductMatch[] = [];
    for (const product of this.products) {
      const words = fold(product.title).match(/[a-z0-9]{3,}/g) ?? [];
      if (words.length === 0) continue;
      const hits = words.filter((w) => said.has(w)).length;
      if (hits > 0) out.push({ product, score: hits / words.length });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
