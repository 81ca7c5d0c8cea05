import { describe, expect, it } from 'vitest';
import { understand } from '../src/understanding';
import { conversation, text } from './conversation';

/** Where messages go before the knowledge base is asked: cues that look alike but mean different things. */
describe('routing of look-alike messages', () => {
  const route = (message: string, locale: 'en' | 'it' = 'en') => understand(message, locale).route;

  it('tells a double charge from paying in instalments', () => {
    expect(route('two identical payments of 119 euros came out of my account for one order')).toMatchObject({ kind: 'handoff', detail: 'payment_problem' });
    expect(route('my bank shows two payments for one order, sort it out please')).toMatchObject({ kind: 'handoff', detail: 'payment_problem' });
    expect(route('Can I pay in 3 payments with Klarna?').kind).toBe('faq');
    expect(route('posso dividere il pagamento in due volte?', 'it').kind).not.toBe('handoff');
  });

  it('tells a discount code from a tracking or return code', () => {
    expect(route("my code AURORA10 isn't working on the sale dress")).toEqual({ kind: 'faq', steer: 'discount' });
    expect(route('how can I get another code then?')).toEqual({ kind: 'faq', steer: 'discount' });
    expect(route('My tracking code is not working')).not.toEqual({ kind: 'faq', steer: 'discount' });
    expect(route('mi serve un nuovo codice per il reso', 'it')).not.toEqual({ kind: 'faq', steer: 'discount' });
  });

  it('keeps history and errands of other domains out of scope, but not the shop\'s own', () => {
    expect(route('who designed the very first trench coat?').kind).toBe('out_of_scope');
    expect(route('Where can I see the history of my orders?').kind).toBe('order_status');
    expect(route('What is the origin of the wool?').kind).not.toBe('out_of_scope');
    expect(route('quanto costa spedire una raccomandata in germania?', 'it').kind).toBe('out_of_scope');
    expect(route('come si scrive una lettera di reclamo al comune?', 'it').kind).toBe('out_of_scope');
    expect(route('Posso fare il reso con una raccomandata?', 'it').kind).not.toBe('out_of_scope');
    expect(route('chi vi fa le consegne, le poste o bartolini?', 'it')).toEqual({ kind: 'faq', steer: 'shipping_options' });
  });

  it('tells an order lookup from a question about delivery in general', () => {
    expect(route('need to check an order of mine').kind).toBe('order_status');
    expect(route('vorrei controllare un mio ordine', 'it').kind).toBe('order_status');
    expect(route('ho fatto un ordine sabato e nn ho piu notizie', 'it').kind).toBe('order_status');
    expect(route('I want to ask about a delivery to a locker').kind).not.toBe('order_status');
    expect(route('can I have the package sent to my office instead of home?')).toEqual({ kind: 'faq', steer: 'address' });
    expect(route('Can I have the parcel delivered to a different address than billing?').kind).toBe('faq');
    expect(route('I need the sweater order sent to a different address, we are moving')).toMatchObject({ kind: 'handoff', detail: 'order_edit' });
  });

  it('reads "is this the shop chat?" as small talk, and "is it possible to reach support?" as a request', () => {
    expect(route('heyyy is this the aurora shop chat')).toEqual({ kind: 'smalltalk', topic: 'bot' });
    expect(route('Is it possible to reach customer support?').kind).toBe('handoff');
  });
});

describe('hostile or odd dialog input', () => {
  it('a long run of fillers while a dialog is open is answered at once, not backtracked over', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('voglio restituire la sciarpa dell ordine 1001');
    const d = await c.say(`${'ok allora '.repeat(300)}x`);
    expect(d.replies.length).toBeGreaterThan(0);
  });

  it('"yes, thanks, bye" at the summary still creates the return', async () => {
    const c = conversation();
    await c.say('I want to return the scarf from order 1001, giulia.rossi@example.com');
    const summary = await c.say('changed my mind');
    expect(summary.asks).toBe('confirm');
    const done = await c.say('yes please, thanks, bye');
    expect(text(done)).toMatch(/Your return R-1001-1/);
    expect(c.orders.requests).toHaveLength(1);
  });

  it('"I haven\'t received the invoice" after a delivered order is not a lost parcel', async () => {
    const c = conversation();
    await c.say('status of 1001? giulia.rossi@example.com');
    const d = await c.say("I haven't received the invoice for it");
    expect(d.handoff).toBeNull();
  });
});
