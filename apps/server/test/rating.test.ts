import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { conversationEvents } from '@sportello/db';
import type { Message, VisitorConversation } from '@sportello/protocol';
import { TestServer, eventually, ok, request, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite({ botEnabled: false });
});
afterAll(() => server?.close());

async function resolved(locale?: string) {
  const agentRow = await server.createAgent([site.id]);
  const agent = await server.connectAgent(agentRow);
  const { socket, token } = await server.connectVisitor(site);
  const conversationId = ok(await request(socket, 'conversation:start', locale ? { locale } : {})).conversation.id;
  const inbox: Message[] = [];
  socket.on('message:new', (m) => inbox.push(m));
  ok(await request(socket, 'message:send', { conversationId, clientId: 'q', body: 'Do you ship to Lugano?' }));
  ok(await request(agent, 'message:send', { conversationId, clientId: 'a', body: 'Yes, in 3 working days.' }));
  ok(await request(agent, 'conversation:status', { conversationId, status: 'resolved' }));
  return { agentRow, socket, token, conversationId, inbox };
}

describe('the thank-you for a rating', () => {
  it('is a message of the conversation, there after a reload on every tab and for the agent, stored once per rating', async () => {
    const chat = await resolved();
    const rated = ok(await request(chat.socket, 'conversation:rate', { conversationId: chat.conversationId, rating: 5, comment: 'Quick and kind' }));
    expect(rated.conversation).toMatchObject({ status: 'resolved', csat: { rating: 5, comment: 'Quick and kind' }, lastSeq: 3 });
    // It came live before the ack, numbered after the agent's reply.
    expect(chat.inbox.at(-1)).toMatchObject({ seq: 3, author: { type: 'system' }, body: 'Thank you for your feedback!' });

    // A retried rate (same rating, same comment) stores nothing more.
    ok(await request(chat.socket, 'conversation:rate', { conversationId: chat.conversationId, rating: 5, comment: 'Quick and kind' }));

    // A reload: a new socket with the same token replays the history, thank-you included.
    const reload = await server.connectVisitor(site, chat.token);
    const { replays } = ok(await request(reload.socket, 'sync', { cursors: [{ conversationId: chat.conversationId, afterSeq: 0 }] }));
    expect(replays[0]!.messages.map((m) => [m.seq, m.author.type, m.body])).toEqual([
      [1, 'visitor', 'Do you ship to Lugano?'],
      [2, 'agent', 'Yes, in 3 working days.'],
      [3, 'system', 'Thank you for your feedback!'],
    ]);
    const { conversations } = ok(await request(reload.socket, 'conversation:list', {}));
    expect(conversations.find((c: VisitorConversation) => c.id === chat.conversationId)).toMatchObject({ status: 'resolved', csat: { rating: 5 } });

    // The agent sees it too; the conversation was not reopened by it.
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${chat.conversationId}`, headers: { cookie: chat.agentRow.cookie } });
    const body = response.json() as { conversation: { status: string }; messages: Message[] };
    expect(body.conversation.status).toBe('resolved');
    expect(body.messages.at(-1)).toMatchObject({ author: { type: 'system' }, body: 'Thank you for your feedback!' });
    const ratedEvents = await server.services.db
      .select()
      .from(conversationEvents)
      .where(and(eq(conversationEvents.conversationId, chat.conversationId), eq(conversationEvents.type, 'rated')));
    expect(ratedEvents).toHaveLength(1);

    // A changed rating is a new rating: thanked again, the status still resolved.
    const changed = ok(await request(chat.socket, 'conversation:rate', { conversationId: chat.conversationId, rating: 4 }));
    expect(changed.conversation).toMatchObject({ status: 'resolved', csat: { rating: 4, comment: null }, lastSeq: 4 });
  });

  it('speaks the conversation’s language', async () => {
    const chat = await resolved('it');
    ok(await request(chat.socket, 'conversation:rate', { conversationId: chat.conversationId, rating: 3 }));
    await eventually(() => chat.inbox.some((m) => m.author.type === 'system'));
    expect(chat.inbox.find((m) => m.author.type === 'system')!.body).toBe('Grazie per il tuo riscontro!');
  });

  it('is not written for a rating that is refused', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    expect(await request(socket, 'conversation:rate', { conversationId, rating: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect((await server.services.conversations.getRow(conversationId)).lastSeq).toBe(0);
  });
});
