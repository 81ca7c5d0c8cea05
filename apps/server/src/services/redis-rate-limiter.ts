import { createClient } from 'redis';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter';

/**
 * Rate limits shared by every process through Redis (fixed windows: `INCR` and a `PEXPIRE` set
 * with the first hit). While Redis cannot be reached, each process falls back to counting on its
 * own, so limits loosen at worst to one window per process and nothing stops working.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly client;
  private readonly local = new MemoryRateLimiter();

  constructor(url: string, private readonly prefix: string) {
    this.client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) } });
    this.client.on('error', () => undefined); // reported by the Socket.IO adapter's client; here we fall back
    void this.client.connect().catch(() => undefined);
  }

  private key(key: string): string {
    return `${this.prefix}:rl:${key}`;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<boolean> {
    if (!this.client.isReady) return this.local.hit(key, limit, windowMs);
    try {
      const [count] = (await this.client.multi().incr(this.key(key)).pExpire(this.key(key), windowMs, 'NX').exec()) as unknown as [number, number];
      return Number(count) <= limit;
    } catch {
      return this.local.hit(key, limit, windowMs);
    }
  }

  async count(key: string, windowMs: number): Promise<number> {
    if (!this.client.isReady) return this.local.count(key, windowMs);
    try {
      return Number((await this.client.get(this.key(key))) ?? 0);
    } catch {
      return this.local.count(key, windowMs);
    }
  }

  async reset(key: string): Promise<void> {
    this.local.reset(key);
    if (this.client.isReady) await this.client.del(this.key(key)).catch(() => undefined);
  }

  async close(): Promise<void> {
    try {
      if (this.client.isReady) await this.client.close();
      else this.client.destroy();
    } catch {
      // already closed
    }
  }
}
