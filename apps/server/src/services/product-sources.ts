import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '@sportello/db';
import { ProductCatalogue } from '@sportello/bot';
import { createProductSource, listAll, type CachedProductSourceOptions, type ProductSourceConfig } from '@sportello/commerce';
import type { ProductSource } from '@sportello/protocol';
import type { Config } from '../config';
import { DbDemoProductStore } from './demo-product-store';
import type { SiteRow } from './site-service';
import { PerConnection } from './store-connection';

export interface ProductSourcesOptions {
  /** Caching of every site's source; the catalogue is rebuilt as often as its listing expires. Default: listing 5 min, products 30 s. */
  cache?: CachedProductSourceOptions;
  /** After a failed catalogue read, how long the last good one (or an empty one) is served before trying again, in ms. Default 30 000. */
  retryAfterMs?: number;
  /** The most products a site's catalogue holds. Default 5 000. */
  maxProducts?: number;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
}

/** One site's source and catalogue, on one store connection. */
interface SiteProducts {
  source: ProductSource;
  catalogue: ProductCatalogue | null;
  /** When `catalogue` was built, or when the last read failed: the next read is due `ttl` (or `retryAfterMs`) later. */
  checkedAt: number;
  failed: boolean;
  refreshing: Promise<ProductCatalogue> | null;
}

const EMPTY = new ProductCatalogue([]);

/**
 * The product source and the catalogue of each site, on the same store connection as its orders
 * (`storeConnectionOf`). A site's source is cached (`CachedProductSource`) and rebuilt when its
 * connection settings change. Its catalogue is the whole listing (`listAll`) as a `ProductCatalogue`,
 * rebuilt when the listing's cache time has passed: the old one is served meanwhile, so only a
 * site without one waits for the store. When the store fails the last good catalogue stays (with a
 * warning in the log), or an empty one when there was never any; it is tried again after
 * `retryAfterMs`.
 */
export class ProductSources {
  private readonly entries: PerConnection<SiteProducts>;
  private readonly cache: CachedProductSourceOptions;
  private readonly ttlMs: number;
  private readonly retryAfterMs: number;
  private readonly maxProducts: number;
  private readonly now: () => number;

  constructor(
    db: Database,
    config: Pick<Config, 'commerce' | 'shopify' | 'woocommerce' | 'publicUrl'>,
    private readonly log: () => FastifyBaseLogger | null,
    options: ProductSourcesOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cache = { now: this.now, ...options.cache };
    this.ttlMs = this.cache.listTtlMs ?? 300_000;
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
    this.maxProducts = options.maxProducts ?? 5_000;
    this.entries = new PerConnection(config, (connection, site) => {
      const sourceConfig: ProductSourceConfig =
        connection.source === 'demo'
          ? { source: 'demo', store: new DbDemoProductStore(db, site.id), storeUrl: `${config.publicUrl}/demo/`, cache: this.cache }
          : ({ ...connection, cache: this.cache } as ProductSourceConfig);
      return { source: createProductSource(sourceConfig), catalogue: null, checkedAt: 0, failed: false, refreshing: null };
    });
  }

  /** The site's product source (cached: listing pages for minutes, products for 30 s). */
  source(site: Pick<SiteRow, 'id' | 'settings'>): ProductSource {
    return this.entry(site).source;
  }

  /**
   * The site's catalogue for the bot to search. Never fails: a store that cannot be read gives the
   * last good catalogue, or an empty one.
   */
  async catalogue(site: Pick<SiteRow, 'id' | 'settings'>): Promise<ProductCatalogue> {
    const entry = this.entry(site);
    const due = entry.checkedAt + (entry.failed ? this.retryAfterMs : this.ttlMs) <= this.now();
    if (!due) return entry.catalogue ?? EMPTY;
    // With nothing to show yet, wait for the store; otherwise answer from the last catalogue now.
    if (entry.catalogue === null) return this.rebuild(site.id, entry);
    void this.rebuild(site.id, entry);
    return entry.catalogue;
  }

  /**
   * `catalogue`, but never waiting longer than `waitMs` for a first read: a bot turn about an order
   * must not wait on a slow store's product listing. Past the wait it answers from an empty
   * catalogue (product questions go to a person) while the read goes on for the next turn.
   */
  async catalogueWithin(site: Pick<SiteRow, 'id' | 'settings'>, waitMs: number): Promise<ProductCatalogue> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ProductCatalogue>((resolve) => {
      timer = setTimeout(() => resolve(EMPTY), waitMs);
    });
    try {
      return await Promise.race([this.catalogue(site), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads the site's catalogue now (the listing as cached) and resolves with it; concurrent calls share one read. */
  refresh(site: Pick<SiteRow, 'id' | 'settings'>): Promise<ProductCatalogue> {
    return this.rebuild(site.id, this.entry(site));
  }

  private entry(site: Pick<SiteRow, 'id' | 'settings'>): SiteProducts {
    return this.entries.of(site);
  }

  private rebuild(siteId: string, entry: SiteProducts): Promise<ProductCatalogue> {
    entry.refreshing ??= listAll(entry.source, { maxProducts: this.maxProducts })
      .then(
        (products) => {
          entry.catalogue = new ProductCatalogue(products);
          entry.failed = false;
          return entry.catalogue;
        },
        (error: unknown) => {
          entry.failed = true;
          this.log()?.warn(
            { err: error, siteId, kept: entry.catalogue?.size ?? 0 },
            entry.catalogue ? 'product catalogue could not be refreshed; the last one is kept' : 'product catalogue could not be read; it is empty for now',
          );
          return entry.catalogue ?? EMPTY;
        },
      )
      .finally(() => {
        entry.checkedAt = this.now();
        entry.refreshing = null;
      });
    return entry.refreshing;
  }
}
