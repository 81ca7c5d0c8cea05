import {
  OrderSourceError,
  type Order,
  type OrderItem,
  type OrderSource,
  type OrderStatus,
  type ReturnRecord,
  type ReturnRequest,
  type ReturnStatus,
  type Shipment,
} from '@sportello/protocol';
import { normalizeOrderNumber, sameEmail } from './order-match';
import { toMinorUnits } from './money';
import type { PlatformJson } from './platform-json';
import { badResponse } from './platform-request';
import { ShopifyAdminApi, type ShopifyConnection } from './shopify-admin-api';

/** The store and an Admin API access token with read_orders, read_customers, read_returns and write_returns. */
export type ShopifyOrderSourceConfig = ShopifyConnection;

const PLATFORM = 'Shopify';
const LINE_ITEMS_PAGE = 50;
const ORDERS_PAGE = 25;

const ORDER_FIELDS = `
fragment SportelloLineItem on LineItem {
  id
  name
  quantity
  sku
  originalUnitPriceSet { shopMoney { amount currencyCode } }
  product { tags }
}
fragment SportelloOrder on Order {
  id
  name
  email
  createdAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  returnStatus
  totalPriceSet { shopMoney { amount currencyCode } }
  customer { id }
  lineItems(first: ${LINE_ITEMS_PAGE}) {
    pageInfo { hasNextPage endCursor }
    edges { node { ...SportelloLineItem } }
  }
  fulfillments(first: 20) {
    status
    displayStatus
    createdAt
    inTransitAt
    estimatedDeliveryAt
    deliveredAt
    trackingInfo { company number url }
  }
}`;

const FIND_ORDERS = `
query SportelloFindOrders($query: String!, $first: Int!, $after: String) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {
    pageInfo { hasNextPage endCursor }
    edges { node { ...SportelloOrder } }
  }
}
${ORDER_FIELDS}`;

const MORE_LINE_ITEMS = `
query SportelloOrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: ${LINE_ITEMS_PAGE}, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { ...SportelloLineItem } }
    }
  }
}
${ORDER_FIELDS.slice(0, ORDER_FIELDS.indexOf('fragment SportelloOrder'))}`;

const RETURNABLE_FULFILLMENTS = `
query SportelloReturnableFulfillments($orderId: ID!) {
  returnableFulfillments(orderId: $orderId, first: 20) {
    edges {
      node {
        id
        returnableFulfillmentLineItems(first: 50) {
          edges { node { quantity fulfillmentLineItem { id lineItem { id } } } }
        }
      }
    }
  }
}`;

const RETURN_REQUEST = `
mutation SportelloReturnRequest($input: ReturnRequestInput!) {
  returnRequest(input: $input) {
    return { id name status }
    userErrors { field message code }
  }
}`;

/** `gid://shopify/Customer/123` or `123` → `123`. */
const legacyId = (id: string) => id.trim().split('/').pop() ?? '';
/** A value for Shopify's search syntax, quoted so that `@`, `:` and spaces are literal. */
const searchValue = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

interface ShopifyFulfillment {
  status: string | null;
  displayStatus: string | null;
  deliveredAt: string | null;
  estimatedDeliveryAt: string | null;
}

/** A fulfilment that did or will ship: not cancelled, failed, or a voided label. */
const isLive = (f: ShopifyFulfillment) =>
  !['CANCELLED', 'ERROR', 'FAILURE'].includes(f.status ?? '') && !['CANCELED', 'FAILURE', 'LABEL_VOIDED'].includes(f.displayStatus ?? '');

/**
 * Shopify's statuses → Sportello's, in this order of precedence:
 *
 * 1. `cancelledAt` set → 'cancelled'. Financial `VOIDED` or `EXPIRED` (an authorisation dropped
 *    before capture: the order will never ship) → 'cancelled'.
 * 2. `returnStatus` `RETURNED` or `INSPECTION_COMPLETE` → 'returned'. A return only requested or in
 *    progress (`RETURN_REQUESTED`, `IN_PROGRESS`) leaves the shipping status as it is: the parcel was
 *    still delivered. Financial `REFUNDED` → 'returned' if anything was shipped, else 'cancelled'.
 * 3. Fulfilments that were not cancelled or failed (`status` CANCELLED/ERROR/FAILURE, `displayStatus`
 *    CANCELED/FAILURE/LABEL_VOIDED are ignored). `displayStatus` mirrors the latest tracking event:
 *    - every fulfilment DELIVERED or PICKED_UP (or with `deliveredAt`), and the order's
 *      `displayFulfillmentStatus` FULFILLED → 'delivered';
 *    - any OUT_FOR_DELIVERY → 'out_for_delivery';
 *    - otherwise, any fulfilment (IN_TRANSIT, CONFIRMED, LABEL_PRINTED, ATTEMPTED_DELIVERY, partially
 *      delivered, …) → 'shipped'.
 * 4. No fulfilment read but `displayFulfillmentStatus` FULFILLED or PARTIALLY_FULFILLED → 'shipped'.
 * 5. Nothing shipped yet: financial PAID or PARTIALLY_REFUNDED with `displayFulfillmentStatus`
 *    UNFULFILLED or OPEN → 'paid'; anything else (payment PENDING/AUTHORIZED/PARTIALLY_PAID, or
 *    fulfilment IN_PROGRESS, PENDING_FULFILLMENT, ON_HOLD, SCHEDULED, REQUEST_DECLINED) → 'processing'.
 */
export function shopifyOrderStatus(order: {
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  returnStatus: string | null;
  fulfillments: ShopifyFulfillment[];
}): OrderStatus {
  const financial = order.displayFinancialStatus ?? '';
  const fulfilment = order.displayFulfillmentStatus ?? '';
  if (order.cancelledAt || financial === 'VOIDED' || financial === 'EXPIRED') return 'cancelled';
  const live = order.fulfillments.filter(isLive);
  if (order.returnStatus === 'RETURNED' || order.returnStatus === 'INSPECTION_COMPLETE') return 'returned';
  if (financial === 'REFUNDED') return live.length > 0 ? 'returned' : 'cancelled';
  if (live.length > 0) {
    const delivered = (f: ShopifyFulfillment) => f.deliveredAt !== null || f.displayStatus === 'DELIVERED' || f.displayStatus === 'PICKED_UP';
    if (fulfilment === 'FULFILLED' && live.every(delivered)) return 'delivered';
    if (live.some((f) => f.displayStatus === 'OUT_FOR_DELIVERY')) return 'out_for_delivery';
    return 'shipped';
  }
  // Shopify says something shipped though we read no live fulfilment (e.g. past the first 20).
  if (fulfilment === 'FULFILLED' || fulfilment === 'PARTIALLY_FULFILLED') return 'shipped';
  if ((financial === 'PAID' || financial === 'PARTIALLY_REFUNDED') && (fulfilment === 'UNFULFILLED' || fulfilment === 'OPEN')) return 'paid';
  return 'processing';
}

/**
 * Shopify's `Return.status` → Sportello's: REQUESTED waits for the merchant ('pending_approval'),
 * OPEN is approved and under way, DECLINED and CANCELED are 'rejected', CLOSED is completed (the
 * refund, if any, was issued) and reads as 'refunded'.
 */
export function shopifyReturnStatus(status: string): ReturnStatus {
  switch (status) {
    case 'OPEN':
      return 'approved';
    case 'DECLINED':
    case 'CANCELED':
      return 'rejected';
    case 'CLOSED':
      return 'refunded';
    default:
      return 'pending_approval';
  }
}

/**
 * Orders from a Shopify store through the Admin GraphQL API (version pinned in the URL). Orders are
 * found with the `orders` search (`name:` with `email:` or `customer_id:`) and then checked again
 * here, so a loose search never shows one shopper another's order. Returns go through
 * `returnableFulfillments` (to find the fulfilment line items of the requested line items) and the
 * `returnRequest` mutation, which leaves the return for the merchant to approve in Shopify.
 * Throttling (GraphQL THROTTLED, HTTP 429) is retried after the wait the API suggests.
 * Without the read_all_orders scope Shopify only lets an app see the last 60 days of orders.
 */
export class ShopifyOrderSource implements OrderSource {
  private readonly api: ShopifyAdminApi;

  constructor(config: ShopifyOrderSourceConfig) {
    this.api = new ShopifyAdminApi(config);
  }

  /** The Admin GraphQL URL this source calls. */
  get endpoint(): string {
    return this.api.endpoint;
  }

  async findOrder(number: string, email: string): Promise<Order | null> {
    const wanted = normalizeOrderNumber(number);
    if (!wanted || !email.trim()) return null;
    const node = await this.findNode(`name:${searchValue(wanted)} email:${searchValue(email.trim())}`, wanted);
    if (!node || !sameEmail(node.optionalString('email'), email)) return null;
    return this.toOrder(node);
  }

  async findCustomerOrder(number: string, customerId: string): Promise<Order | null> {
    const wanted = normalizeOrderNumber(number);
    const id = legacyId(customerId);
    if (!wanted || !id) return null;
    const node = await this.findNode(`name:${searchValue(wanted)} customer_id:${searchValue(id)}`, wanted);
    const owner = node?.optionalObject('customer')?.optionalString('id');
    if (!node || !owner || legacyId(owner) !== id) return null;
    return this.toOrder(node);
  }

  async listCustomerOrders(customerId: string, limit = 10): Promise<Order[]> {
    const id = legacyId(customerId);
    if (!id || limit < 1) return [];
    const orders: Order[] = [];
    let after: string | null = null;
    do {
      const data = await this.api.query(FIND_ORDERS, { query: `customer_id:${searchValue(id)}`, first: Math.min(ORDERS_PAGE, limit - orders.length), after });
      const page = data.connection('orders');
      for (const node of page.nodes) {
        const owner = node.optionalObject('customer')?.optionalString('id');
        if (owner && legacyId(owner) === id && orders.length < limit) orders.push(await this.toOrder(node));
      }
      after = page.hasNextPage ? page.endCursor : null;
    } while (after && orders.length < limit);
    return orders;
  }

  async createReturn(request: ReturnRequest): Promise<ReturnRecord> {
    const wanted = normalizeOrderNumber(request.orderNumber);
    const node = await this.findNode(`name:${searchValue(wanted)}`, wanted);
    if (!node) throw new Error(`Order ${request.orderNumber} does not exist.`);
    const order = await this.toOrder(node);

    // Which fulfilment line items can still be returned, by the order line item they ship.
    const returnable = await this.api.query(RETURNABLE_FULFILLMENTS, { orderId: order.id });
    const available: { fulfillmentLineItemId: string; lineItemId: string; quantity: number }[] = [];
    for (const fulfilment of returnable.connection('returnableFulfillments').nodes) {
      for (const item of fulfilment.connection('returnableFulfillmentLineItems').nodes) {
        const fli = item.object('fulfillmentLineItem');
        available.push({ fulfillmentLineItemId: fli.string('id'), lineItemId: fli.object('lineItem').string('id'), quantity: item.number('quantity') });
      }
    }

    const note = request.reason.slice(0, 300);
    const returnLineItems: { fulfillmentLineItemId: string; quantity: number; returnReason: string; customerNote: string }[] = [];
    const items = request.items.map(({ itemId, quantity }) => {
      const item = order.items.find((i) => i.id === itemId);
      if (!item) throw new Error(`Order ${order.number} has no item ${itemId}.`);
      const candidates = available.filter((a) => a.lineItemId === itemId);
      const returnableCount = candidates.reduce((sum, a) => sum + a.quantity, 0);
      if (quantity < 1 || quantity > returnableCount) throw new Error(`Order ${order.number} has ${returnableCount} returnable of ${itemId}, not ${quantity}.`);
      // One line item may have shipped in several fulfilments: take from each until the quantity is met.
      let left = quantity;
      for (const candidate of candidates) {
        const take = Math.min(left, candidate.quantity);
        if (take > 0) returnLineItems.push({ fulfillmentLineItemId: candidate.fulfillmentLineItemId, quantity: take, returnReason: 'OTHER', customerNote: note });
        left -= take;
      }
      return { itemId, name: item.name, quantity, unitPriceCents: item.unitPriceCents };
    });

    const data = await this.api.query(RETURN_REQUEST, { input: { orderId: order.id, returnLineItems } });
    const payload = data.object('returnRequest');
    const errors = payload.objects('userErrors', true);
    if (errors.length > 0) {
      throw new OrderSourceError('bad_response', `Shopify refused the return: ${errors.map((e) => e.optionalString('message') ?? 'unknown error').join('; ')}`);
    }
    const created = payload.object('return');
    return {
      reference: created.optionalString('name') ?? legacyId(created.string('id')),
      orderNumber: order.number,
      status: shopifyReturnStatus(created.string('status')),
      reason: request.reason,
      items,
      createdAt: new Date().toISOString(),
    };
  }

  /** The first order a search returns whose name is exactly this number (searches match loosely). */
  private async findNode(query: string, number: string): Promise<PlatformJson | null> {
    const data = await this.api.query(FIND_ORDERS, { query, first: 5, after: null });
    return data.connection('orders').nodes.find((node) => normalizeOrderNumber(node.string('name')) === number) ?? null;
  }

  private async toOrder(node: PlatformJson): Promise<Order> {
    const total = node.object('totalPriceSet').object('shopMoney');
    const currency = total.string('currencyCode');
    const itemNodes = await this.api.allNodes(node, 'lineItems', MORE_LINE_ITEMS, 'order');
    const items: OrderItem[] = itemNodes.map((item) => {
      const price = item.object('originalUnitPriceSet').object('shopMoney');
      const cents = toMinorUnits(price.string('amount'), price.string('currencyCode'));
      if (cents === null) throw badResponse(PLATFORM, 'line item price is not a number');
      return {
        id: item.string('id'),
        sku: item.optionalString('sku'),
        name: item.string('name'),
        quantity: item.number('quantity'),
        unitPriceCents: cents,
        tags: item.optionalObject('product')?.strings('tags', true) ?? [],
      };
    });

    const fulfillmentNodes = node.objects('fulfillments', true);
    const fulfillments = fulfillmentNodes.map((f) => ({
      status: f.optionalString('status'),
      displayStatus: f.optionalString('displayStatus'),
      createdAt: f.optionalString('createdAt'),
      inTransitAt: f.optionalString('inTransitAt'),
      deliveredAt: f.optionalString('deliveredAt'),
      estimatedDeliveryAt: f.optionalString('estimatedDeliveryAt'),
      tracking: f.objects('trackingInfo', true),
    }));
    const status = shopifyOrderStatus({
      cancelledAt: node.optionalString('cancelledAt'),
      displayFinancialStatus: node.optionalString('displayFinancialStatus'),
      displayFulfillmentStatus: node.optionalString('displayFulfillmentStatus'),
      returnStatus: node.optionalString('returnStatus'),
      fulfillments,
    });

    // One shipment per tracking number; a fulfilment without tracking is still a shipment.
    const shipments: Shipment[] = fulfillments.filter(isLive).flatMap((f) => {
      const base = { shippedAt: f.inTransitAt ?? f.createdAt, deliveredAt: f.deliveredAt, expectedAt: f.estimatedDeliveryAt };
      if (f.tracking.length === 0) return [{ carrier: null, trackingNumber: null, trackingUrl: null, ...base }];
      return f.tracking.map((t) => ({ carrier: t.optionalString('company'), trackingNumber: t.optionalString('number'), trackingUrl: t.optionalString('url'), ...base }));
    });
    const latest = (values: (string | null)[]) => values.filter((v): v is string => v !== null).sort().pop() ?? null;

    const totalCents = toMinorUnits(total.string('amount'), currency);
    if (totalCents === null) throw badResponse(PLATFORM, 'order total is not a number');
    return {
      id: node.string('id'),
      number: normalizeOrderNumber(node.string('name')),
      email: node.optionalString('email') ?? '',
      customerId: node.optionalObject('customer')?.optionalString('id') ?? null,
      status,
      currency,
      totalCents,
      items,
      shipments,
      placedAt: node.string('createdAt'),
      deliveredAt: status === 'delivered' ? latest(shipments.map((s) => s.deliveredAt)) : null,
      expectedAt: status === 'delivered' ? null : latest(shipments.filter((s) => !s.deliveredAt).map((s) => s.expectedAt)),
    };
  }

}
