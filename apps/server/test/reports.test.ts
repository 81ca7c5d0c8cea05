import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { conversationEvents, conversations, messages as messageRows, visitors } from '@sportello/db';
import { percentile, type Report } from '../src/services/report-service';
import { TestServer, ok, request, type TestAgent, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
let agent: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite({ botEnabled: true, timeZone: 'Europe/Rome' });
  agent = await server.createAgent([site.id]);
});
afterAll(() => server?.close());

type Seeded = { type: string; at: string; actor?: 'visitor' | 'agent' | 'bot'; data?: Record<string, unknown> };

/** A conversation with exactly these events (times in UTC). */
async function seed(events: Seeded[]): Promise<string> {
  const db = server.services.db;
  const [visitor] = await db.insert(visitors).values({ siteId: site.id, tokenHash: `seed-${Math.random()}` }).returning();
  const [conversation] = await db.insert(conversations).values({ siteId: site.id, visitorId: visitor!.id, status: 'bot' }).returning();
  await db.insert(conversationEvents).values(
    events.map((e) => ({
      conversationId: conversation!.id,
      siteId: site.id,
      type: e.type,
      actorType: e.actor ?? (e.type === 'created' || e.type === 'rated' ? 'visitor' : 'agent'),
      data: e.data ?? {},
      createdAt: new Date(e.at),
    })),
  );
  return conversation!.id;
}

const report = async (from: string, to: string): Promise<Report> => {
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/reports?siteId=${site.id}&from=${from}&to=${to}`, headers: { cookie: agent.cookie } });
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('reports', () => {
  it('computes every figure from the events of the conversations started in the range', async () => {
    // Before the range (Sunday 23:30 in Rome) and after it: not counted.
    await seed([{ type: 'created', at: '2026-11-01T22:30:00Z' }]);
    await seed([{ type: 'created', at: '2026-11-05T09:00:00Z' }]);
    const c1 = await seed([
      { type: 'created', at: '2026-11-02T08:10:00Z' },
      { type: 'status_changed', at: '2026-11-02T08:12:00Z', actor: 'bot', data: { from: 'bot', to: 'queued', reason: 'requested' } },
      { type: 'taken_over', at: '2026-11-02T08:13:00Z' },
      { type: 'first_agent_reply', at: '2026-11-02T08:14:00Z' },
      { type: 'status_changed', at: '2026-11-02T08:30:00Z', data: { from: 'open', to: 'resolved' } },
      { type: 'rated', at: '2026-11-02T08:31:00Z', data: { rating: 3 } },
      { type: 'rated', at: '2026-11-02T08:32:00Z', data: { rating: 5, comment: 'Great, thanks' } },
    ]);
    await seed([
      { type: 'created', at: '2026-11-02T08:40:00Z' },
      { type: 'bot_replied', at: '2026-11-02T08:41:00Z', actor: 'bot', data: { intent: 'faq', articleIds: ['00000000-0000-4000-8000-000000000001'], handoff: null } },
      { type: 'status_changed', at: '2026-11-02T08:45:00Z', actor: 'bot', data: { from: 'bot', to: 'resolved' } },
      { type: 'rated', at: '2026-11-02T08:46:00Z', data: { rating: 4 } },
    ]);
    await seed([
      { type: 'created', at: '2026-11-03T14:00:00Z' },
      { type: 'taken_over', at: '2026-11-03T14:01:00Z' },
      { type: 'first_agent_reply', at: '2026-11-03T14:05:00Z' },
    ]);
    await seed([
      { type: 'created', at: '2026-11-04T22:30:00Z' },
      { type: 'status_changed', at: '2026-11-04T22:31:00Z', actor: 'bot', data: { from: 'bot', to: 'queued', reason: 'frustration' } },
      { type: 'first_agent_reply', at: '2026-11-04T22:41:00Z' },
      { type: 'status_changed', at: '2026-11-04T23:10:00Z', data: { from: 'open', to: 'resolved' } },
      { type: 'rated', at: '2026-11-04T23:11:00Z', data: { rating: 1 } },
    ]);

    // Monday 2 to Thursday 5 November 2026, midnight to midnight in Rome.
    const r = await report('2026-11-01T23:00:00Z', '2026-11-04T23:00:00Z');
    expect(r.conversations).toBe(4);
    expect(r.perDay).toEqual([
      { date: '2026-11-02', count: 2 },
      { date: '2026-11-03', count: 1 },
      { date: '2026-11-04', count: 1 },
    ]);
    // Handoff → reply: 2 min and 10 min; an agent answering unasked counts from the start: 5 min.
    expect(r.firstResponseSeconds).toEqual({ median: 300, p90: 600, count: 3 });
    expect(r.resolutionSeconds).toEqual({ median: 1200, p90: 2400, count: 3 });
    expect(r.csat).toEqual({
      average: 3.33,
      count: 3,
      distribution: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 1 },
      comments: [{ conversationId: c1, rating: 5, comment: 'Great, thanks', at: '2026-11-02T08:32:00.000Z' }],
    });
    expect(r.botDeflection).toEqual({ resolvedByBot: 1, pending: 0, cameBack: 0, rate: 0.25 });
    expect(r.handoffReasons).toEqual([
      { reason: 'frustration', count: 1 },
      { reason: 'requested', count: 1 },
    ]);
    expect(r.busiestHours.filter((h) => h.count > 0)).toEqual([
      { hour: 9, count: 2 },
      { hour: 15, count: 1 },
      { hour: 23, count: 1 },
    ]);
    expect(r.busiestHours).toHaveLength(24);
  });

  it('counts a conversation a shopper rated over the real sockets', async () => {
    const other = await server.createSite();
    const otherAgent = await server.createAgent([other.id]);
    const { socket } = await server.connectVisitor(other);
    const conversationId = await server.startConversation(socket);
    ok(await request(socket, 'message:send', { conversationId, clientId: 'q', body: 'is the trench coat lined?' }));
    const agentSocket = await server.connectAgent(otherAgent);
    expect(await request(socket, 'conversation:rate', { conversationId, rating: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    ok(await request(agentSocket, 'conversation:takeover', { conversationId }));
    ok(await request(agentSocket, 'message:send', { conversationId, clientId: 'a', body: 'Yes, with cotton.' }));
    ok(await request(agentSocket, 'conversation:status', { conversationId, status: 'resolved' }));
    const rated = ok(await request(socket, 'conversation:rate', { conversationId, rating: 5, comment: 'Quick and kind' }));
    expect(rated.conversation.csat).toEqual({ rating: 5, comment: 'Quick and kind' });
    expect(await request(socket, 'conversation:rate', { conversationId, rating: 6 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const now = Date.now();
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/v1/reports?siteId=${other.id}&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`,
      headers: { cookie: otherAgent.cookie },
    });
    const r = response.json() as Report;
    expect(r.conversations).toBe(1);
    expect(r.csat).toMatchObject({ average: 5, count: 1, comments: [{ comment: 'Quick and kind' }] });
    expect(r.firstResponseSeconds.count).toBe(1);
    expect(r.resolutionSeconds.count).toBe(1);
    expect(r.botDeflection.resolvedByBot).toBe(0);
    // Another site's agent cannot read it.
    const outsider = await server.app.inject({ method: 'GET', url: `/api/v1/reports?siteId=${other.id}&from=2026-01-01&to=2026-02-01`, headers: { cookie: agent.cookie } });
    expect(outsider.statusCode).toBe(404);
  });

  it('counts a conversation as resolved by the bot only when no person took part, it never went to the queue and the shopper did not come back on its topic within 24 hours', async () => {
    const own = await server.createSite({ botEnabled: true });
    const ownAgent = await server.createAgent([own.id]);
    const db = server.services.db;
    const articleA = '00000000-0000-4000-8000-00000000000a';
    const articleB = '00000000-0000-4000-8000-00000000000b';
    const visitor = async () => (await db.insert(visitors).values({ siteId: own.id, tokenHash: `seed-${Math.random()}` }).returning())[0]!.id;
    const botTurn = (at: string, intent: string, articleIds: string[] = [], handoff: string | null = null): Seeded => ({ type: 'bot_replied', at, actor: 'bot', data: { intent, articleIds, handoff } });
    /** A conversation of `visitorId` with these events; `agentMessage` adds a message by an agent (a note). */
    async function talk(visitorId: string, events: Seeded[], agentMessage = false): Promise<string> {
      const [c] = await db.insert(conversations).values({ siteId: own.id, visitorId, status: 'bot' }).returning();
      await db.insert(conversationEvents).values(
        events.map((e) => ({ conversationId: c!.id, siteId: own.id, type: e.type, actorType: e.actor ?? 'agent', data: e.data ?? {}, createdAt: new Date(e.at) })),
      );
      if (agentMessage) {
        await db.insert(messageRows).values({ id: randomUUID(), conversationId: c!.id, seq: 1, clientId: 'note', authorType: 'agent', authorId: ownAgent.id, body: 'Checked, all fine', internal: true });
      }
      return c!.id;
    }
    const created = (at: string): Seeded => ({ type: 'created', at, actor: 'visitor' });

    // Alone, nobody came back: resolved (still `bot`, never moved: no status change is needed).
    await talk(await visitor(), [created('2026-11-10T09:00:00Z'), botTurn('2026-11-10T09:00:05Z', 'faq', [articleA])]);
    // An agent's internal note, an assignment, a hand-off, no bot turn at all: not the bot's.
    await talk(await visitor(), [created('2026-11-10T09:10:00Z'), botTurn('2026-11-10T09:10:05Z', 'faq', [articleA])], true);
    await talk(await visitor(), [created('2026-11-10T09:20:00Z'), botTurn('2026-11-10T09:20:05Z', 'faq', [articleA]), { type: 'assigned', at: '2026-11-10T09:25:00Z', data: { from: null, to: ownAgent.id } }]);
    await talk(await visitor(), [
      created('2026-11-10T09:30:00Z'),
      botTurn('2026-11-10T09:30:05Z', 'handoff', [], 'requested'),
      { type: 'status_changed', at: '2026-11-10T09:30:06Z', actor: 'bot', data: { from: 'bot', to: 'queued', reason: 'requested' } },
    ]);
    await talk(await visitor(), [created('2026-11-10T09:40:00Z')]);
    // Back 23 hours after the last bot reply, on the same article: came back; the return itself resolved.
    const giulia = await visitor();
    await talk(giulia, [created('2026-11-11T08:00:00Z'), botTurn('2026-11-11T08:00:05Z', 'smalltalk'), botTurn('2026-11-11T08:01:00Z', 'faq', [articleA])]);
    await talk(giulia, [created('2026-11-12T07:00:00Z'), botTurn('2026-11-12T07:00:05Z', 'faq', [articleB, articleA])]);
    // Back within the day on another article (both `faq`: an intent that names no topic): both resolved.
    const marco = await visitor();
    await talk(marco, [created('2026-11-11T10:00:00Z'), botTurn('2026-11-11T10:00:05Z', 'faq', [articleA])]);
    await talk(marco, [created('2026-11-11T12:00:00Z'), botTurn('2026-11-11T12:00:05Z', 'faq', [articleB])]);
    // Back about an order again, but 25 hours later: both resolved. Within the day: came back.
    const anna = await visitor();
    await talk(anna, [created('2026-11-11T10:00:00Z'), botTurn('2026-11-11T10:00:05Z', 'order_status')]);
    await talk(anna, [created('2026-11-12T11:00:06Z'), botTurn('2026-11-12T11:00:10Z', 'order_status')]);
    const luca = await visitor();
    await talk(luca, [created('2026-11-11T10:00:00Z'), botTurn('2026-11-11T10:00:05Z', 'return')]);
    await talk(luca, [created('2026-11-11T18:00:00Z'), botTurn('2026-11-11T18:00:05Z', 'return')]);
    // Another shopper on the same article is not a return.
    await talk(await visitor(), [created('2026-11-11T10:30:00Z'), botTurn('2026-11-11T10:30:05Z', 'faq', [articleA])]);

    const figures = (from: string, to: string, now: string) => server.services.reports.report(own.id, { from: new Date(from), to: new Date(to) }, 'UTC', new Date(now));
    // Seen on 20 November, every window closed: of 14 conversations, 8 resolved by the bot, 2 came back.
    const later = await figures('2026-11-10T00:00:00Z', '2026-11-13T00:00:00Z', '2026-11-20T00:00:00Z');
    expect(later.conversations).toBe(14);
    expect(later.botDeflection).toEqual({ resolvedByBot: 8, pending: 0, cameBack: 2, rate: 0.571 });
    // Seen on 12 November at 12:00: the four whose last bot reply is less than 24 hours old are
    // pending (the second chats of Giulia, Marco, Anna and Luca) and left out of the rate; the two
    // that came back on their topic are known at once.
    const meanwhile = await figures('2026-11-10T00:00:00Z', '2026-11-13T00:00:00Z', '2026-11-12T12:00:00Z');
    expect(meanwhile.botDeflection).toEqual({ resolvedByBot: 4, pending: 4, cameBack: 2, rate: 0.4 });
    // Over the API, for the agent of the site.
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/reports?siteId=${own.id}&from=2026-11-10&to=2026-11-13`, headers: { cookie: ownAgent.cookie } });
    expect((response.json() as Report).botDeflection).toEqual(later.botDeflection);
  });

  it('refuses a backwards or endless range', async () => {
    for (const [from, to] of [
      ['2026-11-05', '2026-11-01'],
      ['2020-01-01', '2026-01-01'],
      ['yesterday', '2026-01-01'],
    ]) {
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/reports?siteId=${site.id}&from=${from}&to=${to}`, headers: { cookie: agent.cookie } });
      expect(response.statusCode).toBe(400);
    }
  });

  it('takes percentiles by nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });
});
