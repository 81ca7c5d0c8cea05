import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message, VisitorConversation } from '@sportello/protocol';
import type { KeyValueStorage } from '../src/core/outbox';

/**
 * The panel's client over a fake socket and a fake server: ordering, resending with the same
 * clientId, catching up with `sync`, de-duplication, unread and seen marks. (test/live-server.test.ts
 * runs the same client against a real server when one is given.)
 */

type Handler = (payload: any) => any;

class FakeServer {
  conversations: VisitorConversation[] = [];
  messages: Message[] = [];
  calls: { event: string; payload: any }[] = [];
  /** Next answers to `message:send`: 'drop' (no ack) or an error code. */
  sendFailures: string[] = [];
  tokenIssued = false;

  conv(id: string): VisitorConversation {
    return this.conversations.find((c) => c.id === id)!;
  }

  handlers: Record<string, Handler> = {
    'conversation:start': () => {
      const c: VisitorConversation = {
        id: 'c' + (this.conversations.length + 1),
        status: 'bot',
        lastSeq: 0,
        agentSeenSeq: 0,
        visitorSeenSeq: 0,
        createdAt: new Date().toISOString(),
        lastMessageAt: null,
        csat: null,
      };
      this.conversations.unshift(c);
      return { ok: true, conversation: { ...c } };
    },
    'conversation:rate': ({ conversationId, rating, comment }) => {
      const c = this.conv(conversationId);
      c.csat = { rating, comment: comment ?? null };
      return { ok: true, conversation: { ...c } };
    },
    'conversation:list': () => ({ ok: true, conversations: this.conversations.map((c) => ({ ...c })) }),
    sync: ({ cursors }) => ({
      ok: true,
      replays: cursors.map((c: { conversationId: string; afterSeq: number }) => ({
        conversationId: c.conversationId,
        messages: this.messages.filter((m) => m.conversationId === c.conversationId && m.seq > c.afterSeq),
        hasMore: false,
      })),
    }),
    'message:send': ({ conversationId, clientId, body }) => {
      const failure = this.sendFailures.shift();
      if (failure === 'drop') throw new Error('operation has timed out');
      if (failure) return { ok: false, error: { code: failure, message: failure } };
      const c = this.conv(conversationId);
      if (c.status === 'closed') return { ok: false, error: { code: 'CONVERSATION_CLOSED', message: 'closed' } };
      const old = this.messages.find((m) => m.conversationId === conversationId && m.clientId === clientId);
      const m = old ?? this.store(conversationId, { type: 'visitor', id: 'v1', name: null }, body, clientId);
      return { ok: true, id: m.id, seq: m.seq, createdAt: m.createdAt, message: m };
    },
  };

  store(conversationId: string, author: Message['author'], body: string, clientId = 'srv-' + Math.random()): Message {
    const c = this.conv(conversationId);
    const m: Message = {
      id: 'id-' + conversationId + '-' + (c.lastSeq + 1),
      conversationId,
      seq: ++c.lastSeq,
      clientId,
      author,
      body,
      internal: false,
      payload: null,
      createdAt: new Date().toISOString(),
    };
    this.messages.push(m);
    return m;
  }
}

class FakeSocket {
  connected = false;
  listeners: Record<string, ((arg?: any) => void)[]> = {};
  emitted: { event: string; payload: any }[] = [];
  constructor(
    readonly server: FakeServer,
    readonly options: any,
  ) {}
  on(event: string, fn: (arg?: any) => void) {
    (this.listeners[event] ||= []).push(fn);
    return this;
  }
  fire(event: string, arg?: any) {
    (this.listeners[event] || []).forEach((fn) => fn(arg));
  }
  emit(event: string, payload: any) {
    this.emitted.push({ event, payload });
    return this;
  }
  timeout() {
    return {
      emitWithAck: async (event: string, payload: any) => {
        this.server.calls.push({ event, payload });
        if (!this.connected) throw new Error('operation has timed out');
        const handler = this.server.handlers[event];
        if (!handler) throw new Error('operation has timed out'); // unknown events get no ack
        return handler(payload);
      },
    };
  }
  connects = 0;
  connect() {
    this.connects++;
    // Like socket.io-client, the auth function is called on every (re)connection.
    this.options.auth((auth: any) => (this.options.lastAuth = auth));
    this.connected = true;
    this.fire('connect');
    if (!this.server.tokenIssued || this.options.lastAuth.token === 'expired-token-123') {
      this.server.tokenIssued = true;
      this.fire('visitor:session', { visitorId: 'v1', token: 'token-0123456789' });
    }
    return this;
  }
  disconnect() {
    this.connected = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }
}

let server: FakeServer;
let sockets: FakeSocket[];

vi.mock('socket.io-client', () => ({
  io: (_url: string, options: any) => {
    const socket = new FakeSocket(server, options);
    sockets.push(socket);
    // Connects on the next tick, as a real socket would.
    setTimeout(() => socket.connect());
    return socket;
  },
}));

const { ChatClient } = await import('../src/panel/chat-client');

class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await tick(5);
  expect(check()).toBe(true);
}

function makeClient(storage: KeyValueStorage, incoming: Message[] = []) {
  return new ChatClient({
    base: 'https://chat.example.com/',
    siteKey: 'demo',
    locale: 'it',
    identity: { email: 'ada@example.com', userId: '42', userHash: 'abc' },
    storage,
    onChange: () => undefined,
    onIncoming: (m) => incoming.push(m),
  });
}

/** A client whose shopper has said 'hi' (stored as seq 1 of conversation c1), and its socket. */
async function chatting() {
  const client = makeClient(new MemoryStorage());
  client.send('hi');
  await until(() => client.currentMessages.length === 1);
  return { client, socket: sockets[0]! };
}

beforeEach(() => {
  server = new FakeServer();
  sockets = [];
  Object.assign(globalThis, { location: { href: 'https://shop.example.com/p/1' }, document: { title: 'Scarf' } });
});

describe('ChatClient', () => {
  it('connects to the /visitor namespace by WebSocket, with the identity and the stored token', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage);
    client.connect();
    await until(() => client.connection === 'online');
    const socket = sockets[0]!;
    expect(socket.options.transports).toEqual(['websocket']);
    expect(socket.options.path).toBe('/socket.io');
    // userHash 'abc' is not an HMAC: left out, or the server would refuse the whole handshake.
    expect(socket.options.lastAuth).toEqual({ siteKey: 'demo', token: undefined, locale: 'it', identity: { email: 'ada@example.com', userId: '42' } });
    expect(socket.emitted.find((e) => e.event === 'visitor:page')?.payload).toEqual({ url: 'https://shop.example.com/p/1', title: 'Scarf' });
    expect(storage.getItem('sportello:demo:token')).toBe('token-0123456789');
    // Nothing else is written until the shopper writes, but whose chat the token is (the page's userId).
    expect([...storage.data.keys()].sort()).toEqual(['sportello:demo:token', 'sportello:demo:user']);
    expect(storage.getItem('sportello:demo:user')).toBe('42');
  });

  it('joins the visitor another tab created meanwhile instead of keeping a second one', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage);
    client.connect();
    const socket = sockets[0]!;
    const auth = socket.options.auth;
    socket.options.auth = (cb: (a: unknown) => void) => {
      auth(cb);
      // Another tab stores its token after our handshake left, before our session arrives.
      if (!storage.getItem('sportello:demo:token')) storage.setItem('sportello:demo:token', 'other-tab-token-123');
    };
    await until(() => sockets[0]?.options.lastAuth?.token === 'other-tab-token-123');
    expect(storage.getItem('sportello:demo:token')).toBe('other-tab-token-123');
  });

  it('forgets the chat of the signed-in shopper before when another signs in on this browser, and starts as a new visitor', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage);
    client.send('my order 1001 is late');
    await until(() => client.currentMessages.length === 1);
    expect(storage.getItem('sportello:demo:user')).toBe('42');
    expect(storage.getItem('sportello:demo:conversation')).toBe(client.currentId);
    server.tokenIssued = false; // the server issues a token to a handshake without one
    client.identify({ userId: '77', email: 'bob@example.com' });
    expect(client.currentId).toBeNull();
    expect(client.currentMessages).toEqual([]);
    expect(client.conversations).toEqual([]);
    expect(client.email).toBe('bob@example.com');
    const socket = sockets[0]!;
    expect(socket.options.lastAuth.token).toBeUndefined();
    expect(socket.options.lastAuth.identity).toEqual({ email: 'bob@example.com', userId: '77' });
    expect(storage.getItem('sportello:demo:conversation')).toBeNull();
    expect(storage.getItem('sportello:demo:user')).toBe('77');
  });

  it("starts afresh on a page that names another signed-in shopper than the stored chat's", async () => {
    const storage = new MemoryStorage();
    for (const [k, v] of [['token', 'token-of-7'], ['conversation', 'c9'], ['user', '7'], ['email', 'seven@example.com']]) storage.setItem(`sportello:demo:${k}`, v!);
    storage.setItem('sportello:demo:outbox', JSON.stringify([{ clientId: 'x', conversationId: 'c9', body: 'secret of 7', createdAt: new Date().toISOString() }]));
    const client = makeClient(storage);
    expect(client.currentId).toBeNull();
    expect(client.pending).toEqual([]);
    expect(client.email).toBe('ada@example.com');
    expect(storage.getItem('sportello:demo:token')).toBeNull();
    expect(client.outbox.list()).toEqual([]);
  });

  it('keeps an anonymous chat when the shopper signs in (the same person), and forgets it when another tab shut the chat down', async () => {
    const storage = new MemoryStorage();
    const client = new ChatClient({ base: 'https://chat.example.com/', siteKey: 'demo', locale: 'en', identity: undefined, storage, onChange: () => undefined, onIncoming: () => undefined });
    client.send('hello');
    await until(() => client.currentMessages.length === 1);
    const id = client.currentId;
    client.identify({ userId: '42' });
    expect(client.currentId).toBe(id);
    expect(storage.getItem('sportello:demo:user')).toBe('42');
    // Another tab's Sportello('shutdown'): the token goes from storage.
    storage.removeItem('sportello:demo:token');
    (client as unknown as { storageChanged(e: { key: string; newValue: string | null }): void }).storageChanged({ key: 'sportello:demo:token', newValue: null });
    expect(client.currentId).toBeNull();
    expect(client.currentMessages).toEqual([]);
    // It reconnects as nobody: no token, and not the identity this page had before the logout.
    expect(sockets[0]!.options.lastAuth).toMatchObject({ token: undefined, identity: undefined });
    expect(storage.getItem('sportello:demo:user')).toBeNull();
  });

  it('on a tab whose page is older than a sign-in elsewhere, joins the chat of the shopper signed in now instead of fighting over it', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage); // this page: user 42
    client.connect();
    await until(() => client.connection === 'online');
    // Another tab: 42 logged out, 77 signed in and got a token of their own.
    storage.setItem('sportello:demo:token', 'token-of-77');
    storage.setItem('sportello:demo:user', '77');
    (client as unknown as { storageChanged(e: { key: string; newValue: string | null }): void }).storageChanged({ key: 'sportello:demo:token', newValue: 'token-of-77' });
    expect(sockets[0]!.options.lastAuth).toMatchObject({ token: 'token-of-77', identity: undefined });
    // 77's chat is left as it is.
    expect(storage.getItem('sportello:demo:token')).toBe('token-of-77');
    expect(storage.getItem('sportello:demo:user')).toBe('77');
  });

  it("starts afresh when the server says the connection's visitor is another signed-in shopper's", async () => {
    const storage = new MemoryStorage();
    // A token an older widget stored, without whose it is.
    storage.setItem('sportello:demo:token', 'token-0123456789');
    server.tokenIssued = true;
    const client = new ChatClient({ base: 'https://chat.example.com/', siteKey: 'demo', locale: 'en', identity: undefined, storage, onChange: () => undefined, onIncoming: () => undefined });
    client.connect();
    await until(() => client.connection === 'online');
    server.handlers['visitor:identify'] = () => ({ ok: false, error: { code: 'CONFLICT', message: 'another shopper' } });
    server.tokenIssued = false;
    client.identify({ userId: '77', email: 'bob@example.com', userHash: 'a'.repeat(64) });
    await until(() => sockets[0]!.options.lastAuth.token === undefined);
    expect(sockets[0]!.options.lastAuth.identity).toMatchObject({ userId: '77' });
    await until(() => storage.getItem('sportello:demo:user') === '77');
  });

  it('replaces a stored token the server did not accept, without removing it first (other tabs would read a logout)', async () => {
    const storage = new MemoryStorage();
    storage.setItem('sportello:demo:token', 'expired-token-123');
    const removed: string[] = [];
    const remove = storage.removeItem;
    storage.removeItem = (k: string) => (removed.push(k), remove(k));
    const client = makeClient(storage);
    client.connect();
    await until(() => client.connection === 'online');
    expect(storage.getItem('sportello:demo:token')).toBe('token-0123456789');
    expect(removed).not.toContain('sportello:demo:token');
  });

  it('connects without the identity when the server refuses it, keeping the visitor token', async () => {
    const storage = new MemoryStorage();
    storage.setItem('sportello:demo:token', 'token-0123456789');
    server.tokenIssued = true;
    const client = makeClient(storage);
    client.connect();
    const socket = sockets[0]!;
    let refused = false;
    const connect = socket.connect.bind(socket);
    socket.connect = () => {
      if (!refused) {
        refused = true;
        socket.options.auth((a: any) => (socket.options.lastAuth = a));
        const err = Object.assign(new Error('identity.email: Invalid email'), { data: { code: 'VALIDATION_FAILED' } });
        socket.fire('connect_error', err);
        return socket;
      }
      return connect();
    };
    await until(() => client.connection === 'online');
    expect(socket.options.lastAuth).toEqual({ siteKey: 'demo', token: 'token-0123456789', locale: 'it', identity: undefined });
    expect(storage.getItem('sportello:demo:token')).toBe('token-0123456789');
    // A later identify is sent as an event (whose answer is read), not in a new handshake.
    client.identify({ email: 'grace@example.com', name: '  Grace ' });
    expect(server.calls.find((c) => c.event === 'visitor:identify')?.payload).toEqual({ email: 'grace@example.com', name: 'Grace' });
  });

  it('starts the conversation on the first message, with the locale and the page', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage);
    expect(client.send('  Ciao!  ')).toBe(true);
    expect(client.send('   ')).toBe(false);
    expect(client.pending.map((p) => p.body)).toEqual(['Ciao!']);
    await until(() => client.pending.length === 0);
    expect(server.calls.find((c) => c.event === 'conversation:start')?.payload).toEqual({
      locale: 'it',
      page: { url: 'https://shop.example.com/p/1', title: 'Scarf' },
    });
    expect(client.currentId).toBe('c1');
    expect(storage.getItem('sportello:demo:conversation')).toBe('c1');
    expect(client.currentMessages.map((m) => [m.seq, m.body, client.sentState(m)])).toEqual([[1, 'Ciao!', 'sent']]);
  });

  it('keeps a message written offline, shows it failed, and resends it with the same clientId', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage);
    client.send('first');
    await until(() => client.currentMessages.length === 1);
    const socket = sockets[0]!;
    socket.disconnect();
    client.send('written offline');
    const [item] = client.pending;
    expect(client.pendingState(item!)).toBe('failed');
    expect(JSON.parse(storage.getItem('sportello:demo:outbox')!)[0].clientId).toBe(item!.clientId);
    // Meanwhile an agent answered.
    server.conversations[0]!.status = 'open';
    server.store('c1', { type: 'agent', id: 'a1', name: 'Giulia' }, 'Eccomi');
    socket.connect();
    await until(() => client.pending.length === 0 && client.currentMessages.length === 3);
    expect(server.calls.filter((c) => c.event === 'sync').pop()?.payload).toEqual({ cursors: [{ conversationId: 'c1', afterSeq: 1 }] });
    const resend = server.calls.filter((c) => c.event === 'message:send').pop()!.payload;
    expect(resend.clientId).toBe(item!.clientId);
    expect(client.currentMessages.map((m) => m.body)).toEqual(['first', 'Eccomi', 'written offline']);
    expect(client.current?.status).toBe('open');
  });

  it('reconnects when a send goes unanswered (the process may be frozen), retries with the same clientId and stores it once', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const client = makeClient(new MemoryStorage());
      server.sendFailures = ['drop', 'SERVICE_UNAVAILABLE'];
      client.send('hello');
      // No ack: a new connection at once, which resends (refused for now: retried after a pause).
      await until(() => server.calls.filter((c) => c.event === 'message:send').length === 2);
      expect(sockets[0]!.connects).toBe(2);
      await vi.advanceTimersByTimeAsync(2100);
      await until(() => client.pending.length === 0);
      const sends = server.calls.filter((c) => c.event === 'message:send').map((c) => c.payload.clientId);
      expect(sends).toHaveLength(3);
      expect(new Set(sends).size).toBe(1);
      expect(server.messages).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the visitor token for the page when storage refuses it, so a reconnect is the same visitor', async () => {
    const refuse = () => {
      throw new Error('SecurityError: storage is blocked');
    };
    const client = makeClient({ getItem: refuse, setItem: refuse, removeItem: refuse });
    client.connect();
    await until(() => client.connection === 'online');
    expect(sockets[0]!.options.lastAuth.token).toBeUndefined();
    sockets[0]!.disconnect().connect();
    expect(sockets[0]!.options.lastAuth.token).toBe('token-0123456789');
  });

  it('resends what a reload left in the outbox, after catching up', async () => {
    const storage = new MemoryStorage();
    const first = makeClient(storage);
    first.send('one');
    await until(() => first.currentMessages.length === 1);
    first.destroy();
    storage.setItem(
      'sportello:demo:outbox',
      JSON.stringify([{ clientId: 'kept-1', conversationId: 'c1', body: 'two', createdAt: new Date().toISOString() }]),
    );
    const second = makeClient(storage);
    expect(second.currentId).toBe('c1');
    expect(second.pending.map((p) => p.body)).toEqual(['two']);
    second.connect();
    await until(() => second.pending.length === 0 && second.currentMessages.length === 2);
    expect(sockets[1]!.options.lastAuth.token).toBe('token-0123456789');
    expect(second.currentMessages.map((m) => m.clientId)).toEqual([expect.any(String), 'kept-1']);
  });

  it('moves a message to a new conversation when the old one was closed', async () => {
    const client = makeClient(new MemoryStorage());
    client.send('one');
    await until(() => client.currentMessages.length === 1);
    server.conversations[0]!.status = 'closed';
    // The client has not heard of the closing yet.
    client.send('two');
    await until(() => client.pending.length === 0 && client.currentId === 'c2');
    expect(client.currentMessages.map((m) => m.body)).toEqual(['two']);
  });

  it('marks a refused message failed until the shopper retries it', async () => {
    const client = makeClient(new MemoryStorage());
    server.sendFailures = ['VALIDATION_FAILED'];
    client.send('x');
    await until(() => client.pending[0]?.failed === 'VALIDATION_FAILED');
    expect(client.pendingState(client.pending[0]!)).toBe('failed');
    client.retry(client.pending[0]!.clientId);
    await until(() => client.pending.length === 0);
    expect(client.currentMessages.map((m) => m.body)).toEqual(['x']);
  });

  it('de-duplicates messages by id, counts unread replies and marks them seen', async () => {
    const incoming: Message[] = [];
    const client = makeClient(new MemoryStorage(), incoming);
    client.send('hi');
    await until(() => client.currentMessages.length === 1);
    const socket = sockets[0]!;
    const reply = server.store('c1', { type: 'agent', id: 'a1', name: 'Giulia' }, 'Ciao, come posso aiutarti?\nSono qui.');
    socket.fire('typing', { conversationId: 'c1', author: reply.author, typing: true });
    expect(client.agentTyping?.name).toBe('Giulia');
    socket.fire('message:new', reply);
    socket.fire('message:new', reply); // a retried send is announced twice
    expect(client.currentMessages).toHaveLength(2);
    expect(incoming).toHaveLength(1);
    expect(client.agentTyping).toBeNull();
    expect(client.unread()).toEqual({ count: 1, preview: 'Ciao, come posso aiutarti? Sono qui.' });
    client.markSeen();
    expect(socket.emitted.find((e) => e.event === 'messages:seen')?.payload).toEqual({ conversationId: 'c1', seq: 2 });
    expect(client.unread().count).toBe(0);
    // The agent saw the shopper's message.
    socket.fire('messages:seen', { conversationId: 'c1', seq: 1, by: 'agent' });
    expect(client.sentState(client.currentMessages[0]!)).toBe('seen');
  });

  it('fills a gap a live message shows at once, even after the shopper sent past it', async () => {
    const { client, socket } = await chatting();
    // The agent's reply (2) is stored but its live event is lost; the shopper writes (3), acked.
    server.store('c1', { type: 'agent', id: 'a1', name: 'Giulia' }, 'Quale ordine?');
    client.send('il 1042');
    await until(() => client.currentMessages.length === 2 && client.pending.length === 0);
    expect(client.currentMessages.map((m) => m.seq)).toEqual([1, 3]);
    const syncsBefore = server.calls.filter((c) => c.event === 'sync').length;
    // The next live message (4) is past the unbroken run 1: the client asks from 1, not from 3.
    socket.fire('message:new', server.store('c1', { type: 'agent', id: 'a1', name: 'Giulia' }, 'Partito ieri.'));
    await until(() => client.currentMessages.length === 4);
    const sync = server.calls.filter((c) => c.event === 'sync').slice(syncsBefore);
    expect(sync.map((c) => c.payload)).toEqual([{ cursors: [{ conversationId: 'c1', afterSeq: 1 }] }]);
    expect(client.currentMessages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'hi'],
      [2, 'Quale ordine?'],
      [3, 'il 1042'],
      [4, 'Partito ieri.'],
    ]);
  });

  it('fills a gap that a conversation update shows, and syncs everything on resync', async () => {
    const { client, socket } = await chatting();
    server.store('c1', { type: 'agent', id: 'a1', name: 'Giulia' }, 'Eccomi');
    socket.fire('conversation:updated', { ...server.conv('c1'), status: 'open' });
    await until(() => client.currentMessages.length === 2);
    // Nothing live at all (the server's bus was away): the server's resync brings it.
    server.store('c1', { type: 'agent', id: 'a1', name: 'Giulia' }, 'Ci sei?');
    socket.fire('resync');
    await until(() => client.currentMessages.length === 3);
    expect(client.currentMessages.map((m) => m.body)).toEqual(['hi', 'Eccomi', 'Ci sei?']);
  });

  it('shows the message as the server stored it, not as typed', async () => {
    const client = makeClient(new MemoryStorage());
    server.handlers['message:send'] = ({ conversationId, clientId }) => {
      const m = server.store(conversationId, { type: 'visitor', id: 'v1', name: null }, 'card [redacted]', clientId);
      return { ok: true, id: m.id, seq: m.seq, createdAt: m.createdAt, message: m };
    };
    client.send('card 4111 1111 1111 1111');
    await until(() => client.currentMessages.length === 1);
    expect(client.currentMessages[0]!.body).toBe('card [redacted]');
  });

  it('sends typing at most once per burst and stops it on send', async () => {
    const { client, socket } = await chatting();
    client.setTyping(true);
    client.setTyping(true);
    client.send('more');
    expect(socket.emitted.filter((e) => e.event === 'typing').map((e) => e.payload.typing)).toEqual([true, false]);
  });

  it('rates with conversation:rate and remembers it', async () => {
    const storage = new MemoryStorage();
    const client = makeClient(storage);
    client.send('hi');
    await until(() => client.currentMessages.length === 1);
    await client.rate('c1', 5, '  great  ');
    expect(server.calls.find((c) => c.event === 'conversation:rate')?.payload).toEqual({ conversationId: 'c1', rating: 5, comment: 'great' });
    expect(JSON.parse(storage.getItem('sportello:demo:rated')!)).toEqual(['c1']);
    expect(client.current?.csat).toEqual({ rating: 5, comment: 'great' });
  });

  it('leaves an email with visitor:identify, and in every later handshake', async () => {
    const storage = new MemoryStorage();
    const client = new ChatClient({
      base: 'https://chat.example.com/',
      siteKey: 'demo',
      locale: 'en',
      identity: null,
      storage,
      onChange: () => undefined,
      onIncoming: () => undefined,
    });
    client.connect();
    await until(() => client.connection === 'online');
    client.leaveEmail('ada@example.com');
    const socket = sockets[0]!;
    expect(socket.emitted.find((e) => e.event === 'visitor:identify')?.payload).toEqual({ email: 'ada@example.com' });
    expect(storage.getItem('sportello:demo:email')).toBe('ada@example.com');
    expect(client.email).toBe('ada@example.com');
    socket.disconnect().connect();
    expect(socket.options.lastAuth.identity).toEqual({ email: 'ada@example.com' });
    expect(client.currentMessages).toEqual([]); // no message: the bot is not asked about it
  });
});
