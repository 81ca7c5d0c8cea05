/** Socket.IO room names, in one place. */
export const rooms = {
  /** Every tab of one visitor (`/visitor`). */
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Agents who opened a conversation (`/agent`). */
  conversation: (conversationId: string) => `conv:${conversationId}`,
  /** Every shopper's socket on a site (`/visitor`): told when the team's availability changes. */
  shoppers: (siteId: string) => `shoppers:${siteId}`,
  /** Agents watching a site's inbox (`/agent`). */
  site: (siteId: string) => `site:${siteId}`,
  /** Every socket of one agent, to know when their last tab closed (`/agent`). */
  agent: (agentId: string) => `agent:${agentId}`,
  /** Every socket of one agent session, to disconnect them at logout (`/agent`). */
  session: (sessionId: string) => `session:${sessionId}`,
  isConversation: (room: string) => room.startsWith('conv:'),
  conversationIdOf: (room: string) => room.slice('conv:'.length),
} as const;
