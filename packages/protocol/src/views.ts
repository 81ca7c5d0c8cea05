import type { Order } from './commerce';
import type { Attachment, PageView, VisitorConversation, VisitorSummary } from './model';

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
  /**
   * Conversations the bot resolved alone (the README's definition): it answered, no person took part
   * (no agent message or note, never taken over or assigned), it never went to the queue, and the
   * shopper did not come back on the same topic (an intent or article of its bot turns) in a new
   * conversation started within 24 hours of its last bot reply. Such a conversation younger than
   * that is `pending`, counted neither way; `cameBack` are those the shopper came back to.
   * `rate` is `resolvedByBot` over the range's conversations less the pending ones; null when none is left.
   */
  botDeflection: { resolvedByBot: number; pending: number; cameBack: number; rate: number | null };
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
  /** The photos the shopper sent for it, with links (in the console's sidebar, beside approve and reject). */
  photos?: Attachment[];
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
