import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import {
  LIMITS,
  NAMESPACES,
  conversationStartSchema,
  emptySchema,
  historySchema,
  messageSendSchema,
  seenSchema,
  syncSchema,
  typingSchema,
  visitorHandshakeSchema,
  type ConversationReplay,
} from '@sportello/protocol';
import { AppError, describeZodError, toErrorResponse } from '../app-error';
import type { Services } from '../services/container';
import { toVisitorConversation } from '../services/conversation-view';
import type { VisitorPrincipal } from '../services/principal';
import { isOriginAllowed } from '../services/site-service';
import { rooms } from './rooms';
import { connectError, handle } from './socket-handler';

interface VisitorSocketData {
  visitor: VisitorPrincipal;
  issuedToken: string | null;
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
      const { siteKey, token, locale } = parsed.data;
      const site = await services.sites.byKey(siteKey);
      if (!site) return next(connectError('SITE_NOT_FOUND'));
      if (!isOriginAllowed(site, socket.handshake.headers.origin)) return next(connectError('ORIGIN_NOT_ALLOWED'));
      let visitor = token ? await services.visitors.byToken(site.id, token) : null;
      let issuedToken: string | null = null;
      if (visitor) {
        void services.visitors.touch(visitor.id).catch(() => undefined);
      } else {
        const created = await services.visitors.create(site.id, locale);
        visitor = created.visitor;
        issuedToken = created.token;
      }
      const data: VisitorSocketData = { visitor: { id: visitor.id, siteId: site.id, name: visitor.name }, issuedToken };
      socket.data = data;
      next();
    } catch (error) {
      const { body, unexpected } = toErrorResponse(error);
      if (unexpected) log.error({ err: error }, 'visitor handshake failed');
      next(connectError(body.error.code, body.error.message));
    }
  });

  nsp.on('connection', (socket: Socket) => {
    const { visitor, issuedToken } = socket.data as VisitorSocketData;
    void socket.join(rooms.visitor(visitor.id));
    if (issuedToken) socket.emit('visitor:session', { visitorId: visitor.id, token: issuedToken });
    const author = { type: 'visitor' as const, id: visitor.id, name: visitor.name };
    const conversations = services.conversations;

    handle(socket, 'conversation:start', conversationStartSchema, async ({ locale, page }) => {
      const row = await conversations.start(visitor, { locale, page });
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
        conversations.replay(conversationId, afterSeq, false),
      ]);
      return { conversation: toVisitorConversation(row), conversationId, ...replay };
    }, log);

    handle(socket, 'message:send', messageSendSchema, async ({ conversationId, clientId, body }) => {
      await conversations.requireVisitorConversation(visitor, conversationId);
      const allowed = await services.rateLimiter.hit(`msg:v:${visitor.id}`, services.config.rateLimits.visitorMessages, LIMITS.messageRateWindowMs);
      if (!allowed) throw new AppError('RATE_LIMITED');
      const { message } = await conversations.send({ conversationId, clientId, body, author }, socket.id);
      return { id: message.id, seq: message.seq, createdAt: message.createdAt.toISOString() };
    }, log);

    handle(socket, 'messages:seen', seenSchema, async ({ conversationId, seq }) => {
      const ref = await conversations.requireVisitorConversation(visitor, conversationId);
      await conversations.markSeen(ref, 'visitor', seq, socket.id);
    }, log);

    handle(socket, 'typing', typingSchema, async ({ conversationId, typing }) => {
      const ref = await conversations.requireVisitorConversation(visitor, conversationId);
      conversations.typing(ref, author, typing, socket.id);
    }, log);

    handle(socket, 'sync', syncSchema, async ({ cursors }) => {
      const replays: ConversationReplay[] = [];
      for (const { conversationId, afterSeq } of cursors) {
        const ref = await conversations.refOf(conversationId);
        if (!ref || ref.visitorId !== visitor.id) continue; // not theirs: nothing to say about it
        replays.push({ conversationId, ...(await conversations.replay(conversationId, afterSeq, false)) });
      }
      return { replays };
    }, log);
  });
}
