import { and, count, eq } from 'drizzle-orm';
import { agents, siteAgents, type Database } from '@sportello/db';

/** How many of the site's active agents are online now; `db` may be the caller's transaction. */
export async function onlineAgentCount(db: Database, siteId: string): Promise<number> {
  const [online] = await db
    .select({ n: count() })
    .from(agents)
    .innerJoin(siteAgents, eq(siteAgents.agentId, agents.id))
    .where(and(eq(siteAgents.siteId, siteId), eq(agents.presence, 'online'), eq(agents.active, true)));
  return online?.n ?? 0;
}

/**
 * The counts of online agents per site as this process last read them, for a second: every
 * shopper's connection is told its site's count, and thousands reconnect at once after a restart.
 * Within that second a count can be older than a presence change made on another process; the
 * recount the agent namespace sends two seconds after each change reaches those shoppers too.
 */
export class OnlineCounts {
  private readonly kept = new Map<string, { at: number; count: Promise<number> }>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 1000,
  ) {}

  get(siteId: string): Promise<number> {
    const hit = this.kept.get(siteId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.count;
    const count = onlineAgentCount(this.db, siteId);
    this.kept.set(siteId, { at: Date.now(), count });
    count.catch(() => this.kept.delete(siteId));
    return count;
  }

  /** A count just read for a presence change: the next connections get it. */
  set(siteId: string, count: number): void {
    this.kept.set(siteId, { at: Date.now(), count: Promise.resolve(count) });
  }
}
