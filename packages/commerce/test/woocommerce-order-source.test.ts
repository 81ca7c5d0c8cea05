import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OrderSourceError } from '@sportello/protocol';
import { WooCommerceOrderSource, wooCommerceOrderStatus, type WooCommerceOrderSourceConfig } from '../src/index';
import { API, CONSUMER_KEY, CONSUMER_SECRET, STORE_URL, wooCommerceHandlers } from './handlers/woocommerce';
import order501 from './fixtures/woocommerce/order-501.json';

const server = setupServer(...wooCommerceHandlers);
const requests: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => void requests.push(`${request.method} ${request.url.replace(API, '')}`));
});
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

function source(overrides: Partial<WooCommerceOrderSourceConfig> = {}) {
  const waits: number[] = [];
  const store = new WooCommerceOrderSource({
    url: `${STORE_URL}/`,
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
    sleep: async (ms) => void waits.push(ms),
    ...overrides,
  });
  return { store, waits };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrderSourceError);
  return (error as OrderSourceError).failure;
}

describe('WooCommerceOrderSource', () => {
  it('takes completed orders as delivered on their completion date only when the shop says so', async () => {
    const plain = await source().store.findOrder('502', 'giulia.rossi@example.com');
    expect(plain).toMatchObject({ status: 'shipped', deliveredAt: null });
    const onDelivery = await source({ completedMeansDelivered: true }).store.findOrder('502', 'giulia.rossi@example.com');
    expect(onDelivery).toMatchObject({ status: 'delivered', deliveredAt: '2026-11-14T09:00:00.000Z' });
  });

  it('refuses a plain-http store URL, since the key travels with every request', () => {
    expect(() => new WooCommerceOrderSource({ url: 'http://shop.example.com', consumerKey: 'ck', consumerSecret: 'cs' })).toThrow(/https/);
  });

  it('finds an order by number and billing email, with its tracking and product tags', async () => {
    const order = await source().store.findOrder('#501', 'GIULIA.ROSSI@example.com');
    expect(order).toEqual({
      id: '501',
      number: '501',
      email: 'giulia.rossi@example.com',
      customerId: '12',
      status: 'shipped',
      currency: 'EUR',
      totalCents: 19700,
      items: [
        { id: '31', sku: 'LIN-M', name: 'Linen shirt - M', quantity: 2, unitPriceCents: 6900, tags: ['Summer', 'summer'] },
        { id: '32', sku: null, name: 'Silk scarf', quantity: 1, unitPriceCents: 5900, tags: ['Final sale', 'final-sale'] },
      ],
      shipments: [
        {
          carrier: 'BRT',
          trackingNumber: '084012345678',
          trackingUrl: 'https://vas.brt.it/vas/sped_det_show.hsm?Nspediz=084012345678',
          shippedAt: '2026-11-02T00:00:00.000Z',
          deliveredAt: null,
          expectedAt: null,
        },
      ],
      placedAt: '2026-11-01T10:00:00.000Z',
      deliveredAt: null,
      expectedAt: null,
    });
    expect(requests).toEqual(['GET /wc/v3/orders/501', 'GET /wc/v3/products?include=88,90&per_page=100', 'GET /wc-shipment-tracking/v3/orders/501/shipment-trackings']);
  });

  it('returns null for an unknown number, after trying the id and then the search', async () => {
    expect(await source().store.findOrder('9999', 'giulia.rossi@example.com')).toBeNull();
    expect(requests).toEqual(['GET /wc/v3/orders/9999', 'GET /wc/v3/orders?search=9999&per_page=20']);
  });

  it('finds an order whose number is not its id through the search, keeping only an exact match', async () => {
    server.use(
      http.get(`${API}/wc/v3/orders/:id`, () => HttpResponse.json({ code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } }, { status: 404 })),
      http.get(`${API}/wc/v3/orders`, () => HttpResponse.json([{ ...order501, id: 7001, number: 'WC-5010' }, { ...order501, id: 7002, number: 'WC-501' }])),
      http.get(`${API}/wc-shipment-tracking/v3/orders/:id/shipment-trackings`, () => HttpResponse.json([])),
    );
    const order = await source().store.findOrder('WC-501', 'giulia.rossi@example.com');
    expect(order).toMatchObject({ id: '7002', number: 'WC-501' });
  });

  it('returns null, like not found, when the billing email is not the order’s, without fetching anything more', async () => {
    expect(await source().store.findOrder('501', 'someone@example.com')).toBeNull();
    expect(await source().store.findOrder('501', '')).toBeNull();
    expect(requests).toEqual(['GET /wc/v3/orders/501']);
  });

  it('maps several tracking items to several shipments', async () => {
    const order = await source().store.findOrder('502', 'giulia.rossi@example.com');
    expect(order?.status).toBe('shipped');
    expect(order?.shipments.map((s) => [s.carrier, s.trackingNumber, s.shippedAt])).toEqual([
      ['DHL Express', '1234567890', '2026-11-11T00:00:00.000Z'],
      ['Poste Italiane', 'RR123456785IT', '2026-11-14T00:00:00.000Z'],
    ]);
    expect(order?.items[1]).toMatchObject({ name: 'Ceramic mug', quantity: 3, unitPriceCents: 1650 });
  });

  it('shows a paid order without tracking as paid with no shipments, and a guest order without a customer', async () => {
    const order = await source().store.findOrder('503', 'marco.bianchi@example.com');
    expect(order).toMatchObject({ status: 'paid', customerId: null, shipments: [], totalCents: 2490 });
  });

  it('reads tracking from the order meta when the Shipment Tracking endpoint is missing', async () => {
    const order = await source().store.findOrder('504', 'marco.bianchi@example.com');
    expect(order?.shipments).toEqual([
      {
        carrier: 'SDA',
        trackingNumber: 'SDA998877',
        trackingUrl: 'https://www.sda.it/wps/portal/Servizi_online/dettaglio-spedizione?locale=it&tracing.letteraVettura=SDA998877',
        shippedAt: '2026-11-06T00:00:00.000Z',
        deliveredAt: null,
        expectedAt: null,
      },
    ]);
  });

  it('finds a verified customer’s order and lists their orders across pages', async () => {
    const { store } = source();
    expect((await store.findCustomerOrder('501', '12'))?.number).toBe('501');
    expect(await store.findCustomerOrder('501', '13')).toBeNull();
    expect(await store.findCustomerOrder('503', '0')).toBeNull();
    expect((await store.listCustomerOrders('12')).map((o) => o.number)).toEqual(['502', '501']);
    requests.length = 0;
    expect((await store.listCustomerOrders('12', 1)).map((o) => o.number)).toEqual(['502']);
    expect(requests[0]).toBe('GET /wc/v3/orders?customer=12&orderby=date&order=desc&per_page=1&page=1');
    expect(await store.listCustomerOrders('0')).toEqual([]);
  });

  it('follows X-WP-TotalPages when the store pages its answer', async () => {
    const pages = [[{ ...order501, id: 502, number: '502' }], [order501]];
    server.use(
      http.get(`${API}/wc/v3/orders`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        return HttpResponse.json(pages[page - 1] ?? [], { headers: { 'X-WP-Total': '2', 'X-WP-TotalPages': '2' } });
      }),
    );
    expect((await source().store.listCustomerOrders('12')).map((o) => o.number)).toEqual(['502', '501']);
    expect(requests.filter((r) => r.startsWith('GET /wc/v3/orders?'))).toEqual([
      'GET /wc/v3/orders?customer=12&orderby=date&order=desc&per_page=10&page=1',
      'GET /wc/v3/orders?customer=12&orderby=date&order=desc&per_page=10&page=2',
    ]);
  });

  it('waits for Retry-After when rate limited (429), then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/wc/v3/orders/:id`, () => {
        calls++;
        return calls === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } }) : undefined;
      }),
    );
    const { store, waits } = source();
    expect((await store.findOrder('501', 'giulia.rossi@example.com'))?.number).toBe('501');
    expect(waits).toEqual([3000]);
  });

  it('turns bad credentials (401) into unauthorized', async () => {
    expect(await failure(source({ consumerSecret: 'cs_wrong' }).store.findOrder('501', 'giulia.rossi@example.com'))).toBe('unauthorized');
  });

  it('turns a 500 and a network error into unavailable', async () => {
    server.use(http.get(`${API}/wc/v3/orders/:id`, () => HttpResponse.json({ code: 'internal_server_error', message: 'There has been a critical error on this website.', data: { status: 500 } }, { status: 500 })));
    expect(await failure(source().store.findOrder('501', 'giulia.rossi@example.com'))).toBe('unavailable');
    server.use(http.get(`${API}/wc/v3/orders/:id`, () => HttpResponse.error()));
    expect(await failure(source().store.findOrder('501', 'giulia.rossi@example.com'))).toBe('unavailable');
  });

  it('gives up after the timeout', async () => {
    server.use(
      http.get(`${API}/wc/v3/orders/:id`, async () => {
        await delay(2_000);
        return HttpResponse.json(order501);
      }),
    );
    expect(await failure(source({ timeoutMs: 50 }).store.findOrder('501', 'giulia.rossi@example.com'))).toBe('timeout');
  });

  it('turns malformed JSON (a PHP notice before the body) and unexpected shapes into bad_response', async () => {
    server.use(http.get(`${API}/wc/v3/orders/:id`, () => new HttpResponse('<br />\n<b>Notice</b>: Undefined index\n{"id":501}', { headers: { 'Content-Type': 'application/json' } })));
    expect(await failure(source().store.findOrder('501', 'giulia.rossi@example.com'))).toBe('bad_response');
    server.use(http.get(`${API}/wc/v3/orders/:id`, () => HttpResponse.json({ ...order501, line_items: 'none' })));
    expect(await failure(source().store.findOrder('501', 'giulia.rossi@example.com'))).toBe('bad_response');
  });

  it('records a return as a private order note, and sets no status unless configured', async () => {
    let note: unknown = null;
    server.use(
      http.post(`${API}/wc/v3/orders/:id/notes`, async ({ request }) => {
        note = await request.clone().json();
        return undefined;
      }),
    );
    const created = await source().store.createReturn({
      orderNumber: '501',
      items: [{ itemId: '31', quantity: 1 }],
      reason: 'Too small',
      needsApproval: true,
      conversationId: 'conv-1',
    });
    expect(note).toEqual({
      note: 'Return requested through Sportello; it awaits approval.\n- 1 × Linen shirt - M (line item 31)\nReason: Too small\nConversation: conv-1',
      customer_note: false,
    });
    expect(created).toEqual({
      reference: 'R-281',
      orderNumber: '501',
      status: 'pending_approval',
      reason: 'Too small',
      items: [{ itemId: '31', name: 'Linen shirt - M', quantity: 1, unitPriceCents: 6900 }],
      createdAt: '2026-11-24T14:10:00.000Z',
    });
    expect(requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
  });

  it('sets the status the merchant chose after the note', async () => {
    let update: unknown = null;
    server.use(
      http.put(`${API}/wc/v3/orders/:id`, async ({ request }) => {
        update = await request.clone().json();
        return undefined;
      }),
    );
    const created = await source({ returnStatus: 'return-requested' }).store.createReturn({ orderNumber: '501', items: [{ itemId: '32', quantity: 1 }], reason: 'Changed my mind', needsApproval: false });
    expect(created.status).toBe('approved');
    expect(update).toEqual({ status: 'return-requested' });
    expect(requests.slice(-2)).toEqual(['POST /wc/v3/orders/501/notes', 'PUT /wc/v3/orders/501']);
  });

  it('refuses returns of items the order has not, or more than were bought', async () => {
    const { store } = source();
    await expect(store.createReturn({ orderNumber: '501', items: [{ itemId: '99', quantity: 1 }], reason: 'x', needsApproval: false })).rejects.toThrow(/no item/);
    await expect(store.createReturn({ orderNumber: '501', items: [{ itemId: '31', quantity: 3 }], reason: 'x', needsApproval: false })).rejects.toThrow(/has 2/);
    await expect(store.createReturn({ orderNumber: '9999', items: [], reason: 'x', needsApproval: false })).rejects.toThrow(/does not exist/);
    expect(requests.some((r) => r.startsWith('POST'))).toBe(false);
  });
});

describe('wooCommerceOrderStatus', () => {
  const none = { hasTracking: false, completedAt: null };
  const tracked = { hasTracking: true, completedAt: null };

  it('maps core and common plugin statuses', () => {
    expect(wooCommerceOrderStatus('pending', none)).toBe('processing');
    expect(wooCommerceOrderStatus('on-hold', none)).toBe('processing');
    expect(wooCommerceOrderStatus('processing', none)).toBe('paid');
    expect(wooCommerceOrderStatus('processing', tracked)).toBe('shipped');
    expect(wooCommerceOrderStatus('completed', none)).toBe('shipped');
    expect(wooCommerceOrderStatus('cancelled', none)).toBe('cancelled');
    expect(wooCommerceOrderStatus('failed', none)).toBe('cancelled');
    expect(wooCommerceOrderStatus('refunded', none)).toBe('cancelled');
    expect(wooCommerceOrderStatus('refunded', { hasTracking: false, completedAt: '2026-11-02T00:00:00.000Z' })).toBe('returned');
    expect(wooCommerceOrderStatus('delivered', tracked)).toBe('delivered');
    expect(wooCommerceOrderStatus('out-for-delivery', tracked)).toBe('out_for_delivery');
    expect(wooCommerceOrderStatus('some-custom-status', none)).toBe('processing');
    expect(wooCommerceOrderStatus('some-custom-status', tracked)).toBe('shipped');
  });
});
