import { and, desc, eq, gt, isNotNull, isNull, like } from 'drizzle-orm';
import { attachments, demoOrders, returns, type Database } from '@sportello/db';
import type { DemoOrderRecord, DemoOrderStore } from '@sportello/commerce';

/** The demo order source's storage: one site's rows of `demo_orders` and `returns`. */
export class DbDemoOrderStore implements DemoOrderStore {
  constructor(
    private readonly db: Database,
    private readonly siteId: string,
  ) {}

  async byNumber(number: string): Promise<DemoOrderRecord | null> {
    const [row] = await this.db.select().from(demoOrders).where(and(eq(demoOrders.siteId, this.siteId), eq(demoOrders.number, number)));
    return row ?? null;
  }

  async byCustomer(customerId: string, limit: number): Promise<DemoOrderRecord[]> {
    return this.db
      .select()
      .from(demoOrders)
      .where(and(eq(demoOrders.siteId, this.siteId), eq(demoOrders.customerId, customerId)))
      .orderBy(desc(demoOrders.placedAt))
      .limit(limit);
  }

  async saveReturn(record: Parameters<DemoOrderStore['saveReturn']>[0]): Promise<void> {
    const [saved] = await this.db.insert(returns).values({
      siteId: this.siteId,
      conversationId: record.conversationId,
      reference: record.reference,
      orderNumber: record.orderNumber,
      customerEmail: record.customerEmail,
      status: record.status,
      reason: record.reason,
      items: record.items.map((i) => ({ sku: i.itemId, name: i.name, quantity: i.quantity, priceCents: i.unitPriceCents })),
      createdAt: new Date(record.createdAt),
    }).returning({ id: returns.id });
    // The photos the shopper sent in this conversation before (a damaged item, the wrong one) go with it.
    if (saved && record.conversationId) {
      await this.db
        .update(attachments)
        .set({ returnId: saved.id })
        .where(
          and(
            eq(attachments.conversationId, record.conversationId),
            isNotNull(attachments.visitorId),
            isNotNull(attachments.clientId),
            isNull(attachments.returnId),
            like(attachments.type, 'image/%'),
            gt(attachments.createdAt, new Date(Date.now() - 24 * 3600_000)),
          ),
        );
    }
  }
}
