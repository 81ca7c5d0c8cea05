import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, connected, ok, refusal, request, sleep, type TestSite } from './test-server';

let server: TestServer;
let siteA: TestSite;
let siteB: TestSite;

beforeAll(async () => {
  server = await TestServer.start();
  siteA = await server.createSite();
  siteB = await server.createSite();
});
afterAll(() => server?.close());

describe('visitor handshake', () => {
  it('refuses an Origin the site does not allow, and a missing one', async () => {
    expect(await refusal(server.visitorSocket({ siteKey: siteA.key, origin: 'https://evil.example' }))).toBe('ORIGIN_NOT_ALLOWED');
    expect(await refusal(server.visitorSocket({ siteKey: siteA.key, origin: siteB.origin }))).toBe('ORIGIN_NOT_ALLOWED');
    expect(await refusal(server.visitorSocket({ siteKey: siteA.key, origin: null }))).toBe('ORIGIN_NOT_ALLOWED');
    expect(await refusal(server.visitorSocket({ siteKey: siteA.key, origin: `${siteA.origin}.evil.example` }))).toBe('ORIGIN_NOT_ALLOWED');
    expect(await refusal(server.visitorSocket({ siteKey: siteA.key, origin: siteA.origin }))).toBe('connected');
  });

  it('refuses an unknown site key and a malformed handshake', async () => {
    expect(await refusal(server.visitorSocket({ siteKey: 'no-such-site', origin: siteA.origin }))).toBe('SITE_NOT_FOUND');
    expect(await refusal(server.visitorSocket({ siteKey: '', origin: siteA.origin }))).toBe('VALIDATION_FAILED');
  });

  it('issues a token once and recognises it on the next visit', async () => {
    const first = await server.connectVisitor(siteA);
    expect(first.token.length).toBeGreaterThan(30);
    const conversationId = await server.startConversation(first.socket);
    const issued: unknown[] = [];
    const again = server.visitorSocket({ siteKey: siteA.key, origin: siteA.origin, token: first.token });
    again.on('visitor:session', (s) => issued.push(s));
    await connected(again);
    const list = ok(await request(again, 'conversation:list', {}));
    expect(list.conversations.map((c) => c.id)).toEqual([conversationId]);
    await sleep(100);
    expect(issued).toEqual([]);
  });

  it("does not open a visitor's conversations with their token on another site", async () => {
    const onA = await server.connectVisitor(siteA);
    const conversationId = await server.startConversation(onA.socket);
    const onB = server.visitorSocket({ siteKey: siteB.key, origin: siteB.origin, token: onA.token });
    const newToken = new Promise((resolve) => onB.once('visitor:session', resolve));
    await connected(onB);
    expect(await newToken).toMatchObject({ token: expect.any(String) });
    expect(ok(await request(onB, 'conversation:list', {})).conversations).toEqual([]);
    const read = await request(onB, 'conversation:history', { conversationId, afterSeq: 0 });
    expect(read).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe("another visitor's conversation", () => {
  it('cannot be read, written, synced, marked seen or typed into', async () => {
    const owner = await server.connectVisitor(siteA);
    const conversationId = await server.startConversation(owner.socket);
    ok(await request(owner.socket, 'message:send', { conversationId, clientId: 'secret', body: 'my address is 1 Via Roma' }));
    const intruder = await server.connectVisitor(siteA);
    const leaked: unknown[] = [];
    // Anything of the owner's chat (the site's availability, public in the widget config too, is not).
    intruder.socket.onAny((event, payload) => event !== 'availability' && leaked.push([event, payload]));

    expect(await request(intruder.socket, 'conversation:history', { conversationId, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await request(intruder.socket, 'message:send', { conversationId, clientId: 'x', body: 'hi' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await request(intruder.socket, 'messages:seen', { conversationId, seq: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await request(intruder.socket, 'typing', { conversationId, typing: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(ok(await request(intruder.socket, 'sync', { cursors: [{ conversationId, afterSeq: 0 }] })).replays).toEqual([]);
    ok(await request(owner.socket, 'message:send', { conversationId, clientId: 'later', body: 'still private' }));
    await sleep(150);
    expect(leaked).toEqual([]);
    // The owner's conversation is untouched.
    const history = ok(await request(owner.socket, 'conversation:history', { conversationId, afterSeq: 0 }));
    expect(history.messages.map((m) => m.body)).toEqual(['my address is 1 Via Roma', 'still private']);
  });
});

describe('agent namespace', () => {
  it('refuses a socket without a session, with a forged one, and after logout', async () => {
    expect(await refusal(server.agentSocket(null))).toBe('UNAUTHENTICATED');
    expect(await refusal(server.agentSocket('sportello_session=forged-token-value'))).toBe('UNAUTHENTICATED');
    const agent = await server.createAgent([siteA.id]);
    const socket = await server.connectAgent(agent);
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    const out = await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: agent.cookie } });
    expect(out.statusCode).toBe(200);
    await dropped;
    expect(await refusal(server.agentSocket(agent.cookie))).toBe('UNAUTHENTICATED');
  });

  it('refuses a cross-site handshake even with a valid cookie', async () => {
    const agent = await server.createAgent([siteA.id]);
    expect(await refusal(server.agentSocket(agent.cookie, { origin: 'https://evil.example' }))).toBe('FORBIDDEN');
    expect(await refusal(server.agentSocket(agent.cookie, { origin: 'http://sportello.test' }))).toBe('connected');
  });

  it("cannot touch another site's conversations, nor hear them", async () => {
    const visitor = await server.connectVisitor(siteB);
    const conversationId = await server.startConversation(visitor.socket);
    const outsider = await server.connectAgent(await server.createAgent([siteA.id]));
    const heard: unknown[] = [];
    outsider.onAny((event, payload) => heard.push([event, payload]));
    const refused = { ok: false, error: { code: 'NOT_FOUND' } };
    expect(await request(outsider, 'conversation:join', { conversationId, afterSeq: 0 })).toMatchObject(refused);
    expect(await request(outsider, 'message:send', { conversationId, clientId: 'x', body: 'hi' })).toMatchObject(refused);
    expect(await request(outsider, 'conversation:takeover', { conversationId })).toMatchObject(refused);
    expect(await request(outsider, 'conversation:status', { conversationId, status: 'closed' })).toMatchObject(refused);
    expect(await request(outsider, 'conversation:assign', { conversationId, agentId: null })).toMatchObject(refused);
    expect(ok(await request(outsider, 'sync', { cursors: [{ conversationId, afterSeq: 0 }] })).replays).toEqual([]);
    ok(await request(visitor.socket, 'message:send', { conversationId, clientId: 'b1', body: 'site B only' }));
    await sleep(150);
    expect(heard).toEqual([]);
    const rest = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}`, headers: { cookie: (await server.createAgent([siteA.id])).cookie } });
    expect(rest.statusCode).toBe(404);
  });

  it("hears its own site's inbox", async () => {
    const agent = await server.connectAgent(await server.createAgent([siteA.id]));
    const inbox = new Promise<{ body: string }>((resolve) => agent.once('message:new', resolve));
    const visitor = await server.connectVisitor(siteA);
    const conversationId = await server.startConversation(visitor.socket);
    ok(await request(visitor.socket, 'message:send', { conversationId, clientId: 'i1', body: 'anyone there?' }));
    expect((await inbox).body).toBe('anyone there?');
  });
});
