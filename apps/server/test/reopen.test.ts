import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { conversationEvents, messages } from '@sportello/db';
import type { Message, VisitorConversation } from '@sportello/protocol';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { reopenOutcome, type ReopenFacts } from '../src/services/reopen-policy';
import { noticeTexts } from '../src/services/shopper-notices';
import { seedDemo } from '../src/seed/demo-seed';
import { TestServer, connected, eventually, ok, request, type TestSite, type VisitorSocket } from './test-server';

let server: TestServer;
let demo: TestSite;
beforeAll(async () => {
  server = await TestServer.start();
  const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' });
  demo = { id: siteId, key: 'demo', origin: 'http://localhost:3000', secret: '' };
});
afterAll(() => server?.close());

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A shopper whose conversation an agent took, answered and resolved; `online` sets that agent's presence. */
async function resolvedConversation(site: TestSite, options: { online: boolean; locale?: string }) {
  const agentRow = await server.createAgent([site.id]);
  const agent = await server.connectAgent(agentRow);
  if (options.online) ok(await request(agent, 'presence:set', { presence: 'online' }));
  const { socket, token } = await server.connectVisitor(site);
  const conversationId = ok(await request(socket, 'conversation:start', options.locale ? { locale: options.locale } : {})).conversation.id;
  const inbox: Message[] = [];
  const updates: VisitorConversation[] = [];
  socket.on('message:new', (m) => inbox.push(m));
  socket.on('conversation:updated', (c) => updates.push(c));
  // Taken before the first message, so the bot (where it is on) never speaks in it.
  ok(await request(agent, 'conversation:takeover', { conversationId }));
  ok(await request(socket, 'message:send', { conversationId, clientId: 'q1', body: 'Is the linen shirt lined?' }));
  ok(await request(agent, 'message:send', { conversationId, clientId: 'a1', body: 'No, it is unlined.' }));
  ok(await request(agent, 'conversation:status', { conversationId, status: 'resolved' }));
  await eventually(() => updates.some((c) => c.status === 'resolved'));
  return { agentRow, agent, socket, token, conversationId, inbox, updates };
}

async function rowsOf(conversationId: string) {
  const stored = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
  const reopened = await server.services.db
    .select()
    .from(conversationEvents)
    .where(and(eq(conversationEvents.conversationId, conversationId), eq(conversationEvents.type, 'status_changed')));
  return { stored, reopened: reopened.filter((e) => e.data.reason === 'reopened') };
}

describe('a shopper writing into a resolved conversation always gets an answer', () => {
  it('goes back to the assignee when they are online, and says so in a stored message', async () => {
    // The bot is on too: an online assignee comes first.
    const site = await server.createSite({ botEnabled: true });
    const chat = await resolvedConversation(site, { online: true });
    const ack = ok(await request(chat.socket, 'message:send', { conversationId: chat.conversationId, clientId: 'q2', body: 'One more thing: is it machine washable?' }));
    await eventually(() => chat.inbox.some((m) => m.author.type === 'system'));
    const notice = chat.inbox.find((m) => m.author.type === 'system')!;
    expect(notice.seq).toBe(ack.seq + 1);
    expect(notice.body).toBe(`${'Agent ' + chat.agentRow.email.slice(6, 10)} has your message and will reply here shortly.`);
    await eventually(() => chat.updates.at(-1)?.status === 'open');
    const row = await server.services.conversations.getRow(chat.conversationId);
    expect(row).toMatchObject({ status: 'open', assigneeId: chat.agentRow.id });
    const { stored, reopened } = await rowsOf(chat.conversationId);
    expect(reopened.map((e) => e.data)).toEqual([{ from: 'resolved', to: 'open', reason: 'reopened', messageId: ack.id }]);
    // Numbered like any message, in the history a reload replays; the bot did not speak.
    expect(stored.map((m) => m.authorType)).toEqual(['visitor', 'agent', 'visitor', 'system']);
    const { replays } = ok(await request(chat.socket, 'sync', { cursors: [{ conversationId: chat.conversationId, afterSeq: 0 }] }));
    expect(replays[0]!.messages.map((m) => [m.seq, m.author.type])).toEqual([
      [1, 'visitor'],
      [2, 'agent'],
      [3, 'visitor'],
      [4, 'system'],
    ]);
  });

  it('gives the turn to the bot when the assignee is offline and the bot is on: it answers the message', async () => {
    const chat = await resolvedConversation(demo, { online: false });
    ok(await request(chat.socket, 'message:send', { conversationId: chat.conversationId, clientId: 'q2', body: 'How long does delivery take to Milan?' }));
    await eventually(() => chat.inbox.some((m) => m.author.type === 'bot' && /working day/i.test(m.body)), 5000);
    expect((await server.services.conversations.getRow(chat.conversationId)).status).toBe('bot');
    const { stored, reopened } = await rowsOf(chat.conversationId);
    expect(reopened.map((e) => e.data.to)).toEqual(['bot']);
    // The bot's answer is the answer: no notice before it.
    expect(stored.filter((m) => m.authorType === 'system')).toEqual([]);
    expect(chat.updates.at(-1)?.status).toBe('bot');
  });

  it('goes to the queue when the bot is off and nobody is online, and tells the shopper the next opening', async () => {
    // Open only on the day after tomorrow (UTC), so the site is closed now whenever this runs.
    const opening = new Date(Date.now() + 2 * 86_400_000);
    const day = DAYS[opening.getUTCDay()]!;
    const site = await server.createSite({ botEnabled: false, timeZone: 'UTC', businessHours: { [day]: { open: '09:00', close: '17:00' } } });
    const chat = await resolvedConversation(site, { online: false });
    const ack = ok(await request(chat.socket, 'message:send', { conversationId: chat.conversationId, clientId: 'q2', body: 'Hello again, are you there?' }));
    await eventually(() => chat.inbox.some((m) => m.author.type === 'system'));
    const notice = chat.inbox.find((m) => m.author.type === 'system')!;
    const weekday = opening.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
    const date = opening.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
    expect(notice).toMatchObject({ seq: ack.seq + 1, author: { type: 'system', id: null, name: null } });
    expect(notice.body).toMatch(new RegExp(`^Your conversation is back in the queue\\. Our team is away right now; a person will reply here from ${weekday} ${date}(,| at) 09:00 UTC\\.$`));
    const row = await server.services.conversations.getRow(chat.conversationId);
    expect(row).toMatchObject({ status: 'queued', handoffReason: 'reopened' });
    expect(row.queuedAt).not.toBeNull();
    await eventually(() => chat.updates.at(-1)?.status === 'queued');
    // The agents see it in the queue with the reason.
    const summary = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${chat.conversationId}`, headers: { cookie: chat.agentRow.cookie } });
    expect(summary.json()).toMatchObject({ conversation: { status: 'queued', handoffReason: 'reopened' } });
    expect((summary.json() as { messages: Message[] }).messages.at(-1)).toMatchObject({ author: { type: 'system' }, body: notice.body });
  });

  it('says a person will answer shortly, in Italian, when other agents are online during business hours', async () => {
    const site = await server.createSite({ botEnabled: false });
    const colleague = await server.connectAgent(await server.createAgent([site.id]));
    ok(await request(colleague, 'presence:set', { presence: 'online' }));
    const chat = await resolvedConversation(site, { online: false, locale: 'it' });
    ok(await request(chat.socket, 'message:send', { conversationId: chat.conversationId, clientId: 'q2', body: 'Un’altra domanda' }));
    await eventually(() => chat.inbox.some((m) => m.author.type === 'system'));
    expect(chat.inbox.find((m) => m.author.type === 'system')!.body).toBe('La conversazione è di nuovo in coda: una persona del nostro team ti risponderà qui a breve.');
    expect(await server.services.conversations.getRow(chat.conversationId)).toMatchObject({ status: 'queued', handoffReason: 'reopened' });
  });

  it('reopens once when the same message reaches two processes, and a retried send changes nothing', async () => {
    // A second app on the same database: another process, with its own writer memory and caches.
    const other: FastifyInstance = await buildApp({ config: loadConfig({ PUBLIC_URL: 'http://sportello.test', LOG_LEVEL: 'silent' }), db: server.db, logger: false });
    await other.listen({ port: 0, host: '127.0.0.1' });
    let elsewhere: VisitorSocket | undefined;
    try {
      const site = await server.createSite({ botEnabled: false });
      const chat = await resolvedConversation(site, { online: false });
      const { io } = await import('socket.io-client');
      elsewhere = io(`http://127.0.0.1:${(other.server.address() as AddressInfo).port}/visitor`, {
        transports: ['websocket'],
        autoConnect: false,
        reconnection: false,
        forceNew: true,
        extraHeaders: { origin: site.origin },
        auth: { siteKey: site.key, token: chat.token },
      }) as VisitorSocket;
      await connected(elsewhere);
      const send = { conversationId: chat.conversationId, clientId: 'twice', body: 'Anyone?' };
      const [a, b] = await Promise.all([request(chat.socket, 'message:send', send), request(elsewhere, 'message:send', send)]);
      expect(ok(a).id).toBe(ok(b).id);
      ok(await request(chat.socket, 'message:send', send));
      const { stored, reopened } = await rowsOf(chat.conversationId);
      expect(reopened).toHaveLength(1);
      expect(stored.map((m) => [m.seq, m.authorType])).toEqual([
        [1, 'visitor'],
        [2, 'agent'],
        [3, 'visitor'],
        [4, 'system'],
      ]);
      expect((await server.services.conversations.getRow(chat.conversationId)).status).toBe('queued');
    } finally {
      elsewhere?.disconnect();
      await other.close();
    }
  });

  it('lets the bot answer each new message once, whichever process reopened the conversation', async () => {
    const other: FastifyInstance = await buildApp({ config: loadConfig({ PUBLIC_URL: 'http://sportello.test', LOG_LEVEL: 'silent' }), db: server.db, logger: false });
    try {
      const site = await server.createSite({ botEnabled: true });
      const chat = await resolvedConversation(site, { online: false });
      const author = { type: 'visitor' as const, id: null, name: null };
      const write = (clientId: string) => server.services.conversations.send({ conversationId: chat.conversationId, clientId, body: `message ${clientId}`, author });
      // Two messages of a burst, both stored while the conversation is still resolved.
      const [first, second] = [await write('m1'), await write('m2')];
      expect([first.conversation.status, second.conversation.status]).toEqual(['resolved', 'resolved']);
      const results = await Promise.all([
        server.services.conversations.reopen(chat.conversationId, { id: first.message.id, created: true }),
        // Process B saw a retry of the first message (nothing new stored there).
        other.services.conversations.reopen(chat.conversationId, { id: first.message.id, created: false }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['bot', 'bot']);
      expect(results.filter((r) => r.botAnswers)).toHaveLength(1);
      // The second message is new and did not reopen it: the bot answers it too.
      expect(await server.services.conversations.reopen(chat.conversationId, { id: second.message.id, created: true })).toEqual({ status: 'bot', botAnswers: true });
      expect((await rowsOf(chat.conversationId)).reopened).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('the reopen policy', () => {
  const facts = (over: Partial<ReopenFacts>): ReopenFacts => ({
    assignee: null,
    botEnabled: false,
    agentsOnline: 0,
    hours: { open: true, nextOpening: null },
    texts: noticeTexts('en'),
    timeZone: 'Europe/Rome',
    ...over,
  });

  it('puts an online assignee first, then the bot, then the queue', () => {
    expect(reopenOutcome(facts({ assignee: { name: 'Marta', online: true }, botEnabled: true }))).toEqual({ status: 'open', handoffReason: null, notice: 'Marta has your message and will reply here shortly.' });
    expect(reopenOutcome(facts({ assignee: { name: 'Marta', online: false }, botEnabled: true }))).toEqual({ status: 'bot', handoffReason: null, notice: null });
    expect(reopenOutcome(facts({ assignee: { name: 'Marta', online: false }, agentsOnline: 2 })).status).toBe('queued');
  });

  it('says when a person answers: shortly, from the next opening in the shop’s time zone, or as soon as possible', () => {
    expect(reopenOutcome(facts({ agentsOnline: 1 })).notice).toBe('Your conversation is back in the queue; someone from our team will reply here shortly.');
    // Agents online but the shop closed: the next opening.
    const closed = { open: false, nextOpening: new Date('2026-06-08T07:00:00Z') };
    // (How ICU joins the date and the time varies a little between versions.)
    expect(reopenOutcome(facts({ agentsOnline: 1, hours: closed })).notice).toMatch(/^Your conversation is back in the queue\. Our team is away right now; a person will reply here from Monday 8 June(,| at) 09:00 CEST\.$/);
    expect(reopenOutcome(facts({ hours: closed, texts: noticeTexts('it-CH') })).notice).toMatch(/^La conversazione è di nuovo in coda\. Il nostro team ora non è disponibile; una persona ti risponderà qui da lunedì 8 giugno( alle ore|,)? 09:00 CEST\.$/);
    // Open hours (or none) and nobody online: no time to promise.
    expect(reopenOutcome(facts({})).notice).toBe('Your conversation is back in the queue. Our team is away right now; a person will reply here as soon as possible.');
    // An unknown language speaks English; a known one by its primary subtag.
    expect(noticeTexts('pt-BR', null, 'de').ratingThanks).toBe('Danke für dein Feedback!');
    expect(noticeTexts('pt', undefined).ratingThanks).toBe('Thank you for your feedback!');
  });
});
