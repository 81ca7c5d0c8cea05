import type { AgentConversation, Message, MessagePayload, VisitorConversation, VisitorSummary } from '@sportello/protocol';
import type { conversations, messages, visitors } from '@sportello/db';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The conversation as its visitor sees it: positions in the shopper's numbering. */
export function toVisitorConversation(row: ConversationRow): VisitorConversation {
  return {
    id: row.id,
    status: row.status,
    lastSeq: row.visitorLastSeq,
    agentSeenSeq: row.agentSeenVisitorSeq,
    visitorSeenSeq: row.visitorSeenSeq,
    createdAt: row.createdAt.toISOString(),
    lastMessageAt: iso(row.lastMessageAt),
    csat: row.csatRating === null ? null : { rating: row.csatRating, comment: row.csatComment },
  };
}

export function toVisitorSummary(row: VisitorRow): VisitorSummary {
  return { id: row.id, name: row.name, email: row.email, verified: row.verified, locale: row.locale };
}

/** The conversation as an agent sees it, with its visitor. */
export function toAgentConversation(row: ConversationRow, visitor: VisitorRow): AgentConversation {
  return {
    ...toVisitorConversation(row),
    lastSeq: row.lastSeq,
    agentSeenSeq: row.agentSeenSeq,
    visitorLastSeq: row.visitorLastSeq,
    siteId: row.siteId,
    visitor: toVisitorSummary(visitor),
    assigneeId: row.assigneeId,
    priority: row.priority,
    locale: row.locale,
    handoffReason: row.handoffReason,
    queuedAt: iso(row.queuedAt),
    snoozedUntil: iso(row.snoozedUntil),
    updatedAt: row.updatedAt.toISOString(),
    preview: row.preview,
  };
}

/** A message as agents see it: numbered in the full sequence, with its place in the shopper's. */
export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    visitorSeq: row.visitorSeq,
    clientId: row.clientId,
    author: { type: row.authorType, id: row.authorId, name: row.authorName },
    body: row.body,
    internal: row.internal,
    payload: (row.payload as MessagePayload | null) ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A message as its shopper sees it, numbered in the shopper's view; null for an internal note.
 * The knowledge-base sources of a bot answer are for agents and stay out of it.
 */
export function toVisitorMessage(message: Message): Message | null {
  if (message.internal || message.visitorSeq == null) return null;
  const { visitorSeq, ...rest } = message;
  let payload = rest.payload;
  if (payload?.sources) {
    const { sources: _sources, ...others } = payload;
    payload = Object.keys(others).length ? others : null;
  }
  return { ...rest, seq: visitorSeq, payload };
}

/** The inbox preview of a message body: one line, at most 140 characters. */
export function previewOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
