import type { ConversationStatus, ConversationEventType } from './lifecycle';

/** Who wrote a message or caused an event. */
export type ActorType = 'visitor' | 'agent' | 'bot' | 'system';

export interface Author {
  type: ActorType;
  /** The visitor's or agent's id; null for the bot and the system. */
  id: string | null;
  /** Display name, when known. */
  name: string | null;
}

export interface QuickReply {
  /** Text shown on the button. */
  label: string;
  /** Text sent as the shopper's message when the button is pressed. */
  value: string;
}

export interface OrderStatusCard {
  type: 'order_status';
  orderNumber: string;
  status: string;
  items: { name: string; quantity: number }[];
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  expectedAt: string | null;
}

export interface ReturnCard {
  type: 'return';
  reference: string;
  orderNumber: string;
  status: string;
  items: { name: string; quantity: number }[];
  nextSteps: string;
}

/** A product the bot answered about: what the shopper sees, and a link to buy it. */
export interface ProductCard {
  type: 'product';
  productId: string;
  title: string;
  url: string | null;
  imageUrl: string | null;
  currency: string;
  priceCents: number;
  /** The price before a markdown, when there is one. */
  compareAtPriceCents: number | null;
  /** Of the variant asked about when there is one, else of the product. */
  availability: 'in_stock' | 'low_stock' | 'out_of_stock';
  /** The variant asked about (`XL`, `M / White`), when the shopper named one. */
  variant: string | null;
}

export type Card = OrderStatusCard | ReturnCard | ProductCard;

/** Where a bot answer came from: a knowledge-base article and the section of it that answered. */
export interface MessageSource {
  articleId: string;
  title: string;
  /** The `##` heading of the section; null for the article's opening paragraph. */
  section: string | null;
}

/** A file sent with a message: a photo (re-encoded, without metadata) or a document. */
export interface Attachment {
  id: string;
  /** As the sender named it, cleaned; its extension matches the type. */
  name: string;
  /** The type its bytes are (`image/jpeg`, `image/png`, `image/webp`, `application/pdf`). */
  type: string;
  /** Bytes. */
  size: number;
  /** Photos only, in pixels. */
  width: number | null;
  height: number | null;
  /**
   * A short-lived signed link to the file, made for the reader when the message is sent to them;
   * the file is served with `Content-Disposition` (photos inline, documents as downloads).
   */
  url?: string;
}

/** Structured extras of a (usually bot) message. */
export interface MessagePayload {
  /** Files sent with the message. */
  attachments?: Attachment[];
  quickReplies?: QuickReply[];
  card?: Card;
  /** Bot answers from the knowledge base: the article and section each came from (shown to agents). */
  sources?: MessageSource[];
}

export interface Message {
  id: string;
  conversationId: string;
  /**
   * Gap-free position in the reader's view of the conversation, from 1: agents number every
   * message (internal notes included); a shopper's view numbers the public messages only. A client
   * that holds 1…n and receives n + 2 has missed n + 1 and asks for it (`sync`).
   */
  seq: number;
  /** Agents only: the message's `seq` in the shopper's view (null for an internal note). */
  visitorSeq?: number | null;
  clientId: string;
  author: Author;
  body: string;
  /** Internal notes are seen by agents only and never sent to a visitor. */
  internal: boolean;
  payload: MessagePayload | null;
  createdAt: string;
}

export interface Csat {
  rating: number;
  comment: string | null;
}

/** A conversation as the visitor sees it. */
export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  /** Highest `seq` of the reader's view (see `Message.seq`). */
  lastSeq: number;
  /** Highest seq the agents side has seen, in the reader's numbering (the shopper's "seen" marks). */
  agentSeenSeq: number;
  /** Highest seq the shopper has seen, always in the shopper's numbering (`Message.visitorSeq` for agents). */
  visitorSeenSeq: number;
  createdAt: string;
  lastMessageAt: string | null;
  csat: Csat | null;
}

export interface VisitorSummary {
  id: string;
  name: string | null;
  email: string | null;
  verified: boolean;
  locale: string | null;
}

export interface PageView {
  url: string;
  title: string | null;
  at: string;
}

/** A conversation as an agent sees it. */
export interface AgentConversation extends VisitorConversation {
  /** Highest seq of the shopper's view (public messages only). */
  visitorLastSeq: number;
  siteId: string;
  visitor: VisitorSummary;
  assigneeId: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  locale: string | null;
  handoffReason: string | null;
  /** When it last entered the queue (waiting for a human); null if it never did. */
  queuedAt: string | null;
  /** A pending conversation snoozed until this time comes back as open then. */
  snoozedUntil: string | null;
  updatedAt: string;
  /** Last public message, cut to 140 characters, for inbox lists. */
  preview: string | null;
}

export interface ConversationEvent {
  id: string;
  conversationId: string;
  type: ConversationEventType;
  actor: Author;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface AgentProfile {
  id: string;
  email: string;
  name: string;
  /** What shoppers see (messages, the widget's header); null: `name`. */
  displayName: string | null;
  /** The agent's picture (a path on this server), null when they have none. */
  avatarUrl: string | null;
  role: 'admin' | 'agent';
  presence: 'online' | 'away';
  siteIds: string[];
}

/** Agents who have a conversation open in the console right now (collision). */
export interface ViewersNotice {
  conversationId: string;
  agents: { id: string; name: string }[];
}

/** Messages one `sync` or join returns for one conversation. */
export interface ConversationReplay {
  conversationId: string;
  messages: Message[];
  /** True when more than `LIMITS.replayMaxMessages` were missed: call again from the last seq. */
  hasMore: boolean;
}

/** What an ack carries: the result on success, `{ ok: false, error }` on failure. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: import('./errors').ApiError };
export type AckFn<T> = (response: Ack<T>) => void;
