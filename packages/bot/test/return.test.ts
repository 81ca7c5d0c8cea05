import { describe, expect, it } from 'vitest';
import { card, conversation, quickReplies, text } from './conversation';

describe('return dialog', () => {
  it('en: happy path, items by name, reason from the buttons', async () => {
    const c = conversation();
    const first = await c.say('I want to return something from order 1001');
    expect(first.intent).toBe('return');
    await c.say('giulia.rossi@example.com');
    const items = c.turns[1]!;
    expect(quickReplies(items)).toEqual(['Linen shirt, white', 'Silk scarf, Bologna print', 'All items']);
    const reason = await c.say('the linen shirt');
    expect(quickReplies(reason)).toContain('Wrong size');
    const resolution = await c.say('Wrong size');
    expect(resolution.asks).toBe('resolution');
    expect(quickReplies(resolution)).toEqual(['Refund', 'Another size']);
    const summary = await c.say('Refund');
    expect(summary.asks).toBe('confirm');
    expect(text(summary)).toMatch(/Linen shirt, white from order 1001.*wrong size.*for a refund.*Shall I go ahead/s);
    expect(c.orders.requests).toHaveLength(0);
    const done = await c.say('yes please');
    expect(done.intent).toBe('return');
    expect(done.handoff).toBeNull();
    expect(card(done)).toMatchObject({ type: 'return', orderNumber: '1001', status: 'approved', items: [{ name: 'Linen shirt, white', quantity: 1 }] });
    expect(c.orders.requests[0]).toMatchObject({ orderNumber: '1001', reason: 'wrong_size', needsApproval: false, items: [{ itemId: '1001-1', quantity: 1 }] });
  });

  it('it: happy path with the reason given up front and items by number', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('vorrei restituire degli articoli, mi stanno troppo stretti');
    await c.say('1001');
    const items = await c.say('giulia.rossi@example.com');
    expect(text(items)).toMatch(/Quali articoli/);
    const resolution = await c.say('1 e 2');
    expect(resolution.asks).toBe('resolution');
    const summary = await c.say('rimborso');
    expect(text(summary)).toMatch(/Ricapitolando: reso di Linen shirt, white e Silk scarf, Bologna print dell'ordine 1001.*con rimborso.*Procedo\?/s);
    const done = await c.say('si procedi');
    expect(card(done)).toMatchObject({ type: 'return', status: 'approved' });
    expect(c.orders.requests[0]).toMatchObject({ reason: 'wrong_size', items: [{ itemId: '1001-1' }, { itemId: '1001-2' }] });
  });

  it('en: outside the return window explains why and offers a person', async () => {
    const c = conversation();
    await c.say('I need to return the denim jacket from order 1006');
    const d = await c.say('james.miller@example.com');
    expect(text(d)).toMatch(/outside our 30-day return window/);
    expect(quickReplies(d)).toEqual(['Talk to a person']);
    expect(c.orders.requests).toHaveLength(0);
    const human = await c.say('Talk to a person');
    expect(human.handoff).toEqual({ reason: 'return_outside_policy' });
  });

  it('it: outside the window', async () => {
    const c = conversation({ locale: 'it', visitor: { verified: true, customerId: 'cust-1002', email: 'james.miller@example.com' } });
    const d = await c.say("voglio fare il reso dell'ordine 1006");
    expect(text(d)).toMatch(/fuori dal periodo di reso di 30 giorni/);
  });

  it('en: non-returnable items are refused and not offered', async () => {
    const c = conversation();
    await c.say('I want to return the boxers from order 1005');
    const d = await c.say('james.miller@example.com');
    expect(text(d)).toMatch(/can't be returned under our policy: Cotton boxers, 3-pack/);
    expect(quickReplies(d)).toEqual(['Leather loafers, brown']);
  });

  it('it: an order of only non-returnable items', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('vorrei fare un reso, ordine 1010');
    const d = await c.say('emma.schmidt@example.com');
    expect(text(d)).toMatch(/Gold-plated earrings/);
    expect(quickReplies(d)).not.toContain('Gold-plated earrings');
  });

  it('en: above the approval limit the return is pending and an agent takes over', async () => {
    const c = conversation();
    await c.say('return order 1010 please');
    await c.say('emma.schmidt@example.com');
    await c.say('all');
    const summary = await c.say('damaged');
    expect(text(summary)).toMatch(/Because of its value, a member of our team will approve it first/);
    expect(summary.handoff).toBeNull();
    const d = await c.say('ok');
    expect(card(d)).toMatchObject({ type: 'return', status: 'pending_approval' });
    expect(d.handoff).toEqual({ reason: 'return_needs_approval' });
    expect(d.intent).toBe('return');
    expect(c.orders.requests[0]).toMatchObject({ needsApproval: true, reason: 'damaged' });
  });

  it('it: above the approval limit', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('reso ordine 370795561790, il cappotto è diverso da come appariva in foto');
    const summary = await c.say('jordan.king@example.com');
    expect(summary.asks).toBe('confirm');
    const d = await c.say('sì');
    expect(card(d)).toMatchObject({ status: 'pending_approval' });
    expect(d.handoff).toEqual({ reason: 'return_needs_approval' });
    expect(c.orders.requests[0]).toMatchObject({ reason: 'not_as_described' });
  });

  it('en: describing the defect as the reason continues the return instead of handing off', async () => {
    const c = conversation();
    await c.say('I want to return something from order 1001');
    await c.say('giulia.rossi@example.com');
    await c.say('the scarf');
    const summary = await c.say('the seam ripped after one day');
    expect(summary.handoff).toBeNull();
    expect(summary.asks).toBe('confirm');
    const d = await c.say('yes');
    expect(card(d)).toMatchObject({ type: 'return' });
    expect(c.orders.requests[0]).toMatchObject({ reason: 'damaged' });
  });

  it('en: a wrong size is exchanged for another size when the shop offers it', async () => {
    const c = conversation();
    await c.say('the linen shirt from order 1001 is too small, can I swap it for an L?');
    const summary = await c.say('giulia.rossi@example.com');
    expect(summary.asks).toBe('confirm');
    expect(text(summary)).toMatch(/in exchange for size L/);
    const done = await c.say('yes');
    expect(c.orders.requests[0]).toMatchObject({ reason: 'wrong_size', resolution: 'exchange', note: 'Exchange for size L', items: [{ itemId: '1001-1' }] });
    expect(card(done)).toMatchObject({ type: 'return', nextSteps: expect.stringMatching(/send size L/) });
  });

  it('it: asks which size when the exchange names none', async () => {
    const c = conversation({ locale: 'it' });
    await c.say("vorrei cambiare la sciarpa dell'ordine 1001, taglia sbagliata");
    const resolution = await c.say('giulia.rossi@example.com');
    expect(resolution.asks).toBe('resolution');
    const size = await c.say('altra taglia');
    expect(size.asks).toBe('exchange_size');
    const summary = await c.say('la M');
    expect(text(summary)).toMatch(/in cambio della taglia M/);
  });

  it('en: "no" at the confirmation creates nothing', async () => {
    const c = conversation();
    await c.say('return the scarf from order 1001, it is damaged');
    const summary = await c.say('giulia.rossi@example.com');
    expect(summary.asks).toBe('confirm');
    const no = await c.say('no');
    expect(text(no)).toMatch(/haven't registered any return/);
    expect(c.orders.requests).toHaveLength(0);
    expect(no.state.dialog).toBeNull();
  });

  it('en: the reason changed at the confirmation is summed up again', async () => {
    const c = conversation();
    await c.say('return the scarf from order 1001, it is damaged');
    await c.say('giulia.rossi@example.com');
    const again = await c.say('actually I just changed my mind');
    expect(again.asks).toBe('confirm');
    expect(text(again)).toMatch(/changed my mind/);
  });

  it('en: without a label by e-mail the bot does not promise one', async () => {
    const c = conversation({ site: { returnPolicy: { windowDays: 30, nonReturnableTags: [], autoApproveLimitCents: 15_000 } } });
    await c.say('return the scarf from order 1001, it is damaged');
    await c.say('giulia.rossi@example.com');
    const done = await c.say('yes');
    expect(text(done)).not.toMatch(/label/i);
    expect(text(done)).toMatch(/tell you how to send the items back/);
  });

  it('en: an order not yet delivered cannot be returned', async () => {
    const c = conversation();
    await c.say('I want a refund for order 1002');
    const d = await c.say('giulia.rossi@example.com');
    expect(text(d)).toMatch(/can't be returned yet/);
    expect(c.orders.requests).toHaveLength(0);
  });

  it('it: an exchange for a sold-out size says so, offers the sizes in stock, and a refund instead', async () => {
    const c = conversation({ locale: 'it', catalogue: true });
    const d = await c.say("voglio cambiare la camicia in lino bianca del 1001 con una XL, la L mi tira. mail giulia.rossi@example.com");
    expect(d.asks).toBe('exchange_size');
    expect(text(d)).toMatch(/La taglia XL di Linen shirt, white al momento non è disponibile/);
    // White in XL is sold out in the demo catalogue; the other white sizes are offered.
    expect(quickReplies(d)).toEqual(['S', 'M', 'L', 'XXL', 'Preferisco il rimborso']);
    const refund = await c.say('allora rimborso');
    expect(text(refund)).toMatch(/motivo "taglia sbagliata", con rimborso/);
    await c.say('ok sì');
    expect(c.orders.requests[0]).toMatchObject({ orderNumber: '1001', reason: 'wrong_size', resolution: 'refund' });
  });

  it('en: a size in stock is taken as given, with a polite word after it', async () => {
    const c = conversation({ catalogue: true });
    await c.say('order 732201349959 chris.lee@example.com');
    const size = await c.say("they're a size too small, can I swap them for a bigger one?");
    expect(size.asks).toBe('exchange_size');
    const summary = await c.say('43 please');
    expect(summary.asks).toBe('confirm');
    expect(text(summary)).toMatch(/in exchange for size 43/);
    await c.say('yes');
    expect(c.orders.requests[0]).toMatchObject({ resolution: 'exchange', note: 'Exchange for size 43' });
  });

  it("en: a reason in the shopper's own words is kept for the team as the return's note", async () => {
    const c = conversation();
    await c.say('status of 1001? giulia.rossi@example.com');
    await c.say('could I return the scarf that was in it?');
    const summary = await c.say("it was a gift and I'm not a scarf person");
    expect(summary.asks).toBe('confirm');
    await c.say('yes');
    expect(c.orders.requests[0]).toMatchObject({ reason: 'changed_mind' });
    const other = conversation();
    await other.say('I want to return the scarf from order 1001, giulia.rossi@example.com');
    const confirm = await other.say('the print is smaller than I pictured');
    expect(confirm.asks).toBe('confirm');
    await other.say('yes');
    expect(other.orders.requests[0]).toMatchObject({ reason: 'other', note: "Shopper's reason: the print is smaller than I pictured" });
  });

  it('en: a verified shopper naming the item and the day gets that order, told it is not delivered yet', async () => {
    const c = conversation({ visitor: { verified: true, customerId: 'cust-1001', email: 'giulia.rossi@example.com' } });
    const d = await c.say('can I return the merino sweaters I ordered this morning?');
    expect(text(d)).toMatch(/Order 1003 is processing, so it can't be returned yet/);
    const it = conversation({ locale: 'it', visitor: { verified: true, customerId: 'cust-1002', email: 'james.miller@example.com' } });
    const jacket = await it.say("vorrei rendere la giacca di jeans, nn l'ho mai messa");
    expect(text(jacket)).toMatch(/consegnato domenica 20 settembre, più di 30 giorni fa/);
  });

  it('en: a return set aside for another question can be dropped, and goodbye closes an open one', async () => {
    const c = conversation({ visitor: { verified: true, customerId: 'cust-1001', email: 'giulia.rossi@example.com' } });
    await c.say("I'd like to return the linen shirt from order 1001");
    const other = await c.say('wait, where is my trench coat order by the way?');
    expect(text(other)).toMatch(/Order 1002 has shipped with BRT/);
    expect(other.asks).toBe('resume');
    const dropped = await c.say('never mind the return');
    expect(dropped.intent).toBe('smalltalk');
    expect(c.state?.suspended ?? null).toBeNull();
    const open = conversation();
    await open.say('I want to return the linen shirt from order 1001, giulia.rossi@example.com');
    const bye = await open.say("great thanks, that's all");
    expect(bye.intent).toBe('smalltalk');
    expect(open.state?.dialog ?? null).toBeNull();
    expect(open.orders.requests).toHaveLength(0);
  });

  it('en: after a return, "where do I drop it off?" is answered from the returns article', async () => {
    const c = conversation();
    await c.say('need to exchange the white linen shirt from order 1001 for an L, the M is too tight. giulia.rossi@example.com');
    await c.say('yes');
    const d = await c.say('where do I drop the parcel off?');
    expect(d.answers[0]?.articleId).toBe('en/returns_policy');
    expect(text(d)).toMatch(/Fermopoint/);
  });
});
