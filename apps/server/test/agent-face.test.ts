import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationEvents, conversations as conversationRows } from '@sportello/db';
import { eq } from 'drizzle-orm';
import type { Message } from '@sportello/protocol';
import { PNG } from 'pngjs';
import { OnlineCounts } from '../src/services/agent-presence';
import { ReplyTimes } from '../src/services/reply-time';
import { TestServer, connected, ok, request, type TestSite } from './test-server';

/** What shoppers see of the team: the name an agent chose, and how soon the team usually replies. */
let server: TestServer;
let site: TestSite;
beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite({ botEnabled: false, timeZone: 'Europe/Rome', businessHours: { mon: { open: '09:00', close: '18:00' }, tue: { open: '09:00', close: '18:00' } } });
});
afterAll(() => server?.close());

const api = (method: 'GET' | 'PATCH', url: string, cookie: string, payload?: unknown) =>
  server.app.inject({ method, url, headers: { cookie, origin: 'http://sportello.test' }, ...(payload === undefined ? {} : { payload: payload as object }) });

describe("an agent's name for shoppers", () => {
  it('is set in their profile, shown on their next message to the shopper at once, and reset when blank', async () => {
    const agent = await server.createAgent([site.id]);
    const console_ = await server.connectAgent(agent);
    const { socket: shopper } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(shopper);
    ok(await request(shopper, 'message:send', { conversationId, clientId: 'q-1', body: 'hello?' }));
    const received: Message[] = [];
    shopper.on('message:new', (m) => received.push(m));

    const saved = await api('PATCH', '/api/v1/auth/me', agent.cookie, { displayName: '  Marta\u0007 ' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().agent).toMatchObject({ displayName: 'Marta' });
    ok(await request(console_, 'message:send', { conversationId, clientId: 'a-1', body: 'Hi, I can help.' }));
    await expect.poll(() => received.map((m) => m.author.name)).toEqual(['Marta']);

    // Typing, too, shows the chosen name to the shopper, changed since the last message or not.
    const typing: (string | null)[] = [];
    shopper.on('typing', (n) => typing.push(n.author.name));
    ok(await request(console_, 'typing', { conversationId, typing: true }));
    await expect.poll(() => typing).toEqual(['Marta']);
    await api('PATCH', '/api/v1/auth/me', agent.cookie, { displayName: 'Marta B.' });
    ok(await request(console_, 'typing', { conversationId, typing: false }));
    ok(await request(console_, 'typing', { conversationId, typing: true }));
    await expect.poll(() => typing.at(-1)).toBe('Marta B.');
    await api('PATCH', '/api/v1/auth/me', agent.cookie, { displayName: 'Marta' });

    // Blank: their own name again (the socket did not reconnect in between).
    expect((await api('PATCH', '/api/v1/auth/me', agent.cookie, { displayName: null })).json().agent.displayName).toBeNull();
    ok(await request(console_, 'message:send', { conversationId, clientId: 'a-2', body: 'Still here.' }));
    await expect.poll(() => received.length).toBe(2);
    expect(received[1]!.author.name).toMatch(/^Agent /);
  });

  it('refuses what is not a name, and nobody unsigned may set one', async () => {
    const agent = await server.createAgent([site.id]);
    for (const displayName of ['x'.repeat(61), 42, { html: '<b>' }]) {
      const refused = await api('PATCH', '/api/v1/auth/me', agent.cookie, { displayName });
      expect([JSON.stringify(displayName).slice(0, 20), refused.statusCode]).toEqual([JSON.stringify(displayName).slice(0, 20), 400]);
      expect(refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    const anonymous = await server.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { origin: 'http://sportello.test' }, payload: { displayName: 'Eve' } });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe("an agent's picture for shoppers", () => {
  const png = () => {
    const image = new PNG({ width: 4, height: 4 });
    image.data.fill(180);
    return PNG.sync.write(image);
  };

  it('is checked, stored, listed in the widget config and served as the image it is, cached by version, and removed', async () => {
    const agent = await server.createAgent([site.id]);
    const bytes = png();
    const saved = await api('PATCH', '/api/v1/auth/me', agent.cookie, { avatar: { type: 'image/png', data: bytes.toString('base64') } });
    expect(saved.statusCode).toBe(200);
    const url = saved.json().agent.avatarUrl as string;
    expect(url).toMatch(new RegExp(`^/api/v1/widget/avatars/${agent.id}/[0-9a-f]{16}$`));
    const config = (await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${site.key}`, headers: { origin: site.origin } })).json();
    expect(config.avatars[agent.id]).toBe(url.split('/').pop());
    const served = await server.app.inject({ method: 'GET', url, headers: { origin: site.origin } });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(bytes)).toBe(true);
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'public, max-age=86400',
    });
    expect((await api('PATCH', '/api/v1/auth/me', agent.cookie, { avatar: null })).json().agent.avatarUrl).toBeNull();
    expect((await server.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const after = (await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${site.key}`, headers: { origin: site.origin } })).json();
    expect(after.avatars[agent.id]).toBeUndefined();
  });

  it('can be removed by an admin (a picture that should not be shown), not by another agent', async () => {
    const agent = await server.createAgent([site.id]);
    const colleague = await server.createAgent([site.id]);
    const admin = await server.createAgent([], 'admin');
    expect((await api('PATCH', '/api/v1/auth/me', agent.cookie, { avatar: { type: 'image/png', data: png().toString('base64') } })).statusCode).toBe(200);
    const listed = (await api('GET', '/api/v1/agents', admin.cookie)).json().agents.find((a: { id: string }) => a.id === agent.id);
    expect(listed).toMatchObject({ hasAvatar: true });
    expect((await api('PATCH', `/api/v1/agents/${agent.id}`, colleague.cookie, { avatar: null })).statusCode).toBe(403);
    const removed = await api('PATCH', `/api/v1/agents/${agent.id}`, admin.cookie, { avatar: null });
    expect(removed.json().agent).toMatchObject({ hasAvatar: false });
    expect((await api('GET', '/api/v1/auth/me', agent.cookie)).json().agent.avatarUrl).toBeNull();
    // Only removal: an admin does not set someone else's picture.
    expect((await api('PATCH', `/api/v1/agents/${agent.id}`, admin.cookie, { avatar: { type: 'image/png', data: png().toString('base64') } })).statusCode).toBe(400);
  });

  it('refuses what is not a small PNG, JPEG or WebP, whatever it says it is, and keeps the picture it had', async () => {
    const agent = await server.createAgent([site.id]);
    const good = png().toString('base64');
    expect((await api('PATCH', '/api/v1/auth/me', agent.cookie, { avatar: { type: 'image/png', data: good } })).statusCode).toBe(200);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64');
    const html = Buffer.from('<!doctype html><script>alert(1)</script>').toString('base64');
    const jpegNamedPng = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]).toString('base64');
    const huge = Buffer.concat([png(), Buffer.alloc(65 * 1024)]).toString('base64');
    for (const [what, avatar, status] of [
      ['an SVG named PNG', { type: 'image/png', data: svg }, 400],
      ['an HTML page', { type: 'image/webp', data: html }, 400],
      ['a JPEG named PNG', { type: 'image/png', data: jpegNamedPng }, 400],
      ['an SVG type', { type: 'image/svg+xml', data: svg }, 400],
      ['not base64', { type: 'image/png', data: '@@@@' }, 400],
      ['over 64 KB', { type: 'image/png', data: huge }, 413],
      ['a PNG with a page after it', { type: 'image/png', data: Buffer.concat([png(), Buffer.from('<html><script>alert(1)</script>')]).toString('base64') }, 400],
    ] as const) {
      const refused = await api('PATCH', '/api/v1/auth/me', agent.cookie, { avatar });
      expect([what, refused.statusCode]).toEqual([what, status]);
      expect(refused.json().error.code).toMatch(/VALIDATION_FAILED|PAYLOAD_TOO_LARGE/);
    }
    const me = (await api('GET', '/api/v1/auth/me', agent.cookie)).json().agent;
    const still = await server.app.inject({ method: 'GET', url: me.avatarUrl });
    expect(still.rawPayload.toString('base64')).toBe(good);
  });
});

describe('how soon the team usually replies', () => {
  /** A conversation of `site` that started to wait at `from` and got its first agent reply `minutes` later. */
  async function answered(target: TestSite, from: Date, minutes: number): Promise<void> {
    const { socket } = await server.connectVisitor(target);
    const id = await server.startConversation(socket);
    socket.disconnect();
    await server.services.db.delete(conversationEvents).where(eq(conversationEvents.conversationId, id));
    await server.services.db.update(conversationRows).set({ createdAt: from }).where(eq(conversationRows.id, id));
    await server.services.db.insert(conversationEvents).values([
      { conversationId: id, siteId: target.id, type: 'created', actorType: 'visitor', createdAt: from },
      { conversationId: id, siteId: target.id, type: 'first_agent_reply', actorType: 'agent', createdAt: new Date(from.getTime() + minutes * 60_000) },
    ]);
  }

  it('is the median first reply over the last 30 days, counting only waits that began in business hours', async () => {
    const hours = { timeZone: 'Europe/Rome', businessHours: { mon: { open: '09:00', close: '18:00' } } };
    const target = await server.createSite({ botEnabled: false, ...hours });
    const now = new Date('2026-11-30T17:00:00Z'); // a Monday evening in Rome
    // Mondays 10:00 in Rome (09:00 UTC): 2, 4, 6, 8 and 30 minutes; the median is 6.
    for (const [days, minutes] of [[0, 2], [7, 4], [14, 6], [21, 8], [28, 30]] as const) {
      await answered(target, new Date(Date.UTC(2026, 10, 30 - days, 9, 0)), minutes);
    }
    // A Sunday-night question answered on Monday morning (outside the hours), and one too old.
    await answered(target, new Date('2026-11-29T22:00:00Z'), 600);
    await answered(target, new Date('2026-10-26T09:00:00Z'), 900);
    const times = new ReplyTimes(server.services.db);
    expect(await times.typicalMinutes(target.id, hours, now)).toBe(6);
    // Without business hours every wait counts: the night one too (2, 4, 6, 8, 30, 600 → 7).
    expect(await new ReplyTimes(server.services.db).typicalMinutes(target.id, {}, now)).toBe(7);
  });

  it('says nothing with fewer than five replies, and the widget config carries the figure', async () => {
    const quiet = await server.createSite({ botEnabled: false });
    const now = new Date();
    for (let i = 0; i < 4; i++) await answered(quiet, new Date(now.getTime() - (i + 1) * 3_600_000), 3);
    expect(await new ReplyTimes(server.services.db).typicalMinutes(quiet.id, {}, now)).toBeNull();
    const config = await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${quiet.key}`, headers: { origin: quiet.origin } });
    expect(config.json()).toMatchObject({ replyMinutes: null });

    const busy = await server.createSite({ botEnabled: false });
    for (let i = 0; i < 5; i++) await answered(busy, new Date(now.getTime() - (i + 1) * 3_600_000), 3 + i);
    const busyConfig = await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${busy.key}`, headers: { origin: busy.origin } });
    expect(busyConfig.json()).toMatchObject({ replyMinutes: 5 });
  });
});

describe("the team's availability told to shoppers' connections", () => {
  it('is read once a second per site whatever the number of connections, and a presence change counts at once', async () => {
    const team = await server.createSite({ botEnabled: false });
    const agent = await server.createAgent([team.id]);
    const counts = new OnlineCounts(server.services.db, 60_000);
    const first = counts.get(team.id);
    expect(counts.get(team.id)).toBe(first); // one query for a burst of connections
    expect(await first).toBe(0);
    const console_ = await server.connectAgent(agent);
    ok(await request(console_, 'presence:set', { presence: 'online' }));
    expect(await counts.get(team.id)).toBe(0); // this process's copy, until a change is announced here
    expect(await server.services.onlineCounts.get(team.id)).toBe(1); // the namespace set it on the change
    // A shopper connecting now is told at once.
    const socket = server.visitorSocket({ siteKey: team.key, origin: team.origin });
    const told = new Promise<{ agentsOnline: number }>((resolve) => socket.once('availability', resolve));
    await connected(socket);
    expect(await told).toEqual({ agentsOnline: 1 });
    console_.disconnect();
  });
});
