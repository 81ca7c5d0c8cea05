/** A signed-in agent, as loaded from their session. */
export interface AgentPrincipal {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  /** Sites the agent works on; admins work on every site. */
  siteIds: string[];
  sessionId: string;
}

/** A connected shopper, as loaded from their visitor token. */
export interface VisitorPrincipal {
  id: string;
  siteId: string;
  name: string | null;
}

export function canAccessSite(agent: AgentPrincipal, siteId: string): boolean {
  return agent.role === 'admin' || agent.siteIds.includes(siteId);
}
