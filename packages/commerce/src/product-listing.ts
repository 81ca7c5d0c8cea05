import type { ProductSource, ProductSummary } from '@sportello/protocol';

export interface ListAllOptions {
  /** Stop once this many products are read. Default 5 000. */
  maxProducts?: number;
  /** Stop after this many pages, whatever they held. Default 500. */
  maxPages?: number;
}

/**
 * The whole catalogue: `listProducts` from the first page, following `next`, bounded by
 * `maxProducts` and `maxPages` (and stopping if a source hands back a cursor it gave already), each
 * product once. A failing page fails the whole call: half a catalogue would read as products that
 * do not exist.
 */
export async function listAll(source: ProductSource, options: ListAllOptions = {}): Promise<ProductSummary[]> {
  const maxProducts = Math.max(0, options.maxProducts ?? 5_000);
  const maxPages = Math.max(1, options.maxPages ?? 500);
  const byId = new Map<string, ProductSummary>();
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let pages = 0; pages < maxPages && byId.size < maxProducts; pages++) {
    const page = await source.listProducts(cursor);
    for (const product of page.products) {
      if (byId.size >= maxProducts) break;
      if (!byId.has(product.id)) byId.set(product.id, product);
    }
    if (page.next === null || seen.has(page.next)) break;
    seen.add(page.next);
    cursor = page.next;
  }
  return [...byId.values()];
}
