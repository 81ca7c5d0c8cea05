import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import {
  LIMITS,
  NAMESPACES,
  agentMessageSendSchema,
  assignSchema,
  conversationRefSchema,
  historySchema,
  presenceSchema,
  priorityChangeSchema,
  snoozeSchema,
  seenSchema,
  statusChangeSchema,
  syncSchema,
  agentTypingSchema,
  type ConversationReplay,
} from '@sportello/protocol';
import { AppError, toErrorResponse } from '../app-error';
import { readCookie } from '../cookie';
import { isSameOrigin, SESSION_COOKIE } from '../plugins/auth';
import type { Services } from '../services/container';
import { canAccessSite, type AgentPrincipal } from '../services/principal';
import { agentAuthor } from '../services/agent-author';
import { onlineAgentCount } from '../services/agent-presence';
import { rooms } from './rooms';
import { connectError, handle } from './socket-handler';

/**
 * `/agent`: the console. The handshake carries the session cookie from `POST /api/v1/auth/login`.
 * Agents join the inbox rooms of their sites (unless `auth.inbox` is false) and the rooms of the
 * conversations they open.
 */
export function registerAgentNamespace(io: Server, services: Services, log: FastifyBaseLogger): void {
  const nsp = io.of(NAMESPACES.agent);

  nsp.use(async (socket, next) => {
    try {
      const { origin, host, cookie } = socket.handshake.headers;
      if (origin && !isSameOrigin(origin, host, services.config.publicUrl)) return next(connectError('FORBIDDEN', 'Cross-site connection refused.'));
      const agent = await services.auth.authenticate(readCookie(cookie, SESSION_COOKIE));
      if (!agent) return next(connectError('UNAUTHENTICATED'));
      socket.data = { agent };
      next();
    } catch (error) {
      const { body, unexpected } = toErrorResponse(error);
      if (unexpected) log.error({ err: error }, 'agent handshake failed');
      next(connectError(body.error.code, body.error.message));
    }
  });

  /** Tells a conversation's room which agents have it open (deduplicated over their tabs). */
  async function announceViewers(conversationId: string): Promise<void> {
    try {
      const sockets = await nsp.in(rooms.conversation(conversationId)).fetchSockets();
      const agents = new Map<string, string>();
      for (const s of sockets) {
        const principal = (s.data as { agent?: AgentPrincipal } | undefined)?.agent;
        if (principal) agents.set(principal.id, principal.name);
      }
      nsp.to(rooms.conversation(conversationId)).emit('conversation:viewers', {
        conversationId,
        agents: [...agents].map(([id, name]) => ({ id, name })),
      });
    } catch (error) {
      log.warn({ err: error }, 'viewers update failed');
    }
  }

  nsp.on('connection', async (socket: Socket) => {
    const { agent } = socket.data as { agent: AgentPrincipal };
    const author = { type: 'agent' as const, id: agent.id, name: agent.name };
    // As shoppers know the agent (their display name), for typing notices; read again, as it is
    // now, before each reply and each burst of typing.
    let shown = author;
    const refreshShown = async () => {
      const now = await agentAuthor(services.db, agent.id);
      return (shown = { ...author, name: now.name ?? agent.name });
    };
    void refreshShown().catch(() => undefined);
    const conversations = services.conversations;

    // The conversations this socket asked to open and has not left: a leave that overtakes its
    // join (the join waits for the access check) must win, or the agent would stay "viewing".
    const wanted = new Set<string>();

    handle(socket, 'conversation:join', historySchema, async ({ conversationId, afterSeq }) => {
      wanted.add(conversationId);
      await conversations.requireAgentConversation(agent, conversationId);
      if (wanted.has(conversationId)) await socket.join(rooms.conversation(conversationId));
      const [conversation, replay] = await Promise.all([
        conversations.agentView(conversationId),
        conversations.replay(conversationId, afterSeq, 'agent'),
      ]);
      void announceViewers(conversationId);
      return { conversation, conversationId, ...replay };
    }, log);

    handle(socket, 'conversation:leave', conversationRefSchema, async ({ conversationId }) => {
      wanted.delete(conversationId);
      const room = rooms.conversation(conversationId);
      if (!socket.rooms.has(room)) return;
      await socket.leave(room);
      void announceViewers(conversationId);
    }, log);

    // One send at a time per socket: an agent's messages are stored in the order they were sent,
    // whatever each one waits for on the way (the name lookup below runs on any pooled connection).
    let sending: Promise<unknown> = Promise.resolve();
    handle(socket, 'message:send', agentMessageSendSchema, ({ conversationId, clientId, body, internal, attachments }) => {
      const run = sending.then(async () => {
        await conversations.requireAgentConversation(agent, conversationId);
        const allowed = await services.rateLimiter.hit(`msg:a:${agent.id}`, services.config.rateLimits.agentMessages, LIMITS.messageRateWindowMs);
        if (!allowed) throw new AppError('RATE_LIMITED');
        // Shoppers see the name the agent chose for them; a note is signed with the agent's own.
        const by = internal ? author : await refreshShown();
        const stored = (await conversations.send({ conversationId, clientId, body, author: by, internal, attachments }, socket.id)).view;
        // The message as stored (normalised, redacted): the console shows this, not what it sent.
        return { id: stored.id, seq: stored.seq, createdAt: stored.createdAt, message: stored };
      });
      // A send that hangs (a lock, a half-open connection) holds the others back ten seconds at most.
      sending = Promise.race([run.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      return run;
    }, log);

    handle(socket, 'messages:seen', seenSchema, async ({ conversationId, seq }) => {
      const ref = await conversations.requireAgentConversation(agent, conversationId);
      await conversations.markSeen(ref, 'agent', seq, socket.id);
    }, log);

    handle(socket, 'typing', agentTypingSchema, async ({ conversationId, typing, internal }) => {
      const ref = await conversations.requireAgentConversation(agent, conversationId);
      // A note's typing stays among agents; the shopper sees the name the agent chose for them, as
      // it is now (read when the agent starts typing: once per burst).
      if (typing && !internal) await refreshShown();
      conversations.typing(ref, internal ? author : shown, typing, socket.id, internal);
    }, log);

    handle(socket, 'conversation:takeover', conversationRefSchema, async ({ conversationId }) => ({
      conversation: await conversations.takeOver(agent, conversationId),
    }), log);

    handle(socket, 'conversation:assign', assignSchema, async ({ conversationId, agentId }) => ({
      conversation: await conversations.assign(agent, conversationId, agentId),
    }), log);

    handle(socket, 'conversation:priority', priorityChangeSchema, async ({ conversationId, priority }) => ({
      conversation: await conversations.setPriority(agent, conversationId, priority),
    }), log);

    handle(socket, 'conversation:snooze', snoozeSchema, async ({ conversationId, until }) => ({
      conversation: await conversations.snooze(agent, conversationId, until),
    }), log);

    handle(socket, 'conversation:status', statusChangeSchema, async ({ conversationId, status, reason }) => ({
      conversation: await conversations.changeStatusAsAgent(agent, conversationId, status, reason),
    }), log);

    const announce = async (presence: 'online' | 'away') => {
      await services.auth.setPresence(agent.id, presence);
      const siteIds = await services.siteIdsOf(agent);
      if (siteIds.length) nsp.to(siteIds.map(rooms.site)).emit('agent:presence', { agentId: agent.id, presence });
      // Shoppers' widgets of those sites (on every process): whether a person can answer now.
      // Counted again a little later: two agents changing at once on two processes could otherwise
      // leave the older count last.
      const tell = async () => {
        for (const siteId of siteIds) {
          const agentsOnline = await onlineAgentCount(services.db, siteId);
          services.onlineCounts.set(siteId, agentsOnline);
          nsp.server.of(NAMESPACES.visitor).to(rooms.shoppers(siteId)).emit('availability', { agentsOnline });
        }
      };
      await tell();
      setTimeout(() => void tell().catch((error: unknown) => log.warn({ err: error }, 'availability update failed')), 2000).unref();
    };

    handle(socket, 'presence:set', presenceSchema, ({ presence }) => announce(presence), log);

    // Colleagues in the same conversation see who else has it open, whichever process they are on.
    const opened = new Set<string>();
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (rooms.isConversation(room)) opened.add(rooms.conversationIdOf(room));
    });

    // An agent whose last tab closes is away: the widget then tells shoppers when a human answers.
    socket.on('disconnect', () => {
      for (const conversationId of opened) void announceViewers(conversationId);
      void nsp
        .in(rooms.agent(agent.id))
        .fetchSockets()
        .then((left) => (left.length === 0 ? announce('away') : undefined))
        .catch((error: unknown) => log.warn({ err: error }, 'presence update failed'));
    });

    handle(socket, 'sync', syncSchema, async ({ cursors }) => {
      const replays: ConversationReplay[] = [];
      for (const { conversationId, afterSeq } of cursors) {
        const ref = await conversations.refOf(conversationId);
        if (!ref || !canAccessSite(agent, ref.siteId)) continue;
        replays.push({ conversationId, ...(await conversations.replay(conversationId, afterSeq, 'agent')) });
      }
      return { replays };
    }, log);

    // Rooms last: the handlers above must be in place before the first await.
    const joins = [rooms.session(agent.sessionId), rooms.agent(agent.id)];
    const auth = socket.handshake.auth as { inbox?: unknown } | undefined;
    if (auth?.inbox !== false) {
      const siteIds = await services.siteIdsOf(agent).catch(() => agent.siteIds);
      joins.push(...siteIds.map(rooms.site));
    }
    void socket.join(joins);
  });
}
