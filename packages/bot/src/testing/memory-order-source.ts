import type { Order, OrderSource, ReturnRecord, ReturnRequest } from '@sportello/protocol';
import { OrderSourceError, type OrderSourceFailure } from '@sportello/protocol';

/**
 * An in-memory `OrderSource`: the bot's test fake and a reference for adapters. Matching follows
 * the port's contract: number exact (a leading `#` ignored), e-mail case-insensitive, a wrong pair
 * is indistinguishable from an unknown number. Set `failWith` to make every call throw.
 */
export class MemoryOrderSource implements OrderSource {
  readonly returns: ReturnRecord[] = [];
  readonly requests: ReturnRequest[] = [];
  failWith: OrderSourceFailure | null = null;
  private sequence = 0;

  constructor(
    private readonly orders: Order[],
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async findOrder(number: string, email: string): Promise<Order | null> {
    this.check();
    const order = this.byNumber(number);
    return order && order.email.toLowerCase() === email.trim().toLowerCase() ? order : null;
  }

  async findCustomerOrder(number: string, customerId: string): Promise<Order | null> {
    this.check();
    const order = this.byNumber(number);
    return order && order.customerId === customerId ? order : null;
  }

  async listCustomerOrders(customerId: string, limit = 10): Promise<Order[]> {
    this.check();
    return this.orders
      .filter((o) => o.customerId === customerId)
      .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
      .slice(0, limit);
  }

  async createReturn(request: ReturnRequest): Promise<ReturnRecord> {
    this.check();
    const order = this.byNumber(request.orderNumber);
    if (!order) throw new OrderSourceError('bad_response', `unknown order ${request.orderNumber}`);
    this.sequence += 1;
    const record: ReturnRecord = {
      reference: `R-${order.number}-${this.sequence}`,
      orderNumber: order.number,
      status: request.needsApproval ? 'pending_approval' : 'approved',
      reason: request.reason,
      items: request.items.map((r) => {
        const item = order.items.find((i) => i.id === r.itemId);
        return { itemId: r.itemId, name: item?.name ?? r.itemId, quantity: r.quantity, unitPriceCents: item?.unitPriceCents ?? 0 };
      }),
      createdAt: this.clock().toISOString(),
    };
    this.requests.push(request);
    this.returns.push(record);
    return record;
  }

  private byNumber(number: string): Order | undefined {
    const wanted = number.replace(/^#/, '').trim();
    return this.orders.find((o) => o.number === wanted);
  }

  private check(): void {
    if (this.failWith) throw new OrderSourceError(this.failWith, `order source ${this.failWith}`);
  }
}
