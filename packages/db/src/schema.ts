import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Per-locale texts a merchant may override (greeting, offline message...). */
export type LocalizedText = Partial<Record<string, string>>;

/** One day's opening hours, `HH:MM` in the site's time zone; absent = closed that day. */
export interface OpeningSpan {
  open: string;
  close: string;
}

/** A site's settings, read by the widget (public part), the bot and the console. */
export interface SiteSettings {
  /** False turns the bot off: new conversations then wait for a human (`queued`). Default true. */
  botEnabled?: boolean;
  /** Name the bot signs its messages with. Default `Assistant`. */
  botName?: string;
  /** Site's language, used by the bot for very short messages. Default `en`. */
  defaultLocale?: string;
  locales?: string[];
  color?: string;
  position?: 'right' | 'left';
  /** The launcher's distance from the bottom and from its side of the window, in CSS px. Default 20 and 20. */
  launcherOffset?: { bottom: number; side: number };
  /** Paths where the widget does not show (`/checkout`, `/account/*`: `*` is any run of characters). */
  hideOn?: string[];
  launcherText?: LocalizedText;
  greeting?: LocalizedText;
  offlineText?: LocalizedText;
  timeZone?: string;
  /** Keys `mon`..`sun`. */
  businessHours?: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', OpeningSpan>>;
  returnPolicy?: {
    windowDays: number;
    nonReturnableTags: string[];
    /** Returns whose value is above this (minor units of the currency) wait for an agent's approval. */
    autoApproveLimitCents: number;
    /** The shop swaps an item for the same one in another size (the bot offers it for a wrong size). */
    sizeExchanges?: boolean;
    /** The shop e-mails a return label once a return is approved (the bot may say so). */
    labelByEmail?: boolean;
  };
  /** Commerce adapter of this site; the server's `COMMERCE` when absent. */
  commerce?: { source: 'demo' | 'shopify' | 'woocommerce'; [key: string]: unknown };
  /** Days after which resolved conversations are erased; absent = kept. */
  retentionDays?: number;
  /** Largest file shoppers and agents may send, in MB (default 10, at most 25). */
  fileMaxMb?: number;
  /** What shoppers may send: `image` (JPEG, PNG, WebP, GIF), `pdf`; empty = no files. Default both. */
  fileTypes?: ('image' | 'pdf')[];
}

export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Public key pasted in the snippet (`data-site`). */
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** Storefront origins allowed to open the widget, e.g. `https://shop.example`. */
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** Secret for identity verification (HMAC-SHA256 of the user id). Never sent to a browser. */
  secret: text('secret').notNull(),
  settings: jsonb('settings').$type<SiteSettings>().notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

export const visitors = pgTable(
  'visitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** SHA-256 of the visitor token; the token itself lives only in the shopper's browser. */
    tokenHash: text('token_hash').notNull().unique(),
    externalId: text('external_id'),
    email: text('email'),
    name: text('name'),
    /** True when the identity was proved with the site secret's HMAC. */
    verified: boolean('verified').notNull().default(false),
    locale: text('locale'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visitors_site_email_idx').on(t.siteId, t.email),
    // The console's search for part of an e-mail or a name (`ilike '%…%'`), and the privacy look-up by e-mail.
    index('visitors_email_trgm_idx').using('gin', t.email.op('gin_trgm_ops')),
    index('visitors_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('visitors_site_lower_email_idx').on(t.siteId, sql`lower(${t.email})`),
  ],
);

export const agents = pgTable('agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Lower-cased. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** The name shoppers see on the agent's messages and in the widget's header (default: `name`). */
  displayName: text('display_name'),
  /** Set while the agent has a picture (agent_avatars), and changes with it: the cache key of its URL. */
  avatarVersion: text('avatar_version'),
  /** `scrypt$N$r$p$salt$hash`, base64 parts. */
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<'admin' | 'agent'>().notNull().default('agent'),
  active: boolean('active').notNull().default(true),
  presence: text('presence').$type<'online' | 'away'>().notNull().default('away'),
  createdAt: createdAt(),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
});

/** An agent's picture for shoppers, apart from the agent's row (which every request reads). */
export const agentAvatars = pgTable('agent_avatars', {
  agentId: uuid('agent_id')
    .primaryKey()
    .references(() => agents.id, { onDelete: 'cascade' }),
  /** A PNG, JPEG or WebP whose bytes were checked to be one, at most 64 KB. */
  type: text('type').$type<'image/png' | 'image/jpeg' | 'image/webp'>().notNull(),
  /** Base64. */
  data: text('data').notNull(),
});

export const siteAgents = pgTable(
  'site_agents',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.agentId] }), index('site_agents_agent_idx').on(t.agentId)],
);

export const agentSessions = pgTable(
  'agent_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** SHA-256 of the session cookie's value. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('agent_sessions_agent_idx').on(t.agentId)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    status: text('status')
      .$type<'bot' | 'queued' | 'open' | 'pending' | 'resolved' | 'closed'>()
      .notNull()
      .default('bot'),
    assigneeId: uuid('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    priority: text('priority').$type<'low' | 'normal' | 'high' | 'urgent'>().notNull().default('normal'),
    locale: text('locale'),
    /** Highest message seq; the next message takes `last_seq + 1` under this row's lock. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** Highest shopper-view seq: public messages only, numbered 1, 2, 3… without holes. */
    visitorLastSeq: integer('visitor_last_seq').notNull().default(0),
    /** What the shopper has seen, in the shopper's numbering (`messages.visitor_seq`). */
    visitorSeenSeq: integer('visitor_seen_seq').notNull().default(0),
    /** What the agents have seen, in the full numbering (`messages.seq`). */
    agentSeenSeq: integer('agent_seen_seq').notNull().default(0),
    /** The same as `agent_seen_seq`, in the shopper's numbering: the widget's "seen" marks. */
    agentSeenVisitorSeq: integer('agent_seen_visitor_seq').notNull().default(0),
    handoffReason: text('handoff_reason'),
    csatRating: integer('csat_rating'),
    csatComment: text('csat_comment'),
    botState: jsonb('bot_state').$type<Record<string, unknown>>(),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    /** When it last entered `queued`: the inbox shows how long the shopper has waited. */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    /** When an agent first wrote publicly; the matching `first_agent_reply` event feeds reports. */
    firstAgentReplyAt: timestamp('first_agent_reply_at', { withTimezone: true }),
    /** Last public message, cut, for inbox lists. */
    preview: text('preview'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
  },
  (t) => [
    // The inbox's orders (newest activity over all, per site, per status) and its cursor paging;
    // a search for a common word walks the first. `updated_at` is in these indexes, so a change of
    // it cannot update the row in place (HOT): the message path moves it at most every 30 seconds
    // (services/message-writer.ts), and every other message leaves the row's indexes untouched.
    // Ascending: read backwards, they give `updated_at desc, id desc` (a `desc nulls last` index would not).
    index('conversations_updated_idx').on(t.updatedAt, t.id),
    index('conversations_site_updated_idx').on(t.siteId, t.updatedAt, t.id),
    index('conversations_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('conversations_site_status_idx').on(t.siteId, t.status),
    // The inbox's counts, read from the index alone: only the conversations not finished, and no
    // column a message changes (the row is still updated in place).
    index('conversations_active_idx')
      .on(t.status, t.assigneeId, t.snoozedUntil, t.siteId)
      .where(sql`${t.status} in ('bot', 'queued', 'open', 'pending')`),
    index('conversations_visitor_idx').on(t.visitorId),
    index('conversations_assignee_idx').on(t.assigneeId),
    // The snooze wake-up job's look-up; only snoozed rows are in it.
    index('conversations_snoozed_idx').on(t.snoozedUntil).where(sql`${t.snoozedUntil} is not null`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /**
     * Position in the shopper's view (public messages only, gap-free from 1); null for internal
     * notes, which the shopper never sees and whose existence the numbering must not reveal.
     */
    visitorSeq: integer('visitor_seq'),
    /** Chosen by the sender; a retried send with the same id stores nothing twice. */
    clientId: text('client_id').notNull(),
    authorType: text('author_type').$type<'visitor' | 'agent' | 'bot' | 'system'>().notNull(),
    authorId: uuid('author_id'),
    authorName: text('author_name'),
    body: text('body').notNull(),
    internal: boolean('internal').notNull().default(false),
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_idx').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_visitor_seq_idx').on(t.conversationId, t.visitorSeq),
    uniqueIndex('messages_conversation_client_idx').on(t.conversationId, t.clientId),
    // The console's search over message text (and the order numbers shoppers type): 'simple' keeps
    // words as written, in any language. GIN's pending list keeps the cost per insert small.
    index('messages_body_search_idx').using('gin', sql`to_tsvector('simple', ${t.body})`),
  ],
);

/**
 * A file a shopper or an agent uploaded: its bytes are in the file store (`DATA_DIR/files` or S3)
 * under `storage_key`, its metadata here. Uploaded first, then sent with a message (`client_id` is
 * that message's, in `conversation_id`); one never sent is swept after a day. Photos a shopper sends
 * during a return are attached to it (`return_id`).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The shopper who uploaded it (their erasure takes it), or null for an agent's file. */
    visitorId: uuid('visitor_id').references(() => visitors.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** Set when sent (a shopper's) or at upload (an agent's, into one conversation). */
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    /** The message it was sent with (`messages.client_id`); null until then. */
    clientId: text('client_id'),
    returnId: uuid('return_id').references(() => returns.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    type: text('type').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** SHA-256 of the stored bytes, hex. */
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_conversation_idx').on(t.conversationId),
    index('attachments_visitor_idx').on(t.visitorId),
    index('attachments_return_idx').on(t.returnId).where(sql`${t.returnId} is not null`),
    // The sweep of files never sent.
    index('attachments_created_idx').on(t.createdAt),
  ],
);

export const conversationEvents = pgTable(
  'conversation_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').notNull(),
    type: text('type').notNull(),
    actorType: text('actor_type').$type<'visitor' | 'agent' | 'bot' | 'system'>().notNull(),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversation_events_conversation_idx').on(t.conversationId, t.createdAt),
    index('conversation_events_site_idx').on(t.siteId, t.createdAt),
  ],
);

export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    /** Markdown. */
    body: text('body').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    published: boolean('published').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('kb_articles_site_locale_idx').on(t.siteId, t.locale)],
);

export interface ReturnItem {
  sku: string;
  name: string;
  quantity: number;
  priceCents: number;
}

export const returns = pgTable(
  'returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    /** Shown to the shopper, e.g. `R-4K7Q2M`. */
    reference: text('reference').notNull().unique(),
    orderNumber: text('order_number').notNull(),
    customerEmail: text('customer_email'),
    status: text('status')
      .$type<'pending_approval' | 'approved' | 'rejected' | 'received' | 'refunded'>()
      .notNull(),
    reason: text('reason').notNull(),
    items: jsonb('items').$type<ReturnItem[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('returns_site_order_idx').on(t.siteId, t.orderNumber)],
);

export interface DemoOrderItem {
  sku: string;
  name: string;
  quantity: number;
  priceCents: number;
  tags: string[];
}

export const demoOrders = pgTable(
  'demo_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** As the shopper knows it, without `#`. */
    number: text('number').notNull(),
    email: text('email').notNull(),
    customerId: text('customer_id'),
    status: text('status')
      .$type<'paid' | 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled' | 'returned'>()
      .notNull(),
    currency: text('currency').notNull().default('EUR'),
    totalCents: integer('total_cents').notNull(),
    items: jsonb('items').$type<DemoOrderItem[]>().notNull(),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    expectedAt: timestamp('expected_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('demo_orders_site_number_idx').on(t.siteId, t.number),
    index('demo_orders_site_customer_idx').on(t.siteId, t.customerId),
  ],
);

/** One option of a demo product and its values (`{ name: 'Size', values: ['S', 'M'] }`). */
export interface DemoProductOption {
  name: string;
  values: string[];
}

/** A demo product's size chart: per size, inclusive `[min, max]` body measurements in `unit`. */
export interface DemoSizeGuide {
  unit: 'cm' | 'in';
  measurements: string[];
  rows: { size: string; ranges: Record<string, [number, number]> }[];
  note: string | null;
}

/** The demo store's catalogue, per site: what the demo product source lists (stock is on the variants). */
export const demoProducts = pgTable(
  'demo_products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The URL slug and the product's id in the demo catalogue. */
    handle: text('handle').notNull(),
    /** Order in the catalogue listing, ascending. */
    position: integer('position').notNull(),
    title: text('title').notNull(),
    productType: text('product_type'),
    tags: jsonb('tags').$type<string[]>().notNull(),
    options: jsonb('options').$type<DemoProductOption[]>().notNull(),
    /** Plain text. */
    description: text('description').notNull(),
    materials: text('materials'),
    care: text('care'),
    fit: text('fit'),
    sizeGuide: jsonb('size_guide').$type<DemoSizeGuide>(),
    currency: text('currency').notNull().default('EUR'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('demo_products_site_handle_idx').on(t.siteId, t.handle),
    uniqueIndex('demo_products_site_position_idx').on(t.siteId, t.position),
  ],
);

/** The purchasable versions of a demo product (a size, a colour) with their price and stock. */
export const demoProductVariants = pgTable(
  'demo_product_variants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => demoProducts.id, { onDelete: 'cascade' }),
    /** 1-based order on the product page; the variant's id is `<handle>-<position>`. */
    position: integer('position').notNull(),
    sku: text('sku'),
    title: text('title').notNull(),
    /** Option values by option name: `{ Size: 'M', Colour: 'White' }`. */
    options: jsonb('options').$type<Record<string, string>>().notNull(),
    priceCents: integer('price_cents').notNull(),
    compareAtPriceCents: integer('compare_at_price_cents'),
    /** Units in stock; 0 is sold out. */
    stock: integer('stock').notNull().default(0),
  },
  (t) => [uniqueIndex('demo_product_variants_product_position_idx').on(t.productId, t.position)],
);

/** Saved answers agents insert with `/shortcut`, per site. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** Typed after `/`, lower case, e.g. `shipping`. */
    shortcut: text('shortcut').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('canned_replies_site_shortcut_idx').on(t.siteId, t.shortcut)],
);

/**
 * Fixed-window counters that every process shares through the database: sign-in attempts, counted
 * before the password is checked. A row is one key's current window.
 */
export const rateCounters = pgTable('rate_counters', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});
