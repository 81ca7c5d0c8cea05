import type { OrderSource, ReturnRecord } from '@sportello/protocol';

/** Looks orders up for real but only pretends to create returns: a preview stores nothing. */
export function dryRun(source: OrderSource): OrderSource {
  return {
    findOrder: (number, email) => source.findOrder(number, email),
    findCustomerOrder: (number, customerId) => source.findCustomerOrder(number, customerId),
    listCustomerOrders: (customerId, limit) => source.listCustomerOrders(customerId, limit),
    async createReturn(request): Promise<ReturnRecord> {
      return {
        reference: 'R-PREVIEW',
        orderNumber: request.orderNumber,
        status: request.needsApproval ? 'pending_approval' : 'approved',
        reason: request.reason,
        items: request.items.map((i) => ({ itemId: i.itemId, name: i.itemId, quantity: i.quantity, unitPriceCents: 0 })),
        createdAt: new Date().toISOString(),
      };
    },
  };
}

