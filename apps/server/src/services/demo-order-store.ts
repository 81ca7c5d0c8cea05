import { and, desc, eq } from 'drizzle-orm';
import { demoOrders, returns, type Database } from '@sportello/db';
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
    await this.db.insert(returns).values({
      siteId: this.siteId,
      conversationId: record.conversationId,
      reference: record.reference,
      orderNumber: record.orderNumber,
      customerEmail: record.customerEmail,
      status: record.status,
      reason: record.reason,
      items: record.items.map((i) => ({ sku: i.itemId, name: i.name, quantity: i.quantity, priceCents: i.unitPriceCents })),
      createdAt: new Date(record.createdAt),
    });
  }
}
