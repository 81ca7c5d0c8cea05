import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { conversationEvents, conversations, messages } from '@sportello/db';
import type { Message, Report } from '@sportello/protocol';
import { seedDemo } from '../src/seed/demo-seed';
import { TestServer, eventually, ok, request, sleep, type TestAgent, type TestSite, type VisitorSocket } from './test-server';

/**
 * Bot deflection with the real bot on the demo store's knowledge base: shoppers ask over the
 * sockets, the bot answers, and the report counts what the bot resolved on its own.
 */
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

/** A shopper on the demo store; `chat()` starts a conversation of theirs and `say` waits for the bot's turn. */
async function shopper(): Promise<{ socket: VisitorSocket; chat: () => Promise<{ id: string; say: (text: string) => Promise<Message[]> }> }> {
  const { socket } = await server.connectVisitor(demo);
  const inbox: Message[] = [];
  socket.on('message:new', (m) => inbox.push(m));
  let n = 0;
  const chat = async () => {
    const id = await server.startConversation(socket);
    const say = async (text: string) => {
      const turns = async () => (await server.services.db.select().from(conversationEvents).where(and(eq(conversationEvents.conversationId, id), eq(conversationEvents.type, 'bot_replied')))).length;
      const before = await turns();
      const seen = inbox.length;
      ok(await request(socket, 'message:send', { conversationId: id, clientId: `s-${n++}`, body: text }));
      // The bot's turn is over once it is recorded (its replies are stored and sent before that).
      await eventually(async () => (await turns()) > before, 8000);
      await eventually(() => inbox.slice(seen).some((m) => m.author.type === 'bot'), 3000);
      return inbox.slice(seen).filter((m) => m.conversationId === id && m.author.type === 'bot');
    };
    return { id, say };
  };
  return { socket, chat };
}

/** The articles the bot answered a conversation from, as its `bot_replied` events say. */
async function articlesOf(conversationId: string): Promise<string[]> {
  const rows = await server.services.db.select().from(conversationEvents).where(and(eq(conversationEvents.conversationId, conversationId), eq(conversationEvents.type, 'bot_replied')));
  return rows.flatMap((r) => (r.data.articleIds as string[]) ?? []);
}

/** The report for the last `hours` hours up to a minute from now, as the console asks for it. */
async function report(fromHoursAgo: number, toHoursAgo = -1 / 60): Promise<Report> {
  const now = Date.now();
  const from = new Date(now - fromHoursAgo * 3_600_000).toISOString();
  const to = new Date(now - toHoursAgo * 3_600_000).toISOString();
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/reports?siteId=${demo.id}&from=${from}&to=${to}`, headers: { cookie: agent.cookie } });
  expect(response.statusCode).toBe(200);
  return response.json() as Report;
}

/** Moves everything of the demo site `hours` into the past: the same conversations, seen later. */
async function age(hours: number): Promise<void> {
  const db = server.services.db;
  const back = sql.raw(`interval '${hours} hours'`);
  await db.update(conversationEvents).set({ createdAt: sql`${conversationEvents.createdAt} - ${back}` }).where(eq(conversationEvents.siteId, demo.id));
  await db.update(conversations).set({ createdAt: sql`${conversations.createdAt} - ${back}` }).where(eq(conversations.siteId, demo.id));
  await db.execute(sql`update ${messages} set created_at = created_at - ${back} where conversation_id in (select id from ${conversations} where site_id = ${demo.id})`);
}

describe('bot deflection with the real bot', () => {
  it('counts three chats the bot answered alone: pending within the day, then 3 of 3 resolved without a person', async () => {
    // Three shoppers, each with one question the knowledge base answers; nobody else takes part.
    const ids: string[] = [];
    for (const question of ['How long does delivery take to Milan?', 'Can I pay with PayPal?', 'How do I reset my password?']) {
      const { chat } = await shopper();
      const c = await chat();
      const replies = await c.say(question);
      // The sources of an answer are shown to agents (the shopper's copy leaves them out).
      const stored = (await server.services.conversations.replay(c.id, 0, 'agent')).messages.find((m) => m.id === replies[0]!.id);
      expect(replies[0]!.payload?.sources, question).toBeUndefined();
      expect(stored?.payload?.sources?.length, question).toBeGreaterThan(0);
      ids.push(c.id);
    }
    // None was resolved or closed: they are still with the bot, which is how they stay when a
    // shopper got the answer and left. Counting resolved conversations only, this read
    // "0 % — 0 of 3 resolved without a person".
    for (const id of ids) expect((await server.services.conversations.getRow(id)).status).toBe('bot');

    // Within the day the shopper may still come back on the topic: not counted yet either way.
    const today = await report(1);
    expect(today.conversations).toBe(3);
    expect(today.botDeflection).toEqual({ resolvedByBot: 0, pending: 3, cameBack: 0, rate: null });

    // A day later nobody came back: the bot resolved all three.
    await age(25);
    const dayAfter = await report(27);
    expect(dayAfter.conversations).toBe(3);
    expect(dayAfter.botDeflection).toEqual({ resolvedByBot: 3, pending: 0, cameBack: 0, rate: 1 });
    // Aged out of the next test's ranges.
    await age(100);
  });

  it('does not count a chat the shopper came back to on the same article, nor one handed to a person', async () => {
    // Dario asks about delivery, then opens a new chat on the same question.
    const dario = await shopper();
    const first = await dario.chat();
    await first.say('How long does delivery take to Milan?');
    const again = await dario.chat();
    await again.say('how many days to deliver to Rome?');
    const shared = await articlesOf(first.id);
    expect(shared.length).toBeGreaterThan(0);
    expect((await articlesOf(again.id)).some((a) => shared.includes(a))).toBe(true);
    // Francesca asks about delivery, then about paying: another topic.
    const francesca = await shopper();
    const shipping = await francesca.chat();
    await shipping.say('How long does delivery take to Milan?');
    const paying = await francesca.chat();
    await paying.say('Can I pay with PayPal?');
    expect((await articlesOf(paying.id)).some((a) => shared.includes(a))).toBe(false);
    // Elena wants a person.
    const elena = await shopper();
    const person = await elena.chat();
    await person.say('I want to talk to a person please');
    await eventually(async () => (await server.services.conversations.getRow(person.id)).status === 'queued');
    await sleep(100);

    // At once: Dario's first chat came back on its topic; the others that the bot handled alone are pending.
    const now = await report(1);
    expect(now.conversations).toBe(5);
    expect(now.botDeflection).toEqual({ resolvedByBot: 0, pending: 3, cameBack: 1, rate: 0 });

    // A day later: Dario's second chat and both of Francesca's were resolved by the bot; 3 of 5.
    await age(25);
    const later = await report(27);
    expect(later.conversations).toBe(5);
    expect(later.botDeflection).toEqual({ resolvedByBot: 3, pending: 0, cameBack: 1, rate: 0.6 });
  });
});
