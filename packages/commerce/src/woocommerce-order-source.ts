import {
  OrderSourceError,
  type Order,
  type OrderItem,
  type OrderSource,
  type OrderStatus,
  type ReturnRecord,
  type ReturnRequest,
  type Shipment,
} from '@sportello/protocol';
import { normalizeOrderNumber, sameEmail } from './order-match';
import { toMinorUnits } from './money';
import { PlatformJson } from './platform-json';
import { badResponse } from './platform-request';
import { isLastPage, jsonList, WooCommerceRestApi, type WooCommerceConnection } from './woocommerce-rest-api';

export interface WooCommerceOrderSourceConfig extends WooCommerceConnection {
  /**
   * The order status set when a return is recorded (e.g. `refund-requested`, a custom status the
   * merchant added), or none: by default the order's status is left alone and only a note is added.
   */
  returnStatus?: string | null;
  /**
   * True when this shop marks orders `completed` once they are delivered (not when they ship): they
   * are then 'delivered' as of their completion date, so shoppers can return them through the bot.
   * Default false: WooCommerce itself does not know about delivery.
   */
  completedMeansDelivered?: boolean;
}

const PLATFORM = 'WooCommerce';
const SEARCH_PAGE = 20;
const LIST_PAGE = 50;


/** WooCommerce's `*_gmt` dates carry no zone ("2026-11-01T10:00:00"); they are UTC. */
function gmtDate(value: string | null): string | null {
  if (!value) return null;
  const date = new Date(/Z$|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * WooCommerce's order statuses → Sportello's. WooCommerce core knows nothing of carriers or
 * delivery, so tracking (from the Shipment Tracking extension) refines the picture:
 *
 * - `pending` (awaiting payment), `on-hold` (awaiting a manual payment check), `checkout-draft`
 *   → 'processing': nothing ships yet, and we do not claim it is paid.
 * - `processing` (paid, awaiting fulfilment) → 'paid'; 'shipped' once it has tracking.
 * - `completed` (fulfilled: WooCommerce's final state) → 'shipped'. It does not mean delivered.
 * - `cancelled`, `failed` (payment failed or declined; the order will not ship) → 'cancelled'.
 * - `refunded` → 'returned' when anything shipped (tracking or a completion date), else 'cancelled'.
 * - Statuses that shipping plugins add: `shipped`, `partial-shipped` → 'shipped'; `out-for-delivery`
 *   → 'out_for_delivery'; `delivered` → 'delivered'; `returned` → 'returned'.
 * - Any other custom status → 'shipped' with tracking, else 'processing'.
 */
export function wooCommerceOrderStatus(status: string, shipped: { hasTracking: boolean; completedAt: string | null }): OrderStatus {
  switch (status) {
    case 'pending':
    case 'on-hold':
    case 'checkout-draft':
      return 'processing';
    case 'processing':
      return shipped.hasTracking ? 'shipped' : 'paid';
    case 'completed':
    case 'shipped':
    case 'partial-shipped':
      return 'shipped';
    case 'out-for-delivery':
      return 'out_for_delivery';
    case 'delivered':
      return 'delivered';
    case 'cancelled':
    case 'failed':
      return 'cancelled';
    case 'refunded':
      return shipped.hasTracking || shipped.completedAt ? 'returned' : 'cancelled';
    case 'returned':
      return 'returned';
    default:
      return shipped.hasTracking ? 'shipped' : 'processing';
  }
}

/**
 * Orders from a WooCommerce store through the REST API v3, authenticated with a consumer key and
 * secret over HTTPS (Basic auth). An order is looked up by id (`GET /orders/{n}`, when the number
 * is the id, as it is unless a sequential-numbers plugin renames them) and otherwise by search,
 * keeping only an exact `number` match; it is shown only when `billing.email` (or the customer id)
 * matches. Tracking comes from the Shipment Tracking extension's endpoint, or from its order meta
 * when the endpoint is absent; product tags from `GET /products?include=…`. A return is recorded
 * as a private order note, plus the status the merchant chose (`returnStatus`), if any.
 */
export class WooCommerceOrderSource implements OrderSource {
  private readonly api: WooCommerceRestApi;
  private readonly returnStatus: string | null;
  private readonly completedMeansDelivered: boolean;

  constructor(config: WooCommerceOrderSourceConfig) {
    this.api = new WooCommerceRestApi(config);
    this.returnStatus = config.returnStatus?.trim() || null;
    this.completedMeansDelivered = config.completedMeansDelivered ?? false;
  }

  async findOrder(number: string, email: string): Promise<Order | null> {
    if (!email.trim()) return null;
    const raw = await this.lookup(normalizeOrderNumber(number));
    if (!raw || !sameEmail(raw.object('billing').optionalString('email'), email)) return null;
    return (await this.toOrders([raw]))[0] ?? null;
  }

  async findCustomerOrder(number: string, customerId: string): Promise<Order | null> {
    const raw = await this.lookup(normalizeOrderNumber(number));
    if (!raw || !ownedBy(raw, customerId)) return null;
    return (await this.toOrders([raw]))[0] ?? null;
  }

  async listCustomerOrders(customerId: string, limit = 10): Promise<Order[]> {
    if (!/^[1-9]\d*$/.test(customerId.trim()) || limit < 1) return [];
    const found: PlatformJson[] = [];
    for (let page = 1; found.length < limit; page++) {
      const perPage = Math.min(LIST_PAGE, limit);
      const response = await this.api.call('GET', `/wc/v3/orders?customer=${customerId.trim()}&orderby=date&order=desc&per_page=${perPage}&page=${page}`);
      const orders = jsonList(response.body, 'order', 'orders');
      found.push(...orders.filter((o) => ownedBy(o, customerId)).slice(0, limit - found.length));
      if (isLastPage(response, page, orders.length, perPage)) break;
    }
    return this.toOrders(found);
  }

  async createReturn(request: ReturnRequest): Promise<ReturnRecord> {
    const raw = await this.lookup(normalizeOrderNumber(request.orderNumber));
    if (!raw) throw new Error(`Order ${request.orderNumber} does not exist.`);
    const [order] = await this.toOrders([raw]);
    if (!order) throw new Error(`Order ${request.orderNumber} does not exist.`);
    const items = request.items.map(({ itemId, quantity }) => {
      const item = order.items.find((i) => i.id === itemId);
      if (!item) throw new Error(`Order ${order.number} has no item ${itemId}.`);
      if (quantity < 1 || quantity > item.quantity) throw new Error(`Order ${order.number} has ${item.quantity} of ${itemId}, not ${quantity}.`);
      return { itemId, name: item.name, quantity, unitPriceCents: item.unitPriceCents };
    });

    const lines = items.map((i) => `- ${i.quantity} × ${i.name} (line item ${i.itemId})`);
    const note = [
      request.needsApproval ? 'Return requested through Sportello; it awaits approval.' : 'Return started through Sportello.',
      ...lines,
      `Reason: ${request.reason}`,
      ...(request.conversationId ? [`Conversation: ${request.conversationId}`] : []),
    ].join('\n');
    // A private note (customer_note false): the merchant reads it; the shopper gets no email from it.
    const created = PlatformJson.of(PLATFORM, (await this.api.call('POST', `/wc/v3/orders/${order.id}/notes`, { note, customer_note: false })).body);
    if (this.returnStatus) await this.api.call('PUT', `/wc/v3/orders/${order.id}`, { status: this.returnStatus });

    return {
      reference: `R-${created.string('id')}`,
      orderNumber: order.number,
      status: request.needsApproval ? 'pending_approval' : 'approved',
      reason: request.reason,
      items,
      createdAt: gmtDate(created.optionalString('date_created_gmt')) ?? new Date().toISOString(),
    };
  }

  /** The order whose `number` is exactly this one, by id first and then by search; null if none. */
  private async lookup(number: string): Promise<PlatformJson | null> {
    if (!number) return null;
    if (/^[1-9]\d*$/.test(number)) {
      const response = await this.api.call('GET', `/wc/v3/orders/${number}`);
      if (response.status !== 404) {
        const order = PlatformJson.of(PLATFORM, response.body);
        if (order.string('number') === number) return order;
      }
    }
    const response = await this.api.call('GET', `/wc/v3/orders?search=${encodeURIComponent(number)}&per_page=${SEARCH_PAGE}`);
    return jsonList(response.body, 'order', 'orders').find((o) => o.string('number') === number) ?? null;
  }


  /** Maps raw orders, fetching their tracking and (in one call) their products' tags. */
  private async toOrders(raws: PlatformJson[]): Promise<Order[]> {
    if (raws.length === 0) return [];
    const productIds = [...new Set(raws.flatMap((o) => o.objects('line_items').map((i) => i.number('product_id'))).filter((id) => id > 0))];
    const tags = await this.productTags(productIds);
    return Promise.all(raws.map(async (raw) => this.toOrder(raw, tags, await this.trackings(raw))));
  }

  private toOrder(raw: PlatformJson, tags: Map<number, string[]>, shipments: Shipment[]): Order {
    const currency = raw.string('currency');
    const totalCents = toMinorUnits(raw.string('total'), currency);
    if (totalCents === null) throw badResponse(PLATFORM, 'order total is not a number');
    const items: OrderItem[] = raw.objects('line_items').map((item) => {
      const cents = toMinorUnits(item.number('price'), currency);
      if (cents === null) throw badResponse(PLATFORM, 'line item price is not a number');
      return {
        id: item.string('id'),
        sku: item.optionalString('sku'),
        name: item.string('name'),
        quantity: item.number('quantity'),
        unitPriceCents: cents,
        tags: tags.get(item.number('product_id')) ?? [],
      };
    });
    const completedAt = gmtDate(raw.optionalString('date_completed_gmt'));
    const rawStatus = raw.string('status');
    const status = rawStatus === 'completed' && this.completedMeansDelivered ? 'delivered' : wooCommerceOrderStatus(rawStatus, { hasTracking: shipments.length > 0, completedAt });
    // A completed order without tracking still left the store: show one shipment with no tracking.
    if (shipments.length === 0 && (status === 'shipped' || status === 'delivered')) {
      shipments = [{ carrier: null, trackingNumber: null, trackingUrl: null, shippedAt: completedAt, deliveredAt: null, expectedAt: null }];
    }
    const placedAt = gmtDate(raw.optionalString('date_created_gmt'));
    if (!placedAt) throw badResponse(PLATFORM, 'date_created_gmt is not a date');
    const customerId = raw.has('customer_id') ? raw.number('customer_id') : 0;
    return {
      id: raw.string('id'),
      number: raw.string('number'),
      email: raw.object('billing').optionalString('email') ?? '',
      customerId: customerId > 0 ? String(customerId) : null,
      status,
      currency,
      totalCents,
      items,
      shipments,
      placedAt,
      deliveredAt: status === 'delivered' ? completedAt : null,
      expectedAt: null,
    };
  }

  /**
   * The Shipment Tracking extension's items for an order: its REST endpoint, or, when the
   * endpoint is not there (404: extension missing or older), the `_wc_shipment_tracking_items`
   * order meta it stores them in.
   */
  private async trackings(raw: PlatformJson): Promise<Shipment[]> {
    const response = await this.api.call('GET', `/wc-shipment-tracking/v3/orders/${raw.string('id')}/shipment-trackings`);
    if (response.status !== 404) {
      if (!Array.isArray(response.body)) throw badResponse(PLATFORM, 'shipment trackings are not an array');
      return response.body.map((t, i) => {
        const item = PlatformJson.of(PLATFORM, t, `shipment-trackings[${i}]`);
        const shipped = item.optionalString('date_shipped');
        return {
          carrier: item.optionalString('tracking_provider'),
          trackingNumber: item.optionalString('tracking_number'),
          trackingUrl: item.optionalString('tracking_link'),
          shippedAt: shipped ? gmtDate(shipped.length === 10 ? `${shipped}T00:00:00` : shipped) : null,
          deliveredAt: null,
          expectedAt: null,
        };
      });
    }
    const meta = raw.objects('meta_data', true).find((m) => m.raw.key === '_wc_shipment_tracking_items');
    const value = meta?.raw.value;
    if (!Array.isArray(value)) return [];
    return value.map((t, i) => {
      const item = PlatformJson.of(PLATFORM, t, `_wc_shipment_tracking_items[${i}]`);
      const number = item.optionalString('tracking_number');
      const link = item.optionalString('custom_tracking_link');
      const seconds = item.has('date_shipped') ? Number(item.raw.date_shipped) : Number.NaN;
      return {
        carrier: item.optionalString('custom_tracking_provider') ?? item.optionalString('tracking_provider'),
        trackingNumber: number,
        trackingUrl: link && number ? link.replace('%1$s', encodeURIComponent(number)) : link,
        shippedAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null,
        deliveredAt: null,
        expectedAt: null,
      };
    });
  }

  /**
   * Tags of these products, by product id: each tag's name and slug (so a non-returnable tag
   * matches however the merchant typed it). Deleted products have none.
   */
  private async productTags(ids: number[]): Promise<Map<number, string[]>> {
    const tags = new Map<number, string[]>();
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const response = await this.api.call('GET', `/wc/v3/products?include=${chunk.join(',')}&per_page=100`);
      for (const product of jsonList(response.body, 'product', 'products')) {
        const names = product.objects('tags', true).flatMap((t) => [t.optionalString('name'), t.optionalString('slug')]);
        tags.set(product.number('id'), [...new Set(names.filter((n): n is string => n !== null))]);
      }
    }
    return tags;
  }

}

function ownedBy(order: PlatformJson, customerId: string): boolean {
  const id = order.has('customer_id') ? order.number('customer_id') : 0;
  return id > 0 && String(id) === customerId.trim();
}
