import type { Order } from './commerce';
import type { PageView, VisitorConversation, VisitorSummary } from './model';

// What the REST API answers for the console's reports and shopper sidebar (shared with the server).

/** Figures for one site and date range, all computed from conversation events. */
export interface Report {
  from: string;
  to: string;
  timeZone: string;
  conversations: number;
  /** Conversations started per local day, every day of the range included. */
  perDay: { date: string; count: number }[];
  /** From the handoff to a human (or the start, when a human answered unasked) to the first agent reply, in seconds. */
  firstResponseSeconds: { median: number | null; p90: number | null; count: number };
  /** From the start to the first time the conversation was resolved, in seconds. */
  resolutionSeconds: { median: number | null; p90: number | null; count: number };
  csat: { average: number | null; count: number; distribution: Record<'1' | '2' | '3' | '4' | '5', number>; comments: { conversationId: string; rating: number; comment: string; at: string }[] };
  /** Conversations resolved without any human, over all conversations started in the range. */
  botDeflection: { resolvedByBot: number; rate: number | null };
  handoffReasons: { reason: string; count: number }[];
  /** Conversations started per local hour of the day (0–23). */
  busiestHours: { hour: number; count: number }[];
}

/** A return request as agents see it. */
export interface ReturnView {
  id: string;
  reference: string;
  orderNumber: string;
  status: string;
  reason: string;
  items: { sku: string; name: string; quantity: number; priceCents: number }[];
  conversationId: string | null;
  createdAt: string;
}

/** What an agent sees beside a conversation: the shopper, their visit, history, orders and returns. */
export interface ConversationContext {
  visitor: VisitorSummary & { externalId: string | null; currentPage: PageView | null; pages: PageView[] };
  pastConversations: VisitorConversation[];
  orders: Order[];
  /** Set when the store could not be asked; the rest of the context is still there. */
  ordersError: string | null;
  returns: ReturnView[];
}
