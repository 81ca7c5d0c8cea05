import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIMITS } from '@sportello/protocol';

/** Server settings, from the environment; every one has a default for the embedded setup. */
export interface Config {
  port: number;
  host: string;
  /** The address shoppers and agents reach the server at (default `http://localhost:PORT`). */
  publicUrl: string;
  /** Where the built console is (default `apps/console/dist`). */
  consoleDistDir: string | undefined;
  /** Where the built widget is (`widget.js` and `widget/`); default packages/widget/dist. */
  widgetDistDir: string | undefined;
  /** PGlite data directory when `databaseUrl` is unset (default `./data`). */
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix of the Redis Pub/Sub channels, to let several deployments share one Redis (default `sportello`). */
  redisPrefix: string;
  /** Pepper for token hashes; changing it signs every agent out and forgets every visitor token. */
  sessionSecret: string;
  /** Agent session lifetime (default 7 days). */
  sessionTtlMs: number;
  /** Trust `X-Forwarded-*` from a reverse proxy (default false). */
  trustProxy: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** LLM mode; `timeoutMs` bounds a whole answer, tool rounds included (default 10 s). */
  openai: { apiKey: string; baseUrl: string | undefined; model: string; timeoutMs: number } | undefined;
  commerce: 'demo' | 'shopify' | 'woocommerce';
  /** Store credentials for `commerce` (a site's own settings take precedence). */
  shopify: { shop: string; accessToken: string; apiVersion?: string } | undefined;
  woocommerce: { url: string; consumerKey: string; consumerSecret: string; returnStatus?: string; completedMeansDelivered?: boolean } | undefined;
  logLevel: string;
  /** Messages per 10 s allowed to one visitor and to one agent (defaults from the protocol's LIMITS). */
  rateLimits: { visitorMessages: number; agentMessages: number; newVisitorsPerMinute: number };
  /** Where uploaded files go when `s3` is unset (default `DATA_DIR/files`). */
  filesDir: string;
  /** S3-compatible storage for uploaded files (AWS S3, MinIO, Cloudflare R2, Backblaze B2…), when `S3_BUCKET` is set. */
  s3: { bucket: string; region: string; endpoint: string | undefined; accessKeyId: string | undefined; secretAccessKey: string | undefined; forcePathStyle: boolean; prefix: string } | undefined;
  /** Statement timeout of agents' list and search queries (default 10 s). */
  agentQueryTimeoutMs: number;
  /** `/healthz` answers 503 when the event loop fell further behind than this in the last 5 s. */
  healthMaxLagMs: number;
}

const DEFAULT_SESSION_SECRET = 'sportello-embedded-default-pepper';

/**
 * Reads `.env` in the working directory into `process.env` when there is one (Node's own parser);
 * a variable already set in the environment wins over the file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the configuration from an environment (default `process.env`). Every invalid value is
 * reported at once, a line each, in the error it throws: an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min = 0): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (Number.isInteger(n) && n >= min) return n;
    problems.push(`${name} must be an integer of at least ${min}, got "${value}"`);
    return fallback;
  };
  const port = integer('PORT', 3000);
  const commerce = (env.COMMERCE ?? 'demo') as Config['commerce'];
  if (!['demo', 'shopify', 'woocommerce'].includes(commerce)) {
    problems.push(`COMMERCE must be demo, shopify or woocommerce, got "${env.COMMERCE}"`);
  }
  if (commerce === 'shopify' && !(env.SHOPIFY_SHOP && env.SHOPIFY_ACCESS_TOKEN)) {
    problems.push('COMMERCE=shopify needs SHOPIFY_SHOP and SHOPIFY_ACCESS_TOKEN');
  }
  if (commerce === 'woocommerce' && !(env.WOOCOMMERCE_URL && env.WOOCOMMERCE_CONSUMER_KEY && env.WOOCOMMERCE_CONSUMER_SECRET)) {
    problems.push('COMMERCE=woocommerce needs WOOCOMMERCE_URL, WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET');
  }
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL, got "${env.PUBLIC_URL}"`);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  if (env.TRUST_PROXY !== undefined && !['', 'true', '1', 'false', '0'].includes(env.TRUST_PROXY)) {
    problems.push(`TRUST_PROXY must be true or false, got "${env.TRUST_PROXY}"`);
  }
  const sessionTtlHours = integer('SESSION_TTL_HOURS', 24 * 7, 1);
  const openaiTimeoutMs = integer('OPENAI_TIMEOUT_MS', 10_000, 100);
  const healthMaxLagMs = integer('HEALTH_MAX_LAG_MS', 2_000, 50);
  const rateLimits = {
    visitorMessages: integer('VISITOR_MESSAGES_PER_10S', LIMITS.visitorMessagesPerWindow, 1),
    agentMessages: integer('AGENT_MESSAGES_PER_10S', LIMITS.agentMessagesPerWindow, 1),
    newVisitorsPerMinute: integer('NEW_VISITORS_PER_MINUTE', LIMITS.newVisitorsPerMinutePerAddress, 1),
  };
  const agentQueryTimeoutMs = integer('AGENT_QUERY_TIMEOUT_MS', 10_000, 0);
  if (problems.length) throw new Error(`The configuration is not valid:\n- ${problems.join('\n- ')}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    consoleDistDir: env.CONSOLE_DIST_DIR || undefined,
    widgetDistDir: env.WIDGET_DIST_DIR || undefined,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    filesDir: resolve(env.FILES_DIR || resolve(env.DATA_DIR ?? './data', 'files')),
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          region: env.S3_REGION || 'us-east-1',
          endpoint: env.S3_ENDPOINT || undefined,
          accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
          // MinIO and most self-hosted stores want the bucket in the path, not the host name.
          forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' || env.S3_FORCE_PATH_STYLE === '1' : !!env.S3_ENDPOINT,
          prefix: (env.S3_PREFIX ?? 'sportello/').replace(/^\/+/, ''),
        }
      : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || 'sportello',
    sessionSecret: env.SESSION_SECRET || DEFAULT_SESSION_SECRET,
    sessionTtlMs: sessionTtlHours * 3_600_000,
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    openai: env.OPENAI_API_KEY
      ? {
          apiKey: env.OPENAI_API_KEY,
          baseUrl: env.OPENAI_BASE_URL || undefined,
          model: env.OPENAI_MODEL || 'gpt-4o-mini',
          timeoutMs: openaiTimeoutMs,
        }
      : undefined,
    commerce,
    shopify:
      env.SHOPIFY_SHOP && env.SHOPIFY_ACCESS_TOKEN
        ? { shop: env.SHOPIFY_SHOP, accessToken: env.SHOPIFY_ACCESS_TOKEN, ...(env.SHOPIFY_API_VERSION ? { apiVersion: env.SHOPIFY_API_VERSION } : {}) }
        : undefined,
    woocommerce:
      env.WOOCOMMERCE_URL && env.WOOCOMMERCE_CONSUMER_KEY && env.WOOCOMMERCE_CONSUMER_SECRET
        ? {
            url: env.WOOCOMMERCE_URL,
            consumerKey: env.WOOCOMMERCE_CONSUMER_KEY,
            consumerSecret: env.WOOCOMMERCE_CONSUMER_SECRET,
            ...(env.WOOCOMMERCE_RETURN_STATUS ? { returnStatus: env.WOOCOMMERCE_RETURN_STATUS } : {}),
            ...(env.WOOCOMMERCE_COMPLETED_MEANS_DELIVERED === 'true' ? { completedMeansDelivered: true } : {}),
          }
        : undefined,
    logLevel,
    healthMaxLagMs,
    agentQueryTimeoutMs,
    rateLimits,
  };
}

/** True when the default pepper is in use, which a deployment on HTTPS should replace. */
export function usesDefaultSecret(config: Config): boolean {
  return config.sessionSecret === DEFAULT_SESSION_SECRET;
}
