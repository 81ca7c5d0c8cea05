import { rateCounters, type Database } from '@sportello/db';
import { eq, lt, sql } from 'drizzle-orm';

/**
 * Fixed-window counters kept in the database, so that every process sees one count and an
 * increment is atomic (one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which PostgreSQL runs
 * under the row's lock). Used where the count must hold exactly whatever else is down: sign-in
 * attempts. Hot paths (messages) use the `RateLimiter` instead.
 */
export class SharedCounters {
  private lastSweep = Date.now();

  constructor(private readonly db: Database) {}

  /** Adds one to `key`'s window (a new window when the last one is over); the count after it. */
  async increment(key: string, windowMs: number): Promise<number> {
    void this.sweep(windowMs);
    const expired = sql`${rateCounters.windowStart} <= now() - make_interval(secs => ${windowMs / 1000})`;
    const [row] = await this.db
      .insert(rateCounters)
      .values({ key, windowStart: sql`now()`, count: 1 })
      .onConflictDoUpdate({
        target: rateCounters.key,
        set: {
          count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateCounters.count} + 1 END`,
          windowStart: sql`CASE WHEN ${expired} THEN now() ELSE ${rateCounters.windowStart} END`,
        },
      })
      .returning({ count: rateCounters.count });
    return row!.count;
  }

  /** Takes back one increment (an attempt that turned out to be allowed work, e.g. a sign-in). */
  async decrement(key: string): Promise<void> {
    await this.db
      .update(rateCounters)
      .set({ count: sql`greatest(${rateCounters.count} - 1, 0)` })
      .where(eq(rateCounters.key, key));
  }

  async count(key: string, windowMs: number): Promise<number> {
    const [row] = await this.db
      .select({ count: rateCounters.count })
      .from(rateCounters)
      .where(sql`${rateCounters.key} = ${key} AND ${rateCounters.windowStart} > now() - make_interval(secs => ${windowMs / 1000})`);
    return row?.count ?? 0;
  }

  async reset(key: string): Promise<void> {
    await this.db.delete(rateCounters).where(eq(rateCounters.key, key));
  }

  /** Deletes windows long over, at most once a minute per process. */
  private async sweep(windowMs: number): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.db
      .delete(rateCounters)
      .where(lt(rateCounters.windowStart, sql`now() - make_interval(secs => ${Math.max(windowMs, 3_600_000) / 1000})`))
      .catch(() => undefined);
  }
}
