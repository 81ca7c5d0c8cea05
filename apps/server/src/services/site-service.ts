import { eq } from 'drizzle-orm';
import { sites, type Database } from '@sportello/db';

export type SiteRow = typeof sites.$inferSelect;

// Sites change rarely; a short cache spares the database one query per handshake.
const CACHE_TTL_MS = 10_000;

/** Sites by public key, cached briefly. */
export class SiteService {
  private readonly cache = new Map<string, { site: SiteRow | null; at: number }>();
  private announce: () => void = () => {};

  constructor(private readonly db: Database) {}

  /** How a change reaches the other processes (set by the realtime layer when there are any). */
  announceChangesWith(announce: () => void): void {
    this.announce = announce;
  }

  async byKey(key: string): Promise<SiteRow | null> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.site;
    const [site] = await this.db.select().from(sites).where(eq(sites.key, key));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { site: site ?? null, at: Date.now() });
    return site ?? null;
  }

  async byId(id: string): Promise<SiteRow | null> {
    const [site] = await this.db.select().from(sites).where(eq(sites.id, id));
    return site ?? null;
  }

  /** Drops cached copies, here and in the other processes, after a site's settings or origins change. */
  invalidate(): void {
    this.cache.clear();
    this.announce();
  }

  /** Drops this process's cached copies (another process changed a site). */
  forgetCached(): void {
    this.cache.clear();
  }
}

/**
 * True when `origin` may use the site's widget: it must equal one of the allowed origins
 * (scheme, host and port); `*` allows any. A missing origin is never allowed.
 */
export function isOriginAllowed(site: Pick<SiteRow, 'allowedOrigins'>, origin: string | undefined): boolean {
  if (!origin) return false;
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  return site.allowedOrigins.some((allowed) => allowed === '*' || normalizeOrigin(allowed) === normalized);
}

/** `scheme://host[:port]` in lower case, default ports dropped; null when not an origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}
