import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueStorage } from '../src/core/outbox';
import { ChatClient } from '../src/panel/chat-client';
import * as jsonParser from '../src/panel/json-parser';

/**
 * The panel's client against a running Sportello server (with the demo seed). Skipped unless
 * SPORTELLO_TEST_URL is set, e.g.
 *   SPORTELLO_TEST_URL=http://localhost:3990 SPORTELLO_TEST_ORIGIN=http://localhost:3000 \
 *   SPORTELLO_TEST_ADMIN=admin@example.com:password npx vitest run --root . test/live-server.test.ts
 * Uses the widget's own JSON-only packet parser, as the built panel does.
 */
const url = process.env.SPORTELLO_TEST_URL;
const origin = process.env.SPORTELLO_TEST_ORIGIN ?? 'http://localhost:3000';
const [adminEmail, adminPassword] = (process.env.SPORTELLO_TEST_ADMIN ?? ':').split(':');

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const until = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(!url)('ChatClient on a live server', () => {
  let agent: Socket;
  const clients: ChatClient[] = [];
  const make = (storage: KeyValueStorage, incoming: unknown[] = []) => {
    const client = new ChatClient({
      base: url + '/',
      siteKey: 'demo',
      locale: 'en',
      identity: null,
      storage,
      socketOptions: { extraHeaders: { origin }, parser: jsonParser, forceNew: true },
      onChange: () => undefined,
      onIncoming: (m) => incoming.push(m),
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    Object.assign(globalThis, { location: { href: origin + '/products/scarf' }, document: { title: 'Scarf' } });
    const res = await fetch(url + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    agent = io(url + '/agent', { extraHeaders: { cookie }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve, reject) => (agent.once('connect', resolve), agent.once('connect_error', reject)));
  });

  afterAll(() => {
    clients.forEach((c) => c.destroy());
    agent?.disconnect();
  });

  it('starts a conversation on the first message, gets replies, resends after a reconnect, and catches up', async () => {
    // The server's bot may answer too: count the messages this test writes, not all of them.
    const bodies = (c: ChatClient) => c.currentMessages.map((m) => m.body);
    const storage = new MemoryStorage();
    const incoming: { body: string; author: { type: string } }[] = [];
    const a = make(storage, incoming as never[]);
    a.connect();
    await until(() => a.connection === 'online');
    expect(storage.getItem('sportello:demo:token')).toBeTruthy();

    a.send('Hello, where is my order?');
    await until(() => bodies(a).includes('Hello, where is my order?') && a.outbox.list().length === 0);
    const conversationId = a.currentId!;
    expect(storage.getItem('sportello:demo:conversation')).toBe(conversationId);

    // A second tab with the same storage is the same visitor and sees the same conversation.
    const b = make(storage);
    b.connect();
    await until(() => b.currentId === conversationId && bodies(b).includes('Hello, where is my order?'));

    // An agent answers: both tabs get it, once.
    const ack = await agent.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 'agent-1', body: 'It ships today: https://track.example/1' });
    expect(ack.ok).toBe(true);
    await until(() => bodies(a).includes('It ships today: https://track.example/1') && bodies(b).includes('It ships today: https://track.example/1'));
    expect(incoming.filter((m) => m.body.startsWith('It ships today'))).toHaveLength(1);
    expect(a.unread().count).toBeGreaterThan(0);
    a.markSeen();
    await until(() => b.unread().count === 0);

    // Offline: the message waits in storage, then goes out with the same clientId on reconnect.
    (a as unknown as { socket: Socket }).socket.disconnect();
    await until(() => a.connection === 'offline');
    a.send('Thanks!');
    const [queued] = a.outbox.list();
    expect(a.pendingState(queued!)).toBe('failed');
    // Meanwhile the agent writes again: the reconnecting tab must sync it.
    await agent.timeout(5000).emitWithAck('message:send', { conversationId, clientId: 'agent-2', body: 'You are welcome' });
    (a as unknown as { socket: Socket }).socket.connect();
    await until(() => a.outbox.list().length === 0 && bodies(a).includes('You are welcome') && bodies(a).includes('Thanks!'));
    const seqs = a.currentMessages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(a.currentMessages.map((m) => m.id)).size).toBe(seqs.length);
    expect(a.currentMessages.find((m) => m.body === 'Thanks!')?.clientId).toBe(queued!.clientId);

    // An email left while nobody is online reaches the visitor's record.
    a.leaveEmail('ada@example.com');
    let email: string | null = null;
    await until(() => {
      void agent
        .timeout(5000)
        .emitWithAck('conversation:join', { conversationId })
        .then((joined: { conversation: { visitor: { email: string | null } } }) => (email = joined.conversation.visitor.email));
      return email === 'ada@example.com';
    });

    // Resolved: the client sees the status change, and the rating is stored.
    const resolved = await agent.timeout(5000).emitWithAck('conversation:status', { conversationId, status: 'resolved' });
    expect(resolved.ok).toBe(true);
    await until(() => a.current?.status === 'resolved');
    await a.rate(conversationId, 4, 'Quick answer');
    expect(a.current?.csat).toEqual({ rating: 4, comment: 'Quick answer' });
  });

  it('a reload with an unacked message in storage resends it once', async () => {
    const storage = new MemoryStorage();
    const first = make(storage);
    first.connect();
    first.send('first');
    await until(() => first.outbox.list().length === 0 && first.currentId !== null);
    const conversationId = first.currentId!;
    first.destroy();
    // As if the page closed after writing but before the ack: the same item, twice in a row.
    storage.setItem('sportello:demo:outbox', JSON.stringify([{ clientId: 'reload-1', conversationId, body: 'after reload', createdAt: new Date().toISOString() }]));
    const second = make(storage);
    second.connect();
    await until(() => second.outbox.list().length === 0 && second.currentMessages.some((m) => m.body === 'after reload'));
    const third = make(storage);
    storage.setItem('sportello:demo:outbox', JSON.stringify([{ clientId: 'reload-1', conversationId, body: 'after reload', createdAt: new Date().toISOString() }]));
    third.connect();
    await until(() => third.outbox.list().length === 0 && third.currentMessages.some((m) => m.body === 'after reload'));
    expect(third.currentMessages.filter((m) => m.clientId === 'reload-1')).toHaveLength(1);
  });
});
