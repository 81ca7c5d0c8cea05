import type { Database } from '@sportello/db';
import { DemoOrderSource } from '@sportello/commerce';
import type { OrderSource } from '@sportello/protocol';
import { DbDemoOrderStore } from './demo-order-store';

/**
 * The order source of each site. Every site reads the demo tables until a store connection
 * (Shopify, WooCommerce) is configured for it.
 */
export class OrderSources {
  private readonly bySite = new Map<string, OrderSource>();

  constructor(private readonly db: Database) {}

  for(siteId: string): OrderSource {
    let source = this.bySite.get(siteId);
    if (!source) {
      source = new DemoOrderSource(new DbDemoOrderStore(this.db, siteId));
      this.bySite.set(siteId, source);
    }
    return source;
  }
}
