import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { delay, http, HttpResponse } from 'msw';
import { asc, eq } from 'drizzle-orm';
import { conversations, demoOrders, messages, returns, visitors } from '@sportello/db';
import { readDemoArticles } from '../src/seed/demo-seed';
import { TestServer } from './test-server';

// msw plays an OpenAI-compatible server; the database, the bot and the knowledge base are real.
const BASE = 'https://llm.test/v1';
const openai = setupServer();
let server: TestServer;
let requests: { messages: { role: string; content: string | null }[]; tools?: unknown[] }[] = [];

beforeAll(async () => {
  openai.listen({ onUnhandledRequest: 'error' });
  server = await TestServer.start({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: BASE, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '1500' });
});
afterEach(() => {
  openai.resetHandlers();
  requests = [];
});
afterAll(async () => {
  await server?.close();
  openai.close();
});

const completion = (message: Record<string, unknown>) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'test-model',
  choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

const toolCall = (name: string, args: Record<string, unknown>) =>
  completion({ tool_calls: [{ id: `call_${name}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });

/** Answers the n-th request with the n-th reply. */
function script(...replies: (() => Response | Promise<Response>)[]) {
  openai.use(
    http.post(`${BASE}/chat/completions`, async ({ request }) => {
      requests.push((await request.json()) as (typeof requests)[number]);
      const reply = replies[requests.length - 1];
      return reply ? reply() : HttpResponse.json({ error: { message: 'unexpected call' } }, { status: 500 });
    }),
  );
}

let lastSiteId = '';

async function ask(text: string): Promise<string[]> {
  const site = await server.createSite({ botEnabled: true, returnPolicy: { windowDays: 30, nonReturnableTags: ['final-sale'], autoApproveLimitCents: 15_000 } });
  lastSiteId = site.id;
  await server.services.kb.import(site.id, readDemoArticles());
  const delivered = new Date(Date.now() - 5 * 86_400_000);
  await server.services.db.insert(demoOrders).values({
    siteId: site.id,
    number: '1001',
    email: 'giulia.rossi@example.com',
    status: 'delivered',
    totalCents: 12800,
    items: [
      { sku: 'SA-SC-040', name: 'Silk scarf', quantity: 1, priceCents: 5900, tags: [] },
      { sku: 'SA-DR-305', name: 'Midi dress', quantity: 1, priceCents: 6900, tags: ['final-sale'] },
    ],
    placedAt: new Date(delivered.getTime() - 3 * 86_400_000),
    deliveredAt: delivered,
  });
  const [visitor] = await server.services.db.insert(visitors).values({ siteId: site.id, tokenHash: `llm-${site.key}` }).returning();
  const [conversation] = await server.services.db.insert(conversations).values({ siteId: site.id, visitorId: visitor!.id, status: 'bot' }).returning();
  const stored = await server.services.conversations.send({ conversationId: conversation!.id, clientId: 'q', body: text, author: { type: 'visitor', id: visitor!.id, name: null } });
  await server.services.bot.handle({ conversationId: conversation!.id, messageId: stored.message.id, body: text });
  const rows = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversation!.id)).orderBy(asc(messages.seq));
  return rows.filter((r) => r.authorType === 'bot').map((r) => r.body);
}

const QUESTION = 'How much is express shipping?';

describe('LLM mode', () => {
  it('answers from a knowledge-base tool result', async () => {
    script(
      () => HttpResponse.json(toolCall('search_knowledge_base', { query: 'express shipping cost' })),
      () => HttpResponse.json(completion({ content: 'Express delivery with DHL costs €9.90 and arrives the next working day.' })),
    );
    expect(await ask(QUESTION)).toEqual(['Express delivery with DHL costs €9.90 and arrives the next working day.']);
    expect(requests).toHaveLength(2);
    expect((requests[0]!.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['search_knowledge_base', 'lookup_order', 'start_return', 'hand_off']);
    const toolResult = requests[1]!.messages.find((m) => m.role === 'tool')!;
    expect(toolResult.content).toMatch(/9[.,]90/);
  });

  it('keeps the deterministic answer when the model answers without grounding', async () => {
    script(() => HttpResponse.json(completion({ content: 'Express shipping is free for everyone today!' })));
    const replies = await ask(QUESTION);
    expect(replies.join('\n')).not.toContain('free for everyone');
    expect(replies.join('\n')).toMatch(/9[.,]90/);
  });

  it('never reveals an order without the matching email', async () => {
    script(
      () => HttpResponse.json(toolCall('lookup_order', { order_number: '1002', email: 'someone@example.com' })),
      () => HttpResponse.json(completion({ content: 'Your order 1002 is on its way!' })),
    );
    const replies = await ask('How long does delivery take?');
    expect(replies.join('\n')).not.toContain('on its way');
    const toolResult = requests[1]!.messages.find((m) => m.role === 'tool')!;
    expect(JSON.parse(toolResult.content!)).toEqual({ found: false });
  });

  it('falls back on a timeout, 429, 500 and malformed JSON', async () => {
    const failures: (() => Response | Promise<Response>)[] = [
      async () => {
        await delay(5000);
        return HttpResponse.json(completion({ content: 'too late' }));
      },
      () => HttpResponse.json({ error: { message: 'Rate limit reached', type: 'requests' } }, { status: 429 }),
      () => HttpResponse.json({ error: { message: 'boom' } }, { status: 500 }),
      () => new HttpResponse('{"id": "chatcmpl-1", "choices": [', { headers: { 'content-type': 'application/json' } }),
    ];
    for (const failure of failures) {
      script(failure);
      const started = Date.now();
      const replies = await ask(QUESTION);
      expect(requests).toHaveLength(1); // the model was asked, and failed
      expect(replies.join('\n')).toMatch(/9[.,]90/);
      expect(Date.now() - started).toBeLessThan(4000);
      openai.resetHandlers();
      requests = [];
    }
  });

  it('starts a return through its tool, with the same checks as the dialog', async () => {
    const args = { order_number: '1001', items: ['silk scarf', 'midi dress'], reason: 'damaged' };
    script(
      () => HttpResponse.json(toolCall('start_return', { ...args, email: 'someone@example.com' })),
      () => HttpResponse.json(toolCall('start_return', { ...args, email: 'giulia.rossi@example.com' })),
      () => HttpResponse.json(completion({ content: 'Your return of the silk scarf has started.' })),
    );
    const replies = await ask('What is your returns policy for a damaged scarf? Order 1001, giulia.rossi@example.com');
    const results = requests[2]!.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content!));
    expect(results[0]).toEqual({ found: false });
    expect(results[1]).toMatchObject({ reference: expect.stringMatching(/^R-/), needsApproval: false });
    // Only the returnable item went back: the final-sale dress did not.
    expect(results[1].record.items.map((i: { name: string }) => i.name)).toEqual(['Silk scarf']);
    const saved = await server.services.db.select().from(returns).where(eq(returns.siteId, lastSiteId));
    expect(saved).toHaveLength(1);
    expect(replies).toEqual(['Your return of the silk scarf has started.']);
  });
});
