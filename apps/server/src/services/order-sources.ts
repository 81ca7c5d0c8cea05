import type { Database } from '@sportello/db';
import { createOrderSource, type OrderSourceConfig } from '@sportello/commerce';
import type { OrderSource } from '@sportello/protocol';
import type { Config } from '../config';
import { DbDemoOrderStore } from './demo-order-store';
import type { SiteRow } from './site-service';
import { PerConnection } from './store-connection';

/**
 * The order source of each site, on its store connection (`storeConnectionOf`: the site's
 * `commerce` settings, else the server's, else the demo tables). Sources are kept per site and
 * rebuilt when the site's connection settings change.
 */
export class OrderSources {
  private readonly sources: PerConnection<OrderSource>;

  constructor(db: Database, config: Pick<Config, 'commerce' | 'shopify' | 'woocommerce'>) {
    this.sources = new PerConnection(config, (connection, site) =>
      createOrderSource(connection.source === 'demo' ? { source: 'demo', store: new DbDemoOrderStore(db, site.id) } : (connection as OrderSourceConfig)),
    );
  }

  for(site: Pick<SiteRow, 'id' | 'settings'>): OrderSource {
    return this.sources.of(site);
  }
}
