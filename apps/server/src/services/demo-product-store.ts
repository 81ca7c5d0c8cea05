import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { demoProducts, demoProductVariants, type Database } from '@sportello/db';
import type { DemoProductRecord, DemoProductStore } from '@sportello/commerce';

type ProductRow = typeof demoProducts.$inferSelect;

/** The demo product source's storage: one site's rows of `demo_products` and their variants. */
export class DbDemoProductStore implements DemoProductStore {
  constructor(
    private readonly db: Database,
    private readonly siteId: string,
  ) {}

  async list(afterPosition: number | null, limit: number): Promise<DemoProductRecord[]> {
    const where = afterPosition === null ? eq(demoProducts.siteId, this.siteId) : and(eq(demoProducts.siteId, this.siteId), gt(demoProducts.position, afterPosition));
    const rows = await this.db.select().from(demoProducts).where(where).orderBy(asc(demoProducts.position)).limit(limit);
    return this.withVariants(rows);
  }

  async byHandle(handle: string): Promise<DemoProductRecord | null> {
    const rows = await this.db
      .select()
      .from(demoProducts)
      .where(and(eq(demoProducts.siteId, this.siteId), eq(demoProducts.handle, handle)));
    return (await this.withVariants(rows))[0] ?? null;
  }

  /** The products with their variants, read in one query for all of them. */
  private async withVariants(rows: ProductRow[]): Promise<DemoProductRecord[]> {
    if (rows.length === 0) return [];
    const variants = await this.db
      .select()
      .from(demoProductVariants)
      .where(
        inArray(
          demoProductVariants.productId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(demoProductVariants.position));
    return rows.map((row) => ({
      handle: row.handle,
      position: row.position,
      title: row.title,
      productType: row.productType,
      tags: row.tags,
      options: row.options,
      description: row.description,
      materials: row.materials,
      care: row.care,
      fit: row.fit,
      sizeGuide: row.sizeGuide,
      currency: row.currency,
      variants: variants
        .filter((v) => v.productId === row.id)
        .map((v) => ({ position: v.position, sku: v.sku, title: v.title, options: v.options, priceCents: v.priceCents, compareAtPriceCents: v.compareAtPriceCents, stock: v.stock })),
    }));
  }
}
