import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { conversations, messages, returns } from '@sportello/db';
import type { AgentConversation, Message } from '@sportello/protocol';
import { seedDemo } from '../src/seed/demo-seed';
import { TestServer, eventually, ok, request, sleep, type TestAgent, type TestSite, type VisitorSocket } from './test-server';

let server: TestServer;
let demo: TestSite;
let agent: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' });
  demo = { id: siteId, key: 'demo', origin: 'http://localhost:3000', secret: '' };
  agent = await server.createAgent([siteId]);
});
afterAll(() => server?.close());

/** A shopper on the demo store, collecting what arrives. */
async function shopper(): Promise<{ socket: VisitorSocket; conversationId: string; inbox: Message[]; say: (text: string) => Promise<Message[]> }> {
  const { socket } = await server.connectVisitor(demo);
  const conversationId = await server.startConversation(socket);
  const inbox: Message[] = [];
  socket.on('message:new', (m) => inbox.push(m));
  let n = 0;
  /** Sends a message and waits for the bot's answer to it (one or more messages). */
  const say = async (text: string) => {
    const before = inbox.length;
    ok(await request(socket, 'message:send', { conversationId, clientId: `s-${n++}`, body: text }));
    await eventually(() => inbox.length > before, 5000);
    await sleep(150); // a turn may have several replies
    return inbox.slice(before);
  };
  return { socket, conversationId, inbox, say };
}

describe('the bot in a live conversation', () => {
  it('answers from the knowledge base, tracks an order, and hands off to the queue on request (English)', async () => {
    const watcher = await server.connectAgent(agent);
    const updates: AgentConversation[] = [];
    watcher.on('conversation:updated', (c) => updates.push(c));
    const chat = await shopper();

    const faq = await chat.say('How long does delivery take to Milan?');
    expect(faq[0]!.author.type).toBe('bot');
    expect(faq.map((m) => m.body).join('\n')).toMatch(/working day/i);

    const ask = await chat.say('where is my order 1002?');
    expect(ask.at(-1)!.body).toMatch(/e-?mail/i);
    const status = await chat.say('giulia.rossi@example.com');
    const card = status.find((m) => m.payload?.card)?.payload?.card;
    expect(card).toMatchObject({ type: 'order_status', orderNumber: '1002', trackingNumber: '0840123456790' });

    await chat.say('I want to talk to a real person');
    await eventually(async () => (await server.services.conversations.getRow(chat.conversationId)).status === 'queued');
    const row = await server.services.conversations.getRow(chat.conversationId);
    expect(row.handoffReason).toBe('requested');
    await eventually(() => updates.some((c) => c.id === chat.conversationId && c.status === 'queued' && c.handoffReason === 'requested'));

    // Once an agent has it, the bot is silent.
    ok(await request(watcher, 'conversation:takeover', { conversationId: chat.conversationId }));
    const before = chat.inbox.length;
    ok(await request(chat.socket, 'message:send', { conversationId: chat.conversationId, clientId: 'after', body: 'hello? where is my order 1002' }));
    await sleep(600);
    expect(chat.inbox.slice(before)).toEqual([]);
    const [stored] = await server.services.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, chat.conversationId));
    expect(stored!.n).toBe(chat.inbox.filter((m) => m.author.type === 'bot').length + 5);
  });

  it('speaks Italian to an Italian shopper and starts a return', async () => {
    const chat = await shopper();
    const hello = await chat.say('Ciao! Vorrei fare il reso di un articolo dell’ordine 1001');
    expect(hello.at(-1)!.body).toMatch(/email|e-mail/i);
    const items = await chat.say('giulia.rossi@example.com');
    const picks = items.at(-1)!.payload?.quickReplies ?? [];
    expect(picks.length).toBeGreaterThan(0);
    const reasons = await chat.say(picks[0]!.value);
    const reason = reasons.at(-1)!.payload?.quickReplies?.[0];
    expect(reason).toBeDefined();
    let step = await chat.say(reason!.value);
    // A wrong size: a refund or another size; then the summary to confirm.
    if (step.at(-1)!.body.match(/rimborso o lo stesso articolo/)) step = await chat.say('Rimborso');
    expect(step.at(-1)!.body).toMatch(/Ricapitolando.*Procedo\?/s);
    const done = await chat.say('Sì');
    const card = done.find((m) => m.payload?.card)?.payload?.card;
    expect(card).toMatchObject({ type: 'return', orderNumber: '1001' });
    expect(done.map((m) => m.body).join('\n')).toMatch(/reso/i);
    const saved = await server.services.db.select().from(returns).where(eq(returns.conversationId, chat.conversationId));
    expect(saved).toHaveLength(1);
  });
});

describe('POST /api/v1/bot/preview', () => {
  it('says what the bot would do, turn by turn, and stores nothing', async () => {
    const count0 = (await server.services.db.select({ n: count() }).from(messages))[0]!.n;
    const preview = (text: string, state?: unknown) =>
      server.app.inject({ method: 'POST', url: '/api/v1/bot/preview', headers: { cookie: agent.cookie }, payload: { site: 'demo', text, ...(state ? { state } : {}) } });
    const faq = (await preview('Quanto costa la spedizione express?')).json();
    expect(faq).toMatchObject({ locale: 'it', intent: 'faq', handoff: null });
    expect(faq.articleIds.length).toBeGreaterThan(0);
    const first = (await preview('I want to return order 1010')).json();
    expect(first.intent).toBe('return');
    const second = (await preview('emma.schmidt@example.com', first.state)).json();
    expect(second.replies.at(-1).payload.quickReplies.length).toBeGreaterThan(0);
    expect((await preview('I need a human')).json()).toMatchObject({ intent: 'handoff', handoff: { reason: 'requested' } });
    const count1 = (await server.services.db.select({ n: count() }).from(messages))[0]!.n;
    expect(count1).toBe(count0);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/bot/preview', payload: { site: 'demo', text: 'hi' } })).statusCode).toBe(401);
    expect((await preview('')).statusCode).toBe(400);
    const outsider = await server.createAgent([]);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/bot/preview', headers: { cookie: outsider.cookie }, payload: { site: 'demo', text: 'hi' } })).statusCode).toBe(404);
    const [open] = await server.services.db.select({ n: count() }).from(conversations).where(eq(conversations.siteId, demo.id));
    expect(open!.n).toBe(2);
  });
});
