import { OrderSourceError } from '@sportello/protocol';
import { PlatformJson } from './platform-json';
import { clampDelay, isRecord, platformClient, platformRequest, retryAfterMs, type PlatformClient, type PlatformClientOptions } from './platform-request';

/** The Admin API version the queries of the Shopify adapters are written against (Shopify supports each for a year). */
export const SHOPIFY_API_VERSION = '2025-01';

/** How to reach one Shopify store's Admin API: what the order and the product sources both take. */
export interface ShopifyConnection extends PlatformClientOptions {
  /** The store: `my-store`, `my-store.myshopify.com` or its https URL. */
  shop: string;
  /** An Admin API access token (the scopes each source needs are on the source). */
  accessToken: string;
  /** Admin API version in the URL. Default `SHOPIFY_API_VERSION`. */
  apiVersion?: string;
}

const PLATFORM = 'Shopify';

/**
 * One store's Admin GraphQL endpoint (version pinned in the URL). Each call is retried while
 * Shopify throttles it (GraphQL THROTTLED after the wait `extensions.cost.throttleStatus` implies,
 * HTTP 429 after `Retry-After`); top-level `errors` become `OrderSourceError`s (ACCESS_DENIED is
 * 'unauthorized', anything else 'bad_response'); the rest of the failures are `platformRequest`'s.
 */
export class ShopifyAdminApi {
  readonly endpoint: string;
  private readonly accessToken: string;
  private readonly client: PlatformClient;

  constructor(connection: ShopifyConnection) {
    const host = connection.shop
      .trim()
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, '');
    const domain = host.includes('.') ? host : `${host}.myshopify.com`;
    this.endpoint = `https://${domain}/admin/api/${connection.apiVersion ?? SHOPIFY_API_VERSION}/graphql.json`;
    this.accessToken = connection.accessToken;
    this.client = platformClient(connection);
  }

  /** One GraphQL operation; resolves to its `data`. */
  async query(query: string, variables: Record<string, unknown>): Promise<PlatformJson> {
    for (let attempt = 0; ; attempt++) {
      const response = await platformRequest({
        platform: PLATFORM,
        url: this.endpoint,
        method: 'POST',
        headers: { 'X-Shopify-Access-Token': this.accessToken },
        body: { query, variables },
        timeoutMs: this.client.timeoutMs,
        fetch: this.client.fetch,
      });
      let delay: number | null = null;
      if (response.status === 429) delay = retryAfterMs(response.headers) ?? 1000 * (attempt + 1);
      else if (response.status === 404) throw new OrderSourceError('unavailable', `Shopify has no Admin API at ${this.endpoint} (check the shop domain and API version).`);
      else if (isRecord(response.body) && Array.isArray(response.body.errors) && response.body.errors.some(isThrottled)) delay = throttleDelay(response.body);
      if (delay !== null) {
        if (attempt >= this.client.maxRetries) throw new OrderSourceError('unavailable', `Shopify is still throttling after ${attempt + 1} attempts.`);
        await this.client.sleep(clampDelay(delay));
        continue;
      }
      const body = PlatformJson.of(PLATFORM, response.body);
      const errors = body.raw.errors;
      if (errors !== undefined && errors !== null) {
        const list = Array.isArray(errors) ? errors : [errors];
        const message = list.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : String(e))).join('; ');
        const denied = list.some((e) => isRecord(e) && isRecord(e.extensions) && e.extensions.code === 'ACCESS_DENIED');
        throw new OrderSourceError(denied ? 'unauthorized' : 'bad_response', `Shopify answered with errors: ${message}`);
      }
      return body.object('data');
    }
  }

  /**
   * Every node of `owner`'s connection `field`: the page the owner came with, then the rest through
   * `more` (variables `id` and `after`; the owner again under `ownerKey` in its data).
   */
  async allNodes(owner: PlatformJson, field: string, more: string, ownerKey: string): Promise<PlatformJson[]> {
    const first = owner.connection(field);
    const nodes = [...first.nodes];
    let after = first.hasNextPage ? first.endCursor : null;
    while (after) {
      const page = (await this.query(more, { id: owner.string('id'), after })).object(ownerKey).connection(field);
      nodes.push(...page.nodes);
      after = page.hasNextPage ? page.endCursor : null;
    }
    return nodes;
  }
}

const isThrottled = (error: unknown) => isRecord(error) && isRecord(error.extensions) && error.extensions.code === 'THROTTLED';

/**
 * How long until the bucket holds the query's cost again: (requested − available) / restore rate,
 * from `extensions.cost.throttleStatus`; one second when Shopify does not say.
 */
function throttleDelay(body: Record<string, unknown>): number {
  const cost = isRecord(body.extensions) && isRecord(body.extensions.cost) ? body.extensions.cost : null;
  const throttle = cost && isRecord(cost.throttleStatus) ? cost.throttleStatus : null;
  const requested = Number(cost?.requestedQueryCost);
  const available = Number(throttle?.currentlyAvailable);
  const rate = Number(throttle?.restoreRate);
  if (![requested, available, rate].every(Number.isFinite) || rate <= 0) return 1000;
  return Math.max(100, ((requested - available) / rate) * 1000);
}
