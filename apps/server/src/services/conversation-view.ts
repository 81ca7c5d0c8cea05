import type { AgentConversation, Message, MessagePayload, VisitorConversation, VisitorSummary } from '@sportello/protocol';
import type { conversations, messages, visitors } from '@sportello/db';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The conversation as its visitor sees it. */
export function toVisitorConversation(row: ConversationRow): VisitorConversation {
  return {
    id: row.id,
    status: row.status,
    lastSeq: row.lastSeq,
    agentSeenSeq: row.agentSeenSeq,
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

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientId: row.clientId,
    author: { type: row.authorType, id: row.authorId, name: row.authorName },
    body: row.body,
    internal: row.internal,
    payload: (row.payload as MessagePayload | null) ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The inbox preview of a message body: one line, at most 140 characters. */
export function previewOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
