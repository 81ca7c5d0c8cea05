import { createClient } from 'redis';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter';

// Every send checks a limit before it is stored: a Redis that holds its connection open but does
// not answer (overloaded, paused, a half-open network path) must not hold the sends up with it.
const ANSWER_WITHIN_MS = 500;
// After a late answer, this process counts alone for a while instead of waiting on every send.
const LOCAL_AFTER_LATE_MS = 5_000;

/**
 * Rate limits shared by every process through Redis (fixed windows: `INCR` and a `PEXPIRE` set
 * with the first hit). While Redis cannot be reached, and for 5 s after it failed to answer within
 * 500 ms, each process counts on its own, so limits loosen at worst to one window per process and
 * nothing stops working.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly client;
  private readonly local = new MemoryRateLimiter();
  private localUntil = 0;

  constructor(url: string, private readonly prefix: string) {
    this.client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) } });
    this.client.on('error', () => undefined); // reported by the Socket.IO adapter's client; here we fall back
    void this.client.connect().catch(() => undefined);
  }

  private key(key: string): string {
    return `${this.prefix}:rl:${key}`;
  }

  /** Whether to ask Redis: connected, and not late to answer lately. */
  private get shared(): boolean {
    return this.client.isReady && Date.now() >= this.localUntil;
  }

  /** The command's answer, or a rejection when Redis takes longer than `ANSWER_WITHIN_MS`. */
  private answer<T>(command: Promise<T>): Promise<T> {
    command.catch(() => undefined); // answered late or failed after we stopped waiting: ignored
    let timer: NodeJS.Timeout | undefined;
    let answered = false;
    void command.then(
      () => (answered = true),
      () => (answered = true),
    );
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        // Timers run before I/O in an event-loop turn: when this process was the slow one (its
        // loop blocked past the deadline), Redis' answer may be waiting in the socket. Give it
        // that turn's I/O before calling Redis late.
        setImmediate(() => {
          if (answered) return;
          this.localUntil = Date.now() + LOCAL_AFTER_LATE_MS;
          reject(new Error('Redis did not answer in time'));
        });
      }, ANSWER_WITHIN_MS);
    });
    return Promise.race([command, late]).finally(() => clearTimeout(timer));
  }

  async hit(key: string, limit: number, windowMs: number): Promise<boolean> {
    if (!this.shared) return this.local.hit(key, limit, windowMs);
    try {
      const [count] = (await this.answer(this.client.multi().incr(this.key(key)).pExpire(this.key(key), windowMs, 'NX').exec())) as unknown as [number, number];
      return Number(count) <= limit;
    } catch {
      return this.local.hit(key, limit, windowMs);
    }
  }

  async count(key: string, windowMs: number): Promise<number> {
    if (!this.shared) return this.local.count(key, windowMs);
    try {
      return Number((await this.answer(this.client.get(this.key(key)))) ?? 0);
    } catch {
      return this.local.count(key, windowMs);
    }
  }

  async reset(key: string): Promise<void> {
    this.local.reset(key);
    if (this.shared) await this.answer(this.client.del(this.key(key))).catch(() => undefined);
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
