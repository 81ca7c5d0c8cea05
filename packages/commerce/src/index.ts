export { DemoOrderSource, type DemoOrderRecord, type DemoOrderStore } from './demo-order-source';
export { normalizeOrderNumber, sameEmail } from './order-match';
export { CachedOrderSource, type CachedOrderSourceOptions } from './cached-order-source';
export { ShopifyOrderSource, SHOPIFY_API_VERSION, shopifyOrderStatus, shopifyReturnStatus, type ShopifyOrderSourceConfig } from './shopify-order-source';
export { WooCommerceOrderSource, wooCommerceOrderStatus, type WooCommerceOrderSourceConfig } from './woocommerce-order-source';
export { createOrderSource, type OrderSourceConfig, type PlatformOrderSourceConfig } from './order-source-factory';
export { DEFAULT_TIMEOUT_MS, type FetchLike, type Sleep } from './platform-request';
export { toMinorUnits } from './money';
