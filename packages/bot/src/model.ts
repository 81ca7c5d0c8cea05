import type { MessagePayload, OrderSource, OrderStatus, ProductSource } from '@sportello/protocol';
import type { KnowledgeIndex } from './knowledge-index';
import type { ProductCatalogue } from './product-catalogue';

/** The languages the deterministic core understands and answers in. */
export type BotLocale = 'en' | 'it';

/** What the bot understood the turn to be about (for reports and for the server's bookkeeping). */
export type BotIntent = 'faq' | 'order_status' | 'return' | 'product' | 'handoff' | 'smalltalk' | 'out_of_scope';

/** One knowledge-base article as the server stores it. `body` is Markdown with `##` sections. */
export interface KbArticle {
  id: string;
  locale: string;
  title: string;
  body: string;
  tags: string[];
  published: boolean;
}

export interface ReturnPolicy {
  /** Days from delivery within which a return is accepted. */
  windowDays: number;
  /** Product tags that can never be returned (matched case-insensitively). */
  nonReturnableTags: string[];
  /** Returns worth more than this (minor units) are created as needing an agent's approval. */
  autoApproveLimitCents: number;
  /** The shop swaps an item for the same one in another size; the bot offers it for a wrong size. Default false. */
  sizeExchanges?: boolean;
  /** The shop e-mails a return label once a return is approved, so the bot may say so. Default false. */
  labelByEmail?: boolean;
}

export interface BotSite {
  name: string;
  defaultLocale: string;
  returnPolicy: ReturnPolicy;
  humanAvailability: {
    agentsOnline: boolean;
    /** ISO time when agents are next expected online; null when unknown. */
    nextOpening: string | null;
  };
  /** IANA zone used to write `nextOpening` for the shopper; default `UTC`. */
  timeZone?: string;
}

export interface BotVisitor {
  /** True when the storefront proved the customer's identity (HMAC); only then is `customerId` trusted. */
  verified: boolean;
  customerId: string | null;
  email: string | null;
}

export interface BotInput {
  /** The state returned by the previous decision of this conversation, or null on the first turn. */
  state: BotState | null;
  /** The shopper's message, as sent. */
  text: string;
  /** The conversation's or the widget's locale, used when the message itself is too short to tell. */
  locale?: string | null;
  site: BotSite;
  visitor: BotVisitor;
  knowledgeBase: KnowledgeIndex;
  orders: OrderSource;
  /**
   * The site's catalogue, for product questions (stock, price, materials, sizes): `catalogue` finds
   * the product from the shopper's words, `products` gives its variants and live stock. Without
   * them the bot hands product questions to a person.
   */
  catalogue?: ProductCatalogue | null;
  products?: ProductSource | null;
  now: Date;
  /** Passed to `orders.createReturn` so the return links back to the chat. */
  conversationId?: string | null;
}

export interface BotReply {
  body: string;
  payload?: MessagePayload;
}

/** What a reply asks the shopper for; the next message is read as the answer to it. */
export type BotAsk =
  | 'order_number'
  | 'email'
  | 'which_order'
  | 'items'
  | 'reason'
  | 'resolution'
  | 'exchange_size'
  | 'confirm'
  | 'which_product'
  | 'contact_email'
  | 'resume';

export interface BotDecision {
  locale: BotLocale;
  /** What the turn was mostly about (the first of `answers`). */
  intent: BotIntent;
  /** Each thing the turn answered, in order (several when one message asked several things). */
  answers: { intent: BotIntent; articleId: string | null }[];
  /** What the last reply asks the shopper for, or null. */
  asks: BotAsk | null;
  /** An e-mail the shopper gave in this message and the bot took as theirs: store it on the visitor. */
  visitorEmail: string | null;
  replies: BotReply[];
  /** Knowledge-base articles the replies are drawn from (the server may add links to them). */
  articleIds: string[];
  /** Non-null when the conversation must go to a human; the server moves it to `queued`. */
  handoff: { reason: HandoffReason } | null;
  /** True when the bot was not confident enough to answer and offered a human instead. */
  uncertain: boolean;
  /** Store this and pass it back as `state` on the next turn. JSON-serialisable. */
  state: BotState;
}

export type HandoffReason =
  | 'requested'
  | 'frustration'
  | 'complaint'
  | 'low_confidence'
  | 'order_not_found'
  | 'order_source_error'
  | 'return_outside_policy'
  | 'return_needs_approval'
  | 'unsupported_request';

/** Why a return was asked for; the value stored on the return record. */
export type ReturnReason = 'wrong_size' | 'damaged' | 'not_as_described' | 'changed_mind' | 'other';

/** A dialog that is collecting what it needs across turns. */
export interface OrderDialogState {
  kind: 'order_status' | 'return';
  /** What the last bot reply asked for. */
  awaiting: 'number' | 'email' | 'order_choice' | 'items' | 'reason' | 'resolution' | 'exchange_size' | 'confirm';
  orderNumber: string | null;
  email: string | null;
  /** True once the order was found for this number and email (or the verified customer). */
  verified: boolean;
  failures: number;
  /** Order numbers offered as quick replies to a verified customer. */
  choices: string[];
  /** The item names of each offered order (same positions), so "the one with the sneakers" picks one. */
  choiceItems?: string[];
  /** The status and placing date of each offered order, so "the one arriving today" or "the latest" picks one. */
  choiceStatuses?: OrderStatus[];
  choicePlaced?: string[];
  /** Return only: the verified order's items, so that naming one ("and the red dress?") answers the dialog. */
  items?: { id: string; name: string; returnable?: boolean }[];
  /** Return only: the items picked so far, and a reason already stated by the shopper. */
  itemIds: string[];
  reason: ReturnReason | null;
  /** Return only: the shopper's own words for a reason that fits no listed one, kept for the team. */
  reasonNote?: string | null;
  /** Return only: a refund, or the same item in another size (when the shop offers exchanges). */
  resolution?: 'refund' | 'exchange' | null;
  /** Return only: the size wanted in exchange. */
  exchangeSize?: string | null;
  /** The shopper's words when the dialog started (folded), to find items named before the order was verified. */
  mention: string;
}

/** Everything the bot remembers between turns; stored as JSON by the server. */
/** An order shown or acted on: what follow-ups about it need. */
export interface OrderFocus {
  orderNumber: string;
  email: string | null;
  /** Its items' names ("can I return the scarf from it?"). */
  items?: string[];
  /** Its status ("can I still cancel it?"). */
  status?: string;
}

export interface BotState {
  version: 1;
  locale: BotLocale;
  dialog: OrderDialogState | null;
  /** Consecutive turns the bot could not answer with confidence. */
  lowConfidenceStreak: number;
  /** Turns with signs of frustration so far (swearing, shouting, complaints). */
  frustration: number;
  /** Set once the bot handed off; waiting for an e-mail when agents are offline and none is known. */
  handedOff: boolean;
  awaitingContactEmail: boolean;
  contactEmail: string | null;
  /** The handoff reason to use if the shopper now asks for a person (e.g. after a refused return). */
  pendingHandoff: HandoffReason | null;
  /**
   * Orders proved by number and matching e-mail in this conversation (latest last, at most 5), so
   * that an agent sees them beside the chat after the dialog is over. Absent in older states.
   */
  provenOrders?: { orderNumber: string; email: string }[];
  /**
   * The shopper's e-mail as they gave it in this conversation (for an order or to be contacted):
   * used for later look-ups and never asked for again. Absent in older states.
   */
  email?: string | null;
  /** The order last shown, so that "when will it arrive?" or "can I return it?" need no number. */
  focusOrder?: OrderFocus | null;
  /** A dialog set aside when the shopper asked about something else, offered back with `offer`. */
  suspended?: OrderDialogState | null;
  /** The last reply asked whether to go on with the suspended (or current) dialog. */
  offer?: 'resume' | null;
  /** The product last answered about, for "what is it made of?". */
  focusProduct?: { id: string; title: string; size?: string | null } | null;
  /** Products offered to choose from, and what was asked about them. */
  productChoice?: { ids: string[]; question: string } | null;
  /** What the last turn answered (several when it answered several questions): a short follow-up ("how much is it?") refers to it. */
  lastTopics?: ('faq' | 'order' | 'product')[];
  /** The last place outside Italy the shopper asked about, for "how long does it take to get there?". */
  lastPlace?: string | null;
  /** The last turn's questions about the shop (retrieval queries) and the articles that answered them. */
  lastQuestions?: { query: string; articleId: string | null; section?: string | null; context?: boolean }[];
}
