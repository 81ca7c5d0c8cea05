import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { conversationEvents, conversations, messages, returns, sites, visitors } from '@sportello/db';
import { TestServer, ok, request, type TestAgent, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
let admin: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite();
  admin = await server.createAgent([site.id], 'admin');
});
afterAll(() => server?.close());

async function shopperWithChat(email: string): Promise<{ visitorId: string; conversationId: string }> {
  const { socket, visitorId } = await server.connectVisitor(site);
  ok(await request(socket, 'visitor:identify', { email }));
  const conversationId = await server.startConversation(socket);
  ok(await request(socket, 'message:send', { conversationId, clientId: 'm', body: `I am ${email}, my address is Via Roma 1` }));
  socket.disconnect();
  return { visitorId, conversationId };
}

describe('a shopper’s data', () => {
  it('is exported whole, without internal notes or the token hash', async () => {
    const { conversationId } = await shopperWithChat('export.me@example.com');
    const agent = await server.connectAgent(admin);
    ok(await request(agent, 'message:send', { conversationId, clientId: 'note', body: 'VIP, be nice', internal: true }));
    ok(await request(agent, 'message:send', { conversationId, clientId: 'reply', body: 'Hello!' }));
    const response = await server.app.inject({ method: 'GET', url: `/api/v1/privacy/export?siteId=${site.id}&email=EXPORT.ME@example.com`, headers: { cookie: admin.cookie } });
    expect(response.statusCode).toBe(200);
    const [shopper] = response.json().shoppers;
    expect(shopper.visitor).toMatchObject({ email: 'export.me@example.com' });
    expect(shopper.visitor.tokenHash).toBeUndefined();
    expect(shopper.conversations[0].messages.map((m: { body: string }) => m.body)).toEqual(['I am export.me@example.com, my address is Via Roma 1', 'Hello!']);
    expect(shopper.conversations[0].events.map((e: { type: string }) => e.type)).toContain('created');
  });

  it('is erased whole, keeping returns for the books without the email', async () => {
    const { visitorId, conversationId } = await shopperWithChat('erase.me@example.com');
    await server.services.db.insert(returns).values({ siteId: site.id, reference: 'R-ERASE1', orderNumber: '1001', customerEmail: 'erase.me@example.com', status: 'approved', reason: 'wrong_size', items: [] });
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/privacy/erase', headers: { cookie: admin.cookie }, payload: { siteId: site.id, email: 'erase.me@example.com' } });
    expect(response.json()).toEqual({ erased: { visitors: 1, conversations: 1 } });
    const db = server.services.db;
    expect(await db.select().from(visitors).where(eq(visitors.id, visitorId))).toEqual([]);
    expect(await db.select().from(conversations).where(eq(conversations.id, conversationId))).toEqual([]);
    expect(await db.select().from(messages).where(eq(messages.conversationId, conversationId))).toEqual([]);
    expect(await db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, conversationId))).toEqual([]);
    const [kept] = await db.select().from(returns).where(eq(returns.reference, 'R-ERASE1'));
    expect(kept).toMatchObject({ orderNumber: '1001', customerEmail: null });
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/privacy/erase', headers: { cookie: admin.cookie }, payload: { siteId: site.id, email: 'erase.me@example.com' } })).statusCode).toBe(404);
  });

  it('is only for admins of the site', async () => {
    const agent = await server.createAgent([site.id]);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/privacy/export?siteId=${site.id}&email=x@example.com`, headers: { cookie: agent.cookie } })).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/privacy/erase', headers: { cookie: admin.cookie }, payload: { siteId: site.id } })).statusCode).toBe(400);
  });
});

describe('retention', () => {
  it('erases finished conversations older than the site’s retention period, and nothing else', async () => {
    const kept = await server.createSite();
    const [retained] = await server.services.db.update(sites).set({ settings: { botEnabled: false, retentionDays: 30 } }).where(eq(sites.id, site.id)).returning();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const make = async (siteId: string, status: 'resolved' | 'open' | 'closed', updatedAt: Date) => {
      const [v] = await server.services.db.insert(visitors).values({ siteId, tokenHash: `r-${Math.random()}`, lastSeenAt: updatedAt }).returning();
      const [c] = await server.services.db.insert(conversations).values({ siteId, visitorId: v!.id, status, updatedAt }).returning();
      return { conversation: c!.id, visitor: v!.id };
    };
    const expired = await make(retained!.id, 'resolved', old);
    const closedExpired = await make(retained!.id, 'closed', old);
    const stillOpen = await make(retained!.id, 'open', old);
    const recent = await make(retained!.id, 'resolved', new Date());
    const otherSite = await make(kept.id, 'resolved', old);
    expect(await server.services.privacy.applyRetention()).toBe(2);
    const left = (await server.services.db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, [expired.conversation, closedExpired.conversation, stillOpen.conversation, recent.conversation, otherSite.conversation]))).map((r) => r.id);
    expect(left.sort()).toEqual([stillOpen.conversation, recent.conversation, otherSite.conversation].sort());
    expect(await server.services.db.select().from(visitors).where(eq(visitors.id, expired.visitor))).toEqual([]);
  });
});
