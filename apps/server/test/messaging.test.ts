import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { messages } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { TestServer, eventually, ok, request, sleep, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;

beforeAll(async () => {
  server = await TestServer.start({ VISITOR_MESSAGES_PER_10S: '1000', AGENT_MESSAGES_PER_10S: '1000' });
  site = await server.createSite();
});
afterAll(() => server?.close());

const storedSeqs = async (conversationId: string) =>
  (await server.services.db.select({ seq: messages.seq }).from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.seq)).map((r) => r.seq);

describe('the message path over real sockets', () => {
  it('keeps seqs gap-free and each sender in order under concurrent senders', async () => {
    const { socket: visitor } = await server.connectVisitor(site);
    const tab2 = (await server.connectVisitor(site)).socket; // another visitor, another conversation, same time
    const conversationId = await server.startConversation(visitor);
    const otherConversation = await server.startConversation(tab2);
    const agentUser = await server.createAgent([site.id]);
    const agent = await server.connectAgent(agentUser);
    ok(await request(agent, 'conversation:join', { conversationId, afterSeq: 0 }));
    const agentReceived: Message[] = [];
    agent.on('message:new', (m) => {
      if (m.conversationId === conversationId) agentReceived.push(m);
    });

    const N = 40;
    const sends = [];
    for (let i = 0; i < N; i++) {
      sends.push(request(visitor, 'message:send', { conversationId, clientId: `v-${i}`, body: `visitor ${i}` }));
      sends.push(request(agent, 'message:send', { conversationId, clientId: `a-${i}`, body: `agent ${i}` }));
      sends.push(request(tab2, 'message:send', { conversationId: otherConversation, clientId: `o-${i}`, body: `other ${i}` }));
    }
    const acks = (await Promise.all(sends)).map(ok);
    const mine = acks.filter((_, i) => i % 3 !== 2);
    const seqs = mine.map((a) => a.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 2 * N }, (_, i) => i + 1));
    // Each sender's messages got increasing seqs in the order they were sent.
    const visitorSeqs = mine.filter((_, i) => i % 2 === 0).map((a) => a.seq);
    const agentSeqs = mine.filter((_, i) => i % 2 === 1).map((a) => a.seq);
    expect(visitorSeqs).toEqual([...visitorSeqs].sort((a, b) => a - b));
    expect(agentSeqs).toEqual([...agentSeqs].sort((a, b) => a - b));
    expect(await storedSeqs(conversationId)).toEqual(seqs);
    expect(await storedSeqs(otherConversation)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // The agent received every visitor message, in seq order.
    await eventually(() => agentReceived.length === N);
    expect(agentReceived.map((m) => m.body)).toEqual(Array.from({ length: N }, (_, i) => `visitor ${i}`));
    expect(agentReceived.map((m) => m.seq)).toEqual(visitorSeqs);
  });

  it('acks only once the row is committed and readable by another query', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    for (let i = 0; i < 10; i++) {
      const ack = ok(await request(socket, 'message:send', { conversationId, clientId: `c-${i}`, body: `hello ${i}` }));
      const [row] = await server.services.db.select().from(messages).where(eq(messages.id, ack.id));
      expect(row).toMatchObject({ seq: ack.seq, body: `hello ${i}`, clientId: `c-${i}` });
      expect(row!.createdAt.toISOString()).toBe(ack.createdAt);
    }
  });

  it('stores a retried clientId once and acks it with the first copy', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    const first = ok(await request(socket, 'message:send', { conversationId, clientId: 'retry-1', body: 'once' }));
    const again = ok(await request(socket, 'message:send', { conversationId, clientId: 'retry-1', body: 'once' }));
    expect(again).toEqual(first);
    // Concurrent duplicates, as a flaky network produces.
    const burst = (await Promise.all(
      Array.from({ length: 5 }, () => request(socket, 'message:send', { conversationId, clientId: 'retry-2', body: 'twice?' })),
    )).map(ok);
    expect(new Set(burst.map((a) => a.id)).size).toBe(1);
    const rows = await server.services.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId)));
    expect(rows.map((r) => r.clientId).sort()).toEqual(['retry-1', 'retry-2']);
    expect(rows.map((r) => r.seq).sort()).toEqual([1, 2]);
  });

  it('delivers a message to the visitor’s other tabs and to agents, and typing both ways', async () => {
    const { socket: tab1, token } = await server.connectVisitor(site);
    const { socket: tab2 } = await server.connectVisitor(site, token);
    const conversationId = await server.startConversation(tab1);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    ok(await request(agent, 'conversation:join', { conversationId, afterSeq: 0 }));

    const inTab2 = new Promise<Message>((resolve) => tab2.once('message:new', resolve));
    const atAgent = new Promise<Message>((resolve) => agent.once('message:new', resolve));
    ok(await request(tab1, 'message:send', { conversationId, clientId: 'x1', body: 'from tab 1' }));
    expect((await inTab2).body).toBe('from tab 1');
    expect((await atAgent).author.type).toBe('visitor');

    const typingAtAgent = new Promise((resolve) => agent.once('typing', resolve));
    tab1.emit('typing', { conversationId, typing: true });
    expect(await typingAtAgent).toMatchObject({ conversationId, typing: true, author: { type: 'visitor' } });
    const typingAtVisitor = new Promise((resolve) => tab2.once('typing', resolve));
    agent.emit('typing', { conversationId, typing: true });
    expect(await typingAtVisitor).toMatchObject({ conversationId, typing: true, author: { type: 'agent' } });

    const reply = new Promise<Message>((resolve) => tab1.once('message:new', resolve));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'r1', body: 'hello from the shop' }));
    expect(await reply).toMatchObject({ body: 'hello from the shop', author: { type: 'agent' }, seq: 2 });

    const seenAtAgent = new Promise((resolve) => agent.once('messages:seen', resolve));
    ok(await request(tab1, 'messages:seen', { conversationId, seq: 2 }));
    expect(await seenAtAgent).toEqual({ conversationId, seq: 2, by: 'visitor' });
  });

  it('never lets an internal note reach the visitor', async () => {
    const { socket: visitor } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(visitor);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    const received: Message[] = [];
    const typed: unknown[] = [];
    visitor.on('message:new', (m) => received.push(m));
    visitor.on('typing', (t) => typed.push(t));
    ok(await request(agent, 'typing', { conversationId, typing: true, internal: true }));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'n1', body: 'note: refund looks fishy', internal: true }));
    // Guessing the note's client id tells the shopper nothing about it.
    const guess = await request(visitor, 'message:send', { conversationId, clientId: 'n1', body: 'n1?' });
    expect(guess).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.any(String) } });
    ok(await request(agent, 'message:send', { conversationId, clientId: 'p1', body: 'Happy to help!' }));
    await eventually(() => received.length >= 1);
    await sleep(200);
    expect(received.map((m) => m.body)).toEqual(['Happy to help!']);
    expect(typed).toEqual([]);
    const history = ok(await request(visitor, 'conversation:history', { conversationId, afterSeq: 0 }));
    expect(history.messages.map((m) => m.body)).toEqual(['Happy to help!']);
    const synced = ok(await request(visitor, 'sync', { cursors: [{ conversationId, afterSeq: 0 }] }));
    expect(synced.replays[0]!.messages.map((m) => m.body)).toEqual(['Happy to help!']);
    // ...while the agents side sees both.
    const agentView = ok(await request(agent, 'conversation:join', { conversationId, afterSeq: 0 }));
    expect(agentView.messages.map((m) => [m.body, m.internal])).toEqual([
      ['note: refund looks fishy', true],
      ['Happy to help!', false],
    ]);
  });

  it('gives a reconnecting visitor exactly the messages it missed', async () => {
    const first = await server.connectVisitor(site);
    const conversationId = await server.startConversation(first.socket);
    ok(await request(first.socket, 'message:send', { conversationId, clientId: 'm1', body: 'where is my order?' }));
    first.socket.disconnect();

    const agent = await server.connectAgent(await server.createAgent([site.id]));
    for (let i = 1; i <= 5; i++) {
      ok(await request(agent, 'message:send', { conversationId, clientId: `gap-${i}`, body: `reply ${i}` }));
    }
    const back = await server.connectVisitor(site, first.token);
    const { replays } = ok(await request(back.socket, 'sync', { cursors: [{ conversationId, afterSeq: 1 }] }));
    expect(replays).toHaveLength(1);
    expect(replays[0]!.messages.map((m) => [m.seq, m.body])).toEqual([
      [2, 'reply 1'],
      [3, 'reply 2'],
      [4, 'reply 3'],
      [5, 'reply 4'],
      [6, 'reply 5'],
    ]);
    expect(replays[0]!.hasMore).toBe(false);
    // The same token finds the same conversations.
    const list = ok(await request(back.socket, 'conversation:list', {}));
    expect(list.conversations.map((c) => c.id)).toEqual([conversationId]);
  });

  it('reopens a resolved conversation when the shopper writes, and refuses a closed one', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    // Online, so the conversation goes back to them (reopen.test.ts has the other outcomes).
    ok(await request(agent, 'presence:set', { presence: 'online' }));
    ok(await request(agent, 'conversation:takeover', { conversationId }));
    ok(await request(agent, 'conversation:status', { conversationId, status: 'resolved' }));
    const updated = new Promise((resolve) =>
      socket.on('conversation:updated', (c) => {
        if (c.status === 'open') resolve(c);
      }),
    );
    ok(await request(socket, 'message:send', { conversationId, clientId: 'again', body: 'one more thing' }));
    expect(await updated).toMatchObject({ id: conversationId, status: 'open' });
    ok(await request(agent, 'conversation:status', { conversationId, status: 'closed' }));
    const refused = await request(socket, 'message:send', { conversationId, clientId: 'late', body: 'hello?' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONVERSATION_CLOSED' } });
  });

  it('numbers the shopper’s view without the notes: no hole tells a note exists, seen marks in each numbering', async () => {
    const { socket: visitor } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(visitor);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    ok(await request(agent, 'conversation:takeover', { conversationId }));
    const live: Message[] = [];
    const seen: unknown[] = [];
    visitor.on('message:new', (m) => live.push(m));
    visitor.on('messages:seen', (n) => seen.push(n));
    // Shopper, note, agent, note, note, shopper, agent: seven messages, four the shopper sees.
    const v1 = ok(await request(visitor, 'message:send', { conversationId, clientId: 'v1', body: 'hello' }));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'n1', body: 'vip', internal: true }));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'a1', body: 'Hi!' }));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'n2', body: 'check refund', internal: true }));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'n3', body: 'done', internal: true }));
    const v2 = ok(await request(visitor, 'message:send', { conversationId, clientId: 'v2', body: 'thanks' }));
    const a2 = ok(await request(agent, 'message:send', { conversationId, clientId: 'a2', body: 'Anything else?' }));
    expect([v1.seq, v2.seq]).toEqual([1, 3]);
    expect([v1.message.seq, v2.message.seq]).toEqual([1, 3]);
    // The agent's ack is in the agents' numbering, with the shopper's place beside it.
    expect(a2.message).toMatchObject({ seq: 7, visitorSeq: 4 });
    await eventually(() => live.length === 2);
    expect(live.map((m) => [m.seq, m.body])).toEqual([[2, 'Hi!'], [4, 'Anything else?']]);
    expect(live.every((m) => !('visitorSeq' in m))).toBe(true);
    const replay = ok(await request(visitor, 'sync', { cursors: [{ conversationId, afterSeq: 0 }] })).replays[0]!;
    expect(replay.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(ok(await request(visitor, 'sync', { cursors: [{ conversationId, afterSeq: 2 }] })).replays[0]!.messages.map((m) => m.body)).toEqual(['thanks', 'Anything else?']);
    const listed = ok(await request(visitor, 'conversation:list', {})).conversations.find((c) => c.id === conversationId)!;
    expect(listed.lastSeq).toBe(4);
    const joined = ok(await request(agent, 'conversation:join', { conversationId, afterSeq: 0 }));
    expect(joined.messages.map((m) => [m.seq, m.visitorSeq])).toEqual([[1, 1], [2, null], [3, 2], [4, null], [5, null], [6, 3], [7, 4]]);
    expect(joined.conversation).toMatchObject({ lastSeq: 7, visitorLastSeq: 4 });

    // The agent reads up to the last note (5): the shopper sees "seen" on their first message and the
    // agent's "Hi!" (their 2), not on "thanks" (their 3).
    ok(await request(agent, 'messages:seen', { conversationId, seq: 5 }));
    await eventually(() => seen.length === 1);
    expect(seen[0]).toEqual({ conversationId, seq: 2, by: 'agent' });
    const after = ok(await request(visitor, 'conversation:list', {})).conversations.find((c) => c.id === conversationId)!;
    expect(after.agentSeenSeq).toBe(2);
    // The shopper reads all of theirs (4); a position past the end is held at the end.
    const agentSeen = new Promise((resolve) => agent.on('messages:seen', resolve));
    ok(await request(visitor, 'messages:seen', { conversationId, seq: 99 }));
    expect(await agentSeen).toEqual({ conversationId, seq: 4, by: 'visitor' });
    expect((await server.services.conversations.agentView(conversationId)).visitorSeenSeq).toBe(4);
  });

  it('acks the message as stored: the sender sees the redacted text, not what they typed', async () => {
    const { socket: visitor } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(visitor);
    const ack = ok(await request(visitor, 'message:send', { conversationId, clientId: 'card', body: 'my card is 4111 1111 1111 1111, charged twice' }));
    expect(ack.message.body).not.toContain('4111 1111');
    expect(ack.message).toMatchObject({ id: ack.id, seq: ack.seq, conversationId, clientId: 'card', author: { type: 'visitor' }, internal: false });
    const [row] = await server.services.db.select().from(messages).where(eq(messages.id, ack.id));
    expect(ack.message.body).toBe(row!.body);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    const agentAck = ok(await request(agent, 'message:send', { conversationId, clientId: 'acard', body: 'Was it 5555 5555 5555 4444?' }));
    expect(agentAck.message.body).not.toContain('5555 5555');
  });
});
