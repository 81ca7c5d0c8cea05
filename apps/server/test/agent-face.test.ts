import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationEvents, conversations as conversationRows } from '@sportello/db';
import { eq } from 'drizzle-orm';
import type { Message } from '@sportello/protocol';
import { ReplyTimes } from '../src/services/reply-time';
import { TestServer, ok, request, type TestSite } from './test-server';

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

    // Typing, too, shows the chosen name to the shopper.
    const typing: (string | null)[] = [];
    shopper.on('typing', (n) => typing.push(n.author.name));
    ok(await request(console_, 'typing', { conversationId, typing: true }));
    await expect.poll(() => typing).toEqual(['Marta']);

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
