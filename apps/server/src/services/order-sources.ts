import type { Database } from '@sportello/db';
import { createOrderSource, type OrderSourceConfig } from '@sportello/commerce';
import type { OrderSource } from '@sportello/protocol';
import type { Config } from '../config';
import { DbDemoOrderStore } from './demo-order-store';
import type { SiteRow } from './site-service';

/**
 * The order source of each site: the store connection in the site's settings (`commerce`), else
 * the server's (`COMMERCE` and its credentials), else the demo tables. Sources are kept per site
 * and rebuilt when the site's connection settings change.
 */
export class OrderSources {
  private readonly bySite = new Map<string, { key: string; source: OrderSource }>();

  constructor(
    private readonly db: Database,
    private readonly config: Pick<Config, 'commerce' | 'shopify' | 'woocommerce'>,
  ) {}

  for(site: Pick<SiteRow, 'id' | 'settings'>): OrderSource {
    const connection = this.connectionOf(site);
    const key = JSON.stringify(connection);
    const cached = this.bySite.get(site.id);
    if (cached && cached.key === key) return cached.source;
    const config: OrderSourceConfig =
      connection.source === 'demo' ? { source: 'demo', store: new DbDemoOrderStore(this.db, site.id) } : (connection as OrderSourceConfig);
    const source = createOrderSource(config);
    this.bySite.set(site.id, { key, source });
    return source;
  }

  private connectionOf(site: Pick<SiteRow, 'settings'>): { source: 'demo' } | Exclude<OrderSourceConfig, { source: 'demo' }> {
    const own = site.settings.commerce;
    if (own && own.source !== 'demo') return own as unknown as Exclude<OrderSourceConfig, { source: 'demo' }>;
    if (own?.source === 'demo') return { source: 'demo' };
    if (this.config.commerce === 'shopify' && this.config.shopify) return { source: 'shopify', ...this.config.shopify };
    if (this.config.commerce === 'woocommerce' && this.config.woocommerce) return { source: 'woocommerce', ...this.config.woocommerce };
    return { source: 'demo' };
  }
}
