import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, connected, eventually, ok, request, type TestAgent, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
let admin: TestAgent;
let agent: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite();
  admin = await server.createAgent([site.id], 'admin');
  agent = await server.createAgent([site.id]);
});
afterAll(() => server?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  server.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('site settings', () => {
  it('lets an admin change appearance, hours, origins and return policy, which the widget config reflects', async () => {
    const patched = await api('PATCH', `/api/v1/sites/${site.id}`, admin.cookie, {
      allowedOrigins: ['https://Shop.Example.com/', 'https://www.shop.example.com'],
      settings: {
        color: '#123456',
        position: 'left',
        greeting: { en: 'Hello!', it: 'Ciao!' },
        timeZone: 'Europe/Rome',
        businessHours: { mon: { open: '09:00', close: '17:30' } },
        returnPolicy: { windowDays: 14, nonReturnableTags: ['Final-Sale'], autoApproveLimitCents: 5000 },
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().site).toMatchObject({
      allowedOrigins: ['https://shop.example.com', 'https://www.shop.example.com'],
      settings: { color: '#123456', returnPolicy: { nonReturnableTags: ['final-sale'] } },
      snippet: `<script async src="http://sportello.test/widget.js" data-site="${site.key}"></script>`,
      secret: site.secret,
    });
    const config = (await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${site.key}` })).json();
    expect(config).toMatchObject({ color: '#123456', position: 'left', greeting: { en: 'Hello!', it: 'Ciao!' }, timeZone: 'Europe/Rome', businessHours: { mon: { open: '09:00', close: '17:30' } } });
    // The new origin is allowed at once; the old one no longer.
    expect(await connected(server.visitorSocket({ siteKey: site.key, origin: 'https://shop.example.com' })).then(() => 'in')).toBe('in');
    await expect(connected(server.visitorSocket({ siteKey: site.key, origin: site.origin }))).rejects.toMatchObject({ data: { code: 'ORIGIN_NOT_ALLOWED' } });
  });

  it('refuses bad settings, and agents', async () => {
    for (const settings of [{ color: 'red' }, { timeZone: 'Mars/Olympus' }, { businessHours: { mon: { open: '18:00', close: '09:00' } } }, { returnPolicy: { windowDays: -1 } }]) {
      const response = await api('PATCH', `/api/v1/sites/${site.id}`, admin.cookie, { settings });
      expect([JSON.stringify(settings), response.statusCode]).toEqual([JSON.stringify(settings), 400]);
    }
    expect((await api('PATCH', `/api/v1/sites/${site.id}`, admin.cookie, { allowedOrigins: ['not an origin'] })).statusCode).toBe(400);
    expect((await api('PATCH', `/api/v1/sites/${site.id}`, agent.cookie, { name: 'Mine now' })).statusCode).toBe(403);
    const listed = (await api('GET', '/api/v1/sites', agent.cookie)).json().sites;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([site.id]);
    expect(listed[0].secret).toBeUndefined();
  });

  it('creates a site with its own key and secret', async () => {
    const created = await api('POST', '/api/v1/sites', admin.cookie, { name: 'Second shop', allowedOrigins: ['https://second.example'] });
    expect(created.statusCode).toBe(201);
    expect(created.json().site).toMatchObject({ name: 'Second shop', key: expect.stringMatching(/^site_[0-9a-f]{12}$/), secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('agents', () => {
  it('are invited with a one-time password, changed, and deactivated (which signs them out)', async () => {
    const invited = await api('POST', '/api/v1/agents', admin.cookie, { email: 'New.Agent@example.com', name: 'New Agent', siteIds: [site.id] });
    expect(invited.statusCode).toBe(201);
    const { agent: created, temporaryPassword } = invited.json();
    expect(created).toMatchObject({ email: 'new.agent@example.com', role: 'agent', active: true, siteIds: [site.id] });
    expect((await api('POST', '/api/v1/agents', admin.cookie, { email: 'new.agent@example.com', name: 'Twice' })).statusCode).toBe(409);
    const cookie = await server.login('new.agent@example.com', temporaryPassword);
    const socket = await server.connectAgent({ id: created.id, email: created.email, password: temporaryPassword, cookie });
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));
    const off = await api('PATCH', `/api/v1/agents/${created.id}`, admin.cookie, { active: false });
    expect(off.json().agent.active).toBe(false);
    await dropped;
    expect((await api('GET', '/api/v1/auth/me', cookie)).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'new.agent@example.com', password: temporaryPassword } })).statusCode).toBe(401);
    expect((await api('POST', '/api/v1/agents', agent.cookie, { email: 'x@example.com', name: 'X' })).statusCode).toBe(403);
  });

  it('keeps at least one active admin', async () => {
    const lone = await TestServer.start();
    try {
      const s = await lone.createSite();
      const onlyAdmin = await lone.createAgent([s.id], 'admin');
      const response = await lone.app.inject({ method: 'PATCH', url: `/api/v1/agents/${onlyAdmin.id}`, headers: { cookie: onlyAdmin.cookie }, payload: { role: 'agent' } });
      expect(response.statusCode).toBe(409);
    } finally {
      await lone.close();
    }
  });

  it('announce presence to colleagues, and go away when their last tab closes', async () => {
    const watcher = await server.connectAgent(agent);
    const notices: unknown[] = [];
    watcher.on('agent:presence', (n) => notices.push(n));
    const tab1 = await server.connectAgent(admin);
    const tab2 = await server.connectAgent(admin);
    ok(await request(tab1, 'presence:set', { presence: 'online' }));
    await eventually(() => notices.length === 1);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${site.key}` })).json().agentsOnline).toBe(1);
    tab1.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    expect(notices).toHaveLength(1); // another tab is still open
    tab2.disconnect();
    await eventually(() => notices.length === 2);
    expect(notices).toEqual([
      { agentId: admin.id, presence: 'online' },
      { agentId: admin.id, presence: 'away' },
    ]);
  });
});

describe('canned replies', () => {
  it('are managed by admins and listed for agents', async () => {
    const created = await api('POST', '/api/v1/canned-replies', admin.cookie, { siteId: site.id, shortcut: 'Shipping', body: 'Orders leave within one working day.' });
    expect(created.json().cannedReply).toMatchObject({ shortcut: 'shipping' });
    expect((await api('POST', '/api/v1/canned-replies', admin.cookie, { siteId: site.id, shortcut: 'shipping', body: 'again' })).statusCode).toBe(409);
    expect((await api('POST', '/api/v1/canned-replies', admin.cookie, { siteId: site.id, shortcut: 'no spaces please', body: 'x' })).statusCode).toBe(400);
    expect((await api('POST', '/api/v1/canned-replies', agent.cookie, { siteId: site.id, shortcut: 'mine', body: 'x' })).statusCode).toBe(403);
    const listed = (await api('GET', '/api/v1/canned-replies', agent.cookie)).json().cannedReplies;
    expect(listed.map((c: { shortcut: string }) => c.shortcut)).toEqual(['shipping']);
    const id = created.json().cannedReply.id;
    expect((await api('PATCH', `/api/v1/canned-replies/${id}`, admin.cookie, { body: 'Orders leave the same day before 13:00.' })).json().cannedReply.body).toMatch(/13:00/);
    expect((await api('DELETE', `/api/v1/canned-replies/${id}`, admin.cookie)).statusCode).toBe(204);
  });
});
