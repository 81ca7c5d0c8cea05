import type { OrderSourceConfig } from '@sportello/commerce';
import type { Config } from '../config';
import type { SiteRow } from './site-service';

/** A platform store connection (Shopify or WooCommerce credentials), as the order and product sources take it. */
export type PlatformConnection = Exclude<OrderSourceConfig, { source: 'demo' }>;

/** Which store a site reads orders and products from: Sportello's demo tables, or a platform. */
export type StoreConnection = { source: 'demo' } | PlatformConnection;

/**
 * The store connection of a site: the one in its settings (`commerce`), else the server's
 * (`COMMERCE` and its credentials), else the demo tables. One rule for orders and products.
 */
export function storeConnectionOf(site: Pick<SiteRow, 'settings'>, config: Pick<Config, 'commerce' | 'shopify' | 'woocommerce'>): StoreConnection {
  const own = site.settings.commerce;
  if (own && own.source !== 'demo') return own as unknown as PlatformConnection;
  if (own?.source === 'demo') return { source: 'demo' };
  if (config.commerce === 'shopify' && config.shopify) return { source: 'shopify', ...config.shopify };
  if (config.commerce === 'woocommerce' && config.woocommerce) return { source: 'woocommerce', ...config.woocommerce };
  return { source: 'demo' };
}

/**
 * Something built per site on its store connection (a source, a catalogue), kept while the site's
 * connection settings stay the same and built again when they change.
 */
export class PerConnection<T> {
  private readonly bySite = new Map<string, { key: string; value: T }>();

  constructor(
    private readonly config: Pick<Config, 'commerce' | 'shopify' | 'woocommerce'>,
    private readonly build: (connection: StoreConnection, site: Pick<SiteRow, 'id' | 'settings'>) => T,
  ) {}

  of(site: Pick<SiteRow, 'id' | 'settings'>): T {
    const connection = storeConnectionOf(site, this.config);
    const key = JSON.stringify(connection);
    const known = this.bySite.get(site.id);
    if (known && known.key === key) return known.value;
    const value = this.build(connection, site);
    this.bySite.set(site.id, { key, value });
    return value;
  }
}
