import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import { createTestDb, sites, type DbHandle } from '@sportello/db';
import { LIMITS } from '@sportello/protocol';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { ACCOUNT_ATTEMPTS_LIMIT, ADDRESS_ATTEMPTS_LIMIT, PAIR_ATTEMPTS_LIMIT } from '../src/services/login-guard';
import { connected, ok, request, type VisitorSocket } from './test-server';

const redisUrl = process.env.TEST_REDIS_URL;
const origin = 'https://shop.limits.test';
const tag = () => randomBytes(4).toString('hex');

interface Node {
  app: FastifyInstance;
  url: string;
}

/** Two server processes' worth of app on one database, as behind a load balancer; Redis when given. */
async function startNodes(db: DbHandle, withRedis: boolean): Promise<Node[]> {
  // A secret of its own: with the built-in one, no browser is trusted (its device cookie could be forged).
  const env: Record<string, string> = { LOG_LEVEL: 'silent', PUBLIC_URL: 'http://sportello.test', SESSION_SECRET: 'limits-secret-limits-secret-limits-secret' };
  if (withRedis) Object.assign(env, { REDIS_URL: redisUrl!, REDIS_PREFIX: `limits-${tag()}` });
  const nodes: Node[] = [];
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({ config: loadConfig(env), db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    nodes.push({ app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` });
  }
  return nodes;
}

/** A site without the bot, allowing `origin`. */
async function humanSite(db: DbHandle): Promise<{ key: string }> {
  const [site] = await db.db.insert(sites).values({ key: `limits-${tag()}`, name: 'Limits', allowedOrigins: [origin], secret: 's', settings: { botEnabled: false } }).returning();
  return site!;
}

/** One shopper with a socket on each node: the second connects with the token the first was given. */
async function oneShopperOnBoth(nodes: Node[], siteKey: string): Promise<[VisitorSocket, VisitorSocket]> {
  const options = { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin } };
  const first: VisitorSocket = connect(`${nodes[0]!.url}/visitor`, { ...options, auth: { siteKey } });
  const token = await new Promise<string>((resolve) => first.once('visitor:session', (s) => resolve(s.token)));
  const second: VisitorSocket = connect(`${nodes[1]!.url}/visitor`, { ...options, auth: { siteKey, token } });
  await connected(second);
  return [first, second];
}

function signIn(node: Node, email: string, password: string, options: { from?: string; cookie?: string } = {}) {
  return node.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: options.from ?? '203.0.113.7',
    ...(options.cookie ? { headers: { cookie: options.cookie } } : {}),
  });
}

/** The `sportello_device` cookie a successful sign-in set, as a `Cookie` header. */
function deviceCookie(response: { headers: Record<string, unknown> }): string {
  const cookies = response.headers['set-cookie'] as string[];
  return cookies.find((c) => c.startsWith('sportello_device='))!.split(';')[0]!;
}

function statuses(responses: { statusCode: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
  return counts;
}

describe('limits fired all at once across two processes on one database', () => {
  let db: DbHandle;
  let nodes: Node[];

  beforeAll(async () => {
    db = await createTestDb();
    nodes = await startNodes(db, false);
  });
  afterAll(async () => {
    for (const node of nodes ?? []) await node.app.close();
    await db?.close();
  });

  it('checks five of forty simultaneous guesses on one account and refuses the rest unchecked, the right password too', async () => {
    const email = `guessed-${tag()}@example.com`;
    await nodes[0]!.app.services.auth.createAgent({ email, name: 'Guessed', password: 'right-password', role: 'agent' });
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(nodes[i % 2]!, email, i === 39 ? 'right-password' : `guess-${i}`)),
    );
    // The right password was among the forty: whether it was checked depends on its arrival, but
    // never more than five were, so at most five of the answers are not 429.
    const counts = statuses(guesses);
    expect(counts[429]).toBe(40 - PAIR_ATTEMPTS_LIMIT);
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBe(PAIR_ATTEMPTS_LIMIT);
    for (const refused of guesses.filter((r) => r.statusCode === 429)) expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    if (!counts[200]) expect((await signIn(nodes[1]!, email, 'right-password')).statusCode).toBe(429);
  }, 30_000);

  it('keeps an agent who signed in from this browser before signing in while guesses lock their account and address', async () => {
    const email = `owner-${tag()}@example.com`;
    await nodes[0]!.app.services.auth.createAgent({ email, name: 'Owner', password: 'owner-password', role: 'admin' });
    // Behind a proxy without TRUST_PROXY, every request comes from the proxy's address.
    const proxy = '10.0.0.1';
    const first = await signIn(nodes[0]!, email, 'owner-password', { from: proxy });
    expect(first.statusCode).toBe(200);
    const device = deviceCookie(first);

    // An attacker behind the same proxy sprays other accounts and this one, all at once.
    const spray = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(nodes[i % 2]!, i % 3 ? `nobody-${i}@example.com` : email, `guess-${i}`, { from: proxy })),
    );
    expect(statuses(spray)[401]).toBeLessThanOrEqual(ADDRESS_ATTEMPTS_LIMIT);
    expect((await signIn(nodes[1]!, email, 'owner-password', { from: proxy })).statusCode).toBe(429);
    expect((await signIn(nodes[1]!, `other-${tag()}@example.com`, 'x', { from: proxy })).statusCode).toBe(429);

    // The owner's browser is counted on its own, on either process.
    const again = await signIn(nodes[1]!, email, 'owner-password', { from: proxy, cookie: device });
    expect(again.statusCode).toBe(200);
    // A device cookie is bound to its account: it does not lift the lock for another.
    const forged = await signIn(nodes[0]!, `nobody-1@example.com`, 'x', { from: proxy, cookie: device });
    expect(forged.statusCode).toBe(429);
    expect((await signIn(nodes[0]!, email, 'owner-password', { from: proxy, cookie: 'sportello_device=abc.def' })).statusCode).toBe(429);
  }, 30_000);

  it('trusts no browser while the built-in SESSION_SECRET is in use, since anyone could sign its device cookie', async () => {
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://sportello.test' }), db, logger: false });
    try {
      const email = `default-secret-${tag()}@example.com`;
      await app.services.auth.createAgent({ email, name: 'Default', password: 'default-password', role: 'agent' });
      const node = { app, url: '' };
      const first = await signIn(node, email, 'default-password', { from: '192.0.2.1' });
      const device = deviceCookie(first);
      // Guesses from the same address lock the account there; the cookie does not lift it (with a
      // secret of the server's own it would, as the test above shows).
      const guesses = await Promise.all(Array.from({ length: PAIR_ATTEMPTS_LIMIT }, (_, i) => signIn(node, email, `guess-${i}`, { from: '192.0.2.1' })));
      expect(statuses(guesses)).toEqual({ 401: PAIR_ATTEMPTS_LIMIT });
      expect((await signIn(node, email, 'default-password', { from: '192.0.2.1', cookie: device })).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('holds the account-wide limit against guesses from many addresses at once', async () => {
    const email = `spread-${tag()}@example.com`;
    await nodes[0]!.app.services.auth.createAgent({ email, name: 'Spread', password: 'spread-password', role: 'agent' });
    const trusted = await signIn(nodes[0]!, email, 'spread-password', { from: '198.51.100.200' });
    const device = deviceCookie(trusted);
    const guesses = await Promise.all(
      Array.from({ length: 80 }, (_, i) => signIn(nodes[i % 2]!, email, `guess-${i}`, { from: `198.51.100.${i}` })),
    );
    // The owner's successful sign-in gave its attempt back, so all fifty go to the guesses.
    expect(statuses(guesses)).toEqual({ 401: ACCOUNT_ATTEMPTS_LIMIT, 429: 80 - ACCOUNT_ATTEMPTS_LIMIT });
    expect((await signIn(nodes[1]!, email, 'spread-password', { from: '198.51.100.250' })).statusCode).toBe(429);
    expect((await signIn(nodes[1]!, email, 'spread-password', { from: '198.51.100.250', cookie: device })).statusCode).toBe(200);
  }, 60_000);

  it('opens at most the cap of conversations for one shopper starting thirty at once on both processes', async () => {
    const site = await humanSite(db);
    const [first, second] = await oneShopperOnBoth(nodes, site.key);
    try {
      const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => request(i % 2 ? second : first, 'conversation:start', {})));
      const accepted = acks.filter((a) => a.ok).length;
      expect(accepted).toBe(LIMITS.visitorOpenConversationsMax);
      for (const refused of acks.filter((a) => !a.ok)) expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      const listed = ok(await request(first, 'conversation:list', {}));
      expect(listed.conversations.filter((c) => c.status !== 'closed')).toHaveLength(LIMITS.visitorOpenConversationsMax);
    } finally {
      first.disconnect();
      second.disconnect();
    }
  }, 30_000);
});

describe.runIf(redisUrl)('rate limits shared through Redis, fired all at once at two processes', () => {
  let db: DbHandle;
  let nodes: Node[];

  beforeAll(async () => {
    db = await createTestDb();
    nodes = await startNodes(db, true);
  });
  afterAll(async () => {
    for (const node of nodes ?? []) await node.app.close();
    await db?.close();
  });

  it("accepts one window's worth of a shopper's messages sent at once through both processes, and stores exactly those", async () => {
    const site = await humanSite(db);
    const [first, second] = await oneShopperOnBoth(nodes, site.key);
    try {
      const conversationId = ok(await request(first, 'conversation:start', {})).conversation.id;
      const acks = await Promise.all(
        Array.from({ length: 50 }, (_, i) => request(i % 2 ? second : first, 'message:send', { conversationId, clientId: `c${i}`, body: `message ${i}` })),
      );
      const limit = LIMITS.visitorMessagesPerWindow;
      expect(acks.filter((a) => a.ok)).toHaveLength(limit);
      for (const refused of acks.filter((a) => !a.ok)) expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      const history = ok(await request(second, 'conversation:history', { conversationId, afterSeq: 0 }));
      expect(history.messages.filter((m) => m.author.type === 'visitor')).toHaveLength(limit);
    } finally {
      first.disconnect();
      second.disconnect();
    }
  }, 30_000);
});
