import type { Database } from '@sportello/db';
import { createOrderSource, type OrderSourceConfig } from '@sportello/commerce';
import type { OrderSource } from '@sportello/protocol';
import type { Config } from '../config';
import { DbDemoOrderStore } from './demo-order-store';
import type { SiteRow } from './site-service';
import { storeConnectionOf } from './store-connection';

/**
 * The order source of each site, on its store connection (`storeConnectionOf`: the site's
 * `commerce` settings, else the server's, else the demo tables). Sources are kept per site and
 * rebuilt when the site's connection settings change.
 */
export class OrderSources {
  private readonly bySite = new Map<string, { key: string; source: OrderSource }>();

  constructor(
    private readonly db: Database,
    private readonly config: Pick<Config, 'commerce' | 'shopify' | 'woocommerce'>,
  ) {}

  for(site: Pick<SiteRow, 'id' | 'settings'>): OrderSource {
    const connection = storeConnectionOf(site, this.config);
    const key = JSON.stringify(connection);
    const cached = this.bySite.get(site.id);
    if (cached && cached.key === key) return cached.source;
    const config: OrderSourceConfig =
      connection.source === 'demo' ? { source: 'demo', store: new DbDemoOrderStore(this.db, site.id) } : (connection as OrderSourceConfig);
    const source = createOrderSource(config);
    this.bySite.set(site.id, { key, source });
    return source;
  }
}
