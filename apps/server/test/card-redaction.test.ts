import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { messages } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { isCardNumber, redactCardNumbers } from '../src/services/card-redaction';
import { TestServer, eventually, ok, request } from './test-server';

describe('card number redaction', () => {
  it('replaces card numbers, however they are spaced, keeping the last four digits', () => {
    expect(redactCardNumbers('my card is 4242 4242 4242 4242, exp 12/27')).toBe('my card is [card ending 4242], exp 12/27');
    expect(redactCardNumbers('5555-5555-5555-4444')).toBe('[card ending 4444]');
    expect(redactCardNumbers('amex 378282246310005 please')).toBe('amex [card ending 0005] please');
    expect(redactCardNumbers('4111111111111111 and 6011111111111117')).toBe('[card ending 1111] and [card ending 1117]');
  });

  it('leaves order numbers, phone numbers and numbers failing the Luhn check alone', () => {
    for (const text of ['order 113542617735902', 'order 00004587345', 'ETA of 732201349959', 'call +39 051 1234 5678', '4242 4242 4242 4241', 'tracking 0840123456789']) {
      expect(redactCardNumbers(text)).toBe(text);
    }
    expect(isCardNumber('113542617735902')).toBe(false);
  });
});

describe('over the message path', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server?.close());

  it('stores and delivers the redacted text only', async () => {
    const site = await server.createSite();
    const { socket } = await server.connectVisitor(site);
    const conversationId = await server.startConversation(socket);
    const agent = await server.connectAgent(await server.createAgent([site.id]));
    const seen: Message[] = [];
    agent.on('message:new', (m) => seen.push(m));
    const ack = ok(await request(socket, 'message:send', { conversationId, clientId: 'card', body: 'charge 4242424242424242 again?' }));
    const [row] = await server.services.db.select().from(messages).where(eq(messages.id, ack.id));
    expect(row!.body).toBe('charge [card ending 4242] again?');
    await eventually(() => seen.length === 1);
    expect(seen[0]!.body).toBe('charge [card ending 4242] again?');
  });
});
