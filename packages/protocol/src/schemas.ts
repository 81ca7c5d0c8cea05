import { HIDE_ON_PATH, LAUNCHER_OFFSET_MAX } from './widget-settings';
import { z } from 'zod';
import { FILE_KINDS, LIMITS } from './limits';
import { CONVERSATION_STATUSES } from './lifecycle';

/**
 * Payload schemas. The server parses every socket payload and request body with these; unknown
 * keys are dropped, so a `__proto__` or `constructor` key never reaches the services.
 */

// Control characters other than tab and newline: C0 (NUL included, which PostgreSQL text
// refuses), DEL and C1. Line and paragraph separators become newlines.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;

/** Text cleaned as message bodies are: control characters gone, line breaks normalised, trimmed. */
export function cleanText(s: string): string {
  return s.replace(LINE_BREAKS, '\n').replace(CONTROL_CHARS, '').trim();
}

/**
 * One line a shopper's browser sends (a name, a page title): at most `max` characters as sent;
 * tabs and line breaks become spaces, other control characters go, then it is trimmed.
 */
function lineSchema(max: number) {
  return z
    .string()
    .max(max)
    .transform((s) => cleanText(s.replace(/[\t\n\r\u2028\u2029]+/g, ' ')));
}

export const idSchema = z.uuid();
export const seqSchema = z.number().int().min(0).max(2_147_483_647);
export const clientIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.clientIdMaxLength)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

/** A message body: control characters removed, trimmed, 1 to `LIMITS.messageMaxLength` characters. */
export const bodySchema = z
  .string()
  .max(LIMITS.messageMaxLength)
  .transform(cleanText)
  .pipe(z.string().min(1, 'the message is empty'));

export const localeSchema = z
  .string()
  .min(2)
  .max(10)
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$/);

export const statusSchema = z.enum(CONVERSATION_STATUSES);
export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);

export const pageSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  title: lineSchema(300).optional(),
});

// ---- shared by both namespaces ----

const messageSendFields = {
  conversationId: idSchema,
  clientId: clientIdSchema,
  /** May be empty when the message carries files. */
  body: z.string().max(LIMITS.messageMaxLength).transform(cleanText).default(''),
  /** Files uploaded before (`POST …/files`) and not yet sent, by id. */
  attachments: z.array(idSchema).max(LIMITS.messageAttachmentsMax).default([]),
};
const notEmpty = (m: { body: string; attachments: string[] }) => m.body.length > 0 || m.attachments.length > 0;
const emptyMessage = { message: 'the message is empty', path: ['body'] };

export const messageSendSchema = z.object(messageSendFields).refine(notEmpty, emptyMessage);

export const seenSchema = z.object({ conversationId: idSchema, seq: seqSchema });
export const typingSchema = z.object({ conversationId: idSchema, typing: z.boolean() });
/** Agents also say whether they are writing an internal note, which the shopper must not see. */
export const agentTypingSchema = typingSchema.extend({ internal: z.boolean().default(false) });

export const syncSchema = z.object({
  cursors: z
    .array(z.object({ conversationId: idSchema, afterSeq: seqSchema }))
    .max(LIMITS.syncMaxConversations),
});

export const historySchema = z.object({
  conversationId: idSchema,
  /** Messages with seq greater than this; 0 = from the start. */
  afterSeq: seqSchema.default(0),
});

// ---- /visitor ----

/**
 * Who the shopper is, as the storefront says (`Sportello('identify', ...)`). Only `userHash` =
 * HMAC-SHA256 of `userId` (hex) under the site's secret makes it a verified identity.
 */
export const identitySchema = z.object({
  userId: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
  name: lineSchema(200).pipe(z.string().min(1)).optional(),
  userHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a hex HMAC-SHA256').optional(),
});

export const visitorHandshakeSchema = z.object({
  siteKey: z.string().min(1).max(64),
  identity: identitySchema.optional(),
  /** The visitor token this browser holds, if any. */
  token: z.string().min(10).max(128).optional(),
  locale: localeSchema.optional(),
});

export const conversationStartSchema = z.object({
  locale: localeSchema.optional(),
  page: pageSchema.optional(),
});

export const emptySchema = z.object({});

/** The shopper's rating of a resolved conversation (CSAT). */
export const rateSchema = z.object({
  conversationId: idSchema,
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(1000).transform(cleanText).optional(),
});

// ---- /agent ----

export const agentMessageSendSchema = z.object({ ...messageSendFields, internal: z.boolean().default(false) }).refine(notEmpty, emptyMessage);
export const conversationRefSchema = z.object({ conversationId: idSchema });
export const assignSchema = z.object({ conversationId: idSchema, agentId: idSchema.nullable() });
export const statusChangeSchema = z.object({
  conversationId: idSchema,
  status: statusSchema,
  reason: z.string().max(500).optional(),
});
export const presenceSchema = z.object({ presence: z.enum(['online', 'away']) });
export const priorityChangeSchema = z.object({ conversationId: idSchema, priority: prioritySchema });
/** Snoozes a conversation: it waits as `pending` until `until` (at most 90 days ahead), then comes back `open`. */
export const snoozeUntilSchema = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() > Date.now() - 60_000 && d.getTime() < Date.now() + 90 * 86_400_000, 'a time in the next 90 days');
export const snoozeSchema = z.object({ conversationId: idSchema, until: snoozeUntilSchema });

// ---- REST ----

export const loginSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});

/**
 * `PATCH /api/v1/auth/me`, each field optional: the name shoppers see on the agent's messages
 * (empty or null: their own name) and their picture (base64 of a PNG, JPEG or WebP of at most
 * 64 KB; null removes it).
 */
export const profilePatchSchema = z.object({
  displayName: lineSchema(60).nullable().optional(),
  avatar: z
    .object({ type: z.enum(['image/png', 'image/jpeg', 'image/webp']), data: z.string().max(90_000) })
    .nullable()
    .optional(),
});

export const conversationListQuerySchema = z.object({
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(statusSchema))
    .optional(),
  /** An agent id, `me`, or `none` for unassigned. */
  assignee: z.union([idSchema, z.literal('me'), z.literal('none')]).optional(),
  siteId: idSchema.optional(),
  priority: prioritySchema.optional(),
  /** `true`: only snoozed (pending until a time); `false`: none that are snoozed. */
  snoozed: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Words to find in message text, the shopper's email or name, or an order number. */
  q: z.string().trim().max(200).optional(),
  /** `recent`: latest activity first (the default); `waiting`: longest in the queue first. */
  order: z.enum(['recent', 'waiting']).default('recent'),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

export const restSendSchema = z
  .object({
    clientId: clientIdSchema.optional(),
    body: messageSendFields.body,
    internal: z.boolean().default(false),
    attachments: messageSendFields.attachments,
  })
  .refine(notEmpty, emptyMessage);

export const restAssignSchema = z.object({ agentId: idSchema.nullable() });
export const restStatusSchema = z.object({ status: statusSchema, reason: z.string().max(500).optional() });
export const restPrioritySchema = z.object({ priority: prioritySchema });
export const restSnoozeSchema = z.object({ until: snoozeUntilSchema });
export const idParamsSchema = z.object({ id: idSchema });
export const messagesQuerySchema = z.object({ afterSeq: z.coerce.number().int().min(0).default(0) });

export type MessageSendPayload = z.input<typeof messageSendSchema>;
export type AgentMessageSendPayload = z.input<typeof agentMessageSendSchema>;
export type SeenPayload = z.input<typeof seenSchema>;
export type TypingPayload = z.input<typeof typingSchema>;
export type AgentTypingPayload = z.input<typeof agentTypingSchema>;
export type SyncPayload = z.input<typeof syncSchema>;
export type HistoryPayload = z.input<typeof historySchema>;
export type VisitorHandshake = z.input<typeof visitorHandshakeSchema>;
export type IdentityPayload = z.input<typeof identitySchema>;
export type RatePayload = z.input<typeof rateSchema>;
export type PagePayload = z.input<typeof pageSchema>;
export type ConversationStartPayload = z.input<typeof conversationStartSchema>;
export type ConversationRefPayload = z.input<typeof conversationRefSchema>;
export type AssignPayload = z.input<typeof assignSchema>;
export type StatusChangePayload = z.input<typeof statusChangeSchema>;
export type PresencePayload = z.input<typeof presenceSchema>;
export type PriorityChangePayload = z.input<typeof priorityChangeSchema>;
export type SnoozePayload = z.input<typeof snoozeSchema>;
export type LoginPayload = z.input<typeof loginSchema>;

// ---- knowledge base ----

export const kbLocaleSchema = z.enum(['en', 'it', 'de', 'fr', 'es']);
export const kbTagsSchema = z.array(z.string().trim().toLowerCase().min(1).max(40)).max(30);

/** One article as written by a merchant or imported: `[{ title, body, locale, tags }]`. */
export const kbArticleInputSchema = z.object({
  locale: kbLocaleSchema,
  title: z.string().trim().min(1).max(200),
  /** Markdown. */
  body: z.string().trim().min(1).max(50_000),
  tags: kbTagsSchema.default([]),
  published: z.boolean().default(true),
});

export const kbArticlePatchSchema = kbArticleInputSchema.partial();

export const kbImportSchema = z.object({
  siteId: idSchema.optional(),
  articles: z.array(kbArticleInputSchema).min(1).max(2000),
});

export const kbCreateSchema = kbArticleInputSchema.extend({ siteId: idSchema.optional() });

export const kbListQuerySchema = z.object({
  siteId: idSchema.optional(),
  locale: kbLocaleSchema.optional(),
  /** Words to look for in titles, tags and bodies. */
  q: z.string().trim().max(200).optional(),
  published: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export type KbArticleInput = z.input<typeof kbArticleInputSchema>;

// ---- administration ----

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const localizedTextSchema = z.partialRecord(kbLocaleSchema, z.string().trim().max(500));

/** The site settings an admin may change; each field replaces the stored one. */
export const siteSettingsPatchSchema = z
  .object({
    defaultLocale: kbLocaleSchema,
    locales: z.array(kbLocaleSchema).min(1).max(5),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb'),
    position: z.enum(['right', 'left']),
    launcherOffset: z.object({ bottom: z.number().int().min(0).max(LAUNCHER_OFFSET_MAX), side: z.number().int().min(0).max(LAUNCHER_OFFSET_MAX) }),
    hideOn: z.array(z.string().trim().max(200).regex(HIDE_ON_PATH, 'a path like /checkout or /account/* (at most two *)')).max(20),
    launcherText: localizedTextSchema,
    greeting: localizedTextSchema,
    offlineText: localizedTextSchema,
    timeZone: z.string().max(64).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone like Europe/Rome'),
    businessHours: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.object({ open: hhmm, close: hhmm }).refine((s) => s.open < s.close, 'open must be before close')),
    returnPolicy: z.object({
      windowDays: z.number().int().min(0).max(365),
      nonReturnableTags: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(50),
      autoApproveLimitCents: z.number().int().min(0).max(100_000_000),
      sizeExchanges: z.boolean().optional(),
      labelByEmail: z.boolean().optional(),
    }),
    botEnabled: z.boolean(),
    botName: z.string().trim().min(1).max(60),
    retentionDays: z.number().int().min(1).max(3650).nullable(),
    /** Largest file shoppers and agents may send, in MB. */
    fileMaxMb: z.number().int().min(1).max(LIMITS.fileMaxMb),
    /** What shoppers may send (agents send photos and PDFs whatever this says); empty: no files. */
    fileTypes: z.array(z.enum(FILE_KINDS)).max(FILE_KINDS.length),
  })
  .partial();

export const sitePatchSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  allowedOrigins: z.array(z.string().trim().max(200)).max(50).optional(),
  settings: siteSettingsPatchSchema.optional(),
});

export const siteCreateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  allowedOrigins: z.array(z.string().trim().max(200)).max(50).default([]),
});

export const agentInviteSchema = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  role: z.enum(['admin', 'agent']).default('agent'),
  siteIds: z.array(idSchema).max(100).default([]),
});

export const agentPatchSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(['admin', 'agent']).optional(),
  active: z.boolean().optional(),
  siteIds: z.array(idSchema).max(100).optional(),
  /** `null` removes the agent's picture (one that should not be shown to shoppers). */
  avatar: z.null().optional(),
});

export const cannedReplySchema = z.object({
  siteId: idSchema.optional(),
  shortcut: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'letters, digits, - and _ (up to 32)'),
  body: z.string().trim().min(1).max(4000),
});
