import { describe, expect, it } from 'vitest';
import { card, conversation, quickReplies, text } from './conversation';

describe('order status dialog', () => {
  it('en: asks for the number, then the e-mail, then answers with a card', async () => {
    const c = conversation({ locale: 'en' });
    const first = await c.say('Where is my order?');
    expect(first.intent).toBe('order_status');
    expect(text(first)).toMatch(/order number/i);
    const second = await c.say('#1002');
    expect(text(second)).toMatch(/e-mail/i);
    const third = await c.say('giulia.rossi@example.com');
    expect(third.intent).toBe('order_status');
    expect(text(third)).toMatch(/1002 has shipped with BRT/);
    expect(card(third)).toMatchObject({ type: 'order_status', orderNumber: '1002', status: 'shipped', carrier: 'BRT', items: [{ name: 'Cotton trench coat, sand', quantity: 1 }] });
    expect(card(third)).toHaveProperty('trackingUrl');
    expect(card(third)).toHaveProperty('expectedAt');
    expect(third.state.dialog).toBeNull();
    expect(third.handoff).toBeNull();
  });

  it('it: the same flow in Italian, number and e-mail in one message', async () => {
    const c = conversation({ locale: 'it' });
    const first = await c.say('a che punto è il mio ordine?');
    expect(first.locale).toBe('it');
    expect(text(first)).toMatch(/numero dell'ordine/);
    const second = await c.say('ordine 1004, james.miller@example.com');
    expect(text(second)).toMatch(/1004 è in consegna con DHL Express/);
    expect(card(second)).toMatchObject({ type: 'order_status', status: 'out_for_delivery' });
  });

  it('en: a wrong e-mail reveals nothing, and says so plainly', async () => {
    const c = conversation();
    await c.say('track order 1002');
    const wrong = await c.say('someone@example.com');
    expect(text(wrong)).toMatch(/couldn't find an order with that number and e-mail/);
    expect(card(wrong)).toBeUndefined();
    // An unknown number gets exactly the same sentence.
    const c2 = conversation();
    await c2.say('track order 424242');
    const unknown = await c2.say('someone@example.com');
    expect(text(unknown)).toBe(text(wrong));
  });

  it('it: unknown order, then three failures hand off', async () => {
    const c = conversation({ locale: 'it' });
    await c.say("dov'è l'ordine 9999?");
    const one = await c.say('mario@example.com');
    expect(text(one)).toMatch(/Non ho trovato un ordine con questo numero e questa e-mail/);
    expect(one.handoff).toBeNull();
    await c.say('8888 mario@example.com');
    const three = await c.say('7777 mario@example.com');
    expect(three.handoff).toEqual({ reason: 'order_not_found' });
    expect(text(three)).toMatch(/membro del nostro team/);
  });

  it('en: three failures hand off', async () => {
    const c = conversation();
    await c.say('status of order 1001');
    await c.say('a@example.com');
    await c.say('1001 b@example.com');
    const last = await c.say('1001 c@example.com');
    expect(last.handoff).toEqual({ reason: 'order_not_found' });
    expect(last.intent).toBe('order_status');
  });

  it('en: a verified shopper with several orders picks one', async () => {
    const c = conversation({ visitor: { verified: true, customerId: 'cust-1001', email: 'giulia.rossi@example.com' } });
    const first = await c.say('has my order shipped yet?');
    expect(quickReplies(first)).toEqual(['#1003 · Processing', '#1002 · Shipped', '#1001 · Delivered']);
    const second = await c.say('1001');
    expect(card(second)).toMatchObject({ orderNumber: '1001', status: 'delivered' });
  });

  it("it: a verified shopper naming an order that isn't theirs is told nothing about it", async () => {
    const c = conversation({ locale: 'it', visitor: { verified: true, customerId: 'cust-1001', email: 'giulia.rossi@example.com' } });
    const d = await c.say("stato dell'ordine 1004?");
    expect(card(d)).toBeUndefined();
    expect(text(d)).toMatch(/Non ho trovato un ordine con questo numero nel tuo account/);
  });

  it('it: a verified shopper picks an order by its position', async () => {
    const c = conversation({ locale: 'it', visitor: { verified: true, customerId: 'cust-1002', email: 'james.miller@example.com' } });
    const first = await c.say('dove si trova il mio pacco?');
    expect(first.state.dialog?.awaiting).toBe('order_choice');
    const second = await c.say('1');
    expect(card(second)).toMatchObject({ orderNumber: '1004' });
  });

  it('turns an order source failure into a sentence and a handoff', async () => {
    const c = conversation();
    c.orders.failWith = 'timeout';
    await c.say('where is order 1002');
    const d = await c.say('giulia.rossi@example.com');
    expect(d.handoff).toEqual({ reason: 'order_source_error' });
    expect(text(d)).toMatch(/can't reach our order system/);
  });

  it('en: a verified shopper picks an offered order by where it is ("the one arriving today")', async () => {
    const c = conversation({ visitor: { verified: true, customerId: 'cust-1002', email: 'james.miller@example.com' } });
    const ask = await c.say('hi, I want to check on one of my orders');
    expect(ask.asks).toBe('which_order');
    const d = await c.say("the one that's arriving today");
    expect(card(d)).toMatchObject({ type: 'order_status', orderNumber: '1004' });
  });

  it('it: an offered order is picked by its items in Italian ("quello con i maglioni")', async () => {
    const c = conversation({ locale: 'it', visitor: { verified: true, customerId: 'cust-1001', email: 'giulia.rossi@example.com' } });
    const ask = await c.say('ciao, vorrei controllare un mio ordine');
    expect(ask.asks).toBe('which_order');
    const d = await c.say('quello con i maglioni');
    expect(card(d)).toMatchObject({ type: 'order_status', orderNumber: '1003' });
    const change = await c.say("devo cambiare l'indirizzo di consegna di quell'ordine, ci siamo trasferiti");
    expect(change.handoff).toEqual({ reason: 'unsupported_request' });
  });

  it('it: two order numbers in one message are both answered', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('buongiorno, vorrei sapere dove sono i miei pacchi. la mia mail: emma.schmidt@example.com');
    const d = await c.say('il 1011 e il 1010');
    expect(text(d)).toMatch(/L'ordine 1011 è stato spedito/);
    expect(text(d)).toMatch(/L'ordine 1010 è stato consegnato/);
    expect(d.asks).toBeNull();
  });

  it('it: "I never got it" after an order shown as delivered goes to a person', async () => {
    const c = conversation({ locale: 'it' });
    await c.say("l'ordine 1005 di james.miller@example.com risulta consegnato?");
    const d = await c.say('eh ma io nn ho ricevuto niente!!');
    expect(d.handoff).toEqual({ reason: 'unsupported_request' });
  });

  it('en: "the one that hasn\'t arrived yet" and "the last one I placed" pick the right offered order', async () => {
    const verified = { visitor: { verified: true, customerId: 'cust-1001', email: 'giulia.rossi@example.com' } };
    const a = conversation(verified);
    await a.say('hi, I want to check on one of my orders');
    // 1001 delivered, 1002 shipped, 1003 processing: two have not arrived, so the bot asks again.
    const open = await a.say("the one that hasn't arrived yet");
    expect(open.asks).toBe('which_order');
    const b = conversation(verified);
    await b.say('hi, I want to check on one of my orders');
    const latest = await b.say('the last one I placed');
    expect(latest.replies.map((r) => r.payload?.card).find(Boolean)).toMatchObject({ orderNumber: '1003' });
    const c = conversation(verified);
    await c.say('hi, I want to check on one of my orders');
    const delivered = await c.say('the one that was delivered');
    expect(delivered.replies.map((r) => r.payload?.card).find(Boolean)).toMatchObject({ orderNumber: '1001' });
  });
});
