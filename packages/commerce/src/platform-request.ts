import { OrderSourceError } from '@sportello/protocol';

/** The `fetch` the platform adapters call; the global one unless a test or a proxy injects another. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Waits `ms` milliseconds; injectable so tests can assert back-off delays without waiting. */
export type Sleep = (ms: number) => Promise<void>;

export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Default per-call timeout for platform requests. */
export const DEFAULT_TIMEOUT_MS = 8_000;
/** How many times a rate-limited call is retried before giving up as 'unavailable'. */
export const DEFAULT_MAX_RETRIES = 3;
/** The longest we wait between retries: a chat is waiting, so a long back-off is a failure anyway. */
export const MAX_RETRY_DELAY_MS = 10_000;

/** How an adapter talks to its platform: the options both Shopify and WooCommerce take. */
export interface PlatformClientOptions {
  /** Per-request timeout in ms. Default 8 000. */
  timeoutMs?: number;
  /** Retries of a rate-limited request (Shopify: THROTTLED or HTTP 429; WooCommerce: HTTP 429). Default 3. */
  maxRetries?: number;
  /** Default the global `fetch`. */
  fetch?: FetchLike;
  /** Default a real timer; tests inject one that records the back-off. */
  sleep?: Sleep;
}

export type PlatformClient = Required<PlatformClientOptions>;

/** The options with their defaults filled in. */
export function platformClient(options: PlatformClientOptions): PlatformClient {
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    sleep: options.sleep ?? defaultSleep,
  };
}

export interface PlatformRequest {
  /** Human name of the platform, used in error messages ("Shopify", "WooCommerce"). */
  platform: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  fetch: FetchLike;
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `undefined` when the body was empty. */
  body: unknown;
}

/**
 * One HTTP exchange with a platform, with a timeout (AbortController) and failures turned into
 * `OrderSourceError`s: 401/403 → 'unauthorized', 5xx and network errors → 'unavailable', timeouts →
 * 'timeout', a body that is not JSON → 'bad_response'. 429 and 404 are returned to the caller, who
 * knows whether to retry or to read "not found". Other 4xx are 'bad_response' (we sent something the
 * platform did not expect, or its API changed).
 */
export async function platformRequest(request: PlatformRequest): Promise<PlatformResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await request.fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    });
    text = await response.text();
  } catch (error) {
    if (controller.signal.aborted) throw new OrderSourceError('timeout', `${request.platform} did not answer within ${request.timeoutMs} ms.`);
    throw new OrderSourceError('unavailable', `${request.platform} could not be reached: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  const { status } = response;
  if (status === 401 || status === 403) throw new OrderSourceError('unauthorized', `${request.platform} refused the credentials (HTTP ${status}).`);
  if (status >= 500) throw new OrderSourceError('unavailable', `${request.platform} answered HTTP ${status}.`);
  if (status >= 400 && status !== 404 && status !== 429) throw new OrderSourceError('bad_response', `${request.platform} answered HTTP ${status}.`);
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      if (status === 404 || status === 429) body = undefined;
      else throw new OrderSourceError('bad_response', `${request.platform} answered with a body that is not JSON.`);
    }
  }
  return { status, headers: response.headers, body };
}

/** Milliseconds to wait according to a `Retry-After` header (seconds or an HTTP date); null when absent. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export const clampDelay = (ms: number) => Math.min(MAX_RETRY_DELAY_MS, Math.max(0, Math.ceil(ms)));

/** Narrowing helpers for the platform's JSON: anything unexpected is a 'bad_response'. */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function badResponse(platform: string, what: string): OrderSourceError {
  return new OrderSourceError('bad_response', `${platform} answered with an unexpected shape: ${what}.`);
}
