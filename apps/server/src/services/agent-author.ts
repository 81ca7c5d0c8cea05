import { eq } from 'drizzle-orm';
import { agents, type Database } from '@sportello/db';
import type { Author } from '@sportello/protocol';

/** The name shoppers know an agent by: the one they chose, else their own. */
export const shownName = (agent: { name: string; displayName: string | null }): string => agent.displayName ?? agent.name;

/**
 * An agent as the author of a message shoppers read: their display name as it is now (changed in
 * the console, it applies to the next message at once, whatever process the agent's socket is on).
 */
export async function agentAuthor(db: Database, agentId: string): Promise<Author & { type: 'agent' }> {
  const [row] = await db.select({ name: agents.name, displayName: agents.displayName }).from(agents).where(eq(agents.id, agentId));
  return { type: 'agent', id: agentId, name: row ? shownName(row) : null };
}
