/// <reference path="../../../packages/widget/src/panel/polling.d.ts" />
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { asc, eq } from 'drizzle-orm';
import { createTestDb, messages, sites, type DbHandle, type SiteSettings } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { connected, eventually, ok, once, request, type AgentSocket } from './test-server';
import { freePort, hasCommand, HealthRoutingProxy, PrivateRedis, ServerProcess, sleep } from './faults-cluster';
import { ChatClient } from '../../../packages/widget/src/panel/chat-client';

// Two real server processes (`src/main.ts` under tsx) on one fresh PostgreSQL database, joined by
// a private Redis that the tests kill and start again, and a local HTTP server that answers as a
// slow LLM and a slow WooCommerce store. PostgreSQL only: PGlite is one process by construction.
const runs = process.env.TEST_DB === 'postgres' && !!process.env.TEST_DATABASE_URL && hasCommand('redis-server') && hasCommand('redis-cli');

const ADMIN = { email: 'faults-admin@example.com', password: 'faults-password-1' };
const ORIGIN = 'https://faults.shop.test';
// The demo site (seeded by the first process) allows this origin whatever the process's URL.
const DEMO_ORIGIN = 'http://localhost:3000';
// Long enough that a loaded CI machine serves the other conversations well within it.
const SLOW_MS = 5_000;

describe.runIf(runs)('faults with real processes on loopback', () => {
  let db: DbHandle & { url: string | null };
  let redis: PrivateRedis;
  let slow: Server;
  let slowUrl: string;
  /** Requests the slow server is holding right now, and the most it held at once. */
  const slowState = { pending: 0, maxPending: 0, paths: [] as string[] };
  let a: ServerProcess;
  let b: ServerProcess;
  let cookieA: string;
  let cookieB: string;
  const sockets: { disconnect(): unknown }[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    redis = await PrivateRedis.start();
    slow = createServer((request, response) => {
      slowState.pending++;
      slowState.maxPending = Math.max(slowState.maxPending, slowState.pending);
      slowState.paths.push(request.url ?? '');
      request.resume();
      setTimeout(() => {
        slowState.pending--;
        // The LLM gets an HTTP error (the deterministic answer stands); the store knows no order.
        if (request.url?.includes('/chat/completions')) response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"slow and useless"}}');
        else if (/\/orders\/\d+/.test(request.url ?? '')) response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"woocommerce_rest_shop_order_invalid_id"}');
        else response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      }, SLOW_MS);
    });
    const slowPort = await freePort();
    await new Promise<void>((resolve) => slow.listen(slowPort, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${slowPort}`;
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'faults-secret-faults-secret-faults-secret',
      VISITOR_MESSAGES_PER_10S: '1000',
      AGENT_MESSAGES_PER_10S: '1000',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${slowUrl}/v1`,
      OPENAI_TIMEOUT_MS: String(SLOW_MS * 3),
    };
    // One after the other: the first migrates and seeds the demo site. Each holds the acks of its own prefix.
    a = await ServerProcess.start({ ...env, SPORTELLO_TEST_HOLD_ACK_PREFIX: 'hold-a-' });
    b = await ServerProcess.start({ ...env, SPORTELLO_TEST_HOLD_ACK_PREFIX: 'hold-b-' });
    cookieA = await a.login(ADMIN.email, ADMIN.password);
    cookieB = await b.login(ADMIN.email, ADMIN.password);
  }, 90_000);

  // A test that failed half-way may leave a process down: the next one starts with both up.
  beforeEach(async () => {
    for (const server of [a, b]) {
      if (server.child?.exitCode === null && server.child.signalCode === null) continue;
      await server.start();
      if (server === a) cookieA = await a.login(ADMIN.email, ADMIN.password);
      else cookieB = await b.login(ADMIN.email, ADMIN.password);
    }
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.kill();
    await new Promise((resolve) => (slow ? slow.close(resolve) : resolve(undefined)));
    await db?.close();
  });

  async function createSite(settings: SiteSettings = { botEnabled: false }): Promise<{ id: string; key: string }> {
    const key = `faults-${randomBytes(4).toString('hex')}`;
    const [site] = await db.db.insert(sites).values({ key, name: key, allowedOrigins: [ORIGIN], secret: 'faults', settings }).returning();
    return { id: site!.id, key };
  }

  /** A connected shopper on `server` with its token and message log. */
  async function shopper(server: ServerProcess, siteKey: string, token?: string, origin = ORIGIN) {
    const socket = server.visitor(siteKey, origin, token);
    sockets.push(socket);
    const inbox: Message[] = [];
    socket.on('message:new', (m) => inbox.push(m));
    const session = token ? null : once<{ token: string }>(socket as never, 'visitor:session');
    await connected(socket);
    return { socket, inbox, token: token ?? (await session!).token };
  }

  async function agent(server: ServerProcess, inbox = true): Promise<{ socket: AgentSocket; heard: Message[] }> {
    const socket = await server.agent(server === a ? cookieA : cookieB, inbox);
    sockets.push(socket);
    const heard: Message[] = [];
    socket.on('message:new', (m) => heard.push(m));
    return { socket, heard };
  }

  /** The widget's own client (the one the panel runs) on a shopper's page of the store at `base`. */
  function widgetOn(base: string, siteKey: string, path: string, storage: ReturnType<typeof memoryStorage> | null): ChatClient {
    Object.assign(globalThis, { location: { href: `${ORIGIN}${path}` }, document: { title: path } });
    const widget = new ChatClient({
      base,
      siteKey,
      locale: 'en',
      identity: null,
      storage,
      socketOptions: { extraHeaders: { origin: ORIGIN }, forceNew: true },
      onChange: () => undefined,
      onIncoming: () => undefined,
    });
    sockets.push({ disconnect: () => widget.destroy() });
    return widget;
  }

  /** The conversation's stored messages, by seq. */
  async function stored(conversationId: string) {
    return db.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
  }

  /** Seqs 1..n without a gap and every client id once. */
  function expectGapFreeAndUnique(rows: { seq: number; clientId: string | null }[]): void {
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const ids = rows.map((r) => r.clientId);
    expect(new Set(ids).size).toBe(ids.length);
  }

  it('a shopper on a killed process reconnects to the other and gets exactly what it missed', async () => {
    const site = await createSite();
    const visitor = await shopper(a, site.key);
    const conversationId = ok(await request(visitor.socket, 'conversation:start', {})).conversation.id;
    const { socket: agentB, heard } = await agent(b, false);
    ok(await request(agentB, 'conversation:takeover', { conversationId }));
    ok(await request(agentB, 'conversation:join', { conversationId, afterSeq: 0 }));

    ok(await request(visitor.socket, 'message:send', { conversationId, clientId: 's1', body: 'hello from process A' }));
    await eventually(() => heard.some((m) => m.body === 'hello from process A'));
    ok(await request(agentB, 'message:send', { conversationId, clientId: 'r1', body: 'hello from process B' }));
    await eventually(() => visitor.inbox.some((m) => m.seq === 2));

    await a.kill();
    await eventually(() => !visitor.socket.connected);
    // The agent goes on while the shopper has no connection.
    ok(await request(agentB, 'message:send', { conversationId, clientId: 'r2', body: 'are you still there?' }));
    ok(await request(agentB, 'message:send', { conversationId, clientId: 'n1', body: 'note: shopper dropped', internal: true }));
    ok(await request(agentB, 'message:send', { conversationId, clientId: 'r3', body: 'your parcel left today' }));

    const back = await shopper(b, site.key, visitor.token);
    const held = Math.max(...visitor.inbox.map((m) => m.seq), 1);
    const { replays } = ok(await request(back.socket, 'sync', { cursors: [{ conversationId, afterSeq: held }] }));
    expect(replays.map((r) => r.messages.map((m) => [m.seq, m.body]))).toEqual([
      [
        [3, 'are you still there?'],
        // The note took no place in the shopper's numbering.
        [4, 'your parcel left today'],
      ],
    ]);
    // Live again, now through B.
    ok(await request(back.socket, 'message:send', { conversationId, clientId: 's2', body: 'yes, thanks' }));
    await eventually(() => heard.some((m) => m.body === 'yes, thanks'));
    expectGapFreeAndUnique(await stored(conversationId));
    expect((await stored(conversationId)).length).toBe(6);
  }, 60_000);

  it('a process killed after storing a message but before its ack: the resend with the same clientId is stored once', async () => {
    const site = await createSite();
    const visitor = await shopper(b, site.key);
    const conversationId = ok(await request(visitor.socket, 'conversation:start', {})).conversation.id;
    ok(await request(visitor.socket, 'message:send', { conversationId, clientId: 'before', body: 'first' }));

    // B stores `hold-b-1`, says so, and holds its ack; it dies in that window.
    const lost = request(visitor.socket, 'message:send', { conversationId, clientId: 'hold-b-1', body: 'second' }, 20_000).then(
      () => 'acked',
      () => 'no ack',
    );
    await b.printed('ack held hold-b-1');
    expect((await stored(conversationId)).map((m) => m.clientId)).toEqual(['before', 'hold-b-1']);
    await b.kill();
    visitor.socket.disconnect(); // as the widget does on a dropped connection: stop waiting, resend on reconnect
    expect(await lost).toBe('no ack');

    const back = await shopper(a, site.key, visitor.token);
    const resent = ok(await request(back.socket, 'message:send', { conversationId, clientId: 'hold-b-1', body: 'second' }));
    expect(resent.seq).toBe(2);
    ok(await request(back.socket, 'message:send', { conversationId, clientId: 'after', body: 'third' }));
    const rows = await stored(conversationId);
    expect(rows.map((m) => [m.seq, m.clientId, m.body])).toEqual([
      [1, 'before', 'first'],
      [2, 'hold-b-1', 'second'],
      [3, 'after', 'third'],
    ]);
  }, 60_000);

  it('with Redis down each process serves its own sockets; across processes delivery comes back with Redis', async () => {
    const site = await createSite();
    const visitor = await shopper(a, site.key);
    const conversationId = ok(await request(visitor.socket, 'conversation:start', {})).conversation.id;
    const onA = await agent(a, false);
    const onB = await agent(b, false);
    ok(await request(onB.socket, 'conversation:takeover', { conversationId }));
    for (const { socket } of [onA, onB]) ok(await request(socket, 'conversation:join', { conversationId, afterSeq: 0 }));
    ok(await request(visitor.socket, 'message:send', { conversationId, clientId: 'up-1', body: 'before the outage' }));
    await eventually(() => onB.heard.some((m) => m.clientId === 'up-1') && onA.heard.some((m) => m.clientId === 'up-1'));

    await redis.kill();
    // Same-process delivery and every ack go on; B's agent misses A's message live.
    ok(await request(visitor.socket, 'message:send', { conversationId, clientId: 'down-1', body: 'during the outage' }));
    await eventually(() => onA.heard.some((m) => m.clientId === 'down-1'));
    ok(await request(onB.socket, 'message:send', { conversationId, clientId: 'down-b', body: 'agent on B during the outage' }));
    // A new shopper can still connect to either process (rate limits count locally meanwhile).
    const other = await shopper(b, site.key);
    expect(other.socket.connected).toBe(true);
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);

    await redis.start();
    // Probes from A until B's agent hears one live (the adapter reconnects with a backoff of up to 5 s).
    let n = 0;
    await eventually(async () => {
      ok(await request(visitor.socket, 'message:send', { conversationId, clientId: `probe-${n++}`, body: 'is B back?' }));
      await sleep(250);
      return onB.heard.some((m) => m.clientId?.startsWith('probe-'));
    }, 20_000);
    // What B's agent missed comes from the database.
    const { messages: missed } = ok(await request(onB.socket, 'conversation:join', { conversationId, afterSeq: 1 }));
    expect(missed.map((m) => m.clientId).slice(0, 2)).toEqual(['down-1', 'down-b']);
    expectGapFreeAndUnique(await stored(conversationId));
  }, 60_000);

  it('after a Redis outage, connected clients catch up by themselves within 5 s, the widget included, without reconnecting', async () => {
    const site = await createSite();
    // The widget's own client (the one the panel runs), on A; the agent on B.
    const widget = widgetOn(`${a.url}/`, site.key, '/products/scarf', null);
    const connections: string[] = [];
    const held = () => widget.currentMessages.map((m) => [m.seq, m.body]);
    widget.send('hello, anyone?');
    await eventually(() => widget.currentMessages.length === 1);
    const conversationId = widget.currentId!;
    const { socket: onB } = await agent(b, false);
    ok(await request(onB, 'conversation:takeover', { conversationId }));
    ok(await request(onB, 'conversation:join', { conversationId, afterSeq: 0 }));
    const resyncs: number[] = [];
    onB.on('resync' as never, () => {
      resyncs.push(Date.now());
    });
    const watch = setInterval(() => connections.push(widget.connection), 20);

    try {
      await redis.kill();
      // B's reply never reaches A's shopper live; the shopper writes right after it, unaware.
      ok(await request(onB, 'message:send', { conversationId, clientId: 'missed-1', body: 'Hi! Which order is it?' }));
      await sleep(100);
      widget.send('it is order 1042');
      await eventually(() => widget.pending.length === 0);
      ok(await request(onB, 'message:send', { conversationId, clientId: 'note-1', body: 'VIP', internal: true }));
      ok(await request(onB, 'message:send', { conversationId, clientId: 'missed-2', body: 'It left yesterday.' }));
      expect(held()).toEqual([
        [1, 'hello, anyone?'],
        [3, 'it is order 1042'],
      ]);

      await redis.start();
      const back = Date.now();
      await eventually(() => widget.currentMessages.length === 4, 5_000);
      expect(Date.now() - back).toBeLessThan(5_000);
      expect(held()).toEqual([
        [1, 'hello, anyone?'],
        [2, 'Hi! Which order is it?'],
        [3, 'it is order 1042'],
        [4, 'It left yesterday.'],
      ]);
      // The agent's socket on B was told too (B's own link came back), and nobody reconnected.
      await eventually(() => resyncs.length > 0, 5_000);
      expect(connections.every((c) => c === 'online')).toBe(true);
      // Live again both ways.
      ok(await request(onB, 'message:send', { conversationId, clientId: 'after-1', body: 'Anything else?' }));
      await eventually(() => widget.currentMessages.length === 5);
      expectGapFreeAndUnique(await stored(conversationId));
    } finally {
      clearInterval(watch);
    }
  }, 60_000);

  it('a frozen process: health fails, the widget whose send goes unanswered reconnects through the load balancer to the other and resends, stored once', async () => {
    const site = await createSite();
    const proxy = await HealthRoutingProxy.start([a, b]);
    expect(proxy.healthy).toEqual([true, true]);
    // With the browser's localStorage, so the visitor token survives the reconnect.
    const widget = widgetOn(`${proxy.url}/`, site.key, '/products/hat', memoryStorage());
    const held = () => widget.currentMessages.map((m) => m.body);
    let paused = false;
    try {
      widget.send('hello from the hat page');
      await eventually(() => widget.currentMessages.length === 1);
      const conversationId = widget.currentId!;
      const { socket: onB, heard } = await agent(b, false);
      ok(await request(onB, 'conversation:takeover', { conversationId }));
      ok(await request(onB, 'conversation:join', { conversationId, afterSeq: 0 }));

      // A freezes with the widget's connection open; the load balancer's health check notices.
      a.pause();
      paused = true;
      await eventually(() => !proxy.healthy[0], 3_000);
      expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
      ok(await request(onB, 'message:send', { conversationId, clientId: 'while-frozen-1', body: 'Hi, how can I help?' }));
      const sent = Date.now();
      widget.send('is my hat shipped?');
      // The ack never comes from A: after the ack timeout the widget reconnects, now to B, sends
      // the message again with its clientId and catches up with the reply it missed.
      await eventually(() => widget.pending.length === 0 && widget.currentMessages.length === 3, 20_000);
      const recovered = Date.now() - sent;
      expect(held()).toEqual(['hello from the hat page', 'Hi, how can I help?', 'is my hat shipped?']);
      await eventually(() => heard.some((m) => m.body === 'is my hat shipped?'));
      console.log(`frozen process: the widget's message was stored through the other process ${recovered} ms after it was sent`);

      // A wakes up and handles the send it had buffered: the same clientId, stored once.
      a.resume();
      paused = false;
      await eventually(() => proxy.healthy[0] === true, 10_000);
      await sleep(500);
      const rows = await stored(conversationId);
      expectGapFreeAndUnique(rows);
      expect(rows.map((r) => r.body)).toEqual(held());
      ok(await request(onB, 'message:send', { conversationId, clientId: 'after-thaw-1', body: 'It ships today.' }));
      await eventually(() => widget.currentMessages.length === 4);
    } finally {
      if (paused) a.resume();
      await proxy.close();
    }
  }, 60_000);

  it('limits fired at both processes at once hold: five of forty sign-in guesses checked, twenty of thirty conversation starts accepted', async () => {
    const invited = await fetch(`${a.url}/api/v1/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookieA, origin: a.url },
      body: JSON.stringify({ email: `guessed-${randomBytes(3).toString('hex')}@example.com`, name: 'Guessed' }),
    });
    expect(invited.status).toBe(201);
    const { agent: target, temporaryPassword } = (await invited.json()) as { agent: { email: string }; temporaryPassword: string };
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${(i % 2 ? b : a).url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: target.email, password: `guess-${i}` }) }).then((r) => r.status),
      ),
    );
    expect(guesses.filter((status) => status === 401)).toHaveLength(5);
    expect(guesses.filter((status) => status === 429)).toHaveLength(35);
    const right = await fetch(`${b.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: target.email, password: temporaryPassword }) });
    expect(right.status).toBe(429);

    const site = await createSite();
    const first = await shopper(a, site.key);
    const second = await shopper(b, site.key, first.token);
    const starts = await Promise.all(Array.from({ length: 30 }, (_, i) => request(i % 2 ? second.socket : first.socket, 'conversation:start', {})));
    expect(starts.filter((s) => s.ok)).toHaveLength(20);
    expect(starts.filter((s) => !s.ok).every((s) => !s.ok && s.error.code === 'RATE_LIMITED')).toBe(true);
  }, 60_000);

  it('a Redis that stops answering (frozen, connections open) does not hold up sends', async () => {
    const site = await createSite();
    const visitor = await shopper(a, site.key);
    const conversationId = ok(await request(visitor.socket, 'conversation:start', {})).conversation.id;
    const onA = await agent(a, false);
    ok(await request(onA.socket, 'conversation:join', { conversationId, afterSeq: 0 }));
    redis.pause();
    try {
      for (let i = 0; i < 3; i++) {
        const sent = Date.now();
        ok(await request(visitor.socket, 'message:send', { conversationId, clientId: `frozen-${i}`, body: `while Redis is frozen ${i}` }, 5_000));
        expect(Date.now() - sent).toBeLessThan(1_500);
      }
      await eventually(() => onA.heard.filter((m) => m.clientId.startsWith('frozen-')).length === 3);
    } finally {
      redis.resume();
    }
    expectGapFreeAndUnique(await stored(conversationId));
  }, 30_000);

  it('a slow LLM and a slow store delay only their own conversations', async () => {
    const wooSite = await createSite({
      botEnabled: true,
      commerce: { source: 'woocommerce', url: `${slowUrl}/wp-json`, consumerKey: 'ck_faults', consumerSecret: 'cs_faults' },
    } as SiteSettings);
    const humanSite = await createSite();
    slowState.maxPending = 0;

    // A FAQ on the demo site goes to the (slow) LLM; an order look-up on the Woo site to the (slow) store.
    const faq = await shopper(a, 'demo', undefined, DEMO_ORIGIN);
    const faqId = ok(await request(faq.socket, 'conversation:start', {})).conversation.id;
    const order = await shopper(b, wooSite.key);
    const orderId = ok(await request(order.socket, 'conversation:start', {})).conversation.id;
    ok(await request(order.socket, 'message:send', { conversationId: orderId, clientId: 'o1', body: 'where is my order 1002?' }));
    await eventually(() => order.inbox.some((m) => m.author.type === 'bot'), 10_000);
    const askedAt = Date.now();
    ok(await request(order.socket, 'message:send', { conversationId: orderId, clientId: 'o2', body: 'giulia.rossi@example.com' }));
    ok(await request(faq.socket, 'message:send', { conversationId: faqId, clientId: 'f1', body: 'How long does delivery take to Milan?' }));
    await eventually(() => slowState.pending >= 2, 5_000);

    // Meanwhile: a human chat across the processes, and another shopper's bot dialog on each process.
    const human = await shopper(a, humanSite.key);
    const humanId = ok(await request(human.socket, 'conversation:start', {})).conversation.id;
    const { socket: agentB, heard } = await agent(b, false);
    ok(await request(agentB, 'conversation:takeover', { conversationId: humanId }));
    ok(await request(agentB, 'conversation:join', { conversationId: humanId, afterSeq: 0 }));
    for (let i = 0; i < 5; i++) {
      const sent = Date.now();
      ok(await request(human.socket, 'message:send', { conversationId: humanId, clientId: `h${i}`, body: `human ${i}` }));
      await eventually(() => heard.some((m) => m.clientId === `h${i}`), 2_000);
      expect(Date.now() - sent).toBeLessThan(1_500);
    }
    for (const server of [a, b]) {
      const other = await shopper(server, 'demo', undefined, DEMO_ORIGIN);
      const otherId = ok(await request(other.socket, 'conversation:start', {})).conversation.id;
      const sent = Date.now();
      ok(await request(other.socket, 'message:send', { conversationId: otherId, clientId: 'x1', body: 'where is my order 1002?' }));
      await eventually(() => other.inbox.some((m) => m.author.type === 'bot'), 3_000);
      expect(Date.now() - sent).toBeLessThan(3_000);
    }
    // All of that happened while both slow calls were still pending.
    expect(Date.now() - askedAt).toBeLessThan(SLOW_MS);
    expect(slowState.maxPending).toBeGreaterThanOrEqual(2);

    // The slow conversations get their answers in the end (the LLM failed: the deterministic one).
    await eventually(() => faq.inbox.some((m) => m.author.type === 'bot' && /working day/i.test(m.body)), 15_000);
    // The store's two slow calls (the order by id, then a search) take 2 × SLOW_MS.
    await eventually(() => order.inbox.filter((m) => m.author.type === 'bot').length >= 2, 4 * SLOW_MS);
  }, 60_000);
});

/** A `localStorage` stand-in for the widget's client outside a browser. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}
