import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { conversations, messages } from '@sportello/db';
import { AGENT_CLIENT_EVENTS, LIMITS, VISITOR_CLIENT_EVENTS } from '@sportello/protocol';
import type { Socket } from 'socket.io-client';
import { TestServer, ok, request, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;

beforeAll(async () => {
  server = await TestServer.start({ VISITOR_MESSAGES_PER_10S: '100000', AGENT_MESSAGES_PER_10S: '100000' });
  site = await server.createSite();
});
afterAll(() => server?.close());

const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });

/** Payloads of every wrong shape, for any event. */
function badPayloads(conversationId: string): unknown[] {
  return [
    undefined,
    null,
    42,
    'a string',
    true,
    [],
    [1, 2, 3],
    Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    { conversationId: 12 },
    { conversationId: 'not-a-uuid', clientId: 'c', body: 'b', seq: 1, typing: true, cursors: [] },
    { conversationId, clientId: '', body: 'b' },
    { conversationId, clientId: 'c'.repeat(500), body: 'b' },
    { conversationId, clientId: 'bad id with spaces', body: 'b' },
    { conversationId, clientId: 'ok', body: '' },
    { conversationId, clientId: 'ok', body: '   \n\t ' },
    { conversationId, clientId: 'ok', body: 'x'.repeat(LIMITS.messageMaxLength + 1) },
    { conversationId, clientId: 'ok', body: { toString: 'boom' } },
    { conversationId, clientId: 'ok', body: ['array'] },
    { conversationId, seq: -1 },
    { conversationId, seq: 1.5 },
    { conversationId, seq: Number.MAX_SAFE_INTEGER },
    { conversationId, typing: 'yes' },
    { conversationId, status: 'deleted' },
    { conversationId, agentId: 'someone' },
    { cursors: 'all' },
    { cursors: Array.from({ length: LIMITS.syncMaxConversations + 1 }, () => ({ conversationId, afterSeq: 0 })) },
    { presence: 'invisible' },
    deep(200),
    JSON.parse('{"__proto__": {"polluted": true}, "conversationId": "x"}'),
    { constructor: { prototype: { polluted: true } } },
  ];
}

async function barrage(socket: Socket, events: readonly string[], conversationId: string): Promise<void> {
  for (const event of events) {
    for (const payload of badPayloads(conversationId)) {
      const ack = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string; message: string } };
      // Some payloads are valid for some events (an empty object for `conversation:start`); the rest must be refused cleanly.
      if (!ack.ok) {
        expect(ack.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        expect(['VALIDATION_FAILED', 'NOT_FOUND', 'CONVERSATION_CLOSED', 'INVALID_TRANSITION', 'RATE_LIMITED']).toContain(ack.error!.code);
      }
    }
  }
  // Unknown events and events without an ack are ignored without harm.
  socket.emit('no:such:event', { a: 1 });
  socket.emit('message:send', { conversationId, clientId: 'no-ack', body: 42 });
}

describe('malformed, oversized and wrongly typed payloads', () => {
  it('get an error ack on every visitor event; the socket, the process and the data survive', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    ok(await request(socket, 'message:send', { conversationId, clientId: 'before', body: 'before the storm' }));
    const eventsToTry = VISITOR_CLIENT_EVENTS.filter((e) => e !== 'conversation:start');
    await barrage(socket as unknown as Socket, eventsToTry, conversationId);
    expect(socket.connected).toBe(true);
    ok(await request(socket, 'message:send', { conversationId, clientId: 'after', body: 'after the storm' }));
    const stored = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.seq);
    expect(stored.map((m) => [m.seq, m.body])).toEqual([
      [1, 'before the storm'],
      [2, 'after the storm'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [open] = await server.services.db.select({ n: count() }).from(conversations).where(eq(conversations.siteId, site.id));
    expect(open!.n).toBe(1);
  });

  it('get an error ack on every agent event; the socket survives', async () => {
    const visitor = await server.connectVisitor(site);
    const conversationId = await server.startConversation(visitor.socket);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    await barrage(agent as unknown as Socket, AGENT_CLIENT_EVENTS, conversationId);
    expect(agent.connected).toBe(true);
    ok(await request(agent, 'message:send', { conversationId, clientId: 'fine', body: 'still here' }));
    const stored = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(stored.map((m) => m.body)).toEqual(['still here']);
  });

  it('strips control characters and keeps markup as plain text', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    const body = '<script>alert(1)</script>\u0000<img src=x onerror=alert(2)>\u0007';
    const ack = ok(await request(socket, 'message:send', { conversationId, clientId: 'xss', body }));
    const [row] = await server.services.db.select().from(messages).where(eq(messages.id, ack.id));
    expect(row!.body).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });

  it('drops a packet over the size limit without taking the process down', async () => {
    const { socket } = await server.connectVisitor(site);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    (socket as unknown as Socket).emit('message:send', { conversationId: 'x', clientId: 'big', body: 'x'.repeat(LIMITS.packetMaxBytes * 2) });
    await closed; // Socket.IO closes a connection that sends an oversized packet
    const again = await server.connectVisitor(site);
    expect(again.socket.connected).toBe(true);
  });

  it('limits how fast one visitor can send', async () => {
    const limited = await TestServer.start({ VISITOR_MESSAGES_PER_10S: '5' });
    try {
      const s = await limited.createSite();
      const { socket } = await limited.connectVisitor(s);
      const conversationId = await limited.startConversation(socket);
      const acks = [];
      for (let i = 0; i < 7; i++) acks.push(await request(socket, 'message:send', { conversationId, clientId: `r${i}`, body: `m${i}` }));
      expect(acks.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });
});
