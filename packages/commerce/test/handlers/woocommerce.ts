/**
 * msw handlers standing in for a WooCommerce store's REST API v3 (WooCommerce 9.x,
 * https://woocommerce.github.io/woocommerce-rest-api-docs/) and the Shipment Tracking extension's
 * REST API (`wc-shipment-tracking/v3`, https://woocommerce.com/document/shipment-tracking/).
 * Bodies in ../fixtures/woocommerce are shaped as those document them; errors are WordPress's
 * `{ code, message, data: { status } }`; lists are paged with `per_page` and `page` and say their
 * size in `X-WP-Total` and `X-WP-TotalPages`.
 */
import { http, HttpResponse } from 'msw';
import cannotView from '../fixtures/woocommerce/error-cannot-view.json';
import currencyCurrent from '../fixtures/woocommerce/currency-current.json';
import productInvalidId from '../fixtures/woocommerce/error-product-invalid-id.json';
import variations88 from '../fixtures/woocommerce/variations-88.json';
import invalidId from '../fixtures/woocommerce/error-invalid-id.json';
import noRoute from '../fixtures/woocommerce/error-no-route.json';
import noteCreated from '../fixtures/woocommerce/note-created.json';
import order501 from '../fixtures/woocommerce/order-501.json';
import order502 from '../fixtures/woocommerce/order-502.json';
import order503 from '../fixtures/woocommerce/order-503.json';
import order504 from '../fixtures/woocommerce/order-504.json';
import products from '../fixtures/woocommerce/products.json';
import trackings501 from '../fixtures/woocommerce/shipment-trackings-501.json';
import trackings502 from '../fixtures/woocommerce/shipment-trackings-502.json';

export const STORE_URL = 'https://shop.example.com';
export const API = `${STORE_URL}/wp-json`;
export const CONSUMER_KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
export const CONSUMER_SECRET = 'cs_76543210fedcba9876543210fedcba9876543210';

interface WooOrder {
  id: number;
  number: string;
  customer_id: number;
}
export const orders: Record<string, WooOrder> = { '501': order501, '502': order502, '503': order503, '504': order504 };
/** Orders 501 and 502 have Shipment Tracking items; 503 has none; for 504 the items are only in the order meta. */
const trackings: Record<string, unknown[]> = { '501': trackings501, '502': trackings502, '503': [] };

const authorized = (request: Request) => request.headers.get('authorization') === `Basic ${btoa(`${CONSUMER_KEY}:${CONSUMER_SECRET}`)}`;
const rejected = () => HttpResponse.json(cannotView, { status: 401 });

/** A page of a list, as WordPress sends it: the items and the `X-WP-Total` / `X-WP-TotalPages` headers. */
function paged(items: unknown[], query: URLSearchParams): Response {
  const perPage = Number(query.get('per_page') ?? 10);
  const page = Number(query.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return HttpResponse.json(slice, { headers: { 'X-WP-Total': String(items.length), 'X-WP-TotalPages': String(Math.max(1, Math.ceil(items.length / perPage))) } });
}

const variations: Record<string, unknown[]> = { '88': variations88 };

/**
 * The default store: customer 12 owns 501 and 502; 503 and 504 are guest orders. The catalogue
 * (EUR): a variable linen shirt (sizes in stock, sold out, on backorder, and a private one), a
 * silk scarf on sale, a sold-out wool blanket, a draft mug, a matcha tin without a price and a
 * grouped gift set.
 */
export const wooCommerceHandlers = [
  http.get(`${API}/wc/v3/orders/:id`, ({ request, params }) => {
    if (!authorized(request)) return rejected();
    const order = orders[String(params.id)];
    return order ? HttpResponse.json(order) : HttpResponse.json(invalidId, { status: 404 });
  }),
  http.get(`${API}/wc/v3/orders`, ({ request }) => {
    if (!authorized(request)) return rejected();
    const query = new URL(request.url).searchParams;
    const search = query.get('search');
    const customer = query.get('customer');
    const perPage = Number(query.get('per_page') ?? 10);
    const page = Number(query.get('page') ?? 1);
    // WooCommerce's search matches loosely (ids, names, addresses…): 50 finds 501, 502, 503, 504.
    const matching = Object.values(orders)
      .filter((o) => (search ? JSON.stringify(o).includes(search) : true))
      .filter((o) => (customer ? String(o.customer_id) === customer : true))
      .sort((a, b) => b.id - a.id);
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    return HttpResponse.json(slice, { headers: { 'X-WP-Total': String(matching.length), 'X-WP-TotalPages': String(Math.max(1, Math.ceil(matching.length / perPage))) } });
  }),
  http.get(`${API}/wc-shipment-tracking/v3/orders/:id/shipment-trackings`, ({ request, params }) => {
    if (!authorized(request)) return rejected();
    const list = trackings[String(params.id)];
    return list ? HttpResponse.json(list) : HttpResponse.json(noRoute, { status: 404 });
  }),
  http.get(`${API}/wc/v3/products`, ({ request }) => {
    if (!authorized(request)) return rejected();
    const query = new URL(request.url).searchParams;
    const include = query.get('include')?.split(',').map(Number);
    const status = query.get('status') ?? 'any';
    const matching = products.filter((p) => (include ? include.includes(p.id) : true)).filter((p) => status === 'any' || p.status === status);
    return paged(matching, query);
  }),
  http.get(`${API}/wc/v3/products/:id`, ({ request, params }) => {
    if (!authorized(request)) return rejected();
    const product = products.find((p) => String(p.id) === params.id);
    return product ? HttpResponse.json(product) : HttpResponse.json(productInvalidId, { status: 404 });
  }),
  http.get(`${API}/wc/v3/products/:id/variations`, ({ request, params }) => {
    if (!authorized(request)) return rejected();
    if (!products.some((p) => String(p.id) === params.id)) return HttpResponse.json(productInvalidId, { status: 404 });
    return paged(variations[String(params.id)] ?? [], new URL(request.url).searchParams);
  }),
  http.get(`${API}/wc/v3/data/currencies/current`, ({ request }) => {
    if (!authorized(request)) return rejected();
    return HttpResponse.json(currencyCurrent);
  }),
  http.post(`${API}/wc/v3/orders/:id/notes`, async ({ request, params }) => {
    if (!authorized(request)) return rejected();
    if (!orders[String(params.id)]) return HttpResponse.json(invalidId, { status: 404 });
    const body = (await request.json()) as { note: string; customer_note?: boolean };
    return HttpResponse.json({ ...noteCreated, note: body.note, customer_note: body.customer_note ?? false }, { status: 201 });
  }),
  http.put(`${API}/wc/v3/orders/:id`, async ({ request, params }) => {
    if (!authorized(request)) return rejected();
    const order = orders[String(params.id)];
    if (!order) return HttpResponse.json(invalidId, { status: 404 });
    const body = (await request.json()) as Record<string, unknown>;
    return HttpResponse.json({ ...order, ...body });
  }),
];
