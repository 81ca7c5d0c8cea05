import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { agents, conversations, kbArticles, messages, sites } from '@sportello/db';
import { AGENT_CLIENT_EVENTS, LIMITS, VISITOR_CLIENT_EVENTS } from '@sportello/protocol';
import type { Socket } from 'socket.io-client';
import { TestServer, connected, eventually, ok, request, type TestAgent, type TestSite, type VisitorSocket } from './test-server';

// Random and pathological input on every socket event, on the raw Socket.IO and Engine.IO
// packets under them, on the handshakes, and on every HTTP route (not only the API): the process
// answers with error acks or error bodies, never crashes, stores nothing and pollutes no prototype.
// Complements hostile-input.test.ts (fixed payloads) and route-fuzz.test.ts (random API bodies).

let server: TestServer;
let site: TestSite;
let admin: TestAgent;

beforeAll(async () => {
  server = await TestServer.start({ VISITOR_MESSAGES_PER_10S: '100000', AGENT_MESSAGES_PER_10S: '100000', NEW_VISITORS_PER_MINUTE: '100000' });
  site = await server.createSite();
  admin = await server.createAgent([site.id], 'admin');
});
afterAll(() => server?.close());

/** A small deterministic generator, so that a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const keys = ['conversationId', 'clientId', 'body', 'seq', 'afterSeq', 'typing', 'cursors', 'status', 'agentId', 'rating', 'presence', 'url', 'priority', 'until', '__proto__', 'constructor', 'prototype', 'toString', 'x'];
  const value = (depth: number, conversationId: string): unknown => {
    switch (pick(['string', 'number', 'bool', 'null', 'array', 'object', 'huge', 'deep', 'binary', 'uuid', 'proto', 'undefined'] as const)) {
      case 'string':
        return pick(['', ' ', 'x', '<img src=x onerror=alert(1)>', '\u0000\u0001\u001f', 'é漢字🙂\u202e', "'; drop table messages; --", '%00', '{{7*7}}', 'open', 'closed', 'online']);
      case 'number':
        return pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, -0]);
      case 'bool':
        return next() > 0.5;
      case 'null':
        return null;
      case 'undefined':
        return undefined;
      case 'array':
        return depth > 3 ? [] : Array.from({ length: Math.floor(next() * 5) }, () => value(depth + 1, conversationId));
      case 'object':
        return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(keys), value(depth + 1, conversationId)]));
      case 'huge':
        // Under the packet limit, far over every field's limit.
        return 'x'.repeat(pick([5_000, 20_000, 40_000]));
      case 'deep':
        return deep(pick([100, 1_000, 3_000]));
      case 'binary':
        return pick([Buffer.from([0xde, 0xad, 0xbe, 0xef]), new Uint8Array(1024), Buffer.alloc(30_000, 7)]);
      case 'uuid':
        return pick([conversationId, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']);
      case 'proto':
        return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "conversationId": "x"}');
    }
  };
  return { next, pick, value };
}

const deep = (n: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

/** Bytes a payload takes in a packet, roughly (binary parts count at their size). */
function packetSize(value: unknown): number {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? 'b'.repeat(v.byteLength) : (v as { type?: string })?.type === 'Buffer' ? 'b'.repeat((v as { data: unknown[] }).data.length) : v))?.length ?? 0;
}

const ERROR_CODES = ['VALIDATION_FAILED', 'NOT_FOUND', 'CONVERSATION_CLOSED', 'INVALID_TRANSITION', 'RATE_LIMITED', 'FORBIDDEN'];

/** Fires `rounds` random payloads at each event (some with extra arguments or no ack) and checks every ack. */
async function fuzzEvents(socket: Socket, events: readonly string[], conversationId: string, seed: number, rounds: number): Promise<string[]> {
  const g = generator(seed);
  const failures: string[] = [];
  // Unknown events have no handler and get no ack: they must simply do no harm.
  for (let i = 0; i < 10; i++) socket.emit(g.pick(['no:such:event', '__proto__', 'constructor', 'hasOwnProperty', 'toString']), g.value(0, conversationId));
  for (const event of events) {
    for (let i = 0; i < rounds; i++) {
      let payload = g.value(0, conversationId);
      // A packet over the limit closes the connection (hostile-input.test.ts covers that): stay under it.
      if (packetSize(payload) > LIMITS.packetMaxBytes / 2) payload = 'x'.repeat(LIMITS.packetMaxBytes / 2);
      const shape = g.next();
      if (shape < 0.1) {
        // No ack, or a last argument that is not a function, or several arguments: nothing to answer, nothing to break.
        socket.emit(event, payload);
        socket.emit(event, payload, 'not a callback');
        continue;
      }
      let ack: { ok?: unknown; error?: { code?: unknown; message?: unknown } };
      try {
        ack = (await (shape < 0.2 ? socket.timeout(5000).emitWithAck(event, payload, g.pick([1, 'two', null, { three: 3 }])) : socket.timeout(5000).emitWithAck(event, payload))) as typeof ack;
      } catch (error) {
        failures.push(`${event} ${JSON.stringify(payload)?.slice(0, 200)} → ${(error as Error).message} (connected: ${socket.connected})`);
        if (!socket.connected) return failures;
        continue;
      }
      if (ack.ok === true) continue;
      if (ack.ok !== false || typeof ack.error?.message !== 'string' || !ERROR_CODES.includes(ack.error.code as string)) {
        failures.push(`${event} ${JSON.stringify(payload)?.slice(0, 120)} → ${JSON.stringify(ack).slice(0, 200)}`);
      }
    }
  }
  return failures;
}

describe('random payloads on every socket event', () => {
  it('visitor events: error acks only, the socket and the data survive', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    ok(await request(socket, 'message:send', { conversationId, clientId: 'before', body: 'before the fuzz' }));
    const events = VISITOR_CLIENT_EVENTS.filter((e) => e !== 'conversation:start' && e !== 'message:send');
    const failures = await fuzzEvents(socket as unknown as Socket, events, conversationId, 7, 40);
    // message:send with random payloads must never store one (no valid clientId + body pair is generated).
    failures.push(...(await fuzzEvents(socket as unknown as Socket, ['message:send'], conversationId, 11, 80)));
    expect(failures).toEqual([]);
    expect(socket.connected).toBe(true);
    ok(await request(socket, 'message:send', { conversationId, clientId: 'after', body: 'after the fuzz' }));
    const stored = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.seq);
    expect(stored.map((m) => m.body)).toEqual(['before the fuzz', 'after the fuzz']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it('agent events: error acks only, the socket survives', async () => {
    const visitor = await server.connectVisitor(site);
    const conversationId = await server.startConversation(visitor.socket);
    const agent = await server.connectAgent(admin);
    const failures = await fuzzEvents(agent as unknown as Socket, AGENT_CLIENT_EVENTS.filter((e) => e !== 'message:send'), conversationId, 13, 30);
    failures.push(...(await fuzzEvents(agent as unknown as Socket, ['message:send'], conversationId, 17, 80)));
    expect(failures).toEqual([]);
    expect(agent.connected).toBe(true);
    const stored = await server.services.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId));
    expect(stored[0]!.n).toBe(0);
    ok(await request(agent, 'message:send', { conversationId, clientId: 'fine', body: 'still here' }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});

describe('malformed packets under the events', () => {
  /** A fresh visitor connection whose raw Engine.IO socket a test may abuse. */
  async function rawVisitor(): Promise<{ visitor: VisitorSocket; socket: Socket; closed: Promise<unknown> }> {
    const { socket: visitor } = await server.connectVisitor(site);
    const raw = visitor as unknown as Socket;
    return { visitor, socket: raw, closed: new Promise((resolve) => raw.once('disconnect', resolve)) };
  }

  it('bad Socket.IO packets close that connection only; reserved event names are refused', async () => {
    const packets = [
      '2/visitor,["message:send"', // truncated JSON
      '2/visitor,{"not":"an array"}',
      '2/visitor,[42,{}]', // event name not a string
      '2/visitor,["connect",{}]', // reserved names
      '2/visitor,["disconnect",{}]',
      '2/visitor,["disconnecting",{}]',
      '2/visitor,["newListener",{}]',
      '2/visitor,["__proto__",{}]',
      '2/visitor,99999999999999999999999["typing",{}]',
      '5-/visitor,["message:send",{"_placeholder":true,"num":0}]', // announces a binary attachment that never comes
      '51-/visitor,["message:send",{"_placeholder":true,"num":7}]',
      '9/visitor,["x"]', // unknown packet type
      '0/nope,', // another namespace
      '',
      '\u0000\u00ff',
    ];
    for (const packet of packets) {
      const { visitor, socket, closed } = await rawVisitor();
      socket.io.engine.write(packet);
      // Either the server drops this connection (a parse error) or ignores the packet; both are fine.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 300))]);
      if (socket.connected) {
        // Ignored, or still waiting for announced attachments (the next packet then closes it).
        try {
          const conversationId = await server.startConversation(visitor);
          ok(await request(visitor, 'message:send', { conversationId, clientId: 'ok', body: 'still works' }));
        } catch (error) {
          expect({ packet, connected: socket.connected, error: String(error) }).toMatchObject({ connected: false });
        }
      }
      socket.disconnect();
    }
    const after = await server.connectVisitor(site);
    expect(after.socket.connected).toBe(true);
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 60_000);

  it('garbage Engine.IO frames (text and binary) close that connection only', async () => {
    for (const frame of ['x', '4', '42', '6', '\u00ff\u00fe', Buffer.from([0xff, 0x00, 0x13, 0x37]), Buffer.alloc(32_000, 0xaa)]) {
      const { socket, closed } = await rawVisitor();
      const ws = (socket.io.engine as unknown as { transport: { ws: { send(data: unknown): void } } }).transport.ws;
      ws.send(frame);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 150))]);
      socket.disconnect();
    }
    const after = await server.connectVisitor(site);
    const conversationId = await server.startConversation(after.socket);
    ok(await request(after.socket, 'message:send', { conversationId, clientId: 'after-garbage', body: 'fine' }));
  }, 30_000);
});

describe('random handshakes', () => {
  it('refuse bad visitor and agent handshakes with a code (or drop an oversized one), never crash', async () => {
    const g = generator(23);
    const failures: string[] = [];
    for (let i = 0; i < 60; i++) {
      const auth = g.next() < 0.5 ? g.value(0, '') : { siteKey: g.pick([site.key, 'nope', '', 'x'.repeat(500), 42, null]), token: g.value(1, ''), identity: g.value(1, ''), locale: g.value(1, '') };
      const origin = g.pick([site.origin, 'null', 'https://evil.test', '', 'javascript:alert(1)', 'http://[::1', site.origin.toUpperCase()]);
      const socket = server.visitorSocket({ siteKey: site.key, origin });
      (socket as unknown as { auth: unknown }).auth = auth && typeof auth === 'object' && !Array.isArray(auth) ? auth : { junk: auth };
      const outcome = await new Promise<string>((resolve) => {
        setTimeout(() => resolve('no answer'), 3000);
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error: Error & { data?: { code?: unknown } }) => resolve(typeof error.data?.code === 'string' ? 'refused' : `no code: ${error.message}`));
        // An auth object over the packet limit: the server drops the connection (checked below).
        socket.io.once('close', (reason: string) => setTimeout(() => resolve(reason === 'transport close' ? 'dropped' : `closed: ${reason}`), 50));
        socket.connect();
      }).finally(() => undefined);
      const acceptable = outcome === 'connected' || outcome === 'refused' || (outcome === 'dropped' && packetSize(auth) > LIMITS.packetMaxBytes / 2);
      if (!acceptable) failures.push(`${JSON.stringify(auth)?.slice(0, 100)} (${packetSize(auth)} bytes) from ${origin}: ${outcome}`);
      socket.disconnect();
    }
    expect(failures).toEqual([]);
    // Agent handshakes with broken cookies.
    for (const cookie of ['sportello_session=', 'sportello_session=%E0%A4%A', 'sportello_session=' + 'a'.repeat(4000), '=;=;=', 'sportello_session=x; sportello_session=y']) {
      const socket = server.agentSocket(cookie);
      let code = 'connected';
      try {
        await connected(socket as unknown as Socket);
      } catch (error) {
        code = String((error as { data?: { code?: unknown } }).data?.code);
      }
      expect(code).toBe('UNAUTHENTICATED');
      socket.disconnect();
    }
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 60_000);
});

describe('every HTTP route, given pathological requests', () => {
  it('answers without a 5xx; API errors have the common body; nothing is stored or polluted', async () => {
    const tables = [agents, sites, kbArticles, conversations, messages] as const;
    const countAll = () => Promise.all(tables.map(async (t) => (await server.services.db.select({ n: count() }).from(t))[0]!.n));
    const before = await countAll();
    const nested = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const bodies = [
      nested(5_000),
      '['.repeat(10_000) + ']'.repeat(10_000),
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      JSON.stringify({ body: 'x'.repeat(LIMITS.packetMaxBytes * 2) }), // over the body limit
      '{"a":1,"a":2,"a":{"b":[1,2,{"c":"\\u0000"}]}}',
      '"just a string"',
      '\uFEFF{"bom":true}',
    ];
    const queries = ['?__proto__[polluted]=1&constructor[prototype][polluted]=1', '?siteId=a&siteId=b&siteId=c', '?limit=1e400&cursor=%ZZ', `?q=${'x'.repeat(3000)}`, '?status[]=open&status[$ne]=closed'];
    const cookies = [admin.cookie, 'sportello_session=%E0%A4%A', `${admin.cookie}; ${admin.cookie}x`, ''];
    const failures: string[] = [];
    const g = generator(29);
    for (const route of server.app.routeTable) {
      if (route.method === 'HEAD' || route.url === '*') continue;
      for (let i = 0; i < 4; i++) {
        const url = route.url.replace(/:[a-z]+/gi, () => g.pick(['00000000-0000-4000-8000-000000000000', '..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(2000)])).replace('*', g.pick(['', 'a/../../b', '%2e%2e/%2e%2e/package.json'])) + g.pick(queries);
        const method = g.next() < 0.2 ? g.pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS']) : route.method;
        const hasBody = method !== 'GET' && method !== 'DELETE' && method !== 'OPTIONS';
        const response = await server.app.inject({
          method: method as 'GET',
          url,
          headers: { cookie: g.pick(cookies), origin: g.pick(['http://sportello.test', 'https://evil.test']), 'content-type': g.pick(['application/json', 'application/json; charset=utf-16', 'text/plain', 'multipart/form-data; boundary=x']) },
          ...(hasBody ? { payload: g.pick(bodies) } : {}),
        });
        if (response.statusCode >= 500) failures.push(`${method} ${url.slice(0, 120)} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        else if (response.statusCode >= 400 && url.startsWith('/api/')) {
          let body: { error?: { code?: unknown; message?: unknown } } = {};
          try {
            body = response.json();
          } catch {
            // not JSON: reported below
          }
          if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string') failures.push(`${method} ${url.slice(0, 120)} → ${response.statusCode} without an error body: ${response.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await countAll()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 120_000);

  it('limits bot previews per agent', async () => {
    const limited = await TestServer.start();
    try {
      const own = await limited.createSite({ botEnabled: true });
      const agent = await limited.createAgent([own.id]);
      const codes: number[] = [];
      for (let i = 0; i < 62; i++) {
        const response = await limited.app.inject({ method: 'POST', url: '/api/v1/bot/preview', headers: { cookie: agent.cookie, origin: 'http://sportello.test' }, payload: { site: own.key, text: `hello ${i}` } });
        codes.push(response.statusCode);
      }
      expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true);
      expect(codes.slice(60)).toEqual([429, 429]);
      // Another agent is not held up by the first one's previews.
      const other = await limited.createAgent([own.id]);
      const response = await limited.app.inject({ method: 'POST', url: '/api/v1/bot/preview', headers: { cookie: other.cookie, origin: 'http://sportello.test' }, payload: { site: own.key, text: 'hello' } });
      expect(response.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  }, 60_000);
});

// The fuzzing above must leave the server answering ordinary traffic promptly.
describe('afterwards', () => {
  it('still delivers a message between a shopper and an agent', async () => {
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    const agent = await server.connectAgent(admin);
    const heard: string[] = [];
    agent.on('message:new', (m) => heard.push(m.body));
    ok(await request(agent, 'conversation:join', { conversationId, afterSeq: 0 }));
    ok(await request(socket, 'message:send', { conversationId, clientId: 'last', body: 'the last word' }));
    await eventually(() => heard.includes('the last word'));
  });
});
