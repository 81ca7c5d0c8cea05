import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import {
  LIMITS,
  NAMESPACES,
  conversationStartSchema,
  emptySchema,
  historySchema,
  identitySchema,
  pageSchema,
  rateSchema,
  messageSendSchema,
  seenSchema,
  syncSchema,
  typingSchema,
  visitorHandshakeSchema,
  type ConversationReplay,
} from '@sportello/protocol';
import { AppError, describeZodError, toErrorResponse } from '../app-error';
import type { Services } from '../services/container';
import { toVisitorConversation, toVisitorMessage } from '../services/conversation-view';
import type { VisitorPrincipal } from '../services/principal';
import { isOriginAllowed } from '../services/site-service';
import { anotherShopper } from '../services/visitor-service';
import { rooms } from './rooms';
import { connectError, handle } from './socket-handler';

/** The client's address: the socket's peer, or the first `X-Forwarded-For` hop behind a trusted proxy. */
function clientAddress(socket: Socket, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded) return forwarded.split(',')[0]!.trim();
  return socket.handshake.address;
}

interface VisitorSocketData {
  visitor: VisitorPrincipal;
  issuedToken: string | null;
  /** The e-mail held for the visitor after the handshake, told to the widget (`visitor:profile`). */
  email: string | null;
}

/**
 * `/visitor`: the shopper's widget. The handshake names the site and, when the browser has one,
 * the visitor token; the page's Origin must be one of the site's allowed origins.
 */
export function registerVisitorNamespace(io: Server, services: Services, log: FastifyBaseLogger): void {
  const nsp = io.of(NAMESPACES.visitor);

  nsp.use(async (socket, next) => {
    try {
      const parsed = visitorHandshakeSchema.safeParse(socket.handshake.auth ?? {});
      if (!parsed.success) return next(connectError('VALIDATION_FAILED', describeZodError(parsed.error)));
      const { siteKey, token, locale, identity } = parsed.data;
      const site = await services.sites.byKey(siteKey);
      if (!site) return next(connectError('SITE_NOT_FOUND'));
      if (!isOriginAllowed(site, socket.handshake.headers.origin)) return next(connectError('ORIGIN_NOT_ALLOWED'));
      let visitor = token ? await services.visitors.byToken(site.id, token) : null;
      // Another signed-in shopper on this browser: the token is not theirs; they start afresh.
      if (visitor && identity && anotherShopper(visitor, site.secret, identity)) visitor = null;
      let issuedToken: string | null = null;
      if (visitor) {
        void services.visitors.touch(visitor.id).catch(() => undefined);
      } else {
        const address = clientAddress(socket, services.config.trustProxy);
        if (!(await services.rateLimiter.hit(`visitors:ip:${address}`, services.config.rateLimits.newVisitorsPerMinute, 60_000))) {
          return next(connectError('RATE_LIMITED'));
        }
        const created = await services.visitors.create(site.id, locale);
        visitor = created.visitor;
        issuedToken = created.token;
      }
      const email = identity ? (await services.visitors.identify(visitor, site.secret, identity)).email : visitor.email;
      const data: VisitorSocketData = { visitor: { id: visitor.id, siteId: site.id, name: identity?.name ?? visitor.name }, issuedToken, email };
      socket.data = data;
      next();
    } catch (error) {
      const { body, unexpected } = toErrorResponse(error);
      if (unexpected) log.error({ err: error }, 'visitor handshake failed');
      next(connectError(body.error.code, body.error.message));
    }
  });

  nsp.on('connection', (socket: Socket) => {
    const { visitor, issuedToken, email } = socket.data as VisitorSocketData;
    void socket.join([rooms.visitor(visitor.id), rooms.shoppers(visitor.siteId)]);
    void services.onlineCounts
      .get(visitor.siteId)
      .then((agentsOnline) => socket.emit('availability', { agentsOnline }))
      .catch((error: unknown) => log.warn({ err: error }, 'availability lookup failed'));
    if (issuedToken) socket.emit('visitor:session', { visitorId: visitor.id, token: issuedToken });
    // Later changes reach the visitor's room through the notifier (VisitorService).
    if (email) socket.emit('visitor:profile', { email });
    const author = { type: 'visitor' as const, id: visitor.id, name: visitor.name };
    const conversations = services.conversations;

    handle(socket, 'conversation:start', conversationStartSchema, async ({ locale, page }) => {
      const site = await services.sites.byId(visitor.siteId);
      const row = await conversations.start(visitor, { locale, page, botEnabled: site?.settings.botEnabled !== false });
      return { conversation: toVisitorConversation(row) };
    }, log);

    handle(socket, 'conversation:list', emptySchema, async () => {
      const rows = await conversations.listForVisitor(visitor.id);
      return { conversations: rows.map(toVisitorConversation) };
    }, log);

    handle(socket, 'conversation:history', historySchema, async ({ conversationId, afterSeq }) => {
      await conversations.requireVisitorConversation(visitor, conversationId);
      const [row, replay] = await Promise.all([
        conversations.getRow(conversationId),
        conversations.replay(conversationId, afterSeq, 'visitor'),
      ]);
      return { conversation: toVisitorConversation(row), conversationId, ...replay };
    }, log);

    handle(socket, 'message:send', messageSendSchema, async ({ conversationId, clientId, body, attachments }) => {
      await conversations.requireVisitorConversation(visitor, conversationId);
      const allowed = await services.rateLimiter.hit(`msg:v:${visitor.id}`, services.config.rateLimits.visitorMessages, LIMITS.messageRateWindowMs);
      if (!allowed) throw new AppError('RATE_LIMITED');
      const stored = await conversations.send({ conversationId, clientId, body, author, attachments }, socket.id);
      const { message } = stored;
      // Photos sent while a return of this conversation waits for approval go with it (and the agent sees them there).
      const returnRef = attachments.length ? await services.files.attachToPendingReturn(conversationId, attachments) : null;
      // In a queued conversation the bot only takes the e-mail it asked for at the handoff (its runner checks).
      let botAnswers = stored.created && (stored.conversation.status === 'bot' || stored.conversation.status === 'queued');
      // Into a resolved conversation: the reopen policy decides who answers, before the ack (so a
      // retried send mends a crash in between).
      if (stored.conversation.status === 'resolved') ({ botAnswers } = await conversations.reopen(conversationId, { id: message.id, created: stored.created }));
      // The bot answers after the ack, in its own time; a retried send does not ask it twice.
      // It reads the stored body, from which card numbers are already gone.
      if (botAnswers) void services.bot.handle({ conversationId, messageId: message.id, body: message.body, files: attachments.length, returnRef });
      // The message as stored (normalised, redacted) and numbered in the shopper's view.
      const shown = toVisitorMessage(stored.view)!;
      return { id: shown.id, seq: shown.seq, createdAt: shown.createdAt, message: shown };
    }, log);

    handle(socket, 'messages:seen', seenSchema, async ({ conversationId, seq }) => {
      const ref = await conversations.requireVisitorConversation(visitor, conversationId);
      await conversations.markSeen(ref, 'visitor', seq, socket.id);
    }, log);

    handle(socket, 'typing', typingSchema, async ({ conversationId, typing }) => {
      const ref = await conversations.requireVisitorConversation(visitor, conversationId);
      conversations.typing(ref, author, typing, socket.id);
    }, log);

    handle(socket, 'conversation:rate', rateSchema, async ({ conversationId, rating, comment }) => {
      const conversation = await conversations.rate(visitor, conversationId, rating, comment);
      return { conversation: toVisitorConversation(await conversations.getRow(conversation.id)) };
    }, log);

    handle(socket, 'visitor:page', pageSchema, async (page) => {
      if (!(await services.rateLimiter.hit(`page:v:${visitor.id}`, 30, 60_000))) throw new AppError('RATE_LIMITED');
      await services.visitors.pageView(visitor.id, page);
    }, log);

    handle(socket, 'visitor:identify', identitySchema, async (identity) => {
      const [row, site] = await Promise.all([services.visitors.byId(visitor.id), services.sites.byId(visitor.siteId)]);
      if (!row || !site) throw new AppError('NOT_FOUND');
      return { verified: (await services.visitors.identify(row, site.secret, identity)).verified };
    }, log);

    handle(socket, 'sync', syncSchema, async ({ cursors }) => {
      const replays: ConversationReplay[] = [];
      for (const { conversationId, afterSeq } of cursors) {
        const ref = await conversations.refOf(conversationId);
        if (!ref || ref.visitorId !== visitor.id) continue; // not theirs: nothing to say about it
        replays.push({ conversationId, ...(await conversations.replay(conversationId, afterSeq, 'visitor')) });
      }
      return { replays };
    }, log);
  });
}
