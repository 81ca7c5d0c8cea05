import { describe, expect, it } from 'vitest';
import { card, conversation, quickReplies, text } from './conversation';

describe('handoff', () => {
  it.each([
    ['en', 'I want to talk to a human'],
    ['en', 'can I speak to a manager?'],
    ['it', 'vorrei parlare con un operatore'],
    ['it', 'operatore!!!'],
  ] as const)('%s: on request (%s)', async (locale, message) => {
    const d = await conversation({ locale }).say(message);
    expect(d.handoff).toEqual({ reason: 'requested' });
    expect(d.intent).toBe('handoff');
    expect(d.locale).toBe(locale);
  });

  it.each([
    ['en', 'this is ridiculous, you are useless and nobody replies to my emails'],
    ['it', 'servizio pessimo, sono davvero arrabbiata'],
  ] as const)('%s: on frustration', async (locale, message) => {
    const d = await conversation({ locale }).say(message);
    expect(d.handoff).toEqual({ reason: 'frustration' });
  });

  it('en: repeated swearing adds up to a handoff', async () => {
    const c = conversation();
    expect((await c.say('where is my damn order')).handoff).toBeNull();
    expect((await c.say('WHERE IS MY DAMN ORDER')).handoff).toEqual({ reason: 'frustration' });
  });

  it('en: when agents are offline, says when and asks for an e-mail', async () => {
    const c = conversation({ site: { humanAvailability: { agentsOnline: false, nextOpening: '2026-11-25T08:00:00Z' } } });
    const d = await c.say('talk to a person please');
    expect(d.handoff).toEqual({ reason: 'requested' });
    expect(text(d)).toMatch(/offline.*Wednesday 25 November/);
    expect(text(d)).toMatch(/e-mail address/);
    const thanks = await c.say('mario@example.com');
    expect(text(thanks)).toMatch(/reply to mario@example.com/);
    expect(thanks.state.contactEmail).toBe('mario@example.com');
  });

  it('it: offline, visitor e-mail known: no question', async () => {
    const c = conversation({ locale: 'it', visitor: { email: 'a@example.com' }, site: { humanAvailability: { agentsOnline: false, nextOpening: null } } });
    const d = await c.say('posso parlare con una persona?');
    expect(text(d)).toMatch(/non è online/);
    expect(d.replies).toHaveLength(1);
  });

  it.each([
    ['en', 'is the blue dress back in stock?'],
    ['en', "I've been charged twice for one order"],
    ['it', 'il corriere ha lasciato il pacco al vicino sbagliato'],
    ['it', 'posso aggiungere la confezione regalo?'],
  ] as const)('%s: requests the bot cannot solve (%s)', async (locale, message) => {
    const d = await conversation({ locale }).say(message);
    expect(d.handoff).toEqual({ reason: 'unsupported_request' });
  });

  it('en: low confidence twice in a row hands off', async () => {
    const c = conversation();
    const first = await c.say('can my order items be cleaned with steam?');
    expect(first.uncertain).toBe(true);
    expect(first.handoff).toBeNull();
    expect(quickReplies(first)).toContain('Talk to a person');
    const second = await c.say('are your jackets lined?');
    expect(second.handoff).toEqual({ reason: 'low_confidence' });
  });
});

describe('change of mind mid-dialog', () => {
  it('en: an FAQ while the order dialog waits for the e-mail is answered, the question stays open', async () => {
    const c = conversation();
    await c.say('where is order 1002?');
    const faq = await c.say('by the way, which payment methods do you accept?');
    expect(faq.intent).toBe('faq');
    expect(faq.articleIds).toEqual(['en/payment']);
    expect(text(faq)).toMatch(/e-mail address used for order 1002/);
    const done = await c.say('giulia.rossi@example.com');
    expect(card(done)).toMatchObject({ orderNumber: '1002' });
  });

  it('it: asking for a person while the dialog waits hands off and closes the dialog', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('vorrei sapere dove è il mio ordine 1002');
    const d = await c.say('lascia stare, fammi parlare con un operatore');
    expect(d.handoff).toEqual({ reason: 'requested' });
    expect(d.state.dialog).toBeNull();
  });

  it('en: switching from order status to a return keeps the verified order', async () => {
    const c = conversation();
    await c.say('status of order 1001');
    const status = await c.say('giulia.rossi@example.com');
    expect(card(status)).toMatchObject({ status: 'delivered' });
    // The status dialog is over; a return request starts fresh and asks again.
    const ret = await c.say('actually I want to return the scarf');
    expect(ret.intent).toBe('return');
  });

  it('it: "lascia perdere" drops the dialog', async () => {
    const c = conversation({ locale: 'it' });
    await c.say('voglio fare un reso');
    const d = await c.say('lascia perdere');
    expect(d.state.dialog).toBeNull();
  });
});

describe('small talk and out of scope', () => {
  it.each([
    ['en', 'hello there!', 'smalltalk'],
    ['en', 'are you a bot?', 'smalltalk'],
    ['en', 'what can you do', 'smalltalk'],
    ['it', 'ciao!', 'smalltalk'],
    ['it', 'grazie mille, gentilissimi', 'smalltalk'],
    ['en', 'what size wipers does this car take', 'out_of_scope'],
    ['en', "what's Zara's return policy?", 'out_of_scope'],
    ['en', 'how do I return a library book?', 'out_of_scope'],
    ['it', 'che tempo fa domani a Roma?', 'out_of_scope'],
  ] as const)('%s: %s → %s', async (locale, message, intent) => {
    const d = await conversation({ locale }).say(message);
    expect(d.intent).toBe(intent);
    expect(d.locale).toBe(locale);
    expect(d.articleIds).toEqual([]);
    if (!/bye/.test(message)) expect(d.replies[0]?.payload?.quickReplies?.length).toBe(3);
  });

  it('en: international steering through the place name', async () => {
    const d = await conversation({ locale: 'it' }).say('quanto costano le spedizioni in Germania?');
    expect(d.articleIds).toEqual(['it/international_shipping']);
  });
});

describe('quick replies', () => {
  it.each(['en', 'it'] as const)('%s: every steering button leads where it says', async (locale) => {
    const first = await conversation({ locale }).say(locale === 'it' ? 'ciao' : 'hi');
    const buttons = first.replies[0]?.payload?.quickReplies ?? [];
    const intents = [];
    for (const b of buttons) intents.push((await conversation({ locale }).say(b.value)).intent);
    expect(intents).toEqual(['order_status', 'return', 'handoff']);
  });

  it.each(['en', 'it'] as const)('%s: every return reason button is understood', async (locale) => {
    for (let i = 0; i < 5; i++) {
      const c = conversation({ locale });
      await c.say(locale === 'it' ? 'vorrei fare un reso, ordine 1001' : 'I want to return something from order 1001');
      await c.say('giulia.rossi@example.com');
      await c.say(locale === 'it' ? 'tutti' : 'all');
      const asked = c.turns[2]!;
      const reason = asked.replies[0]!.payload!.quickReplies![i]!;
      let next = await c.say(reason.value);
      // A wrong size is offered a refund or another size first.
      if (next.asks === 'resolution') next = await c.say(next.replies[0]!.payload!.quickReplies![0]!.value);
      expect(next.asks).toBe('confirm');
      expect(card(next)).toBeUndefined();
      const done = await c.say(locale === 'it' ? 'sì' : 'yes');
      expect(card(done)?.type).toBe('return');
      expect(c.orders.requests[0]!.reason).toBe(['wrong_size', 'damaged', 'not_as_described', 'changed_mind', 'other'][i]);
    }
  });
});

describe('state', () => {
  it('is plain JSON and survives a round trip mid-dialog', async () => {
    const c = conversation();
    const d = await c.say('I want to return order 1001');
    expect(JSON.parse(JSON.stringify(d.state))).toEqual(d.state);
    expect(d.state.version).toBe(1);
  });
});

describe('answers as the chat shows them', () => {
  it('turns Markdown links, lists and sub-headings into what the widget renders', async () => {
    const { chatText } = await import('../src/decision');
    expect(chatText('See [the club rules](https://shop.example/club) for more.\n- Standard: 2–4 days\n* Express: 1 day\n### Islands')).toBe(
      'See the club rules (https://shop.example/club) for more.\n• Standard: 2–4 days\n• Express: 1 day\n**Islands**',
    );
  });
});
