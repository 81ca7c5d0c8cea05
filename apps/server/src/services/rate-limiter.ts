/**
 * Counts hits per key in fixed windows. `hit` answers whether one more is allowed. The in-memory
 * limiter is the default for one process and the contract for a shared one.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<boolean> | boolean;
  /** Hits counted for `key` in its current window, without adding one. */
  count(key: string, windowMs: number): Promise<number> | number;
  /** Forgets `key` (e.g. a successful sign-in clears its failures). */
  reset(key: string): Promise<void> | void;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = Date.now();

  hit(key: string, limit: number, windowMs: number): boolean {
    const now = Date.now();
    if (now - this.lastSweep > 60_000) this.sweep(now, windowMs);
    const window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= limit;
  }

  count(key: string, windowMs: number): number {
    const window = this.windows.get(key);
    return window && Date.now() - window.start < windowMs ? window.count : 0;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number, windowMs: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.start >= windowMs) this.windows.delete(key);
  }
}
