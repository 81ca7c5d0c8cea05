import { describe, expect, it } from 'vitest';
import { decide } from '../src/decision';
import { KnowledgeIndex } from '../src/knowledge-index';
import type { BotSite } from '../src/model';
import { DEMO_SITE } from '../src/testing/evaluation';
import { loadKnowledgeBase } from '../src/testing/kb-fixture';
import { MemoryOrderSource } from '../src/testing/memory-order-source';

const NOW = new Date('2026-11-24T10:00:00Z');
const giftWrap = {
  id: 'en/gift-wrapping',
  siteId: 'demo',
  locale: 'en',
  title: 'Do you offer gift wrapping?',
  body: '## Gift wrapping\n\nYes: tick "gift wrapping" at checkout (3 euro). We add a card with your message and leave the price out.',
  tags: ['gift wrap', 'gift wrapping', 'gift box', 'gift message'],
  published: true,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};

async function ask(text: string, withArticle: boolean) {
  const knowledgeBase = new KnowledgeIndex([...loadKnowledgeBase(), ...(withArticle ? [giftWrap] : [])]);
  const site: BotSite = { ...DEMO_SITE };
  return decide({ state: null, text, locale: 'en', site, visitor: { verified: false, customerId: null, email: null }, knowledgeBase, orders: new MemoryOrderSource([], () => NOW), now: NOW });
}

describe('requests a person usually settles, unless the merchant documented them', () => {
  it('hands gift-wrapping questions to a person when the knowledge base says nothing about it', async () => {
    const d = await ask('Do you offer gift wrapping?', false);
    expect(d.handoff).toEqual({ reason: 'unsupported_request' });
  });

  it.each(['Do you offer gift wrapping?', 'can you add a gift message to the box?'])('answers "%s" from the article the merchant wrote', async (question) => {
    const d = await ask(question, true);
    expect(d.handoff).toBeNull();
    expect(d.articleIds).toEqual(['en/gift-wrapping']);
  });

  it('still hands off a request to do it (not a question), even with the article', async () => {
    const d = await ask('please gift wrap order 1002 for me', true);
    expect(d.handoff).toEqual({ reason: 'unsupported_request' });
  });
});
