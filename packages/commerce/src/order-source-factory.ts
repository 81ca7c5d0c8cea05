import type { OrderSource } from '@sportello/protocol';
import { CachedOrderSource, type CachedOrderSourceOptions } from './cached-order-source';
import { DemoOrderSource, type DemoOrderStore } from './demo-order-source';
import { ShopifyOrderSource, type ShopifyOrderSourceConfig } from './shopify-order-source';
import { WooCommerceOrderSource, type WooCommerceOrderSourceConfig } from './woocommerce-order-source';

/**
 * A site's order source settings, tagged by `source`. The demo source reads the server's own tables
 * through the `store` the server passes in.
 */
export type OrderSourceConfig =
  | { source: 'demo'; store: DemoOrderStore; cache?: CachedOrderSourceOptions | false }
  | PlatformOrderSourceConfig;

/** The settings of a platform order source, tagged by platform. */
export type PlatformOrderSourceConfig =
  | ({ source: 'shopify'; cache?: CachedOrderSourceOptions | false } & ShopifyOrderSourceConfig)
  | ({ source: 'woocommerce'; cache?: CachedOrderSourceOptions | false } & WooCommerceOrderSourceConfig);

/**
 * Builds the order source a site is configured with. Shopify and WooCommerce are wrapped in a
 * `CachedOrderSource` (default 30 s, 500 entries; `cache: false` for none); the demo source, a local
 * database, is cached only when `cache` options are given.
 */
export function createOrderSource(config: OrderSourceConfig): OrderSource {
  if (config.source === 'demo') {
    const demo = new DemoOrderSource(config.store);
    return config.cache ? new CachedOrderSource(demo, config.cache) : demo;
  }
  const { source, cache, ...settings } = config;
  let platform: OrderSource;
  switch (source) {
    case 'shopify':
      platform = new ShopifyOrderSource(settings as ShopifyOrderSourceConfig);
      break;
    case 'woocommerce':
      platform = new WooCommerceOrderSource(settings as WooCommerceOrderSourceConfig);
      break;
    default:
      throw new Error(`Unknown order source: ${String(source satisfies never)}`);
  }
  return cache === false ? platform : new CachedOrderSource(platform, cache ?? {});
}
