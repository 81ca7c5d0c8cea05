import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay } from 'msw';
import { setupServer } from 'msw/node';
import { OrderSourceError } from '@sportello/protocol';
import { ShopifyOrderSource, shopifyOrderStatus, type ShopifyOrderSourceConfig } from '../src/index';
import { ACCESS_TOKEN, ENDPOINT, ordersPage, reply, SHOP, shopify, shopifyHandlers } from './handlers/shopify';
import orders1001 from './fixtures/shopify/orders-1001.json';
import throttled from './fixtures/shopify/throttled.json';
import userError from './fixtures/shopify/return-request-user-error.json';

const server = setupServer(...shopifyHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function source(overrides: Partial<ShopifyOrderSourceConfig> = {}) {
  const waits: number[] = [];
  const shop = new ShopifyOrderSource({ shop: SHOP, accessToken: ACCESS_TOKEN, sleep: async (ms) => void waits.push(ms), ...overrides });
  return { shop, waits };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrderSourceError);
  return (error as OrderSourceError).failure;
}

describe('ShopifyOrderSource', () => {
  it('talks to the pinned Admin API version of the shop', () => {
    expect(source().shop.endpoint).toBe(ENDPOINT);
    expect(new ShopifyOrderSource({ shop: `https://${SHOP}.myshopify.com/admin`, accessToken: 'x', apiVersion: '2025-04' }).endpoint).toBe(
      `https://${SHOP}.myshopify.com/admin/api/2025-04/graphql.json`,
    );
  });

  it('finds an order by number and email and maps it', async () => {
    const order = await source().shop.findOrder('#1001', 'Giulia.Rossi@example.com');
    expect(order).toEqual({
      id: 'gid://shopify/Order/5501001',
      number: '1001',
      email: 'giulia.rossi@example.com',
      customerId: 'gid://shopify/Customer/7001',
      status: 'delivered',
      currency: 'EUR',
      totalCents: 19700,
      items: [
        { id: 'gid://shopify/LineItem/9001', sku: 'LIN-M-WHT', name: 'Linen shirt - M / White', quantity: 2, unitPriceCents: 6900, tags: ['linen', 'summer'] },
        { id: 'gid://shopify/LineItem/9002', sku: null, name: 'Silk scarf', quantity: 1, unitPriceCents: 5900, tags: ['final-sale'] },
      ],
      shipments: [
        {
          carrier: 'BRT',
          trackingNumber: '084012345678',
          trackingUrl: 'https://vas.brt.it/vas/sped_det_show.hsm?Nspediz=084012345678',
          shippedAt: '2026-11-02T15:40:00Z',
          deliveredAt: '2026-11-04T11:25:00Z',
          expectedAt: '2026-11-04T18:00:00Z',
        },
      ],
      placedAt: '2026-11-01T10:00:00Z',
      deliveredAt: '2026-11-04T11:25:00Z',
      expectedAt: null,
    });
  });

  it('sends the number and the email as a quoted search, with the access token', async () => {
    let seen: { query: unknown; token: string | null } | null = null;
    server.use(
      shopify.query('SportelloFindOrders', ({ request, variables }) => {
        seen = { query: variables.query, token: request.headers.get('X-Shopify-Access-Token') };
        return reply(orders1001);
      }),
    );
    await source().shop.findOrder('1001', 'giulia.rossi@example.com');
    expect(seen).toEqual({ query: 'name:"1001" email:"giulia.rossi@example.com"', token: ACCESS_TOKEN });
  });

  it('returns null for an unknown number', async () => {
    expect(await source().shop.findOrder('9999', 'giulia.rossi@example.com')).toBeNull();
  });

  it('returns null, like not found, when the email is not the order’s, even if the search ignores the email', async () => {
    const { shop } = source();
    expect(await shop.findOrder('1001', 'someone@example.com')).toBeNull();
    server.use(shopify.query('SportelloFindOrders', () => reply(orders1001)));
    expect(await shop.findOrder('1001', 'someone@example.com')).toBeNull();
    // A search that matches loosely on the number (#10010) is not the order either.
    expect(await shop.findOrder('100', 'giulia.rossi@example.com')).toBeNull();
  });

  it('maps several fulfilments: one shipment per tracking number, cancelled ones left out', async () => {
    const order = await source().shop.findOrder('1002', 'giulia.rossi@example.com');
    expect(order?.status).toBe('out_for_delivery');
    expect(order?.shipments.map((s) => [s.carrier, s.trackingNumber, s.deliveredAt])).toEqual([
      ['DHL Express', '1234567890', '2026-11-13T10:02:00Z'],
      ['Poste Italiane', 'RR123456785IT', null],
      ['Poste Italiane', 'RR123456799IT', null],
    ]);
    expect(order?.expectedAt).toBe('2026-11-16T18:00:00Z');
    expect(order?.deliveredAt).toBeNull();
    expect(order?.items[1]).toMatchObject({ name: 'Ceramic mug', quantity: 3, unitPriceCents: 1650, tags: [] });
  });

  it('shows a fulfilment without tracking as a shipment with no carrier, in a zero-decimal currency', async () => {
    const order = await source().shop.findOrder('1003', 'marco.bianchi@example.com');
    expect(order).toMatchObject({
      status: 'shipped',
      currency: 'JPY',
      totalCents: 4500,
      customerId: null,
      shipments: [{ carrier: null, trackingNumber: null, trackingUrl: null, shippedAt: '2026-11-21T09:00:00Z', deliveredAt: null, expectedAt: null }],
    });
  });

  it('reads the rest of the line items page by page', async () => {
    const node = structuredClone(orders1001.data.orders.edges[0]!.node);
    const [first, second] = node.lineItems.edges;
    node.lineItems = { pageInfo: { hasNextPage: true, endCursor: 'li-1' }, edges: [first!] };
    const cursors: unknown[] = [];
    server.use(
      shopify.query('SportelloFindOrders', () => reply(ordersPage([node], null))),
      shopify.query('SportelloOrderLineItems', ({ variables }) => {
        cursors.push([variables.id, variables.after]);
        return reply({ data: { order: { lineItems: { pageInfo: { hasNextPage: false, endCursor: 'li-2' }, edges: [second] } } } });
      }),
    );
    const order = await source().shop.findOrder('1001', 'giulia.rossi@example.com');
    expect(order?.items.map((i) => i.name)).toEqual(['Linen shirt - M / White', 'Silk scarf']);
    expect(cursors).toEqual([['gid://shopify/Order/5501001', 'li-1']]);
  });

  it('finds a verified customer’s order and lists their orders across pages, newest first', async () => {
    const { shop } = source();
    expect((await shop.findCustomerOrder('1001', 'gid://shopify/Customer/7001'))?.number).toBe('1001');
    expect((await shop.findCustomerOrder('1001', '7001'))?.number).toBe('1001');
    expect(await shop.findCustomerOrder('1001', '7002')).toBeNull();
    expect(await shop.findCustomerOrder('1003', '7001')).toBeNull();
    expect((await shop.listCustomerOrders('gid://shopify/Customer/7001')).map((o) => o.number)).toEqual(['1001', '1002']);
    expect((await shop.listCustomerOrders('7001', 1)).map((o) => o.number)).toEqual(['1001']);
    expect(await shop.listCustomerOrders('7002')).toEqual([]);
  });

  it('waits as long as the throttle status says, then succeeds', async () => {
    let calls = 0;
    server.use(
      shopify.query('SportelloFindOrders', () => {
        calls++;
        return calls === 1 ? reply(throttled) : reply(orders1001);
      }),
    );
    const { shop, waits } = source();
    expect((await shop.findOrder('1001', 'giulia.rossi@example.com'))?.number).toBe('1001');
    expect(calls).toBe(2);
    // (84 requested − 34 available) / 100 per second = 0.5 s.
    expect(waits).toEqual([500]);
  });

  it('honours Retry-After on HTTP 429, and gives up as unavailable when the throttling lasts', async () => {
    let calls = 0;
    server.use(
      shopify.query('SportelloFindOrders', () => {
        calls++;
        return calls === 1 ? new Response(null, { status: 429, headers: { 'Retry-After': '2.0' } }) : reply(orders1001);
      }),
    );
    const first = source();
    expect((await first.shop.findOrder('1001', 'giulia.rossi@example.com'))?.number).toBe('1001');
    expect(first.waits).toEqual([2000]);

    server.use(shopify.query('SportelloFindOrders', () => reply(throttled)));
    const second = source({ maxRetries: 2 });
    expect(await failure(second.shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('unavailable');
    expect(second.waits).toHaveLength(2);
  });

  it('turns a rejected token (401) into unauthorized', async () => {
    expect(await failure(source({ accessToken: 'shpat_revoked' }).shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('unauthorized');
    server.use(shopify.query('SportelloFindOrders', () => new Response('Forbidden', { status: 403 })));
    expect(await failure(source().shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('unauthorized');
  });

  it('turns a 500 and a network error into unavailable', async () => {
    server.use(shopify.query('SportelloFindOrders', () => reply({ errors: 'Internal Server Error' }, { status: 500 })));
    expect(await failure(source().shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('unavailable');
    server.use(shopify.query('SportelloFindOrders', () => Response.error()));
    expect(await failure(source().shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('unavailable');
  });

  it('gives up after the timeout', async () => {
    server.use(
      shopify.query('SportelloFindOrders', async () => {
        await delay(2_000);
        return reply(orders1001);
      }),
    );
    const started = Date.now();
    expect(await failure(source({ timeoutMs: 50 }).shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('turns malformed JSON and unexpected shapes into bad_response', async () => {
    server.use(shopify.query('SportelloFindOrders', () => new Response('{"data": {"orders": ', { headers: { 'Content-Type': 'application/json' } })));
    expect(await failure(source().shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('bad_response');
    server.use(shopify.query('SportelloFindOrders', () => reply({ data: { orders: { edges: [{ node: { id: 1 } }] } } })));
    expect(await failure(source().shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('bad_response');
    server.use(
      shopify.query('SportelloFindOrders', () =>
        reply({ errors: [{ message: "Field 'nope' doesn't exist on type 'Order'", extensions: { code: 'undefinedField' } }] }),
      ),
    );
    expect(await failure(source().shop.findOrder('1001', 'giulia.rossi@example.com'))).toBe('bad_response');
  });

  it('requests a return for the fulfilment line items of the chosen line items', async () => {
    let sent: unknown = null;
    let returnableFor: unknown = null;
    server.use(
      shopify.query('SportelloReturnableFulfillments', async ({ variables }) => {
        returnableFor = variables.orderId;
        return undefined;
      }),
      shopify.mutation('SportelloReturnRequest', ({ variables }) => {
        sent = variables;
        return undefined;
      }),
    );
    const created = await source().shop.createReturn({
      orderNumber: '#1001',
      items: [{ itemId: 'gid://shopify/LineItem/9001', quantity: 1 }],
      reason: 'Too small',
      needsApproval: true,
      conversationId: 'conv-1',
    });
    expect(returnableFor).toBe('gid://shopify/Order/5501001');
    expect(sent).toEqual({
      input: {
        orderId: 'gid://shopify/Order/5501001',
        returnLineItems: [{ fulfillmentLineItemId: 'gid://shopify/FulfillmentLineItem/8801', quantity: 1, returnReason: 'OTHER', customerNote: 'Too small' }],
      },
    });
    expect(created).toMatchObject({
      reference: '#1001-R1',
      orderNumber: '1001',
      status: 'pending_approval',
      reason: 'Too small',
      items: [{ itemId: 'gid://shopify/LineItem/9001', name: 'Linen shirt - M / White', quantity: 1, unitPriceCents: 6900 }],
    });
  });

  it('refuses returns of items the order has not, or more than can be returned, and reports Shopify’s userErrors', async () => {
    const { shop } = source();
    await expect(shop.createReturn({ orderNumber: '1001', items: [{ itemId: 'gid://shopify/LineItem/1', quantity: 1 }], reason: 'x', needsApproval: false })).rejects.toThrow(/no item/);
    await expect(shop.createReturn({ orderNumber: '1001', items: [{ itemId: 'gid://shopify/LineItem/9002', quantity: 2 }], reason: 'x', needsApproval: false })).rejects.toThrow(/1 returnable/);
    await expect(shop.createReturn({ orderNumber: '9999', items: [], reason: 'x', needsApproval: false })).rejects.toThrow(/does not exist/);
    server.use(shopify.mutation('SportelloReturnRequest', () => reply(userError)));
    const error = await shop.createReturn({ orderNumber: '1001', items: [{ itemId: 'gid://shopify/LineItem/9001', quantity: 1 }], reason: 'x', needsApproval: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderSourceError);
    expect((error as Error).message).toMatch(/Quantity is not available/);
  });
});

describe('shopifyOrderStatus', () => {
  const base = { cancelledAt: null, displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'UNFULFILLED', returnStatus: 'NO_RETURN', fulfillments: [] };
  const shipped = { status: 'SUCCESS', displayStatus: 'IN_TRANSIT', deliveredAt: null, estimatedDeliveryAt: null };

  it('maps payment, fulfilment, cancellation and returns', () => {
    expect(shopifyOrderStatus(base)).toBe('paid');
    expect(shopifyOrderStatus({ ...base, displayFinancialStatus: 'PENDING' })).toBe('processing');
    expect(shopifyOrderStatus({ ...base, displayFulfillmentStatus: 'IN_PROGRESS' })).toBe('processing');
    expect(shopifyOrderStatus({ ...base, displayFulfillmentStatus: 'PARTIALLY_FULFILLED', fulfillments: [shipped] })).toBe('shipped');
    expect(
      shopifyOrderStatus({ ...base, displayFulfillmentStatus: 'PARTIALLY_FULFILLED', fulfillments: [{ ...shipped, displayStatus: 'DELIVERED', deliveredAt: '2026-11-04T00:00:00Z' }] }),
    ).toBe('shipped');
    expect(shopifyOrderStatus({ ...base, displayFulfillmentStatus: 'FULFILLED', fulfillments: [{ ...shipped, displayStatus: 'OUT_FOR_DELIVERY' }] })).toBe('out_for_delivery');
    expect(shopifyOrderStatus({ ...base, displayFulfillmentStatus: 'FULFILLED', fulfillments: [{ ...shipped, displayStatus: 'PICKED_UP' }] })).toBe('delivered');
    expect(shopifyOrderStatus({ ...base, cancelledAt: '2026-11-02T00:00:00Z', displayFinancialStatus: 'REFUNDED' })).toBe('cancelled');
    expect(shopifyOrderStatus({ ...base, displayFinancialStatus: 'VOIDED' })).toBe('cancelled');
    expect(shopifyOrderStatus({ ...base, displayFinancialStatus: 'REFUNDED' })).toBe('cancelled');
    expect(shopifyOrderStatus({ ...base, displayFinancialStatus: 'REFUNDED', displayFulfillmentStatus: 'FULFILLED', fulfillments: [shipped] })).toBe('returned');
    expect(shopifyOrderStatus({ ...base, returnStatus: 'RETURNED', displayFulfillmentStatus: 'FULFILLED', fulfillments: [shipped] })).toBe('returned');
    expect(shopifyOrderStatus({ ...base, returnStatus: 'RETURN_REQUESTED', displayFulfillmentStatus: 'FULFILLED', fulfillments: [{ ...shipped, displayStatus: 'DELIVERED' }] })).toBe('delivered');
    expect(shopifyOrderStatus({ ...base, fulfillments: [{ ...shipped, status: 'CANCELLED', displayStatus: 'CANCELED' }] })).toBe('paid');
    expect(shopifyOrderStatus({ ...base, displayFulfillmentStatus: 'FULFILLED' })).toBe('shipped');
  });
});
