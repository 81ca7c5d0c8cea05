import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import { createTestDb, siteAgents, sites, type DbHandle } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { connected, eventually, ok, refusal, request, type AgentSocket, type VisitorSocket } from './test-server';

// Needs a Redis server: CI sets TEST_REDIS_URL (redis://127.0.0.1:6379).
const redisUrl = process.env.TEST_REDIS_URL;

describe.runIf(redisUrl)('two server nodes joined by Redis', () => {
  let db: DbHandle;
  const nodes: { app: FastifyInstance; url: string }[] = [];
  const origin = 'https://shop.scale.test';

  beforeAll(async () => {
    db = await createTestDb();
    // Both nodes share the database, as processes behind a load balancer share PostgreSQL.
    const env = { LOG_LEVEL: 'silent', PUBLIC_URL: 'http://sportello.test', REDIS_URL: redisUrl!, REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}` };
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({ config: loadConfig(env), db, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      nodes.push({ app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` });
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.app.close();
    await db?.close();
  });

  it('delivers between a shopper on node A and an agent on node B, both ways, notes staying with agents', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const [site] = await db.db.insert(sites).values({ key: `scale-${randomBytes(3).toString('hex')}`, name: 'Scale', allowedOrigins: [origin], secret: 's', settings: { botEnabled: false } }).returning();
    const agentRow = await a.app.services.auth.createAgent({ email: `scale-${randomBytes(3).toString('hex')}@example.com`, name: 'Node B agent', password: 'scale-password', role: 'agent' });
    await db.db.insert(siteAgents).values({ siteId: site!.id, agentId: agentRow.id });
    const login = await b.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agentRow.email, password: 'scale-password' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;

    const shopper: VisitorSocket = connect(`${a.url}/visitor`, { transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true, extraHeaders: { origin }, auth: { siteKey: site!.key } });
    const agent: AgentSocket = connect(`${b.url}/agent`, { transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true, extraHeaders: { cookie } });
    try {
      await connected(shopper);
      await connected(agent);
      const atAgent: Message[] = [];
      const atShopper: Message[] = [];
      agent.on('message:new', (m) => atAgent.push(m));
      shopper.on('message:new', (m) => atShopper.push(m));

      const conversationId = ok(await request(shopper, 'conversation:start', {})).conversation.id;
      // The agent hears the new conversation's first message through its site inbox, across nodes.
      ok(await request(shopper, 'message:send', { conversationId, clientId: 'a1', body: 'hello from node A' }));
      await eventually(() => atAgent.some((m) => m.body === 'hello from node A'));
      ok(await request(agent, 'conversation:join', { conversationId, afterSeq: 0 }));
      ok(await request(agent, 'message:send', { conversationId, clientId: 'n1', body: 'internal note', internal: true }));
      ok(await request(agent, 'message:send', { conversationId, clientId: 'b1', body: 'hello from node B' }));
      await eventually(() => atShopper.some((m) => m.body === 'hello from node B'));
      const typing = new Promise((resolve) => agent.once('typing', resolve));
      shopper.emit('typing', { conversationId, typing: true });
      expect(await typing).toMatchObject({ conversationId, typing: true });
      expect(atShopper.map((m) => m.body)).toEqual(['hello from node B']);
    } finally {
      shopper.disconnect();
      agent.disconnect();
    }
  });

  it('shares the sign-in lock between the nodes', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const email = `lock-${randomBytes(3).toString('hex')}@example.com`;
    await a.app.services.auth.createAgent({ email, name: 'Locked', password: 'right-password', role: 'agent' });
    // Five wrong guesses spread over the two nodes lock the account on both.
    for (let i = 0; i < 5; i++) {
      const node = i % 2 ? b : a;
      expect((await node.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: `guess-${i}` } })).statusCode).toBe(401);
    }
    for (const node of [a, b]) {
      const locked = await node.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'right-password' } });
      expect(locked.statusCode).toBe(429);
    }
  }, 30_000);

  it('stops accepting a storefront removed through one node on the other at once, not when its cache expires', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const shop = 'https://removed.scale.test';
    const [site] = await db.db.insert(sites).values({ key: `orig-${randomBytes(3).toString('hex')}`, name: 'Origins', allowedOrigins: [origin, shop], secret: 's', settings: { botEnabled: false } }).returning();
    const admin = await a.app.services.auth.createAgent({ email: `origins-${randomBytes(3).toString('hex')}@example.com`, name: 'Admin', password: 'origins-password', role: 'admin' });
    const login = await a.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password: 'origins-password' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    // One visitor token, so the per-address limit on new visitors stays out of the way.
    let token: string | undefined;
    const handshake = async () => {
      const socket: VisitorSocket = connect(`${b.url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: shop }, auth: { siteKey: site!.key, ...(token ? { token } : {}) } });
      const session = new Promise<string>((resolve) => socket.once('visitor:session', (s) => resolve(s.token)));
      const result = await refusal(socket);
      if (result === 'connected' && !token) token = await session;
      return result;
    };
    // Node B has the site cached with the storefront allowed.
    expect(await handshake()).toBe('connected');
    const patched = await a.app.inject({ method: 'PATCH', url: `/api/v1/sites/${site!.id}`, headers: { cookie, origin: 'http://sportello.test' }, payload: { allowedOrigins: [origin] } });
    expect(patched.statusCode).toBe(200);
    const started = Date.now();
    await eventually(async () => (await handshake()) === 'ORIGIN_NOT_ALLOWED', 15_000);
    // Without the notice, node B would go on accepting it until its cache expired (10 s).
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
