import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { asc, eq } from 'drizzle-orm';
import { conversations, messages, visitors, type SiteSettings } from '@sportello/db';
import { ACCESS_TOKEN, CONSUMER_KEY, CONSUMER_SECRET, SHOP, STORE_URL, shopifyHandlers, wooCommerceHandlers } from '@sportello/commerce/testing';
import type { Message } from '@sportello/protocol';
import { readDemoArticles } from '../src/seed/demo-seed';
import { toMessage } from '../src/services/conversation-view';
import { TestServer } from './test-server';

// Shopify and WooCommerce are played by msw; everything else (database, services, bot) is real.
const platforms = setupServer(...shopifyHandlers, ...wooCommerceHandlers);
let server: TestServer;

beforeAll(async () => {
  platforms.listen({ onUnhandledRequest: 'error' });
  server = await TestServer.start();
});
afterEach(() => platforms.resetHandlers());
afterAll(async () => {
  await server?.close();
  platforms.close();
});

const POLICY = { windowDays: 36500, nonReturnableTags: ['final-sale'], autoApproveLimitCents: 1_000_000 };

/** A site connected to a platform, with the demo knowledge base, and one shopper's conversation. */
async function chatOn(commerce: SiteSettings['commerce']): Promise<(text: string) => Promise<Message[]>> {
  const site = await server.createSite({ botEnabled: true, commerce, returnPolicy: POLICY });
  await server.services.kb.import(site.id, readDemoArticles());
  const [visitor] = await server.services.db.insert(visitors).values({ siteId: site.id, tokenHash: `t-${site.key}` }).returning();
  const [conversation] = await server.services.db.insert(conversations).values({ siteId: site.id, visitorId: visitor!.id, status: 'bot' }).returning();
  let n = 0;
  return async (text) => {
    const stored = await server.services.conversations.send({
      conversationId: conversation!.id,
      clientId: `shopper-${n++}`,
      body: text,
      author: { type: 'visitor', id: visitor!.id, name: null },
    });
    await server.services.bot.handle({ conversationId: conversation!.id, messageId: stored.message.id, body: text });
    const rows = await server.services.db.select().from(messages).where(eq(messages.conversationId, conversation!.id)).orderBy(asc(messages.seq));
    return rows.filter((r) => r.seq > stored.message.seq).map(toMessage);
  };
}

describe('the bot on a Shopify store', () => {
  it('tracks an order after checking its email, and says nothing about a wrong pair', async () => {
    const say = await chatOn({ source: 'shopify', shop: SHOP, accessToken: ACCESS_TOKEN });
    expect((await say('where is my order #1002?')).at(-1)!.body).toMatch(/e-?mail/i);
    const wrong = await say('someone.else@example.com');
    expect(wrong.some((m) => m.payload?.card)).toBe(false);
    expect(wrong.map((m) => m.body).join(' ')).not.toMatch(/giulia|shipped|delivered/i);
    // Asked again, the shopper gives the number and the right email.
    expect((await say('1002')).at(-1)!.body).toMatch(/e-?mail/i);
    const found = await say('giulia.rossi@example.com');
    const card = found.find((m) => m.payload?.card)?.payload?.card;
    expect(card, found.map((m) => m.body).join('\n')).toMatchObject({ type: 'order_status', orderNumber: '1002' });
  });

  it('starts a return through the return request mutation', async () => {
    const say = await chatOn({ source: 'shopify', shop: SHOP, accessToken: ACCESS_TOKEN });
    expect((await say('I want to return an item from order 1001')).at(-1)!.body).toMatch(/e-?mail/i);
    // Then it asks for the item(s) and the reason, unless it already knows: answer with the first choice offered.
    let turn = await say('giulia.rossi@example.com');
    for (let i = 0; i < 3 && !turn.some((m) => m.payload?.card); i++) {
      const choice = turn.at(-1)!.payload?.quickReplies?.[0];
      expect(choice, turn.at(-1)!.body).toBeDefined();
      turn = await say(choice!.value);
    }
    const card = turn.find((m) => m.payload?.card)?.payload?.card;
    expect(card, turn.map((m) => m.body).join('\n')).toMatchObject({ type: 'return', orderNumber: '1001' });
    // The reference is the one Shopify gave the return request.
    expect((card as { reference: string }).reference).toBe('#1001-R1');
  });

  it('hands off with a clear sentence when the store refuses the token', async () => {
    const say = await chatOn({ source: 'shopify', shop: SHOP, accessToken: 'shpat_wrong' });
    await say('where is my order 1002?');
    const failed = await say('giulia.rossi@example.com');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((m) => m.payload?.card)).toBe(false);
    const [row] = await server.services.db.select().from(conversations).where(eq(conversations.id, failed[0]!.conversationId));
    expect(row!.status).toBe('queued');
  });
});

describe('the bot on a WooCommerce store', () => {
  it('tracks an order by number and billing email', async () => {
    const say = await chatOn({ source: 'woocommerce', url: STORE_URL, consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET });
    expect((await say('where is my order 502?')).at(-1)!.body).toMatch(/e-?mail/i);
    const found = await say('giulia.rossi@example.com');
    const card = found.find((m) => m.payload?.card)?.payload?.card;
    expect(card, found.map((m) => m.body).join('\n')).toMatchObject({ type: 'order_status', orderNumber: '502' });
  });

  it('starts a return, recorded as an order note, when the shop marks orders completed on delivery', async () => {
    const say = await chatOn({ source: 'woocommerce', url: STORE_URL, consumerKey: CONSUMER_KEY, consumerSecret: CONSUMER_SECRET, completedMeansDelivered: true });
    expect((await say('I want to return something from order 502')).at(-1)!.body).toMatch(/e-?mail/i);
    let turn = await say('giulia.rossi@example.com');
    for (let i = 0; i < 3 && !turn.some((m) => m.payload?.card); i++) {
      const choice = turn.at(-1)!.payload?.quickReplies?.[0];
      expect(choice, turn.at(-1)!.body).toBeDefined();
      turn = await say(choice!.value);
    }
    const card = turn.find((m) => m.payload?.card)?.payload?.card;
    expect(card, turn.map((m) => m.body).join('\n')).toMatchObject({ type: 'return', orderNumber: '502' });
  });

  it("shows a verified shopper's Shopify orders in the agent's sidebar, and none for an unverified claim", async () => {
    const site = await server.createSite({ botEnabled: true, commerce: { source: 'shopify', shop: SHOP, accessToken: ACCESS_TOKEN } });
    const agent = await server.createAgent([site.id]);
    const sidebar = async (verified: boolean) => {
      const [visitor] = await server.services.db
        .insert(visitors)
        .values({ siteId: site.id, tokenHash: `side-${verified}-${site.key}`, externalId: verified ? '7001' : null, verified, email: 'giulia.rossi@example.com' })
        .returning();
      const [conversation] = await server.services.db.insert(conversations).values({ siteId: site.id, visitorId: visitor!.id, status: 'queued' }).returning();
      const response = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversation!.id}/context`, headers: { cookie: agent.cookie } });
      expect(response.statusCode).toBe(200);
      return response.json() as { orders: { number: string; shipments: unknown[] }[]; ordersError: string | null; visitor: { verified: boolean } };
    };
    const verified = await sidebar(true);
    expect(verified.visitor.verified).toBe(true);
    expect(verified.orders.map((o) => o.number).sort()).toEqual(['1001', '1002']);
    expect(verified.ordersError).toBeNull();
    const claimed = await sidebar(false);
    expect(claimed.visitor.verified).toBe(false);
    expect(claimed.orders).toEqual([]);
  });
});
