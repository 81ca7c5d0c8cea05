import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sites } from '@sportello/db';
import type { AgentConversation } from '@sportello/protocol';
import { TestServer, ok, request, type TestAgent, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
let agent: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite();
  agent = await server.createAgent([site.id]);
});
afterAll(() => server?.close());

const api = (method: 'GET' | 'POST', url: string, options: { cookie?: string; payload?: unknown; headers?: Record<string, string> } = {}) =>
  server.app.inject({
    method,
    url,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
  });

async function newConversation(body = 'hello'): Promise<string> {
  const { socket } = await server.connectVisitor(site);
  const conversationId = await server.startConversation(socket);
  ok(await request(socket, 'message:send', { conversationId, clientId: 'first', body }));
  return conversationId;
}

describe('auth', () => {
  it('logs in with the right password only, and the same error for an unknown email', async () => {
    const wrong = await api('POST', '/api/v1/auth/login', { payload: { email: agent.email, password: 'nope' } });
    const unknown = await api('POST', '/api/v1/auth/login', { payload: { email: 'ghost@example.com', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
    const right = await api('POST', '/api/v1/auth/login', { payload: { email: agent.email.toUpperCase(), password: agent.password } });
    expect(right.statusCode).toBe(200);
    const [cookie, device] = right.headers['set-cookie'] as string[];
    expect(cookie).toMatch(/^sportello_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(device).toMatch(/^sportello_device=[^;]+; Path=\/api\/v1\/auth; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
    const me = await api('GET', '/api/v1/auth/me', { cookie: cookie!.split(';')[0]! });
    expect(me.json()).toMatchObject({ agent: { email: agent.email, role: 'agent', siteIds: [site.id] } });
  });

  it('refuses /me without a session, and after logout', async () => {
    expect((await api('GET', '/api/v1/auth/me')).json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const cookie = await server.login(agent.email, agent.password);
    expect((await api('POST', '/api/v1/auth/logout', { cookie })).statusCode).toBe(200);
    expect((await api('GET', '/api/v1/auth/me', { cookie })).statusCode).toBe(401);
  });

  it('refuses a state-changing call from another site', async () => {
    const response = await api('POST', '/api/v1/auth/logout', { cookie: agent.cookie, headers: { origin: 'https://evil.example' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('conversations', () => {
  it('lists with status and assignee filters, in pages', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await newConversation(`question ${i}`));
    ok(await request(await server.connectAgent(agent), 'conversation:takeover', { conversationId: ids[0]! }));

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/api/v1/conversations?siteId=${site.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { cookie: agent.cookie });
      expect(page.statusCode).toBe(200);
      const body = page.json() as { conversations: AgentConversation[]; nextCursor: string | null };
      expect(body.conversations.length).toBeLessThanOrEqual(2);
      all.push(...body.conversations.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(ids));

    const mine = (await api('GET', '/api/v1/conversations?assignee=me&status=open', { cookie: agent.cookie })).json();
    expect(mine.conversations.map((c: AgentConversation) => c.id)).toEqual([ids[0]]);
    const waiting = (await api('GET', `/api/v1/conversations?status=queued&assignee=none&siteId=${site.id}`, { cookie: agent.cookie })).json();
    expect(waiting.conversations.map((c: AgentConversation) => c.id)).toEqual(expect.arrayContaining(ids.slice(1)));
    expect(waiting.conversations.every((c: AgentConversation) => c.status === 'queued' && c.assigneeId === null)).toBe(true);
    expect((await api('GET', '/api/v1/conversations?status=nope', { cookie: agent.cookie })).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await api('GET', '/api/v1/conversations?cursor=garbage', { cookie: agent.cookie })).statusCode).toBe(400);
    expect((await api('GET', '/api/v1/conversations')).statusCode).toBe(401);
  });

  it('shows one conversation with messages, and replies, notes, takes over, assigns and resolves', async () => {
    const id = await newConversation('my parcel is late');
    const colleague = await server.createAgent([site.id]);

    const sent = await api('POST', `/api/v1/conversations/${id}/messages`, { cookie: agent.cookie, payload: { body: 'Let me check.', clientId: 'rest-1' } });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ message: { seq: 2, body: 'Let me check.', author: { type: 'agent', id: agent.id } } });
    const resent = await api('POST', `/api/v1/conversations/${id}/messages`, { cookie: agent.cookie, payload: { body: 'Let me check.', clientId: 'rest-1' } });
    expect(resent.statusCode).toBe(200);
    expect(resent.json().message.id).toBe(sent.json().message.id);
    const note = await api('POST', `/api/v1/conversations/${id}/messages`, { cookie: agent.cookie, payload: { body: 'courier delay', internal: true } });
    expect(note.json()).toMatchObject({ message: { seq: 3, internal: true } });

    // Replying took the conversation from the queue.
    let view = (await api('GET', `/api/v1/conversations/${id}`, { cookie: agent.cookie })).json();
    expect(view.conversation).toMatchObject({ status: 'open', assigneeId: agent.id, preview: 'Let me check.' });
    expect(view.messages.map((m: { body: string }) => m.body)).toEqual(['my parcel is late', 'Let me check.', 'courier delay']);

    const assigned = await api('POST', `/api/v1/conversations/${id}/assign`, { cookie: agent.cookie, payload: { agentId: colleague.id } });
    expect(assigned.json()).toMatchObject({ conversation: { assigneeId: colleague.id, status: 'open' } });
    const takeover = await api('POST', `/api/v1/conversations/${id}/takeover`, { cookie: agent.cookie });
    expect(takeover.json()).toMatchObject({ conversation: { assigneeId: agent.id, status: 'open' } });
    expect((await api('POST', `/api/v1/conversations/${id}/status`, { cookie: agent.cookie, payload: { status: 'pending' } })).json()).toMatchObject({ conversation: { status: 'pending' } });
    expect((await api('POST', `/api/v1/conversations/${id}/status`, { cookie: agent.cookie, payload: { status: 'resolved' } })).json()).toMatchObject({ conversation: { status: 'resolved' } });
    expect((await api('POST', `/api/v1/conversations/${id}/status`, { cookie: agent.cookie, payload: { status: 'closed' } })).json()).toMatchObject({ conversation: { status: 'closed' } });
    const invalid = await api('POST', `/api/v1/conversations/${id}/status`, { cookie: agent.cookie, payload: { status: 'open' } });
    expect(invalid.statusCode).toBe(409);
    expect(invalid.json()).toMatchObject({ error: { code: 'INVALID_TRANSITION' } });

    // Every change left an event with who and what.
    view = (await api('GET', `/api/v1/conversations/${id}`, { cookie: agent.cookie })).json();
    const events = view.events.map((e: { type: string; actor: { type: string }; data: Record<string, unknown> }) => [e.type, e.actor.type, e.data.to ?? null]);
    expect(events).toEqual([
      ['created', 'visitor', null],
      ['first_agent_reply', 'agent', null],
      ['assigned', 'agent', agent.id],
      ['status_changed', 'agent', 'open'],
      ['assigned', 'agent', colleague.id],
      ['assigned', 'agent', agent.id],
      ['taken_over', 'agent', null],
      ['status_changed', 'agent', 'pending'],
      ['status_changed', 'agent', 'resolved'],
      ['status_changed', 'agent', 'closed'],
    ]);
  });

  it('refuses to assign to someone who is not an agent of the site', async () => {
    const id = await newConversation();
    const otherSite = await server.createSite();
    const stranger = await server.createAgent([otherSite.id]);
    const response = await api('POST', `/api/v1/conversations/${id}/assign`, { cookie: agent.cookie, payload: { agentId: stranger.id } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('reads messages after a seq', async () => {
    const id = await newConversation('one');
    await api('POST', `/api/v1/conversations/${id}/messages`, { cookie: agent.cookie, payload: { body: 'two' } });
    const after = (await api('GET', `/api/v1/conversations/${id}/messages?afterSeq=1`, { cookie: agent.cookie })).json();
    expect(after).toMatchObject({ messages: [{ seq: 2, body: 'two' }], hasMore: false });
  });
});

describe('errors', () => {
  it('answers bad input with { error: { code, message } } and the right status, never a stack', async () => {
    const cases: [string, Awaited<ReturnType<typeof api>>, number, string][] = [
      ['unknown route', await api('GET', '/api/v1/nothing'), 404, 'NOT_FOUND'],
      ['bad uuid', await api('GET', '/api/v1/conversations/123', { cookie: agent.cookie }), 400, 'VALIDATION_FAILED'],
      ['missing', await api('GET', '/api/v1/conversations/00000000-0000-4000-8000-000000000000', { cookie: agent.cookie }), 404, 'NOT_FOUND'],
      [
        'bad json',
        await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'proto pollution',
        await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1},"email":"a@b.co","password":"x"}' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['too large', await api('POST', '/api/v1/auth/login', { payload: { email: 'a@b.co', password: 'x'.repeat(100_000) } }), 413, 'PAYLOAD_TOO_LARGE'],
      ['wrong types', await api('POST', '/api/v1/auth/login', { payload: { email: 5, password: [] } }), 400, 'VALIDATION_FAILED'],
      ['empty body', await api('POST', `/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages`, { cookie: agent.cookie }), 400, 'VALIDATION_FAILED'],
      ['unknown site', await api('GET', '/api/v1/widget/config?site=nope'), 404, 'SITE_NOT_FOUND'],
    ];
    for (const [name, response, status, code] of cases) {
      expect([name, response.statusCode]).toEqual([name, status]);
      const body = response.json();
      expect([name, body]).toEqual([name, { error: { code, message: expect.any(String) } }]);
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('serves health and the public widget config', async () => {
    expect((await api('GET', '/healthz')).json()).toEqual({ status: 'ok', db: server.db.kind, lagMs: expect.any(Number) });
    const config = await api('GET', `/api/v1/widget/config?site=${site.key}`, { headers: { origin: site.origin } });
    expect(config.statusCode).toBe(200);
    expect(config.headers['access-control-allow-origin']).toBe(site.origin);
    expect(config.headers.vary).toMatch(/origin/i);
    expect(config.json()).toMatchObject({ site: site.key, agentsOnline: 0, color: '#1f6feb', theme: { c: '#1f6feb', t: '#fff', b: '20px', s: '20px' }, hideOn: [] });
    expect(JSON.stringify(config.json())).not.toContain(site.secret);
    // A page of the same origin as the server sends no Origin: answered (the socket checks again).
    expect((await api('GET', `/api/v1/widget/config?site=${site.key}`)).statusCode).toBe(200);
  });

  it('refuses the widget config to a storefront the site does not allow, readably for the merchant and not cached', async () => {
    const refused = await api('GET', `/api/v1/widget/config?site=${site.key}`, { headers: { origin: 'https://Shop.Elsewhere.example:443' } });
    expect(refused.statusCode).toBe(403);
    // Readable by the page's script (CORS), so the loader can log why.
    expect(refused.headers['access-control-allow-origin']).toBe('https://Shop.Elsewhere.example:443');
    expect(refused.headers['cache-control']).toBe('no-store');
    const { error } = refused.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(error.message).toContain('https://shop.elsewhere.example');
    expect(error.message).toContain(`site "${site.key}"`);
    expect(error.message).toMatch(/Settings → Allowed storefronts/);
    expect(error.message).toContain('http://sportello.test/console/#/settings/origins');
    const unknown = await api('GET', '/api/v1/widget/config?site=no-such-site', { headers: { origin: site.origin } });
    expect(unknown.json()).toMatchObject({ error: { code: 'SITE_NOT_FOUND', message: expect.stringContaining('"no-such-site"') } });
  });

  it('writes only whole pixels and safe path patterns into the widget config, whatever wrote the settings', async () => {
    const odd = await server.createSite({ botEnabled: false });
    // As a hand-edited row or an old import could hold them (the settings route would refuse these).
    await server.services.db
      .update(sites)
      .set({ settings: { launcherOffset: { bottom: '0;}*{display:none' as unknown as number, side: 9000 }, hideOn: ['/ok*', '/a*b*c*d', 42 as unknown as string, '/caffè/*', '/caff%C3%A8-bis', '/promo|sale', '/50%-off*'] } })
      .where(eq(sites.id, odd.id));
    server.services.sites.invalidate();
    const config = (await api('GET', `/api/v1/widget/config?site=${odd.key}`, { headers: { origin: odd.origin } })).json();
    expect(config.theme).toMatchObject({ b: '20px', s: '20px' });
    expect(config.hideOn).toHaveLength(5);
    const [ok, accented, encoded, bar, percent] = (config.hideOn as string[]).map((p) => new RegExp(p));
    // What browsers leave as it is stays as it is.
    expect(bar!.test(new URL('https://shop.example/promo|sale').pathname)).toBe(true);
    expect(percent!.test(new URL('https://shop.example/50%-off-today').pathname)).toBe(true);
    expect(ok!.test('/ok/now')).toBe(true);
    // Paths as the browser's location.pathname spells them: percent-encoded, whichever way the merchant wrote them.
    expect(accented!.test('/caff%C3%A8/macchine')).toBe(true);
    expect(encoded!.test('/caff%C3%A8-bis')).toBe(true);
  });

  it('compresses API answers above 1 KB for clients that accept it, and leaves small ones alone', async () => {
    const wordy = await server.createSite({ botEnabled: false, greeting: { en: 'Welcome to our shop, we answer every question about orders and returns. '.repeat(30) } });
    const url = `/api/v1/widget/config?site=${wordy.key}`;
    const plain = await api('GET', url, { headers: { origin: wordy.origin } });
    const br = await api('GET', url, { headers: { origin: wordy.origin, 'accept-encoding': 'br, gzip' } });
    const gzip = await api('GET', url, { headers: { origin: wordy.origin, 'accept-encoding': 'gzip' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(plain.json());
    const small = await api('GET', `/api/v1/widget/config?site=${site.key}`, { headers: { origin: site.origin, 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('sign-in guessing', () => {
  it('locks an account after five failures, and slows each one', async () => {
    const target = await server.createAgent([site.id]);
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      expect((await api('POST', '/api/v1/auth/login', { payload: { email: target.email, password: `guess-${i}` } })).statusCode).toBe(401);
    }
    // 250 + 500 + 750 + 1000 + 1250 ms of added delay.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3700);
    const locked = await api('POST', '/api/v1/auth/login', { payload: { email: target.email, password: target.password } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Other accounts are not affected.
    expect((await api('POST', '/api/v1/auth/login', { payload: { email: agent.email, password: agent.password } })).statusCode).toBe(200);
  }, 30_000);

  it('answers 503 on /healthz while the event loop is far behind, and 200 again once it caught up', async () => {
    const { config } = server.services;
    const limit = config.healthMaxLagMs;
    config.healthMaxLagMs = 300;
    try {
      // Blocked for 800 ms, as by a runaway computation or a long GC pause.
      const until = Date.now() + 800;
      while (Date.now() < until) {
        // busy
      }
      const stalled = await api('GET', '/healthz');
      expect(stalled.statusCode).toBe(503);
      expect(stalled.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/event loop is \d+ ms behind/) } });
      // The lag is judged over the last 5 s.
      await expect.poll(async () => (await api('GET', '/healthz')).statusCode, { timeout: 8_000, interval: 250 }).toBe(200);
    } finally {
      config.healthMaxLagMs = limit;
    }
  }, 15_000);

  it('sends security headers', async () => {
    const response = await api('GET', '/healthz');
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'strict-origin-when-cross-origin' });
  });
});
