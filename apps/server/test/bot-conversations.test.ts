import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { returns } from '@sportello/db';
import type { Card, Message, VisitorConversation, VisitorProfile } from '@sportello/protocol';
import { seedDemo } from '../src/seed/demo-seed';
import { TestServer, eventually, ok, request, type TestSite } from './test-server';

// Whole conversations on the demo store, as a shopper has them: a real server, real sockets, and
// assertions only on what reaches the shopper (bodies, cards, quick replies, the status), on the
// facts in them (numbers, dates, prices, names) rather than on whole sentences. Nobody of the demo
// store is online in this file, so a handoff finds the team away.

const DAY = 86_400_000;
let server: TestServer;
let demo: TestSite;
/** The demo orders' dates are relative to the moment of seeding (1002 is expected a day later). */
let seededAt: number;

beforeAll(async () => {
  server = await TestServer.start();
  seededAt = Date.now();
  const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' });
  demo = { id: siteId, key: 'demo', origin: 'http://localhost:3000', secret: '' };
});
afterAll(() => server?.close());

/** A date as the demo store (Europe/Rome) writes it to the shopper: `Thursday 3 December`. */
const dayOf = (iso: string, locale: 'en-GB' | 'it-IT') =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Rome' }).format(new Date(iso));

const cardsOf = (replies: Message[]): Card[] => replies.flatMap((m) => (m.payload?.card ? [m.payload.card] : []));
const text = (replies: Message[]) => replies.map((m) => m.body).join('\n');
const choices = (reply: Message | undefined) => (reply?.payload?.quickReplies ?? []).map((q) => q.label);
/** Whether a reply asks the shopper for an e-mail address or an order number (a question naming one). */
const asksForDetails = (m: Message) =>
  m.body
    .split(/(?<=[.?!])\s+/)
    .some((sentence) => sentence.trim().endsWith('?') && /e-?mail|order number|which order|numero d/i.test(sentence));

/**
 * A shopper on the demo store with one conversation. `say` sends a message and waits until the
 * bot's replies to it satisfy `done` (by default: one has come). The bot's replies to a message
 * carry that message's id in their client id, so each turn gets exactly its own replies, even
 * when one arrives after the shopper has written again; a later turn's first reply also means
 * every reply of the earlier turns has arrived (turns run one at a time, in order).
 */
async function shopper() {
  const { socket } = await server.connectVisitor(demo);
  const conversationId = await server.startConversation(socket);
  const inbox: Message[] = [];
  const updates: VisitorConversation[] = [];
  const profiles: VisitorProfile[] = [];
  socket.on('message:new', (m) => inbox.push(m));
  socket.on('conversation:updated', (c) => updates.push(c));
  socket.on('visitor:profile', (p) => profiles.push(p));
  let n = 0;
  const say = async (body: string, done: (replies: Message[]) => boolean = (r) => r.length > 0): Promise<Message[]> => {
    const ack = ok(await request(socket, 'message:send', { conversationId, clientId: `shopper-${n++}`, body }));
    const replies = () => inbox.filter((m) => m.author.type === 'bot' && m.clientId.startsWith(`bot-${ack.id}-`));
    await eventually(() => done(replies()), 8000).catch(() => {
      throw new Error(`the bot's replies to ${JSON.stringify(body)} were not as expected:\n${text(replies()) || '(none)'}`);
    });
    return replies();
  };
  /** A turn's replies as they are now: read after a later turn's reply, every one of them. */
  const allOf = (replies: Message[]): Message[] => {
    const turn = replies[0]!.clientId.replace(/\d+$/, '');
    return inbox.filter((m) => m.author.type === 'bot' && m.clientId.startsWith(turn));
  };
  /** The conversation's status as the shopper's widget lists it. */
  const status = async () => ok(await request(socket, 'conversation:list', {})).conversations.find((c) => c.id === conversationId)!.status;
  return { socket, conversationId, inbox, updates, profiles, say, allOf, status };
}

describe('the bot in whole conversations on the demo store', () => {
  it('follows up on the order it just showed: when it arrives, and whether it can be returned', async () => {
    const chat = await shopper();
    const ask = await chat.say('where is my order 1002?');
    expect(ask.at(-1)!.body).toMatch(/e-?mail/i);
    expect(ask.at(-1)!.body).toContain('1002');

    const found = await chat.say('giulia.rossi@example.com', (r) => cardsOf(r).length > 0);
    const card = cardsOf(found)[0]!;
    expect(card).toMatchObject({ type: 'order_status', orderNumber: '1002', status: 'shipped', carrier: 'BRT', trackingNumber: '0840123456790' });
    expect(text(found)).toContain('BRT');
    const expectedAt = (card as { expectedAt: string }).expectedAt;
    expect(Math.abs(new Date(expectedAt).getTime() - (seededAt + DAY))).toBeLessThan(60_000);
    const expectedDay = dayOf(expectedAt, 'en-GB');

    const when = await chat.say('and when will it arrive?', (r) => text(r).includes(expectedDay));
    expect(text(when)).toContain(expectedDay);

    const returnable = await chat.say('can I return it?', (r) => /returned/i.test(text(r)));
    expect(text(returnable)).toMatch(/can(no|')t be returned yet/i);
    expect(text(returnable)).toMatch(/shipped/i);
    expect(text(returnable)).toContain('1002');
    expect(cardsOf(returnable).filter((c) => c.type === 'return')).toEqual([]);
    // Every reply to the follow-up has arrived by now: none asked again for the number or the e-mail.
    expect(chat.allOf(when).filter(asksForDetails)).toEqual([]);
    expect(chat.allOf(returnable).filter(asksForDetails)).toEqual([]);
    expect(await chat.status()).toBe('bot');
  });

  it('answers another order in the middle of a return, then goes on with the return to the end', async () => {
    const chat = await shopper();
    expect((await chat.say('I want to return something from order 1001')).at(-1)!.body).toMatch(/e-?mail/i);
    const items = await chat.say('giulia.rossi@example.com', (r) => choices(r.at(-1)).length > 0);
    expect(items.at(-1)!.body).toMatch(/which items/i);
    expect(items.at(-1)!.body).toContain('1001');
    expect(choices(items.at(-1))).toEqual(expect.arrayContaining(['Linen shirt, white', 'Silk scarf, Bologna print']));

    // An aside: the other order's status, then the offer to go back to the return.
    const aside = await chat.say('where is order 1002?', (r) => choices(r.at(-1)).includes('Yes'));
    const status = aside.findIndex((m) => m.payload?.card?.type === 'order_status');
    expect(status, text(aside)).toBeGreaterThanOrEqual(0);
    expect(aside[status]!.payload!.card).toMatchObject({ orderNumber: '1002', status: 'shipped', carrier: 'BRT' });
    const offer = aside.at(-1)!;
    expect(aside.indexOf(offer)).toBeGreaterThan(status);
    expect(offer.body).toMatch(/return/i);
    expect(offer.body).toContain('1001');
    expect(choices(offer)).toEqual(['Yes', 'No']);

    const again = await chat.say('yes', (r) => /which items/i.test(text(r)));
    expect(again.at(-1)!.body).toContain('1001');
    const reason = await chat.say('the scarf', (r) => choices(r.at(-1)).length > 0);
    expect(reason.at(-1)!.body).toMatch(/reason/i);
    expect(choices(reason.at(-1))).toContain('Changed my mind');

    const summary = await chat.say('changed my mind', (r) => choices(r.at(-1)).includes('Yes'));
    expect(summary.at(-1)!.body).toContain('Silk scarf, Bologna print');
    expect(summary.at(-1)!.body).toContain('1001');
    expect(summary.at(-1)!.body).toMatch(/changed my mind/i);
    expect(summary.at(-1)!.body).not.toContain('Linen shirt');
    expect(choices(summary.at(-1))).toEqual(['Yes', 'No']);

    const done = await chat.say('yes', (r) => cardsOf(r).length > 0);
    const card = cardsOf(done)[0]!;
    expect(card).toMatchObject({ type: 'return', orderNumber: '1001', items: [{ name: 'Silk scarf, Bologna print', quantity: 1 }] });
    const { reference } = card as { reference: string };
    expect(text(done)).toContain(reference);
    const stored = await server.services.db.select().from(returns).where(eq(returns.conversationId, chat.conversationId));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ reference, orderNumber: '1001', customerEmail: 'giulia.rossi@example.com' });
  });

  it('answers two questions in one message, in the order they were asked', async () => {
    const chat = await shopper();
    const first = await chat.say('how much is express delivery and do you take PayPal?', (r) => r.length >= 2);
    // The shopper's "thanks" is answered after every reply to the question: they have all arrived.
    await chat.say('Thanks');
    const answers = chat.allOf(first);
    expect(answers.map((m) => m.body)).toHaveLength(2);
    expect(answers[0]!.body).toContain('€9.90');
    expect(answers[0]!.body).toMatch(/express/i);
    expect(answers[1]!.body).toMatch(/PayPal/);
    expect(answers[1]!.body).not.toContain('9.90');
  });

  it('answers stock of a size from the catalogue, with the product card, then the price of "it"', async () => {
    const chat = await shopper();
    const stock = await chat.say('is the linen shirt in stock in XL?', (r) => cardsOf(r).length > 0);
    const card = cardsOf(stock)[0]!;
    expect(card).toMatchObject({ type: 'product', productId: 'linen-shirt', title: 'Linen shirt', currency: 'EUR', priceCents: 6900 });
    expect((card as { url: string | null }).url).toMatch(/linen-shirt/);
    // In products.json, Light blue / XL has stock and White / XL has none.
    const body = text(stock);
    expect(body).toContain('XL');
    expect(body).toMatch(/Light blue/i);
    expect(body).toMatch(/White[^.;]*out of stock/i);
    expect(body).not.toMatch(/Light blue[^.;]*out of stock/i);

    const price = await chat.say('how much is it?', (r) => r.some((m) => m.body.includes('€')));
    expect(text(price)).toContain('€69.00');
    expect(text(price)).toMatch(/linen shirt/i);
  });

  it('keeps the e-mail given for an order, and does not ask for it again when the shopper wants a person', async () => {
    const chat = await shopper();
    await chat.say('where is my order 1001?');
    const found = await chat.say('giulia.rossi@example.com', (r) => cardsOf(r).length > 0);
    expect(cardsOf(found)[0]).toMatchObject({ type: 'order_status', orderNumber: '1001', status: 'delivered' });
    await eventually(() => chat.profiles.length > 0);
    expect(chat.profiles).toEqual([{ email: 'giulia.rossi@example.com' }]);
    const faq = await chat.say('How long does delivery take to Milan?');
    expect(text(faq)).toMatch(/working day/i);

    const handoff = await chat.say('I want to talk to a person');
    // The move to the queue comes after the bot's last reply of the turn: every reply is in.
    await eventually(() => chat.updates.some((c) => c.status === 'queued'));
    expect(await chat.status()).toBe('queued');
    expect(text(chat.allOf(handoff))).toMatch(/offline|away/i);
    expect(chat.allOf(handoff).filter(asksForDetails)).toEqual([]);
    expect(text(chat.allOf(handoff))).not.toMatch(/e-?mail/i);

    // The same request from a shopper the bot has no e-mail of: it asks for one.
    const stranger = await shopper();
    const asked = await stranger.say('I want to talk to a person', (r) => r.some(asksForDetails));
    expect(asked.at(-1)!.body).toMatch(/e-?mail/i);
    await eventually(() => stranger.updates.some((c) => c.status === 'queued'));
  });

  it('answers an Italian order question at once, and the next order without asking the e-mail again', async () => {
    const chat = await shopper();
    const first = await chat.say('il mio ordine 1003 giulia.rossi@example.com', (r) => cardsOf(r).length > 0);
    expect(cardsOf(first)[0]).toMatchObject({ type: 'order_status', orderNumber: '1003', status: 'processing' });
    expect(text(first)).toContain('1003');
    expect(text(first)).toMatch(/in lavorazione/);
    expect(text(first)).toMatch(/\b(ordine|consegna)\b/);

    const next = await chat.say('e la 1002?', (r) => cardsOf(r).length > 0);
    const card = cardsOf(next)[0]!;
    expect(card).toMatchObject({ type: 'order_status', orderNumber: '1002', status: 'shipped', carrier: 'BRT' });
    expect(text(next)).toContain('1002');
    expect(text(next)).toMatch(/spedit/);
    expect(text(next)).toContain(dayOf((card as { expectedAt: string }).expectedAt, 'it-IT'));

    await chat.say('grazie');
    // Every reply of the first two turns is in: none asked for the e-mail, none was in English.
    const both = [...chat.allOf(first), ...chat.allOf(next)];
    expect(both.filter(asksForDetails)).toEqual([]);
    expect(text(both)).not.toMatch(/\b(the|your|order|has|is)\b/);
  });
});
