import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { visitors } from '@sportello/db';
import type { Message, VisitorProfile } from '@sportello/protocol';
import { seedDemo } from '../src/seed/demo-seed';
import { TestServer, connected, eventually, ok, once, request, type TestSite, type VisitorSocket } from './test-server';

let server: TestServer;
let demo: TestSite;
beforeAll(async () => {
  server = await TestServer.start();
  const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' });
  // Nobody of the demo store is online in this file: a handoff asks for an e-mail.
  demo = { id: siteId, key: 'demo', origin: 'http://localhost:3000', secret: (await server.services.sites.byId(siteId))!.secret };
});
afterAll(() => server?.close());

/** A tab of the shopper: what arrives, and `say`, which waits for the bot's answer to a message. */
function tab(socket: VisitorSocket) {
  const inbox: Message[] = [];
  const profiles: VisitorProfile[] = [];
  socket.on('message:new', (m) => inbox.push(m));
  socket.on('visitor:profile', (p) => profiles.push(p));
  let n = 0;
  const say = async (conversationId: string, text: string, expectedReplies = 1): Promise<Message[]> => {
    const before = inbox.length;
    ok(await request(socket, 'message:send', { conversationId, clientId: `s-${n++}`, body: text }));
    await eventually(() => inbox.slice(before).filter((m) => m.author.type === 'bot').length >= expectedReplies, 5000);
    return inbox.slice(before).filter((m) => m.author.type === 'bot');
  };
  return { socket, inbox, profiles, say };
}

const visitorRow = async (id: string) => (await server.services.db.select().from(visitors).where(eq(visitors.id, id)))[0]!;

describe('the e-mail a shopper gives the bot', () => {
  it('is kept, told to every tab (visitor:profile) and on every connection, and never asked for again', async () => {
    const first = await server.connectVisitor(demo);
    const a = tab(first.socket);
    const b = tab((await server.connectVisitor(demo, first.token)).socket); // a second tab
    const conversation1 = await server.startConversation(first.socket);

    // Agents are offline: the handoff asks where to reply.
    const handoff = await a.say(conversation1, 'I want to talk to a real person', 2);
    expect(handoff.at(-1)!.body).toBe("What's your e-mail address, so we can reply even if you've left the chat?");
    // The handoff's status change is committed after the bot's replies go out.
    await expect.poll(async () => (await server.services.conversations.getRow(conversation1)).status).toBe('queued');

    // The answer reaches the bot although the conversation is queued now.
    const thanks = await a.say(conversation1, 'ada.lovelace@example.com');
    expect(thanks.map((m) => m.body)).toEqual(["Thanks! We'll reply to ada.lovelace@example.com."]);
    expect(await visitorRow(first.visitorId)).toMatchObject({ email: 'ada.lovelace@example.com', verified: false });
    // Both tabs heard it before the bot's thanks (the profile is stored first).
    expect(a.profiles).toEqual([{ email: 'ada.lovelace@example.com' }]);
    await eventually(() => b.profiles.length === 1);
    expect(b.profiles).toEqual([{ email: 'ada.lovelace@example.com' }]);
    expect((await server.services.conversations.getRow(conversation1)).status).toBe('queued');

    // A reload (a new connection with the token) is told at once.
    const reload = server.visitorSocket({ siteKey: demo.key, origin: demo.origin, token: first.token });
    const told = once<VisitorProfile>(reload, 'visitor:profile');
    await connected(reload);
    expect(await told).toEqual({ email: 'ada.lovelace@example.com' });

    // A later conversation: the bot hands off without asking for it.
    const c = tab(reload);
    const conversation2 = await server.startConversation(reload);
    const again = await c.say(conversation2, 'Can I talk to a human please?');
    await expect.poll(async () => (await server.services.conversations.getRow(conversation2)).status).toBe('queued');
    expect(again.map((m) => m.body).join('\n')).not.toMatch(/e-?mail/i);
    expect(again).toHaveLength(1);
    expect(again[0]!.body).toMatch(/offline/i);
  });

  it('in a queued conversation, the bot takes only that answer, whenever it comes: anything else waits for a person', async () => {
    const { socket, visitorId } = await server.connectVisitor(demo);
    const a = tab(socket);
    const conversationId = await server.startConversation(socket);
    await a.say(conversationId, 'I want to talk to a real person', 2);
    ok(await request(socket, 'message:send', { conversationId, clientId: 'other', body: 'How long does delivery take to Milan?' }));
    const thanks = await a.say(conversationId, 'ok, it is ada@example.com');
    expect(thanks.map((m) => m.body)).toEqual(["Thanks! We'll reply to ada@example.com."]);
    expect(await visitorRow(visitorId)).toMatchObject({ email: 'ada@example.com' });
    // The question in between got no answer from the bot: the handoff, its question and the thanks only.
    const stored = (await server.services.conversations.replay(conversationId, 0, 'agent')).messages;
    expect(stored.filter((m) => m.author.type === 'bot')).toHaveLength(3);
    expect((await server.services.conversations.getRow(conversationId)).status).toBe('queued');
  });

  it('never replaces the e-mail of a verified identity', async () => {
    const socket = server.visitorSocket({ siteKey: demo.key, origin: demo.origin });
    const userHash = createHmac('sha256', demo.secret).update('cust-1').digest('hex');
    (socket.auth as Record<string, unknown>).identity = { userId: 'cust-1', email: 'giulia.rossi@example.com', userHash };
    const session = once<{ visitorId: string }>(socket, 'visitor:session');
    const told = once<VisitorProfile>(socket, 'visitor:profile');
    await connected(socket);
    const { visitorId } = await session;
    expect(await told).toEqual({ email: 'giulia.rossi@example.com' });
    const a = tab(socket);
    const conversationId = await server.startConversation(socket);
    // An e-mail in a message is the bot's to use for look-ups, not a new identity.
    await a.say(conversationId, 'where is my order 1002? my email is someone.else@example.com');
    expect(await visitorRow(visitorId)).toMatchObject({ verified: true, email: 'giulia.rossi@example.com' });
    // Nor does an unverified claim through visitor:identify.
    ok(await request(socket, 'visitor:identify', { email: 'mallory@example.com' }));
    expect(await visitorRow(visitorId)).toMatchObject({ verified: true, email: 'giulia.rossi@example.com' });
    expect(a.profiles).toEqual([]);
  });
});
