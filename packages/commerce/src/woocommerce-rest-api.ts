import { OrderSourceError } from '@sportello/protocol';
import {
  badResponse,
  clampDelay,
  platformClient,
  platformRequest,
  retryAfterMs,
  type PlatformClient,
  type PlatformClientOptions,
  type PlatformResponse,
} from './platform-request';
import { PlatformJson } from './platform-json';

/** How to reach one WooCommerce store's REST API: what the order and the product sources both take. */
export interface WooCommerceConnection extends PlatformClientOptions {
  /** The store's base URL, e.g. `https://shop.example.com` (HTTPS: the key travels in Basic auth). */
  url: string;
  /** A REST API key (WooCommerce → Settings → Advanced → REST API); the access each source needs is on the source. */
  consumerKey: string;
  consumerSecret: string;
}

const PLATFORM = 'WooCommerce';

/**
 * One store's REST API under `/wp-json`, authenticated with a consumer key and secret in Basic
 * auth (so the URL must be HTTPS, except on localhost). HTTP 429 is retried after `Retry-After`;
 * the other failures are `platformRequest`'s; 404 is returned to the caller.
 */
export class WooCommerceRestApi {
  private readonly base: string;
  private readonly authorization: string;
  private readonly client: PlatformClient;

  constructor(connection: WooCommerceConnection) {
    const url = new URL(connection.url);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    if (url.protocol !== 'https:' && !local) throw new Error('The WooCommerce URL must use https: the API key is sent with every request.');
    this.base = url.href.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${connection.consumerKey}:${connection.consumerSecret}`).toString('base64')}`;
    this.client = platformClient(connection);
  }

  /** One call; `path` starts after `/wp-json` (`/wc/v3/orders/1`). */
  async call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<PlatformResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await platformRequest({
        platform: PLATFORM,
        url: `${this.base}/wp-json${path}`,
        method,
        headers: { authorization: this.authorization },
        body,
        timeoutMs: this.client.timeoutMs,
        fetch: this.client.fetch,
      });
      if (response.status !== 429) return response;
      if (attempt >= this.client.maxRetries) throw new OrderSourceError('unavailable', `WooCommerce is still rate limiting after ${attempt + 1} attempts.`);
      await this.client.sleep(clampDelay(retryAfterMs(response.headers) ?? 1000 * (attempt + 1)));
    }
  }
}

/**
 * Whether `response` was the last page of a list: `X-WP-TotalPages` is authoritative (some hosts cap
 * `per_page` below what we ask); without it, a short or empty page is the last one.
 */
export function isLastPage(response: PlatformResponse, page: number, received: number, perPage: number): boolean {
  const totalPages = Number(response.headers.get('x-wp-totalpages') ?? Number.NaN);
  if (received === 0) return true;
  return Number.isFinite(totalPages) ? page >= totalPages : received < perPage;
}

/** A list response's items (`what` names the list in errors, `path` its items: "order", "orders"). */
export function jsonList(body: unknown, what: string, path: string): PlatformJson[] {
  if (!Array.isArray(body)) throw badResponse(PLATFORM, `the ${what} list is not an array`);
  return body.map((item, i) => PlatformJson.of(PLATFORM, item, `${path}[${i}]`));
}
