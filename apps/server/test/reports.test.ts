import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationEvents, conversations, visitors } from '@sportello/db';
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
    expect(r.botDeflection).toEqual({ resolvedByBot: 1, rate: 0.25 });
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
