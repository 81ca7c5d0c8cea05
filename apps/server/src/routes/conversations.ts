import { agentAuthor } from '../services/agent-author';
import type { FastifyPluginAsync } from 'fastify';
import { randomUUID } from 'node:crypto';
import {
  LIMITS,
  conversationListQuerySchema,
  idParamsSchema,
  messagesQuerySchema,
  restAssignSchema,
  restPrioritySchema,
  restSnoozeSchema,
  restSendSchema,
  restStatusSchema,
  type ConversationEvent,
} from '@sportello/protocol';
import { z } from 'zod';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';

const countsQuerySchema = z.object({ siteId: z.uuid().optional() });

/** `/api/v1/conversations`: the agent's inbox and the actions on one conversation. */
export const conversationRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const conversations = services.conversations;
  app.addHook('preHandler', app.requireAgent);

  app.get('/', async (request) => {
    const query = conversationListQuerySchema.parse(request.query ?? {});
    return conversations.list(agentOf(request), query);
  });

  app.get('/counts', async (request) => {
    const { siteId } = countsQuerySchema.parse(request.query ?? {});
    return { counts: await conversations.counts(agentOf(request), siteId) };
  });

  /** A conversation's events, with the wire shape of `ConversationEvent`. */
  const eventsOf = async (id: string): Promise<ConversationEvent[]> =>
    (await conversations.events(id)).map((e) => ({
      id: e.id,
      conversationId: e.conversationId,
      type: e.type as ConversationEvent['type'],
      actor: { type: e.actorType, id: e.actorId, name: null },
      data: e.data,
      createdAt: e.createdAt.toISOString(),
    }));

  app.get('/:id', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    await conversations.requireAgentConversation(agentOf(request), id);
    const [conversation, replay, events] = await Promise.all([conversations.agentView(id), conversations.replay(id, 0, 'agent'), eventsOf(id)]);
    return { conversation, messages: replay.messages, hasMore: replay.hasMore, events };
  });

  app.get('/:id/events', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    await conversations.requireAgentConversation(agentOf(request), id);
    return { events: await eventsOf(id) };
  });

  app.get('/:id/summary', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    await conversations.requireAgentConversation(agentOf(request), id);
    return { conversation: await conversations.agentView(id) };
  });

  app.get('/:id/context', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    await conversations.requireAgentConversation(agentOf(request), id);
    return services.context.forConversation(id);
  });

  app.get('/:id/messages', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const { afterSeq } = messagesQuerySchema.parse(request.query ?? {});
    await conversations.requireAgentConversation(agentOf(request), id);
    return conversations.replay(id, afterSeq, 'agent');
  });

  app.post('/:id/messages', async (request, reply) => {
    const agent = agentOf(request);
    const { id } = idParamsSchema.parse(request.params);
    const { clientId, body, internal, attachments } = restSendSchema.parse(request.body ?? {});
    await conversations.requireAgentConversation(agent, id);
    if (!(await services.rateLimiter.hit(`msg:a:${agent.id}`, services.config.rateLimits.agentMessages, LIMITS.messageRateWindowMs))) {
      throw new AppError('RATE_LIMITED');
    }
    const stored = await conversations.send({
      conversationId: id,
      clientId: clientId ?? `rest-${randomUUID()}`,
      body,
      internal,
      attachments,
      // A note is signed with the agent's own name; a reply with the one shoppers know them by.
      author: internal ? { type: 'agent', id: agent.id, name: agent.name } : await agentAuthor(services.db, agent.id),
    });
    return reply.status(stored.created ? 201 : 200).send({ message: stored.view });
  });

  app.post('/:id/takeover', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    return { conversation: await conversations.takeOver(agentOf(request), id) };
  });

  app.post('/:id/assign', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const { agentId } = restAssignSchema.parse(request.body ?? {});
    return { conversation: await conversations.assign(agentOf(request), id, agentId) };
  });

  app.post('/:id/priority', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const { priority } = restPrioritySchema.parse(request.body ?? {});
    return { conversation: await conversations.setPriority(agentOf(request), id, priority) };
  });

  app.post('/:id/snooze', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const { until } = restSnoozeSchema.parse(request.body ?? {});
    return { conversation: await conversations.snooze(agentOf(request), id, until) };
  });

  app.post('/:id/status', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const { status, reason } = restStatusSchema.parse(request.body ?? {});
    return { conversation: await conversations.changeStatusAsAgent(agentOf(request), id, status, reason) };
  });
};
