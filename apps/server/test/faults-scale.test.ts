import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createDb, createTestDb, messages, sites, type DbHandle, type SiteSettings } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { io as connect } from 'socket.io-client';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { TurnLock } from '../src/services/turn-lock';
import { connected, eventually, ok, once, request, sleep, type VisitorSocket } from './test-server';

// What a process keeps in memory must not break when a shopper's requests reach two processes:
// two apps, each on its own connection pool to one PostgreSQL database (as two processes are),
// joined by Redis when TEST_REDIS_URL is set.
const runs = process.env.TEST_DB === 'postgres' && !!process.env.TEST_DATABASE_URL;
const ORIGIN = 'https://scale-faults.shop.test';

describe.runIf(runs)('in-memory state across two processes', () => {
  let main: DbHandle & { url: string | null };
  const handles: DbHandle[] = [];
  const nodes: { app: FastifyInstance; url: string; cookie: string }[] = [];
  let slow: Server;
  let slowUrl: string;
  const sockets: VisitorSocket[] = [];
  let agentEmail: string;

  beforeAll(async () => {
    main = await createTestDb();
    slow = createServer((request, response) => {
      request.resume();
      // A WooCommerce store that takes its time and knows no order.
      setTimeout(() => {
        if (/\/orders\/\d+/.test(request.url ?? '')) response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"woocommerce_rest_shop_order_invalid_id"}');
        else response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      }, 1_000);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const env: Record<string, string> = { LOG_LEVEL: 'silent', PUBLIC_URL: 'http://sportello.test' };
    if (process.env.TEST_REDIS_URL) Object.assign(env, { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `scale-faults-${randomBytes(4).toString('hex')}` });
    agentEmail = `scale-${randomBytes(4).toString('hex')}@example.com`;
    for (let i = 0; i < 2; i++) {
      const handle = await createDb({ databaseUrl: main.url!, migrate: false, poolSize: 4, onPoolError: () => undefined });
      handles.push(handle);
      const app = await buildApp({ config: loadConfig(env), db: handle, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      if (i === 0) await app.services.auth.createAgent({ email: agentEmail, name: 'Scale admin', password: 'scale-password', role: 'admin' });
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agentEmail, password: 'scale-password' } });
      nodes.push({ app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, cookie: String(login.headers['set-cookie']).split(';')[0]! });
    }
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const node of nodes) await node.app.close();
    for (const handle of handles) await handle.close();
    await new Promise((resolve) => (slow ? slow.close(resolve) : resolve(undefined)));
    await main?.close();
  });

  async function createSite(settings: SiteSettings): Promise<{ id: string; key: string }> {
    const key = `scale-${randomBytes(4).toString('hex')}`;
    const [site] = await main.db.insert(sites).values({ key, name: key, allowedOrigins: [ORIGIN], secret: 's', settings }).returning();
    return { id: site!.id, key };
  }

  async function shopper(node: { url: string }, siteKey: string, token?: string) {
    const socket: VisitorSocket = connect(`${node.url}/visitor`, { transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true, extraHeaders: { origin: ORIGIN }, auth: { siteKey, ...(token ? { token } : {}) } });
    sockets.push(socket);
    const inbox: Message[] = [];
    socket.on('message:new', (m) => inbox.push(m));
    const session = token ? null : once<{ token: string }>(socket as never, 'visitor:session');
    await connected(socket);
    return { socket, inbox, token: token ?? (await session!).token };
  }

  /** Sends as the shopper and waits for the bot's next reply in this tab. */
  async function ask(chat: { socket: VisitorSocket; inbox: Message[] }, conversationId: string, body: string): Promise<string> {
    const before = chat.inbox.filter((m) => m.author.type === 'bot').length;
    ok(await request(chat.socket, 'message:send', { conversationId, clientId: `q-${randomBytes(4).toString('hex')}`, body }));
    await eventually(() => chat.inbox.filter((m) => m.author.type === 'bot').length > before, 5_000);
    await sleep(100);
    return chat.inbox.filter((m) => m.author.type === 'bot').slice(before).map((m) => m.body).join('\n');
  }

  it("answers from an article edited through the other process at the shopper's next question", async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const site = await createSite({ botEnabled: true });
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/kb',
      headers: { cookie: a.cookie, origin: 'http://sportello.test' },
      payload: { siteId: site.id, locale: 'en', title: 'Gift wrapping', body: 'We wrap every gift in recycled paper, free of charge.', tags: ['gift', 'wrapping'] },
    });
    expect(created.statusCode).toBe(201);
    const articleId = created.json().article.id as string;

    // B's bot answers (and builds its index) from the first version.
    const chat = await shopper(b, site.key);
    const first = ok(await request(chat.socket, 'conversation:start', {})).conversation.id;
    expect(await ask(chat, first, 'Can you wrap my gift?')).toMatch(/free of charge/);

    // Edited through A: B's next answer already follows it.
    const edited = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/kb/${articleId}`,
      headers: { cookie: a.cookie, origin: 'http://sportello.test' },
      payload: { body: 'Gift wrapping costs 3 euros per parcel, in recycled paper.' },
    });
    expect(edited.statusCode).toBe(200);
    const second = ok(await request(chat.socket, 'conversation:start', {})).conversation.id;
    expect(await ask(chat, second, 'Can you wrap my gift?')).toMatch(/3 euros/);

    // Unpublished through A: B no longer answers from it.
    await a.app.inject({ method: 'PATCH', url: `/api/v1/kb/${articleId}`, headers: { cookie: a.cookie, origin: 'http://sportello.test' }, payload: { published: false } });
    const third = ok(await request(chat.socket, 'conversation:start', {})).conversation.id;
    expect(await ask(chat, third, 'Can you wrap my gift?')).not.toMatch(/3 euros|free of charge/);
  }, 30_000);

  it("runs one bot turn at a time per conversation, even with the shopper's tabs on two processes", async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const site = await createSite({ botEnabled: true, commerce: { source: 'woocommerce', url: `${slowUrl}/wp-json`, consumerKey: 'ck_scale', consumerSecret: 'cs_scale' } });
    const tabA = await shopper(a, site.key);
    const tabB = await shopper(b, site.key, tabA.token);
    const conversationId = ok(await request(tabA.socket, 'conversation:start', {})).conversation.id;
    expect(await ask(tabA, conversationId, 'where is my order 1002?')).toMatch(/e-?mail/i);

    // A's turn looks the order up in the slow store (about 2 s) holding the conversation's lock;
    // B's turn for the next message waits for it instead of reading the same state beside it.
    ok(await request(tabA.socket, 'message:send', { conversationId, clientId: 'email', body: 'giulia.rossi@example.com' }));
    await sleep(200);
    ok(await request(tabB.socket, 'message:send', { conversationId, clientId: 'human', body: 'I want to talk to a real person' }));
    await eventually(async () => (await nodes[0]!.app.services.conversations.getRow(conversationId)).status === 'queued', 10_000);
    await sleep(300);

    const rows = await main.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
    const order = rows.map((m) => (m.authorType === 'bot' ? `bot:${m.clientId.replace(/-\d+$/, '')}` : `visitor:${m.clientId}`));
    const emailId = rows.find((m) => m.clientId === 'email')!.id;
    const humanId = rows.find((m) => m.clientId === 'human')!.id;
    // Every reply to the e-mail comes before any reply to the request for a human.
    const lastEmailReply = order.lastIndexOf(`bot:bot-${emailId}`);
    const firstHumanReply = order.indexOf(`bot:bot-${humanId}`);
    expect(lastEmailReply).toBeGreaterThan(-1);
    expect(firstHumanReply).toBeGreaterThan(lastEmailReply);
  }, 30_000);

  it('holds a lock across PostgreSQL sessions and frees it when its holder dies', async () => {
    const [first, second] = handles as [DbHandle, DbHandle];
    const lockA = TurnLock.for(first.db);
    const lockB = TurnLock.for(second.db);
    const key = `conv-${randomBytes(4).toString('hex')}`;
    const release = await lockA.acquire(key);
    let got = false;
    const waiting = lockB.acquire(key).then((r) => {
      got = true;
      return r;
    });
    await sleep(300);
    expect(got).toBe(false);
    // Other keys are not held up.
    await (await lockB.acquire(`${key}-other`))();
    await release();
    await (await waiting)();
    expect(got).toBe(true);

    // A holder whose session ends (a process killed) takes its lock with it.
    const dead = `conv-${randomBytes(4).toString('hex')}`;
    await lockA.acquire(dead);
    await main.query("select pg_terminate_backend(l.pid) from pg_locks l where l.locktype = 'advisory' and l.classid = 7262002 and l.objid = hashtext($1)::oid", [dead]);
    const start = Date.now();
    await (await lockB.acquire(dead))();
    expect(Date.now() - start).toBeLessThan(2_000);
  }, 30_000);
});
