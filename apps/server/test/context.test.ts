import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { messages, sites } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { seedDemo } from '../src/seed/demo-seed';
import type { ConversationContext } from '../src/services/context-service';
import { TestServer, connected, eventually, ok, request, type TestAgent, type VisitorSocket } from './test-server';

let server: TestServer;
let agent: TestAgent;
let secret: string;
let siteId: string;

beforeAll(async () => {
  server = await TestServer.start();
  ({ siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' }));
  secret = (await server.services.db.select().from(sites).where(eq(sites.id, siteId)))[0]!.secret;
  agent = await server.createAgent([siteId]);
});
afterAll(() => server?.close());

async function shopper(identity?: Record<string, string>): Promise<{ socket: VisitorSocket; conversationId: string }> {
  const socket = server.visitorSocket({ siteKey: 'demo', origin: 'http://localhost:3000' });
  if (identity) (socket.auth as Record<string, unknown>).identity = identity;
  await connected(socket);
  const conversationId = await server.startConversation(socket);
  return { socket, conversationId };
}

const context = async (conversationId: string, cookie = agent.cookie) => {
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/context`, headers: { cookie } });
  return { status: response.statusCode, body: response.json() as ConversationContext };
};

describe('the shopper sidebar', () => {
  it("shows a verified shopper's orders, pages (newest first) and past conversations", async () => {
    const identity = { userId: 'cust-1001', email: 'giulia.rossi@example.com', name: 'Giulia Rossi', userHash: createHmac('sha256', secret).update('cust-1001').digest('hex') };
    const first = await shopper(identity);
    const { socket, conversationId } = await shopper(identity);
    ok(await request(socket, 'visitor:page', { url: 'https://shop.example/collections/coats', title: 'Coats' }));
    ok(await request(socket, 'visitor:page', { url: 'https://shop.example/products/trench', title: 'Trench coat' }));
    expect(await request(socket, 'visitor:page', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const { status, body } = await context(conversationId);
    expect(status).toBe(200);
    expect(body.visitor).toMatchObject({ name: 'Giulia Rossi', email: 'giulia.rossi@example.com', verified: true, externalId: 'cust-1001' });
    expect(body.visitor.currentPage).toMatchObject({ url: 'https://shop.example/products/trench', title: 'Trench coat' });
    expect(body.visitor.pages.map((p) => p.title)).toEqual(['Trench coat', 'Coats']);
    expect(body.orders.map((o) => o.number).sort()).toEqual(['1001', '1002', '1003']);
    expect(body.orders.find((o) => o.number === '1002')!.shipments[0]).toMatchObject({ carrier: 'BRT', trackingNumber: '0840123456790' });
    expect(body.pastConversations).toEqual([]); // each connection without a token is a new visitor
    void first;
  });

  it('never shows orders for an email an unverified shopper merely claims', async () => {
    const { conversationId } = await shopper({ userId: 'cust-1001', email: 'giulia.rossi@example.com', userHash: '0'.repeat(64) });
    const { body } = await context(conversationId);
    expect(body.visitor).toMatchObject({ verified: false, externalId: null, email: 'giulia.rossi@example.com' });
    expect(body.orders).toEqual([]);
  });

  it('keeps showing the orders an unverified shopper proved (number and e-mail) after the bot answered', async () => {
    const { socket, conversationId } = await shopper();
    const said = async (clientId: string, body: string, expected: RegExp) => {
      const seen: string[] = [];
      const listener = (m: Message) => m.author.type === 'bot' && seen.push(m.body);
      socket.on('message:new', listener);
      ok(await request(socket, 'message:send', { conversationId, clientId, body }));
      await eventually(() => seen.some((b) => expected.test(b)));
      socket.off('message:new', listener);
    };
    expect((await context(conversationId)).body.orders).toEqual([]);
    await said('q1', 'Where is my order 1002?', /e-?mail/i);
    // Only the number so far: nothing proved, nothing shown.
    expect((await context(conversationId)).body.orders).toEqual([]);
    await said('q2', 'giulia.rossi@example.com', /1002/);
    // The dialog is over; the proved order stays beside the chat, with its tracking.
    await said('q3', 'ok thanks, and order 1010 with emma.schmidt@example.com?', /1010/);
    const { body } = await context(conversationId);
    expect(body.orders.map((o) => o.number)).toEqual(['1010', '1002']);
    expect(body.orders[1]!.shipments[0]).toMatchObject({ trackingNumber: '0840123456790' });
    // A wrong e-mail proves nothing.
    await said('q4', 'and order 1005, my email is giulia.rossi@example.com', /./);
    expect((await context(conversationId)).body.orders.map((o) => o.number)).toEqual(['1010', '1002']);
    socket.disconnect();
  });

  it("is not shown to another site's agents", async () => {
    const { conversationId } = await shopper();
    const other = await server.createSite();
    const outsider = await server.createAgent([other.id]);
    expect((await context(conversationId, outsider.cookie)).status).toBe(404);
  });
});

describe('returns waiting for approval', () => {
  it('are approved once by an agent, who tells the shopper in the chat', async () => {
    const { socket, conversationId } = await shopper();
    const created = await server.services.orders.for((await server.services.sites.byId(siteId))!).createReturn({ orderNumber: '1010', items: [{ itemId: 'SA-TC-003', quantity: 1 }], reason: 'wrong_size', needsApproval: true, conversationId });
    const { body } = await context(conversationId);
    const pending = body.returns.find((r) => r.reference === created.reference)!;
    expect(pending).toMatchObject({ status: 'pending_approval', orderNumber: '1010', items: [{ name: 'Cotton trench coat, sand', quantity: 1 }] });

    const told: Message[] = [];
    socket.on('message:new', (m) => told.push(m));
    const approved = await server.app.inject({ method: 'POST', url: `/api/v1/returns/${pending.id}/approve`, headers: { cookie: agent.cookie } });
    expect(approved.json()).toMatchObject({ return: { status: 'approved' } });
    await eventually(() => told.length === 1);
    expect(told[0]!.body).toContain(created.reference);
    const again = await server.app.inject({ method: 'POST', url: `/api/v1/returns/${pending.id}/reject`, headers: { cookie: agent.cookie } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    const stored = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversationId));
    expect(stored).toHaveLength(1);

    const other = await server.createSite();
    const outsider = await server.createAgent([other.id]);
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/returns/${pending.id}/reject`, headers: { cookie: outsider.cookie } })).statusCode).toBe(404);
  });
});
