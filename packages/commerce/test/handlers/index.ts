/**
 * The msw handlers that play Shopify and WooCommerce, for this package's tests and for the
 * server's tests of the bot against each platform (`@sportello/commerce/testing`).
 */
export { shopifyHandlers, SHOP, ACCESS_TOKEN, PRODUCTS_PAGE_2 } from './shopify';
export { wooCommerceHandlers, STORE_URL, CONSUMER_KEY, CONSUMER_SECRET } from './woocommerce';
