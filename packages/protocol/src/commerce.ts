/**
 * Orders and returns as Sportello sees them, whatever the store runs on. `OrderSource` is the seam
 * the bot and the console read orders through; `packages/commerce` implements it for the demo
 * tables, Shopify and WooCommerce. One instance serves one site.
 */

export const ORDER_STATUSES = ['paid', 'processing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  /** The platform's line-item id; what a return names. */
  id: string;
  sku: string | null;
  name: string;
  quantity: number;
  /** Price of one unit, in minor units of the order's currency. */
  unitPriceCents: number;
  /** Product tags, matched against the site's non-returnable tags. */
  tags: string[];
}

export interface Shipment {
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  /** Expected delivery date, when the carrier or the store gives one. */
  expectedAt: string | null;
}

export interface Order {
  id: string;
  /** As the shopper knows it, without `#` (e.g. `1001`). */
  number: string;
  email: string;
  customerId: string | null;
  status: OrderStatus;
  currency: string;
  totalCents: number;
  items: OrderItem[];
  shipments: Shipment[];
  placedAt: string;
  deliveredAt: string | null;
  expectedAt: string | null;
}

export const RETURN_STATUSES = ['pending_approval', 'approved', 'rejected', 'received', 'refunded'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ReturnRequest {
  orderNumber: string;
  items: { itemId: string; quantity: number }[];
  reason: string;
  /** True when the merchant's policy wants an agent to approve it first. */
  needsApproval: boolean;
  conversationId?: string | null;
  /** What the shopper wants back: their money (default), or the same item in another size. */
  resolution?: 'refund' | 'exchange';
  /** A line for the merchant, e.g. "Exchange for size L". */
  note?: string | null;
}

export interface ReturnRecord {
  reference: string;
  orderNumber: string;
  status: ReturnStatus;
  reason: string;
  items: { itemId: string; name: string; quantity: number; unitPriceCents: number }[];
  createdAt: string;
}

/** Why an order source call failed; the bot turns each into a clear sentence and a handoff. */
export type OrderSourceFailure = 'timeout' | 'unauthorized' | 'unavailable' | 'bad_response';

export class OrderSourceError extends Error {
  constructor(
    readonly failure: OrderSourceFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OrderSourceError';
  }
}

export interface OrderSource {
  /**
   * The order with this number, only if `email` is the order's (case-insensitive); null otherwise,
   * whether the number is unknown or the email does not match, so a wrong pair reveals nothing.
   */
  findOrder(number: string, email: string): Promise<Order | null>;
  /** The order with this number, only if it belongs to this (verified) customer. */
  findCustomerOrder(number: string, customerId: string): Promise<Order | null>;
  /** A verified customer's recent orders, newest first. */
  listCustomerOrders(customerId: string, limit?: number): Promise<Order[]>;
  /** Starts a return for items of an order the caller has already verified. */
  createReturn(request: ReturnRequest): Promise<ReturnRecord>;
}
