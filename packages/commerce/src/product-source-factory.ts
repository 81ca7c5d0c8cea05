import type { ProductSource } from '@sportello/protocol';
import { CachedProductSource, type CachedProductSourceOptions } from './cached-product-source';
import { DemoProductSource, type DemoProductStore } from './demo-product-source';
import { ShopifyProductSource, type ShopifyProductSourceConfig } from './shopify-product-source';
import { WooCommerceProductSource, type WooCommerceProductSourceConfig } from './woocommerce-product-source';

/**
 * A site's product source settings, tagged by `source`: the same store connection as its order
 * source (settings the product sources do not use, such as WooCommerce's `returnStatus`, are
 * ignored). The demo source reads the server's own tables through the `store` the server passes in,
 * and builds product URLs on `storeUrl` (where the demo store is served).
 */
export type ProductSourceConfig =
  | { source: 'demo'; store: DemoProductStore; storeUrl: string; cache?: CachedProductSourceOptions | false }
  | ({ source: 'shopify'; cache?: CachedProductSourceOptions | false } & ShopifyProductSourceConfig)
  | ({ source: 'woocommerce'; cache?: CachedProductSourceOptions | false } & WooCommerceProductSourceConfig);

/**
 * Builds the product source a site is configured with. Shopify and WooCommerce are wrapped in a
 * `CachedProductSource` (listing 5 min, products 30 s; `cache: false` for none); the demo source,
 * a local database, is cached only when `cache` options are given.
 */
export function createProductSource(config: ProductSourceConfig): ProductSource {
  if (config.source === 'demo') {
    const demo = new DemoProductSource(config.store, { storeUrl: config.storeUrl });
    return config.cache ? new CachedProductSource(demo, config.cache) : demo;
  }
  const { source, cache, ...settings } = config;
  let platform: ProductSource;
  switch (source) {
    case 'shopify':
      platform = new ShopifyProductSource(settings as ShopifyProductSourceConfig);
      break;
    case 'woocommerce':
      platform = new WooCommerceProductSource(settings as WooCommerceProductSourceConfig);
      break;
    default:
      throw new Error(`Unknown product source: ${String(source satisfies never)}`);
  }
  return cache === false ? platform : new CachedProductSource(platform, cache ?? {});
}
