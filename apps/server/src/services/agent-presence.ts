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
