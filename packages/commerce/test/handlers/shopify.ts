/**
 * msw handlers standing in for the Shopify Admin GraphQL API, version 2025-01
 * (https://shopify.dev/docs/api/admin-graphql/2025-01). Response bodies in ../fixtures/shopify are
 * shaped as that version documents them: `data` plus `extensions.cost.throttleStatus`; errors as a
 * top-level `errors` array (a string for a rejected token, with HTTP 401). Products: `Money` scalars
 * as decimal strings, connections with `pageInfo` and `nodes`, `product(id:)` null when there is none.
 */
import { graphql } from 'msw';
import orders1001 from '../fixtures/shopify/orders-1001.json';
import orders1002 from '../fixtures/shopify/orders-1002.json';
import orders1003 from '../fixtures/shopify/orders-1003.json';
import ordersEmpty from '../fixtures/shopify/orders-empty.json';
import product8001 from '../fixtures/shopify/product-8001.json';
import product8002 from '../fixtures/shopify/product-8002.json';
import product8003 from '../fixtures/shopify/product-8003.json';
import product8003Variants2 from '../fixtures/shopify/product-8003-variants-2.json';
import productNull from '../fixtures/shopify/product-null.json';
import productsPage1 from '../fixtures/shopify/products-page-1.json';
import productsPage2 from '../fixtures/shopify/products-page-2.json';
import returnRequestCreated from '../fixtures/shopify/return-request-created.json';
import returnable1001 from '../fixtures/shopify/returnable-fulfillments-1001.json';
import unauthorized from '../fixtures/shopify/unauthorized.json';

export const SHOP = 'sportello-demo';
export const ACCESS_TOKEN = 'shpat_test_0123456789abcdef';
export const ENDPOINT = `https://${SHOP}.myshopify.com/admin/api/2025-01/graphql.json`;

/** Every GraphQL operation our adapter sends goes to this one URL. */
export const shopify = graphql.link(ENDPOINT);

/**
 * A JSON reply as a plain `Response`: msw's GraphQL resolvers type their bodies strictly, and these
 * tests also need bodies Shopify sends that are not GraphQL results (a 401's string `errors`).
 */
export const reply = (body: unknown, init?: ResponseInit): Response => Response.json(body, init);

interface OrderNode {
  name: string;
  email: string;
  customer: { id: string } | null;
}
const byName: Record<string, unknown> = { '1001': orders1001, '1002': orders1002, '1003': orders1003 };
const nodeOf = (body: unknown) => (body as { data: { orders: { edges: { node: OrderNode }[] } } }).data.orders.edges[0]!.node;

/** `name:"1001" email:"a@b.c"` → { name: '1001', email: 'a@b.c' }. */
export function searchTerms(query: string): Record<string, string> {
  const terms: Record<string, string> = {};
  for (const match of query.matchAll(/(\w+):"((?:[^"\\]|\\.)*)"/g)) terms[match[1]!] = match[2]!.replace(/\\(.)/g, '$1');
  return terms;
}

/** A page of the orders connection holding these nodes. */
export function ordersPage(nodes: unknown[], endCursor: string | null, hasNextPage = false) {
  return { ...ordersEmpty, data: { orders: { pageInfo: { hasNextPage, endCursor }, edges: nodes.map((node) => ({ node })) } } };
}

const tokenOk = (request: Request) => request.headers.get('X-Shopify-Access-Token') === ACCESS_TOKEN;
const rejected = () => reply(unauthorized, { status: 401 });

const productsById: Record<string, unknown> = {
  'gid://shopify/Product/8001': product8001,
  'gid://shopify/Product/8002': product8002,
  'gid://shopify/Product/8003': product8003,
};
/** The cursor after the first page of the catalogue. */
export const PRODUCTS_PAGE_2 = productsPage1.data.products.pageInfo.endCursor;

/**
 * The default store: orders #1001 and #1002 belong to customer 7001 (giulia.rossi@example.com),
 * #1003 to a guest. The search honours `name:`, `email:` and `customer_id:` as Shopify does; the
 * customer's orders come back one per page to exercise pagination. The catalogue has two pages:
 * the linen shirt (colour × size, metafields, some sizes sold out) and the silk scarf (no options,
 * inventory not tracked, no online store URL), then the wool overcoat (12 sizes, none for sale).
 */
export const shopifyHandlers = [
  shopify.query('SportelloFindOrders', ({ request, variables }) => {
    if (!tokenOk(request)) return rejected();
    const terms = searchTerms(String(variables.query));
    if (terms.name) {
      const body = byName[terms.name.replace(/^#/, '')];
      const node = body ? nodeOf(body) : null;
      if (!node) return reply(ordersEmpty);
      if (terms.email && node.email.toLowerCase() !== terms.email.toLowerCase()) return reply(ordersEmpty);
      if (terms.customer_id && node.customer?.id !== `gid://shopify/Customer/${terms.customer_id}`) return reply(ordersEmpty);
      return reply(body);
    }
    if (terms.customer_id === '7001') {
      return reply(variables.after === 'page-2' ? ordersPage([nodeOf(orders1002)], 'page-3') : ordersPage([nodeOf(orders1001)], 'page-2', true));
    }
    return reply(ordersEmpty);
  }),
  shopify.query('SportelloReturnableFulfillments', ({ request, variables }) => {
    if (!tokenOk(request)) return rejected();
    if (variables.orderId !== 'gid://shopify/Order/5501001') return reply({ ...returnable1001, data: { returnableFulfillments: { edges: [] } } });
    return reply(returnable1001);
  }),
  shopify.mutation('SportelloReturnRequest', ({ request }) => {
    if (!tokenOk(request)) return rejected();
    return reply(returnRequestCreated);
  }),
  shopify.query('SportelloProducts', ({ request, variables }) => {
    if (!tokenOk(request)) return rejected();
    return reply(variables.after === PRODUCTS_PAGE_2 ? productsPage2 : productsPage1);
  }),
  shopify.query('SportelloProduct', ({ request, variables }) => {
    if (!tokenOk(request)) return rejected();
    return reply(productsById[String(variables.id)] ?? productNull);
  }),
  shopify.query('SportelloProductVariants', ({ request, variables }) => {
    if (!tokenOk(request)) return rejected();
    if (variables.id === 'gid://shopify/Product/8003' && variables.after) return reply(product8003Variants2);
    return reply({ ...productNull, data: { product: null } });
  }),
];
