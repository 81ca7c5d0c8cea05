import { randomBytes } from 'node:crypto';
import type { Order, OrderSource, OrderStatus, ReturnRecord, ReturnRequest } from '@sportello/protocol';
import { normalizeOrderNumber, sameEmail } from './order-match';

/** A demo order as the server's `demo_orders` table holds it. */
export interface DemoOrderRecord {
  id: string;
  number: string;
  email: string;
  customerId: string | null;
  status: OrderStatus;
  currency: string;
  totalCents: number;
  items: { sku: string; name: string; quantity: number; priceCents: number; tags: string[] }[];
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  placedAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  expectedAt: Date | null;
}

/** Storage the demo source reads and writes through (the server implements it over its database). */
export interface DemoOrderStore {
  byNumber(number: string): Promise<DemoOrderRecord | null>;
  byCustomer(customerId: string, limit: number): Promise<DemoOrderRecord[]>;
  saveReturn(record: ReturnRecord & { customerEmail: string | null; conversationId: string | null }): Promise<void>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// Line items have no id of their own in the demo tables: the SKU names them within an order.
function toOrder(record: DemoOrderRecord): Order {
  return {
    id: record.id,
    number: record.number,
    email: record.email,
    customerId: record.customerId,
    status: record.status,
    currency: record.currency,
    totalCents: record.totalCents,
    items: record.items.map((item) => ({ id: item.sku, sku: item.sku, name: item.name, quantity: item.quantity, unitPriceCents: item.priceCents, tags: item.tags })),
    shipments:
      record.shippedAt || record.trackingNumber
        ? [
            {
              carrier: record.carrier,
              trackingNumber: record.trackingNumber,
              trackingUrl: record.trackingUrl,
              shippedAt: iso(record.shippedAt),
              deliveredAt: iso(record.deliveredAt),
              expectedAt: iso(record.expectedAt),
            },
          ]
        : [],
    placedAt: record.placedAt.toISOString(),
    deliveredAt: iso(record.deliveredAt),
    expectedAt: iso(record.expectedAt),
  };
}

/**
 * The default order source: the demo store's orders in Sportello's own database, so the product
 * runs alone. Returns are recorded in the database too.
 */
export class DemoOrderSource implements OrderSource {
  constructor(private readonly store: DemoOrderStore) {}

  async findOrder(number: string, email: string): Promise<Order | null> {
    const record = await this.store.byNumber(normalizeOrderNumber(number));
    return record && sameEmail(record.email, email) ? toOrder(record) : null;
  }

  async findCustomerOrder(number: string, customerId: string): Promise<Order | null> {
    const record = await this.store.byNumber(normalizeOrderNumber(number));
    return record && record.customerId !== null && record.customerId === customerId ? toOrder(record) : null;
  }

  async listCustomerOrders(customerId: string, limit = 10): Promise<Order[]> {
    return (await this.store.byCustomer(customerId, limit)).map(toOrder);
  }

  async createReturn(request: ReturnRequest): Promise<ReturnRecord> {
    const record = await this.store.byNumber(normalizeOrderNumber(request.orderNumber));
    if (!record) throw new Error(`Order ${request.orderNumber} does not exist.`);
    const items = request.items.map(({ itemId, quantity }) => {
      const item = record.items.find((i) => i.sku === itemId);
      if (!item) throw new Error(`Order ${record.number} has no item ${itemId}.`);
      if (quantity < 1 || quantity > item.quantity) throw new Error(`Order ${record.number} has ${item.quantity} of ${itemId}, not ${quantity}.`);
      return { itemId, name: item.name, quantity, unitPriceCents: item.priceCents };
    });
    const created: ReturnRecord = {
      reference: `R-${randomBytes(4).toString('hex').toUpperCase()}`,
      orderNumber: record.number,
      status: request.needsApproval ? 'pending_approval' : 'approved',
      reason: request.reason,
      items,
      createdAt: new Date().toISOString(),
    };
    await this.store.saveReturn({ ...created, customerEmail: record.email, conversationId: request.conversationId ?? null });
    return created;
  }
}
